"""The load test of `make load` (bench/belasting.sh): demo users who log in through the login form and then
use the app without pause, each request named by its page so the figures group per page.

BELASTING_SOORT chooses the users:
- `triviaal`: the manager's Mijn werk only, the trivial logged-in page (base layout, no student data);
- `mix`: one class of users per demo account in BELASTING_GEGEVENS, made by bench/belasting_gegevens.py
  through the access policy: the pages its functie uses with their weights, dossiers and names it may see.
BELASTING_UITVOER: where the figures go (JSON, for bench/belasting_cijfers.py). BELASTING_OPWARMEN: seconds
after the last login before the figures count (default 5); BELASTING_DUUR: seconds counted (default 30), after
which the run stops.
"""

import json
import os
import random
import re

import gevent
from locust import FastHttpUser, constant, events, task

OPWARMEN = float(os.environ.get("BELASTING_OPWARMEN", 5))
DUUR = float(os.environ.get("BELASTING_DUUR", 30))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Every failure of the whole run, warm-up and login included (the other figures start after the warm-up).
fouten: dict[str, int] = {}
ingelogd = 0


def _gegevens() -> dict:
    if not os.environ.get("BELASTING_GEGEVENS"):
        return {"wachtwoord": "", "rollen": {}}
    with open(os.environ["BELASTING_GEGEVENS"]) as bestand:
        return json.load(bestand)


GEGEVENS = _gegevens()


class Demogebruiker(FastHttpUser):
    """A demo account that logs in through the real form (with the form's CSRF token) and then asks pages
    without a pause: eight of them keep both gunicorn workers busy, so the throughput is the server's."""

    abstract = True
    wait_time = constant(0)
    username = "manager"

    def on_start(self):
        try:
            self.inloggen()
        finally:
            _ingelogd(self.environment)

    def inloggen(self):
        with self.client.get("/login/", name="inloggen_formulier", catch_response=True) as antwoord:
            token = CSRF.search(antwoord.text or "")
            if not token:
                antwoord.failure("geen CSRF-token in het inlogformulier")
                return
        with self.client.post("/login/", name="inloggen", allow_redirects=False, catch_response=True,
                              data={"username": self.username, "password": GEGEVENS["wachtwoord"],
                                    "csrfmiddlewaretoken": token.group(1), "next": "/"}) as antwoord:
            if antwoord.status_code != 302:  # the form again (wrong password) or 429 (locked out)
                antwoord.failure(f"inloggen als {self.username} mislukt ({antwoord.status_code})")

    def pagina(self, naam: str, url: str):
        """A page, named for the figures. Only a 200 counts: a redirect (to the login page) is an error too."""
        with self.client.get(url, name=naam, allow_redirects=False, catch_response=True) as antwoord:
            if antwoord.status_code != 200:
                antwoord.failure(f"status {antwoord.status_code}")


def _taak(verzoeken: list):
    """A task that asks one of these [name, url] requests, at random."""

    def taak(user):
        user.pagina(*random.choice(verzoeken))

    return taak


def aantallen(gewichten: dict[str, int], gebruikers: int) -> dict[str, int]:
    """How many users of each account, in proportion to the weights (largest remainder). Fixed per run: with
    locust's weighted choice a closed loop of 8 users asked a different mix each run (20–40 % of trivial)."""
    totaal = sum(gewichten.values())
    exact = {naam: gewicht * gebruikers / totaal for naam, gewicht in gewichten.items()}
    uitkomst = {naam: int(waarde) for naam, waarde in exact.items()}
    for naam in sorted(exact, key=lambda n: exact[n] - uitkomst[n], reverse=True)[:gebruikers - sum(uitkomst.values())]:
        uitkomst[naam] += 1
    return uitkomst


def _rol(username: str, rol: dict, aantal: int) -> type[Demogebruiker]:
    taken = {_taak(pagina["verzoeken"]): pagina["gewicht"] for pagina in rol["paginas"].values()}
    return type(username.capitalize(), (Demogebruiker,), {
        "username": username, "fixed_count": aantal, "tasks": taken, "__module__": __name__,
        "__doc__": f"The demo account {username!r}: the pages its functie uses."})


if os.environ.get("BELASTING_SOORT", "mix") == "triviaal":
    class Triviaal(Demogebruiker):
        """The manager's Mijn werk: the floor to compare the mix with."""

        @task
        def triviaal(self):
            self.pagina("triviaal", "/")
else:
    _aantallen = aantallen({naam: rol["gewicht"] for naam, rol in GEGEVENS["rollen"].items()},
                           int(os.environ.get("BELASTING_GEBRUIKERS", 8)))
    for _username, _rol_gegevens in GEGEVENS["rollen"].items():
        if _aantallen[_username]:
            globals()[_username.capitalize()] = _rol(_username, _rol_gegevens, _aantallen[_username])


@events.request.add_listener
def _tel_fout(name, exception, **_):
    if exception:
        fouten[f"{name}: {exception}"] = fouten.get(f"{name}: {exception}", 0) + 1


def _ingelogd(environment):
    """Once all users have logged in (a production password hash takes a while), the figures start after the
    warm-up: the first requests of each worker compile templates and open connections, and a login is no page
    of the mix. The run stops DUUR seconds later."""
    global ingelogd
    ingelogd += 1
    if ingelogd == environment.parsed_options.num_users:
        gevent.spawn_later(OPWARMEN, _meten, environment)


def _meten(environment):
    environment.stats.reset_all()
    gevent.spawn_later(DUUR, environment.runner.quit)


@events.quitting.add_listener
def _schrijf_cijfers(environment, **_):
    if not os.environ.get("BELASTING_UITVOER"):
        return

    def cijfers(entry) -> dict:
        return {"aantal": entry.num_requests, "mislukt": entry.num_failures, "per_s": entry.total_rps,
                "gemiddeld": entry.avg_response_time, "p50": entry.get_response_time_percentile(0.5),
                "p95": entry.get_response_time_percentile(0.95)}

    stats = environment.stats
    with open(os.environ["BELASTING_UITVOER"], "w") as uit:
        json.dump({"totaal": cijfers(stats.total), "fouten": fouten,
                   "paginas": {naam: cijfers(entry) for (naam, _), entry in stats.entries.items()
                               if entry.num_requests}}, uit, indent=1)
