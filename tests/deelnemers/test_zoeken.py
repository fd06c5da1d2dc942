"""Name search the way staff type names (issue 12): through the student list and the aanmelding picker,
on PostgreSQL (trigram index on zs_zoeknaam) and SQLite (the same function in Python)."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from deelnemers.models import Deelnemer
from privacy import policy
from privacy.models import Toegangslog
from tests.factories import DeelnemerFactory
from zorgstructuur.models import Opleiding


@pytest.fixture
def namen(actors):
    """Students of the demo mentor (so the mentor and the zorgcoördinator see them) with Dutch names."""
    opleiding = Opleiding.objects.get(naam="Verzorgende-IG")
    maak = lambda **kw: DeelnemerFactory(mentor=actors["mentor"], opleiding=opleiding, **kw)  # noqa: E731
    return {
        "fenna": maak(voornaam="Fenna", tussenvoegsel="van den", achternaam="Berg", studentnummer="7712345"),
        "elif": maak(voornaam="Elif", achternaam="Öztürk"),
        "mila": maak(voornaam="Mila", achternaam="Jansen-de Vries"),
        "soren": maak(voornaam="Søren", achternaam="Strauß"),
        "anouk": maak(voornaam="Anouk", tussenvoegsel="de", achternaam="Pater"),
    }


def gevonden(client, zoekterm, url="deelnemers:lijst") -> str:
    response = client.get(reverse(url), {"q": zoekterm})
    assert response.status_code == 200
    return response.content.decode()


def op_lijst(html, deelnemer) -> bool:
    return f'href="{reverse("deelnemers:dossier", args=[deelnemer.pk])}"' in html


@pytest.mark.parametrize("zoekterm", [
    "Fenna van den Berg", "fenna berg", "Berg, Fenna", "berg fenna", "van den berg", "ber", "FENNA", "77123",
    "Fenna  van   den Berg ", "fen ber",
])
def test_vindt_fenna_van_den_berg(als, actors, namen, zoekterm):
    assert op_lijst(gevonden(als(actors["mentor"]), zoekterm), namen["fenna"])


@pytest.mark.parametrize("zoekterm", [
    "erg",  # not from the start of a word
    "Fenna ter Berg",  # every word must match: "ter" starts none of her name's words
    "fenna jansen", "%", "_", "b_rg", "be%g", "7712346",
])
def test_vindt_fenna_niet(als, actors, namen, zoekterm):
    assert not op_lijst(gevonden(als(actors["mentor"]), zoekterm), namen["fenna"])


@pytest.mark.parametrize(("zoekterm", "wie"), [
    ("ozturk", "elif"), ("Öztürk", "elif"), ("elif OZTÜRK", "elif"), ("oztürk", "elif"),
    ("jansen", "mila"), ("de vries", "mila"), ("Jansen-de Vries", "mila"), ("vries, mila", "mila"),
    ("jansen-de", "mila"), ("soren strauss", "soren"), ("Søren Strauß", "soren"), ("pater, anouk de", "anouk"),
])
def test_accenten_koppeltekens_en_tussenvoegsels(als, actors, namen, zoekterm, wie):
    html = gevonden(als(actors["mentor"]), zoekterm)
    assert op_lijst(html, namen[wie])
    assert [n for n, d in namen.items() if op_lijst(html, d)] == [wie]


def test_aanmelding_en_signaal_kiezen_zoeken_hetzelfde(als, actors, namen):
    client = als(actors["mentor"])
    for url, doel in (("aanmelding:kiezen", "aanmelding:aanmelden"),
                      ("aanmelding:kiezen_signaal", "aanmelding:signaal")):
        link = f'href="{reverse(doel, args=[namen["fenna"].pk])}"'
        assert link in gevonden(client, "Berg, Fenna", url)
        assert link in gevonden(client, "fenna van den berg", url)
        assert link not in gevonden(client, "erg", url)
        assert f'href="{reverse(doel, args=[namen["elif"].pk])}"' in gevonden(client, "ozturk", url)


def test_wie_een_deelnemer_niet_ziet_vindt_hem_niet(als, actors, vreemde_deelnemer):
    for zoekterm in (f"{vreemde_deelnemer.voornaam} {vreemde_deelnemer.achternaam}", vreemde_deelnemer.studentnummer):
        assert not op_lijst(gevonden(als(actors["mentor"]), zoekterm), vreemde_deelnemer)
        assert op_lijst(gevonden(als(actors["zorgcoordinator"]), zoekterm), vreemde_deelnemer)


def test_partner_zoekt_niet_op_studentnummer(als, actors, eigen_deelnemer):
    """The external partner sees the invited student but not the studentnummer: a search on it finds nothing."""
    client = als(actors["partner"])
    assert op_lijst(gevonden(client, eigen_deelnemer.achternaam), eigen_deelnemer)
    assert not op_lijst(gevonden(client, eigen_deelnemer.studentnummer), eigen_deelnemer)
    assert not op_lijst(gevonden(client, eigen_deelnemer.studentnummer[:4]), eigen_deelnemer)


def test_grote_lijst_telt_tot_duizend(als, actors):
    """Over 1,000 students the list says so instead of counting them all, and the log says the same."""
    opleiding = Opleiding.objects.get(naam="Verzorgende-IG")
    Deelnemer.objects.bulk_create([
        Deelnemer(instelling=opleiding.locatie.instelling, locatie=opleiding.locatie, opleiding=opleiding,
                  studentnummer=f"55{n:05d}", voornaam="Veel", achternaam=f"Deelnemer {n}")
        for n in range(1001)
    ])
    client = als(actors["zorgcoordinator"])
    html = client.get(reverse("deelnemers:lijst")).content.decode()
    assert "Meer dan 1.000 deelnemers gevonden" in html
    assert "Pagina 1 van 20" in html
    assert "Pagina 20 van 20" in client.get(reverse("deelnemers:lijst"), {"pagina": 99}).content.decode()
    regel = Toegangslog.objects.filter(gebruiker_id=actors["zorgcoordinator"].pk).latest("id")
    assert regel.omschrijving == "deelnemerslijst pagina 20, meer dan 1.000 resultaten"
    # A search narrows it again to a counted list.
    assert "1 deelnemer gevonden" in gevonden(client, "Deelnemer 1000")
    # Mijn werk does not count them all either.
    assert "Alle deelnemers met wie u werkt (meer dan 1.000)" in client.get(reverse("mijn_werk")).content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram indexes exist on PostgreSQL only")
@pytest.mark.parametrize(("zoekterm", "indexen"), [
    ("fenna van den berg", ["deelnemer_zoeknaam_trgm"]),
    ("77123", ["deelnemer_zoeknaam_trgm", "deelnemer_studentnummer_trgm"]),  # name or studentnummer
])
def test_zoeken_gebruikt_de_trigramindexen(db, zoekterm, indexen):
    sql, params = Deelnemer.objects.zoek(zoekterm).order_by().values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(rij[0] for rij in cursor.fetchall())
    assert all(index in plan for index in indexen), plan


# ---------------------------------------------------------------- the filters' choices

def keuzes(html, veld) -> set[int]:
    """The ids offered by the list's <select name="veld"> (empty: no such filter)."""
    select = re.search(rf'<select name="{veld}"[^>]*>(.*?)</select>', html, re.S)
    return {int(w) for w in re.findall(r'<option value="(\d+)"', select.group(1))} if select else set()


@pytest.mark.parametrize("rol", ["mentor", "docent", "taakdocent", "zorgcoordinator", "partner", "smw"])
def test_filterkeuzes_van_de_deelnemers_die_de_gebruiker_ziet(als, actors, rol):
    """The choices come from the small tables now: still every opleiding, locatie and mentor of the students
    the user sees, no mentor of a student they do not see, and only opleidingen at places they work."""
    user = actors[rol]
    zichtbaar = policy.deelnemers_voor(user)
    html = als(user).get(reverse("deelnemers:lijst")).content.decode()
    opleidingen = set(zichtbaar.values_list("opleiding_id", flat=True))
    assert opleidingen <= keuzes(html, "opleiding")
    p = policy.profiel(user)
    extra = keuzes(html, "opleiding") - opleidingen  # only opleidingen without students at the user's places
    assert not Deelnemer.objects.filter(opleiding_id__in=extra).exists()
    assert set(Opleiding.objects.filter(id__in=extra).values_list("locatie_id", flat=True)) <= p.zc_locaties
    if rol == "partner":
        assert keuzes(html, "locatie") == keuzes(html, "mentor") == set()
    else:
        assert keuzes(html, "locatie") == set(zichtbaar.values_list("locatie_id", flat=True))
        assert keuzes(html, "mentor") == set(zichtbaar.exclude(mentor=None).values_list("mentor_id", flat=True))
