"""Browser journeys: Playwright driving Debian's chromium (never a downloaded browser)."""

import os
from pathlib import Path

import pytest

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


@pytest.fixture
def demo_school(transactional_db, logtriggers_opruimbaar):
    from django.core.management import call_command

    # Transactional tests empty the database afterwards, so the demo is loaded here again.
    call_command("demo", force=True, verbosity=0)


@pytest.fixture
def inloggen(page, live_server, demo_school):
    def als(gebruikersnaam):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Gebruikersnaam").fill(gebruikersnaam)
        page.get_by_label("Wachtwoord").fill("demo")
        page.get_by_role("button", name="Inloggen").click()
        return page

    return als
