"""The demo tells one story per student: every date of an aanmelding, a decision on a traject and a
consent agrees with its timeline line, and the steps follow each other in time."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from aanmelding.models import Aanmelding, Toestemming
from deelnemers.models import Gebeurtenis
from zorgstructuur import selectors
from zorgstructuur.models import Niveauwijziging, Zorgtraject

pytestmark = pytest.mark.django_db
G = Gebeurtenis.Soort


def _regels(model):
    """(timeline line, its object) for every line of the demo that points to an object of `model`."""
    soort = ContentType.objects.get_for_model(model)
    objecten = model.objects.in_bulk()
    regels = Gebeurtenis.objects.filter(object_type=soort).select_related("deelnemer")
    return [(regel, objecten[regel.object_id]) for regel in regels if regel.object_id in objecten]


def _dag(moment):
    return timezone.localdate(moment) if moment else None


def test_elke_besluitregel_heeft_de_datum_van_het_besluit():
    regels = _regels(Niveauwijziging)
    assert regels, "the demo has decisions on trajecten"
    verkeerd = [(r.deelnemer.studentnummer, r.omschrijving, f"{_dag(r.tijdstip):%d-%m-%Y}", f"{w.datum:%d-%m-%Y}")
                for r, w in regels if _dag(r.tijdstip) != w.datum or r.deelnemer_id != w.zorgtraject.deelnemer_id]
    assert verkeerd == []


def test_elke_aanmeldingsregel_heeft_de_datum_van_die_stap():
    stap = {G.AANMELDING_INGEDIEND: "ingediend_op", G.AANMELDING_GEACCEPTEERD: "beoordeeld_op",
            G.AANMELDING_TERUGGESTUURD: "beoordeeld_op"}
    regels = _regels(Aanmelding)
    assert {r.soort for r, _ in regels} == set(stap)
    verkeerd = [(r.deelnemer.studentnummer, r.omschrijving)
                for r, a in regels if _dag(r.tijdstip) != _dag(getattr(a, stap[r.soort]))]
    assert verkeerd == []


def test_elke_toestemmingsregel_heeft_de_datum_van_de_toestemming():
    regels = _regels(Toestemming)
    assert {r.soort for r, _ in regels} == {G.TOESTEMMING, G.TOESTEMMING_INGETROKKEN}
    for regel, toestemming in regels:
        datum = toestemming.datum if regel.soort == G.TOESTEMMING else toestemming.ingetrokken_op
        assert _dag(regel.tijdstip) == datum, regel.omschrijving
    for toestemming in Toestemming.objects.all():
        assert _dag(toestemming.vastgelegd_op) == toestemming.datum


def test_aanmeldingen_gaan_in_volgorde_en_een_acceptatie_is_een_besluit_op_die_dag():
    for a in Aanmelding.objects.select_related("deelnemer"):
        stappen = [moment for moment in (a.aangemaakt, a.ingediend_op, a.beoordeeld_op) if moment]
        assert stappen == sorted(stappen), a.deelnemer.studentnummer
        if a.status == Aanmelding.Status.GEACCEPTEERD:
            datums = set(Niveauwijziging.objects.filter(zorgtraject=a.zorgtraject).values_list("datum", flat=True))
            assert _dag(a.beoordeeld_op) in datums, a.deelnemer.studentnummer


def test_een_traject_opent_op_de_dag_van_zijn_start_en_besluiten_volgen_elkaar():
    for traject in Zorgtraject.objects.select_related("deelnemer"):
        wijzigingen = list(Niveauwijziging.objects.filter(zorgtraject=traject).order_by("pk"))
        assert wijzigingen[0].soort == Niveauwijziging.Soort.START
        assert traject.geopend == wijzigingen[0].datum
        datums = [w.datum for w in wijzigingen]
        assert datums == sorted(datums), traject.deelnemer.studentnummer


def test_zat_met_toestemming_heeft_toestemming_op_de_besluitdatum():
    besluiten = Niveauwijziging.objects.filter(zat_grondslag=Niveauwijziging.Grondslag.TOESTEMMING)
    assert besluiten.exists()
    for besluit in besluiten.select_related("zorgtraject__deelnemer"):
        assert selectors.geldige_toestemming(besluit.zorgtraject.deelnemer, besluit.datum) is not None
