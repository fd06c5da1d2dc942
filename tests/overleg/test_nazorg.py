"""Aftercare of ZAT cases (issue 10 point 10) and the count of discussions per case (point 11)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from overleg import services
from overleg.models import Agendapunt, Nazorg, Overleg
from overleg.selectors import besprekingen, kandidaten, maanden_terug
from privacy.models import Toegangslog
from tests.conftest import laatste_logregel, logregels_sinds
from tests.factories import (
    AanmeldingFactory,
    AgendapuntFactory,
    DeelnemerFactory,
    GebruikerFactory,
    LidmaatschapFactory,
    NiveauwijzigingFactory,
    OverlegFactory,
    TeamFactory,
    ToestemmingFactory,
    ZorgtrajectFactory,
    als,
)
from zorgstructuur.models import Functie, Niveauwijziging, Team, Zorgniveau, Zorgtraject

R = Agendapunt.Reden
VANDAAG = timezone.localdate


def zat_besluit(school, deelnemer, soort=Niveauwijziging.Soort.AFSLUITEN, datum=None):
    """The ZAT closed the case (or handed it to extern) on `datum`: three months ago unless given."""
    datum = datum or maanden_terug(VANDAAG(), school.instelling.nazorg_maanden)
    traject = ZorgtrajectFactory(deelnemer=deelnemer, niveau=school.niveau[Zorgniveau.Soort.ZAT])
    naar = school.niveau[Zorgniveau.Soort.EXTERN] if soort == Niveauwijziging.Soort.EXTERN else traject.niveau
    if soort == Niveauwijziging.Soort.AFSLUITEN:
        traject.status, traject.afgesloten_op = Zorgtraject.Status.AFGESLOTEN, datum
    else:
        traject.niveau = naar
    traject.save()
    NiveauwijzigingFactory(zorgtraject=traject, soort=soort, van_niveau=school.niveau[Zorgniveau.Soort.ZAT],
                           naar_niveau=naar, datum=datum)
    return traject


GOED = {"resultaat": "opgelost", "toelichting": "", "tevredenheid_deelnemer": "4",
        "opmerking_deelnemer": "Fijn dat er iemand meedacht.", "tevredenheid_aanmelder": "5",
        "opmerking_aanmelder": ""}


def nazorg_kandidaat(school, deelnemer) -> bool:
    return any(k.deelnemer.pk == deelnemer.pk and R.NAZORG in k.redenen for k in kandidaten(school.zat_overleg))


# ------------------------------------------------------------------ the list

@pytest.mark.parametrize("soort", [Niveauwijziging.Soort.AFSLUITEN, Niveauwijziging.Soort.EXTERN])
def test_zorgcoordinator_ziet_de_nazorg_die_nu_vervalt(school, deelnemer, client_als, soort):
    traject = zat_besluit(school, deelnemer, soort)
    nog_niet = DeelnemerFactory(opleiding=school.opleiding_noord, achternaam="Nognietaandebeurt")
    zat_besluit(school, nog_niet, datum=maanden_terug(VANDAAG(), 3) + timedelta(days=1))
    na = laatste_logregel()
    response = client_als(school.zc).get(reverse("overleg:nazorg"))
    assert response.status_code == 200
    assert [t.zorgtraject_id for t in response.context["taken"]] == [traject.pk]
    tekst = response.content.decode()
    assert deelnemer.naam in tekst and "Nognietaandebeurt" not in tekst
    assert reverse("overleg:nazorg_vastleggen", args=[traject.pk]) in tekst
    regels = logregels_sinds(na)
    assert [(r.deelnemer_id, r.laag) for r in regels if r.omschrijving == "nazorgtaak in de lijst"] == [
        (deelnemer.pk, "zat")]


def test_nazorg_is_niet_voor_wie_geen_zorgcoordinator_is(school, deelnemer, client_als):
    traject = zat_besluit(school, deelnemer)
    for wie in (school.lid, school.buitenstaander):  # the IZ's taakdocent; someone without a functie
        assert client_als(wie).get(reverse("overleg:nazorg")).status_code == 403
        assert client_als(wie).get(reverse("overleg:nazorg_vastleggen", args=[traject.pk])).status_code == 403
        assert client_als(wie).post(reverse("overleg:nazorg_vastleggen", args=[traject.pk]), GOED).status_code == 403
    assert not Nazorg.objects.filter(zorgtraject=traject).exists()


def test_mijn_werk_telt_de_nazorg(school, deelnemer, client_als):
    zat_besluit(school, deelnemer)
    response = client_als(school.zc).get(reverse("mijn_werk"))
    paneel = next(p.context for p in response.context["panelen"] if p.template == "overleg/_acties_nazorg_paneel.html")
    assert paneel["aantal"] == 1
    tekst = response.content.decode()
    assert "1 ZAT-casus wacht op nazorg" in tekst and reverse("overleg:acties") in tekst
    assert not any(p.template == "overleg/_acties_nazorg_paneel.html"
                   for p in client_als(school.lid).get(reverse("mijn_werk")).context["panelen"])


# ------------------------------------------------------------------ recording

def test_nazorg_vastleggen_met_tevredenheid(school, deelnemer, client_als):
    traject = zat_besluit(school, deelnemer)
    AanmeldingFactory(deelnemer=deelnemer, zorgtraject=traject, bestemming="zat", status="afgerond",
                      aanmelder=GebruikerFactory(first_name="Piet", last_name="Verwijzer"))
    assert nazorg_kandidaat(school, deelnemer)
    url = reverse("overleg:nazorg_vastleggen", args=[traject.pk])
    c = client_als(school.zc)
    pagina = c.get(url)
    assert pagina.status_code == 200 and "Tevredenheid van de deelnemer (1–5)" in pagina.content.decode()
    assert "Piet Verwijzer (mentor / slb-er, aanmelder op" in pagina.content.decode()
    na = laatste_logregel()
    response = c.post(url, GOED)
    assert response.status_code == 302 and response.url == reverse("overleg:nazorg")
    nazorg = Nazorg.objects.get(zorgtraject=traject)
    assert (nazorg.resultaat, nazorg.tevredenheid_deelnemer, nazorg.tevredenheid_aanmelder) == ("opgelost", 4, 5)
    assert nazorg.opmerking_deelnemer == "Fijn dat er iemand meedacht."
    assert (nazorg.vastgelegd_op, nazorg.vastgelegd_door, nazorg.vervaldatum) == (VANDAAG(), school.zc, VANDAAG())
    assert nazorg.agendapunt is None
    assert any(r.actie == "aanmaken" and r.object_type == "nazorg" and r.laag == "zat" for r in logregels_sinds(na))
    assert deelnemer.gebeurtenissen.filter(omschrijving="Nazorg vastgelegd: nog steeds opgelost", laag="zat").exists()
    # Done: off the task list and no longer an aftercare candidate for the ZAT.
    assert c.get(reverse("overleg:nazorg")).context["taken"] == []
    assert not nazorg_kandidaat(school, deelnemer)
    # The page now shows what was recorded, without a form.
    pagina = c.get(url)
    assert pagina.context["form"] is None and "Nog steeds opgelost" in pagina.content.decode()


def test_tevredenheid_buiten_de_schaal(school, deelnemer, client_als):
    traject = zat_besluit(school, deelnemer)
    response = client_als(school.zc).post(reverse("overleg:nazorg_vastleggen", args=[traject.pk]),
                                          {**GOED, "tevredenheid_deelnemer": "7"})
    assert response.status_code == 200
    assert response.context["form"].errors["tevredenheid_deelnemer"] == [
        "Geef een cijfer van 1 tot en met 5 (of laat het leeg)."]
    assert "Geef een cijfer van 1 tot en met 5" in response.content.decode()
    assert not Nazorg.objects.filter(zorgtraject=traject).exists()
    # The service refuses it too, whoever calls it.
    with pytest.raises(ValidationError) as fout:
        services.nazorg_vastleggen(traject=traject, door=als(school.zc), resultaat="opgelost",
                                   tevredenheid_aanmelder=0)
    assert fout.value.message_dict["tevredenheid_aanmelder"] == [services.NAZORG_TEVREDENHEID]
    assert not Nazorg.objects.filter(zorgtraject=traject).exists()


def test_anders_vraagt_een_toelichting(school, deelnemer):
    traject = zat_besluit(school, deelnemer)
    with pytest.raises(ValidationError, match="Licht toe"):
        services.nazorg_vastleggen(traject=traject, door=als(school.zc), resultaat="anders")


def test_terugval_komt_op_het_volgende_zat(school, deelnemer, client_als):
    traject = zat_besluit(school, deelnemer)
    later = OverlegFactory(team=school.zat, datum=school.zat_overleg.datum + timedelta(weeks=4))
    response = client_als(school.zc).post(reverse("overleg:nazorg_vastleggen", args=[traject.pk]),
                                          {**GOED, "resultaat": "teruggevallen", "terug_op_agenda": "on"},
                                          follow=True)
    nazorg = Nazorg.objects.get(zorgtraject=traject)
    punt = nazorg.agendapunt
    assert (punt.overleg, punt.deelnemer, punt.reden) == (school.zat_overleg, deelnemer, R.NAZORG)
    assert not later.agendapunten.exists()
    # Without valid consent for the ZAT it comes back anonymously (no identifying data leaves the school).
    assert punt.anoniem
    assert (f"De casus staat anoniem (geen geldige toestemming) op de agenda van ZAT Noord op "
            f"{school.zat_overleg.datum:%d-%m-%Y}.") in response.content.decode()


def test_terugval_met_toestemming_komt_niet_anoniem_op_het_zat(school, deelnemer):
    ToestemmingFactory(deelnemer=deelnemer, zat_bespreking=True)
    traject = zat_besluit(school, deelnemer)
    nazorg = services.nazorg_vastleggen(traject=traject, door=als(school.zc), resultaat="teruggevallen",
                                        terug_op_agenda=True)
    assert nazorg.agendapunt.overleg == school.zat_overleg and not nazorg.agendapunt.anoniem


def test_terugval_zonder_gepland_zat_zegt_dat_en_legt_niets_vast(school, deelnemer, client_als):
    traject = zat_besluit(school, deelnemer)
    Overleg.objects.filter(pk=school.zat_overleg.pk).update(status=Overleg.Status.GEANNULEERD)
    url = reverse("overleg:nazorg_vastleggen", args=[traject.pk])
    assert "Er is nog geen ZAT-overleg gepland" in client_als(school.zc).get(url).content.decode()
    response = client_als(school.zc).post(url, {**GOED, "resultaat": "teruggevallen", "terug_op_agenda": "on"})
    assert response.status_code == 200
    assert "Er is geen gepland ZAT-overleg voor locatie Noord" in response.content.decode()
    assert not Nazorg.objects.filter(zorgtraject=traject).exists()
    assert nazorg_kandidaat(school, deelnemer)  # still due: nothing was lost
    assert not Agendapunt.objects.filter(deelnemer=deelnemer).exists()


def test_alleen_een_terugval_gaat_terug_op_de_agenda(school, deelnemer):
    traject = zat_besluit(school, deelnemer)
    with pytest.raises(ValidationError, match="Alleen een teruggevallen casus"):
        services.nazorg_vastleggen(traject=traject, door=als(school.zc), resultaat="opgelost", terug_op_agenda=True)


def test_eenmaal_vastgelegd_niet_nog_eens(school, deelnemer):
    traject = zat_besluit(school, deelnemer)
    services.nazorg_vastleggen(traject=traject, door=als(school.zc), resultaat="opgelost")
    with pytest.raises(ValidationError, match="al vastgelegd"):
        services.nazorg_vastleggen(traject=traject, door=als(school.zc), resultaat="teruggevallen")


def test_open_traject_heeft_geen_nazorg(school, deelnemer, client_als):
    traject = ZorgtrajectFactory(deelnemer=deelnemer, niveau=school.niveau[Zorgniveau.Soort.ZAT])
    response = client_als(school.zc).get(reverse("overleg:nazorg_vastleggen", args=[traject.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("overleg:nazorg")
    assert "er is geen nazorg voor" in response.content.decode()
    with pytest.raises(ValidationError, match="geen nazorg"):
        services.nazorg_vastleggen(traject=traject, door=als(school.zc), resultaat="opgelost")


def test_zorgcoordinator_van_een_andere_locatie_krijgt_404(school, deelnemer, client_als):
    traject = zat_besluit(school, deelnemer)
    ander = GebruikerFactory()
    iz_zuid = TeamFactory(instelling=school.instelling, soort=Team.Soort.INTERN_ZORGTEAM, locaties=[school.zuid])
    LidmaatschapFactory(team=iz_zuid, gebruiker=ander, functie=Functie.ZORGCOORDINATOR)
    url = reverse("overleg:nazorg_vastleggen", args=[traject.pk])
    for methode, data in (("get", None), ("post", GOED)):
        na = laatste_logregel()
        response = getattr(client_als(ander), methode)(url, data)
        assert response.status_code == 404
        geweigerd = [r for r in logregels_sinds(na) if r.uitkomst == Toegangslog.Uitkomst.GEWEIGERD]
        assert [r.omschrijving for r in geweigerd] == ["nazorg niet zichtbaar"]
    assert client_als(school.zc).get(reverse("overleg:nazorg_vastleggen", args=[999999])).status_code == 404
    assert not Nazorg.objects.filter(zorgtraject=traject).exists()
    with pytest.raises(ValidationError, match="zorgcoördinator van de locatie"):
        services.nazorg_vastleggen(traject=traject, door=als(ander), resultaat="opgelost")


# ------------------------------------------------------------------ discussions per case

def test_besprekingen_per_deelnemer_in_iz_en_zat(school, deelnemer):
    ander = DeelnemerFactory(opleiding=school.opleiding_noord)
    stil = DeelnemerFactory(opleiding=school.opleiding_noord)
    for weken in (2, 4, 6):
        iz = OverlegFactory(team=school.iz, datum=VANDAAG() - timedelta(weeks=weken), status=Overleg.Status.GEHOUDEN)
        AgendapuntFactory(overleg=iz, deelnemer=deelnemer, besproken=True)
        AgendapuntFactory(overleg=iz, deelnemer=stil, besproken=False)  # on the agenda, not reached
    zat = OverlegFactory(team=school.zat, datum=VANDAAG() - timedelta(weeks=1), status=Overleg.Status.GEHOUDEN)
    AgendapuntFactory(overleg=zat, deelnemer=deelnemer, besproken=True)
    AgendapuntFactory(overleg=zat, deelnemer=ander, besproken=True)
    with CaptureQueriesContext(connection) as queries:
        telling = besprekingen([deelnemer.pk, ander.pk, stil.pk])
    assert len(queries) == 1
    assert telling == {deelnemer.pk: {"iz": 3, "zat": 1}, ander.pk: {"iz": 0, "zat": 1}}
    assert besprekingen()[deelnemer.pk] == {"iz": 3, "zat": 1}
