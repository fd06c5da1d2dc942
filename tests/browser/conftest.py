"""Browser journeys: Playwright driving Debian's chromium (never a downloaded browser).

All of them share one demo load: pytest-django's live server (one for the session) over the session's test
database, which tests/conftest.py filled with the demo. Nothing is rolled back or emptied between these
tests, so a test that changes something makes its own student or case (tests/factories.py, or the
`nieuwe_deelnemer` fixture) and asserts on what it made; the demo's own students and cases they only read.
Because they use `live_server`, pytest-django runs them after every test that runs in a rolled-back
transaction, so what they write reaches no other test.

For that, `transactional_db` and `db` are replaced here: pytest-django's live server asks for
`transactional_db` for every test that uses it, and its own empties every table after each test (the demo
would have to be loaded again for each, and the access log's triggers refuse the emptying); `db` would put
the test in a transaction the server's thread cannot see into. Do not mark these tests with django_db: the
marker brings pytest-django's own back."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")

# Missing chromium fails the run (make test installs it): a skipped suite would look green.
if not CHROMIUM.exists():
    pytest.fail("Debian's chromium ontbreekt (/usr/bin/chromium): make test installeert hem, of "
                "sudo apt-get install chromium", pytrace=False)

# The live server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": str(CHROMIUM),
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture(scope="session")
def gedeelde_demo(django_db_setup, django_db_blocker):
    """The demo tests/conftest.py loaded into the session's test database, shared by every browser test."""
    with django_db_blocker.unblock():
        # A test that emptied the database before these ran would show up here, not as a timeout.
        assert get_user_model().objects.filter(username="mentor").exists(), \
            "de demo is weg: een test heeft de database geleegd voordat de browsertests liepen"


@pytest.fixture
def transactional_db(gedeelde_demo, django_db_blocker):
    """Database access for the test and the live server's thread, without a transaction around the test
    and without emptying the tables afterwards: what the browser writes is committed, what the test makes
    is visible to the browser."""
    with django_db_blocker.unblock():
        yield
        # Close the test's connections, as Django's TransactionTestCase does. Playwright's sync API runs the
        # tests in a context of its own, with its own connection (Django keeps connections per context),
        # and one left open would keep the test database from being dropped at the end of the session.
        for conn in connections.all(initialized_only=True):
            conn.close()


@pytest.fixture
def db(transactional_db):
    """The same for the fixtures of tests/conftest.py that ask for `db` (actors, nieuwe_deelnemer)."""


@pytest.fixture
def inloggen(page, live_server):
    def als(gebruikersnaam):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Gebruikersnaam").fill(gebruikersnaam)
        page.get_by_label("Wachtwoord").fill("demo")
        page.get_by_role("button", name="Inloggen").click()
        return page

    return als
