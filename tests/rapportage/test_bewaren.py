"""The computed overview is kept 10 minutes in the database cache (rapportage.maken.bewaard_of_maak), through
HTTP: a second view within 10 minutes does not recompute (fewer queries, the same numbers), "Nu opnieuw
berekenen" does, users with a different scope and different filters never share an entry, what is kept is
only suppressed aggregates, an overview with names is never kept, and every view still logs its line."""

import pickle
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from deelnemers.models import Deelnemer
from privacy import policy
from privacy.models import Toegangslog
from rapportage import exporters, maken
from rapportage.forms import FilterFormulier
from tests.conftest import aantal, laatste_logregel, logregels_sinds
from tests.factories import (
    DeelnemerFactory,
    GebruikerFactory,
    LidmaatschapFactory,
    OpleidingFactory,
    TeamFactory,
    ZorgtrajectFactory,
)
from tests.rapportage.test_overzichten import ZORG_BEWAARD
from zorgstructuur.models import Functie, Locatie, Opleiding, Team

pytestmark = pytest.mark.django_db

TABEL = settings.CACHES["rapportage"]["LOCATION"]


def bewaarde_sleutels() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {connection.ops.quote_name(TABEL)}")
        return sorted(r[0] for r in cursor.fetchall() if ":rapport:" in r[0])  # not the form's choices


def deelnemers_getoond(response) -> int:
    """The number of students the Zorg overview covers (the total of its first table: in care + not)."""
    geslacht = next(t for t in response.context["rapport"].tabellen if t.titel == "Deelnemers in zorg naar geslacht")
    return geslacht.totaal_rij[1][-2]


def nieuwe_deelnemers(n=6):
    opleiding = Opleiding.objects.get(naam="Verzorgende-IG")
    for _ in range(n):
        DeelnemerFactory(opleiding=opleiding)


def test_binnen_tien_minuten_bewaard_en_opnieuw_berekenen(actors, client_als, django_assert_num_queries):
    c = client_als(actors["manager"])
    eerste = c.get("/rapportage/zorg/")
    tekst = eerste.content.decode()
    gemaakt = eerste.context["rapport"].gemaakt
    assert f"Berekend om {gemaakt:%H:%M} — gegevens van daarna tellen mee na 10 minuten" in tekst
    assert "Nu opnieuw berekenen" in tekst
    voor = deelnemers_getoond(eerste)
    nieuwe_deelnemers()
    # Within 10 minutes: the kept overview (one cache read instead of the overview's queries), still logged.
    na = laatste_logregel()
    with django_assert_num_queries(aantal(ZORG_BEWAARD)):
        tweede = c.get("/rapportage/zorg/")
    assert deelnemers_getoond(tweede) == voor and tweede.context["rapport"].gemaakt == gemaakt
    assert [(x.actie, x.object_id) for x in logregels_sinds(na)] == [(Toegangslog.Actie.EXPORTEREN, "zorg")]
    # The button: a POST drops the kept overview and returns to the page, which computes it afresh.
    na = laatste_logregel()
    knop = c.post("/rapportage/zorg/")
    assert knop.status_code == 302 and knop["Location"] == "/rapportage/zorg/"
    assert logregels_sinds(na) == []  # nothing shown yet
    derde = c.get(knop["Location"])
    assert deelnemers_getoond(derde) == voor + 6
    assert len(logregels_sinds(na)) == 1


def test_na_tien_minuten_opnieuw_berekend(actors, client_als):
    c = client_als(actors["manager"])
    voor = deelnemers_getoond(c.get("/rapportage/zorg/"))
    nieuwe_deelnemers()
    with connection.cursor() as cursor:  # as if 10 minutes have passed
        cursor.execute(f"UPDATE {connection.ops.quote_name(TABEL)} SET expires = %s",
                       [timezone.now() - timedelta(seconds=1)])
    assert deelnemers_getoond(c.get("/rapportage/zorg/")) == voor + 6


def test_opnieuw_berekenen_met_de_filters_van_de_pagina(actors, client_als):
    gouda = Locatie.objects.get(naam="Gouda")
    c = client_als(actors["manager"])
    voor = deelnemers_getoond(c.get(f"/rapportage/zorg/?locatie={gouda.pk}"))
    alle = deelnemers_getoond(c.get("/rapportage/zorg/"))
    nieuwe_deelnemers()  # Verzorgende-IG is in Gouda
    knop = c.post(f"/rapportage/zorg/?locatie={gouda.pk}")
    assert knop["Location"] == f"/rapportage/zorg/?locatie={gouda.pk}"
    assert deelnemers_getoond(c.get(knop["Location"])) == voor + 6
    assert deelnemers_getoond(c.get("/rapportage/zorg/")) == alle  # the other filters' entry stays


def test_knop_alleen_voor_wie_het_overzicht_mag_zien(actors, client_als):
    c = client_als(actors["manager"])
    c.get("/rapportage/zorg/")
    assert client_als(actors["smw"]).post("/rapportage/zorg/").status_code == 403
    assert client_als(actors["mentor"]).post("/rapportage/zorg/").status_code == 403
    assert c.post("/rapportage/zorg/?locatie=999999").status_code == 400
    assert len(bewaarde_sleutels()) == 1  # the refused POSTs dropped nothing


def test_filters_delen_geen_bewaard_overzicht(actors, client_als):
    c = client_als(actors["manager"])
    locaties = Locatie.objects.filter(instelling__naam__startswith="ROC Groene Hart").order_by("naam")
    per_locatie = {loc.pk: deelnemers_getoond(c.get(f"/rapportage/zorg/?locatie={loc.pk}")) for loc in locaties}
    alle = deelnemers_getoond(c.get("/rapportage/zorg/"))
    assert len(bewaarde_sleutels()) == len(locaties) + 1
    # Asked again (kept), each filter still gets its own numbers.
    assert {pk: deelnemers_getoond(c.get(f"/rapportage/zorg/?locatie={pk}")) for pk in per_locatie} == per_locatie
    assert deelnemers_getoond(c.get("/rapportage/zorg/")) == alle == sum(per_locatie.values())
    c.get("/rapportage/zorg/?van=2020-08-01&tot=2021-07-31")
    assert len(bewaarde_sleutels()) == len(locaties) + 2


def test_ander_bereik_deelt_geen_bewaard_overzicht(actors, client_als):
    """A zorgcoördinator of one locatie after the manager of all: their own entry, only their locatie."""
    alphen = Locatie.objects.get(naam="Alphen")
    zc = GebruikerFactory()
    LidmaatschapFactory(gebruiker=zc, functie=Functie.ZORGCOORDINATOR, team=TeamFactory(
        instelling=alphen.instelling, soort=Team.Soort.INTERN_ZORGTEAM, locaties=[alphen]))
    manager = client_als(actors["manager"])
    alle = deelnemers_getoond(manager.get("/rapportage/zorg/"))
    eigen = client_als(zc).get("/rapportage/zorg/")
    assert eigen.context["rapport"].filter.locatie_ids == (alphen.pk,)
    in_alphen = Deelnemer.objects.filter(locatie=alphen, inschrijfdatum__lte=timezone.localdate()).count()
    assert deelnemers_getoond(eigen) == in_alphen < alle
    assert len(bewaarde_sleutels()) == 2
    # A second manager of the same instelling has the same scope: they share the first manager's entry.
    tweede = GebruikerFactory()
    LidmaatschapFactory(gebruiker=tweede, functie=Functie.MANAGEMENT, team=TeamFactory(
        instelling=alphen.instelling, soort=Team.Soort.ORGANISATIE))
    assert deelnemers_getoond(client_als(tweede).get("/rapportage/zorg/")) == alle
    assert len(bewaarde_sleutels()) == 2


def test_smw_eigen_werk_deelt_geen_bewaard_overzicht(actors, client_als):
    """Two SMWs with the same locaties each see their own work: never each other's kept overview."""
    smw = actors["smw"]
    ander = GebruikerFactory()
    for lid in smw.lidmaatschappen.filter(functie=Functie.SMW):
        LidmaatschapFactory(gebruiker=ander, functie=Functie.SMW, team=lid.team)
    exporter = exporters.zoek("smw")
    assert policy.rapport_bereik(ander, exporter) == policy.rapport_bereik(smw, exporter)
    eigen = client_als(smw).get("/rapportage/smw/").context["rapport"]
    van_ander = client_als(ander).get("/rapportage/smw/").context["rapport"]
    assert len(bewaarde_sleutels()) == 2
    tijd = {r.titel: r.totaal_rij for r in eigen.tabellen}["Tijd per maand (minuten)"]
    tijd_ander = {r.titel: r.totaal_rij for r in van_ander.tabellen}["Tijd per maand (minuten)"]
    assert tijd_ander[1][-1] in (0, None)  # the other SMW registered nothing
    assert tijd != tijd_ander


def test_bewaard_is_alleen_onderdrukte_aantallen(actors, client_als):
    """One student in a new opleiding, narrowed to it: what is kept has no count under the threshold, no
    name, no studentnummer and no model object; the kept overview shows the same suppressed page."""
    gouda = Opleiding.objects.get(naam="Verzorgende-IG").locatie
    opleiding = OpleidingFactory(locatie=gouda, naam="Eenling-opleiding")
    d = DeelnemerFactory(opleiding=opleiding, achternaam="Uniekenaam", studentnummer="7654321")
    ZorgtrajectFactory(deelnemer=d)
    c = client_als(actors["manager"])
    url = f"/rapportage/zorg/?opleiding={opleiding.pk}"
    eerste = c.get(url).content.decode()
    manager = actors["manager"]
    zorg = exporters.zoek("zorg")
    bereik = policy.rapport_bereik(manager, zorg)
    form = FilterFormulier({"opleiding": opleiding.pk}, bereik=bereik, gebruiker=manager)
    assert form.is_valid()
    bewaard = caches["rapportage"].get(maken.sleutel(zorg, form.filter(), bereik))
    assert set(bewaard) == {"gemaakt", "tabellen"}
    drempel = form.filter().drempel
    for tabel in bewaard["tabellen"]:
        if tabel.aantallen:
            for label, waarden in tabel.alle_rijen:
                assert not [w for w in waarden if isinstance(w, int) and 0 < w < drempel], (tabel.titel, label)
    ruw = pickle.dumps(bewaard)
    for verboden in (b"Uniekenaam", b"7654321", b"deelnemers.models", b"django.db.models", b"auth"):
        assert verboden not in ruw
    assert "&lt;5" in eerste
    tabellen = eerste.split('<section class="blok rapport-tabel"', 1)[1]
    assert c.get(url).content.decode().split('<section class="blok rapport-tabel"', 1)[1] == tabellen


def test_overzicht_met_namen_wordt_nooit_bewaard(actors, client_als):
    c = client_als(actors["zorgcoordinator"])
    r = c.get("/rapportage/stand/")
    assert r.status_code == 200 and "Nu opnieuw berekenen" not in r.content.decode()
    assert bewaarde_sleutels() == []


def test_drempel_van_de_instelling_in_de_sleutel(actors, client_als):
    """A school that raises its threshold sees it at once: the kept overview of the old threshold is not used."""
    from zorgstructuur.models import Instelling

    c = client_als(actors["manager"])
    c.get("/rapportage/zorg/")
    Instelling.objects.filter(naam__startswith="ROC Groene Hart").update(kleine_aantallen=10)
    assert c.get("/rapportage/zorg/").context["rapport"].drempel == 10
    assert len(bewaarde_sleutels()) == 2


def test_tabellen_ontsnapt_en_gelokaliseerd(actors, client_als):
    """The tables are written in Python (rapportage.weergave): a free-text label is escaped, a mean has a
    decimal comma, as the template had it."""
    opleiding = Opleiding.objects.get(naam="Verzorgende-IG")
    for _ in range(6):
        DeelnemerFactory(opleiding=opleiding, woonsituatie="<b>kamer</b> & zo")
    c = client_als(actors["manager"])
    for _ in range(2):  # computed, then kept
        tekst = c.get("/rapportage/zorg/").content.decode()
        assert '<th scope="row">&lt;b&gt;kamer&lt;/b&gt; &amp; zo</th>' in tekst and "<b>kamer" not in tekst
    from rapportage.exporters import Tabel
    from rapportage.weergave import tabel_html

    html = tabel_html(Tabel("T", kolommen=["Gemiddelde"], rijen=[("a", [19.25]), ("b", [None])], aantallen=False), 1)
    assert '<td class="getal">19,25</td>' in html and '<td class="getal"></td>' in html
