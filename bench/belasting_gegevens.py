"""What each role of the load test (bench/locustfile.py) asks for, chosen from the bench database through the
access policy, so that every request is one the user may make (a 403 or 404 counts as an error).

    .venv/bin/python bench/belasting_gegevens.py UITVOER.json

Writes per demo account the requests it makes, per page with a weight (how often, in proportion): the pages
its functie uses, a sample of the dossiers it may open, names of students it may see to search for. Run on
the prepared bench database (bench/gemeen.py). It also readies those accounts to log in under the production
settings (see inlogbaar).
"""

import json
import random
import sys

# The demo accounts that play in the mix (password: zorgstructuur.demo.DEMO_WACHTWOORD), and how many of the
# eight simulated users each is, in proportion: mostly staff who work with students.
ROLLEN = {"zorgcoordinator": 3, "mentor": 3, "smw": 2, "taakdocent": 1, "manager": 1}
STEEKPROEF = 100


def inlogbaar(user):
    """The bench database was filled under the test settings, whose fast MD5 hash the production settings
    (Django's default hashers) do not read: an account that still has the demo password gets it hashed by
    the production's first hasher. And an earlier, failed run must not leave it locked out (django-axes)."""
    from axes.utils import reset
    from django.conf import global_settings
    from django.utils.module_loading import import_string

    from zorgstructuur.demo import DEMO_WACHTWOORD

    productie = [import_string(pad)() for pad in global_settings.PASSWORD_HASHERS]
    if user.password.split("$")[0] not in {h.algorithm for h in productie} and user.check_password(DEMO_WACHTWOORD):
        user.password = productie[0].encode(DEMO_WACHTWOORD, productie[0].salt())
        user.save(update_fields=["password"])
    reset(username=user.username)


def voor(username: str, rng: random.Random) -> dict:
    """{page: {"gewicht": n, "verzoeken": [[name, url], ...]}} for this account: what it does in a day, in
    proportion, each page only if the policy lets its functie use it. Each request is named by its page."""
    from django.contrib.auth import get_user_model
    from django.utils.http import urlencode

    from privacy import policy

    user = get_user_model().objects.get(username=username)
    zichtbaar = policy.deelnemers_voor(user)
    pks = rng.sample(list(zichtbaar.order_by("pk").values_list("pk", flat=True)), min(STEEKPROEF, zichtbaar.count()))
    # Searched for as staff type a name: first name and last name, without the tussenvoegsel.
    namen = [f"{voornaam} {achternaam}" for voornaam, achternaam in
             zichtbaar.filter(pk__in=pks[:20]).order_by("pk").values_list("voornaam", "achternaam")]
    paginas = {
        "mijn_werk": (3, True, [("mijn_werk", "/")]),
        "deelnemerslijst": (3, policy.mag(user, "deelnemers"), [("deelnemerslijst", "/deelnemers/")]),
        "zoeken": (3, policy.mag(user, "deelnemers"), [("zoeken", "/deelnemers/?" + urlencode({"q": naam}))
                                                       for naam in namen]),
        "dossier": (4, True, [("dossier", f"/deelnemers/{pk}/") for pk in pks]),
        "aanmeldingen": (2, policy.mag(user, "aanmeldingen"), [("aanmeldingen", "/aanmeldingen/")]),
        "overleggen": (1, policy.mag(user, "deelnemers"), [("overleggen", "/overleg/")]),
        "smw_caseload": (1, policy.mag(user, "smw"), [("smw_caseload", "/smw/")]),
        # One page of the mix, each overview under its own name.
        "rapportage": (1, True, [(f"rapportage_{e.naam}", f"/rapportage/{e.naam}/")
                                 for e in policy.rapporten_voor(user)]),
    }
    return {pagina: {"gewicht": gewicht, "verzoeken": verzoeken}
            for pagina, (gewicht, gebruikt, verzoeken) in paginas.items() if gebruikt and verzoeken}


def main():
    # Importing it points Django at the bench database and sets it up (here: the module stays importable
    # in the tests, where Django is set up already).
    import gemeen  # noqa: F401
    from axes.utils import reset
    from django.contrib.auth import get_user_model

    from zorgstructuur.demo import DEMO_WACHTWOORD

    reset(ip="127.0.0.1")  # the load test's address: its own limit, see privacy.inloggen
    for user in get_user_model().objects.filter(username__in=ROLLEN):
        inlogbaar(user)
    rng = random.Random(12)
    gegevens = {"wachtwoord": DEMO_WACHTWOORD, "rollen": {
        username: {"gewicht": gewicht, "paginas": voor(username, rng)} for username, gewicht in ROLLEN.items()}}
    with open(sys.argv[1], "w") as uit:
        json.dump(gegevens, uit, indent=1)


if __name__ == "__main__":
    main()
