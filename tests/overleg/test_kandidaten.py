"""The agenda candidates of a meeting, per reason, and the date rules behind them."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aanmelding.models import Aanmelding
from overleg.models import Agendapunt, Overleg
from overleg.selectors import kandidaten, maanden_later, maanden_terug
from tests.factories import (
    AanmeldingFactory,
    AgendapuntFactory,
    DeelnemerFactory,
    NiveauwijzigingFactory,
    OverlegFactory,
    ZorgtrajectFactory,
)
from zorgstructuur.models import Niveauwijziging, Zorgniveau, Zorgtraject

R = Agendapunt.Reden


def per_deelnemer(overleg, **kw):
    return {k.deelnemer.pk: k for k in kandidaten(overleg, **kw)}


def besproken(school, deelnemer, *, datum, volgende, team=None):
    """A held meeting on `datum` where the student was discussed with the next evaluation on `volgende`."""
    vorig = OverlegFactory(team=team or school.iz, datum=datum, status=Overleg.Status.GEHOUDEN)
    return AgendapuntFactory(overleg=vorig, deelnemer=deelnemer, besproken=True, volgende_evaluatie=volgende)


# ------------------------------------------------------------------ date helpers

def test_maanden_rekenen_houdt_het_einde_van_de_maand():
    assert maanden_terug(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert maanden_terug(date(2026, 1, 15), 3) == date(2025, 10, 15)
    assert maanden_later(date(2025, 11, 30), 3) == date(2026, 2, 28)


# ------------------------------------------------------------------ aanmelding

def test_geaccepteerde_aanmelding_voor_dit_niveau_is_kandidaat(school, deelnemer):
    aanmelding = AanmeldingFactory(deelnemer=deelnemer, status=Aanmelding.Status.GEACCEPTEERD)
    kandidaat = per_deelnemer(school.overleg)[deelnemer.pk]
    assert kandidaat.reden == R.AANMELDING
    assert kandidaat.aanmelding == aanmelding


def test_aanmelding_voor_ander_niveau_locatie_of_status_is_geen_kandidaat(school, deelnemer, deelnemer_zuid):
    AanmeldingFactory(deelnemer=deelnemer, status=Aanmelding.Status.GEACCEPTEERD,
                      bestemming=Aanmelding.Bestemming.ZAT)
    AanmeldingFactory(deelnemer=deelnemer_zuid, status=Aanmelding.Status.GEACCEPTEERD)
    anders = DeelnemerFactory(opleiding=school.opleiding_noord)
    AanmeldingFactory(deelnemer=anders, status=Aanmelding.Status.INGEDIEND)
    assert per_deelnemer(school.overleg) == {}
    # The ZAT aanmelding is a candidate for the ZAT.
    assert per_deelnemer(school.zat_overleg)[deelnemer.pk].reden == R.AANMELDING


def test_aanmelding_die_al_op_een_agenda_staat_is_geen_kandidaat(school, deelnemer):
    aanmelding = AanmeldingFactory(deelnemer=deelnemer, status=Aanmelding.Status.GEACCEPTEERD)
    ander = OverlegFactory(team=school.iz, datum=school.overleg.datum + timedelta(days=14))
    AgendapuntFactory(overleg=ander, deelnemer=deelnemer, aanmelding=aanmelding)
    assert deelnemer.pk not in per_deelnemer(school.overleg)


def test_deelnemer_op_deze_agenda_is_geen_kandidaat(school, deelnemer):
    AanmeldingFactory(deelnemer=deelnemer, status=Aanmelding.Status.GEACCEPTEERD)
    AgendapuntFactory(overleg=school.overleg, deelnemer=deelnemer)
    assert per_deelnemer(school.overleg) == {}


# ------------------------------------------------------------------ evaluation

def iz_traject(school, deelnemer, **kw):
    return ZorgtrajectFactory(deelnemer=deelnemer, niveau=school.niveau[Zorgniveau.Soort.INTERN_ZORGTEAM], **kw)


def test_evaluatie_op_de_datum_van_het_overleg_is_kandidaat_zonder_achterstand(school, deelnemer):
    iz_traject(school, deelnemer)
    besproken(school, deelnemer, datum=school.overleg.datum - timedelta(weeks=6), volgende=school.overleg.datum)
    kandidaat = per_deelnemer(school.overleg)[deelnemer.pk]
    assert kandidaat.reden == R.EVALUATIE
    assert kandidaat.vervaldatum == school.overleg.datum
    assert not kandidaat.te_laat


def test_verlopen_evaluatie_telt_de_dagen(school, deelnemer):
    vandaag = timezone.localdate()
    iz_traject(school, deelnemer)
    besproken(school, deelnemer, datum=vandaag - timedelta(weeks=8), volgende=vandaag - timedelta(days=10))
    kandidaat = per_deelnemer(school.overleg, vandaag=vandaag)[deelnemer.pk]
    assert kandidaat.dagen_te_laat == 10
    assert kandidaat.te_laat


def test_evaluatie_na_het_overleg_is_nog_geen_kandidaat(school, deelnemer):
    iz_traject(school, deelnemer)
    besproken(school, deelnemer, datum=school.overleg.datum - timedelta(weeks=2),
              volgende=school.overleg.datum + timedelta(days=1))
    assert deelnemer.pk not in per_deelnemer(school.overleg)


def test_alleen_de_laatste_bespreking_telt(school, deelnemer):
    iz_traject(school, deelnemer)
    besproken(school, deelnemer, datum=school.overleg.datum - timedelta(weeks=8),
              volgende=school.overleg.datum - timedelta(weeks=2))
    besproken(school, deelnemer, datum=school.overleg.datum - timedelta(weeks=2),
              volgende=school.overleg.datum + timedelta(weeks=4))
    assert deelnemer.pk not in per_deelnemer(school.overleg)


def test_casus_die_naar_het_zat_ging_is_geen_iz_evaluatie(school, deelnemer):
    ZorgtrajectFactory(deelnemer=deelnemer, niveau=school.niveau[Zorgniveau.Soort.ZAT])
    besproken(school, deelnemer, datum=school.overleg.datum - timedelta(weeks=6), volgende=school.overleg.datum)
    assert deelnemer.pk not in per_deelnemer(school.overleg)


# ------------------------------------------------------------------ aftercare

def zat_besluit(school, deelnemer, soort, datum):
    traject = ZorgtrajectFactory(deelnemer=deelnemer, niveau=school.niveau[Zorgniveau.Soort.ZAT])
    naar = school.niveau[Zorgniveau.Soort.EXTERN] if soort == Niveauwijziging.Soort.EXTERN else traject.niveau
    if soort == Niveauwijziging.Soort.AFSLUITEN:
        traject.status = Zorgtraject.Status.AFGESLOTEN
        traject.afgesloten_op = datum
        traject.save()
    else:
        traject.niveau = naar
        traject.save()
    return NiveauwijzigingFactory(zorgtraject=traject, soort=soort, van_niveau=school.niveau[Zorgniveau.Soort.ZAT],
                                  naar_niveau=naar, datum=datum)


@pytest.mark.parametrize("soort", [Niveauwijziging.Soort.AFSLUITEN, Niveauwijziging.Soort.EXTERN])
def test_nazorg_drie_maanden_na_afsluiten_of_extern(school, deelnemer, soort):
    datum = maanden_terug(school.zat_overleg.datum, 3)
    zat_besluit(school, deelnemer, soort, datum)
    kandidaat = per_deelnemer(school.zat_overleg)[deelnemer.pk]
    assert kandidaat.reden == R.NAZORG
    assert kandidaat.vervaldatum == school.zat_overleg.datum
    assert deelnemer.pk not in per_deelnemer(school.overleg)  # aftercare is the ZAT's


def test_nazorg_nog_niet_een_dag_te_vroeg(school, deelnemer):
    zat_besluit(school, deelnemer, Niveauwijziging.Soort.AFSLUITEN,
                maanden_terug(school.zat_overleg.datum, 3) + timedelta(days=1))
    assert deelnemer.pk not in per_deelnemer(school.zat_overleg)


def test_nazorgtermijn_is_instelbaar_per_instelling(school, deelnemer):
    school.instelling.nazorg_maanden = 1
    school.instelling.save()
    zat_besluit(school, deelnemer, Niveauwijziging.Soort.AFSLUITEN, maanden_terug(school.zat_overleg.datum, 1))
    assert per_deelnemer(school.zat_overleg)[deelnemer.pk].reden == R.NAZORG


def test_nazorg_eenmaal_geagendeerd_komt_niet_terug(school, deelnemer):
    besluit = zat_besluit(school, deelnemer, Niveauwijziging.Soort.AFSLUITEN,
                          maanden_terug(school.zat_overleg.datum, 4))
    eerder = OverlegFactory(team=school.zat, datum=besluit.datum + timedelta(days=95),
                            status=Overleg.Status.GEHOUDEN)
    AgendapuntFactory(overleg=eerder, deelnemer=deelnemer, reden=R.NAZORG, besproken=True)
    assert deelnemer.pk not in per_deelnemer(school.zat_overleg)


# ------------------------------------------------------------------ crisis

def test_crisis_komt_op_het_volgende_zat(school, deelnemer):
    ZorgtrajectFactory(deelnemer=deelnemer, niveau=school.niveau[Zorgniveau.Soort.EXTERN], zat_bespreken=True)
    assert per_deelnemer(school.zat_overleg)[deelnemer.pk].reden == R.CRISIS
    assert deelnemer.pk not in per_deelnemer(school.overleg)


def test_crisis_gaat_voor_andere_redenen(school, deelnemer):
    traject = ZorgtrajectFactory(deelnemer=deelnemer, niveau=school.niveau[Zorgniveau.Soort.ZAT],
                                 zat_bespreken=True)
    assert traject.is_open
    besproken(school, deelnemer, datum=school.zat_overleg.datum - timedelta(weeks=6),
              volgende=school.zat_overleg.datum, team=school.zat)
    kandidaat = per_deelnemer(school.zat_overleg)[deelnemer.pk]
    assert kandidaat.reden == R.CRISIS
    assert kandidaat.redenen == [R.CRISIS, R.EVALUATIE]
    assert kandidaat.vervaldatum == school.zat_overleg.datum


# ------------------------------------------------------------------ carried over

def test_niet_besproken_punt_van_het_vorige_overleg_schuift_door(school, deelnemer):
    vorig = OverlegFactory(team=school.iz, datum=school.overleg.datum - timedelta(weeks=2),
                           status=Overleg.Status.GEHOUDEN)
    punt = AgendapuntFactory(overleg=vorig, deelnemer=deelnemer, besproken=False)
    anders = AgendapuntFactory(overleg=vorig, deelnemer=DeelnemerFactory(opleiding=school.opleiding_noord),
                               besproken=True, volgende_evaluatie=school.overleg.datum + timedelta(weeks=4))
    gevonden = per_deelnemer(school.overleg)
    assert gevonden[deelnemer.pk].reden == R.DOORGESCHOVEN
    assert gevonden[deelnemer.pk].vorig_agendapunt == punt
    assert anders.deelnemer_id not in gevonden


def test_alleen_het_vorige_overleg_telt_niet_een_ouder(school, deelnemer):
    ouder = OverlegFactory(team=school.iz, datum=school.overleg.datum - timedelta(weeks=4),
                           status=Overleg.Status.GEHOUDEN)
    AgendapuntFactory(overleg=ouder, deelnemer=deelnemer, besproken=False)
    OverlegFactory(team=school.iz, datum=school.overleg.datum - timedelta(weeks=2), status=Overleg.Status.GEHOUDEN)
    assert deelnemer.pk not in per_deelnemer(school.overleg)


def test_punt_van_een_gepland_vorig_overleg_schuift_nog_niet_door(school, deelnemer):
    vorig = OverlegFactory(team=school.iz, datum=school.overleg.datum - timedelta(days=2))
    AgendapuntFactory(overleg=vorig, deelnemer=deelnemer, besproken=False)
    assert deelnemer.pk not in per_deelnemer(school.overleg)


def test_punten_van_een_geannuleerd_overleg_schuiven_door(school, deelnemer):
    vorig = OverlegFactory(team=school.iz, datum=school.overleg.datum - timedelta(weeks=4),
                           status=Overleg.Status.GEHOUDEN)
    geannuleerd = OverlegFactory(team=school.iz, datum=school.overleg.datum - timedelta(weeks=2),
                                 status=Overleg.Status.GEANNULEERD)
    AgendapuntFactory(overleg=geannuleerd, deelnemer=deelnemer)
    assert vorig.pk
    assert per_deelnemer(school.overleg)[deelnemer.pk].reden == R.DOORGESCHOVEN


# ------------------------------------------------------------------ bounded queries

def alle_redenen(school, vorig_iz, n):
    for _ in range(n):
        d = DeelnemerFactory(opleiding=school.opleiding_noord)
        AanmeldingFactory(deelnemer=d, status=Aanmelding.Status.GEACCEPTEERD)
        d = DeelnemerFactory(opleiding=school.opleiding_noord)
        iz_traject(school, d)
        AgendapuntFactory(overleg=vorig_iz, deelnemer=d, besproken=True, volgende_evaluatie=school.overleg.datum)
        AgendapuntFactory(overleg=vorig_iz, deelnemer=DeelnemerFactory(opleiding=school.opleiding_noord))


def test_kandidaten_kost_een_vast_aantal_queries(school):
    # For an IZ: the team (1), its locaties (1), the previous meeting (1), the items carried over (1), the
    # aanmeldingen (1), the evaluations (2: the open cases, their last discussions); a ZAT adds its instelling
    # (1), crisis (1) and aftercare (1).
    vorig = OverlegFactory(team=school.iz, datum=school.overleg.datum - timedelta(weeks=6),
                           status=Overleg.Status.GEHOUDEN)
    alle_redenen(school, vorig, 1)
    school.overleg = Overleg.objects.get(pk=school.overleg.pk)
    with CaptureQueriesContext(connection) as klein:
        assert len(kandidaten(school.overleg)) == 3
    alle_redenen(school, vorig, 4)
    school.overleg = Overleg.objects.get(pk=school.overleg.pk)
    with CaptureQueriesContext(connection) as groot:
        assert len(kandidaten(school.overleg)) == 15
    assert len(klein) == len(groot) == 7, "\n".join(q["sql"] for q in groot.captured_queries)


def test_kandidaten_van_het_zat_kost_een_vast_aantal_queries(school, deelnemer):
    ZorgtrajectFactory(deelnemer=deelnemer, niveau=school.niveau[Zorgniveau.Soort.EXTERN], zat_bespreken=True)
    overleg = Overleg.objects.get(pk=school.zat_overleg.pk)
    with CaptureQueriesContext(connection) as queries:
        assert [k.reden for k in kandidaten(overleg)] == [R.CRISIS]
    assert len(queries) == 10, "\n".join(q["sql"] for q in queries.captured_queries)
