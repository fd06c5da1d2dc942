"""Actions of the plans van aanpak: Mijn acties on Mijn werk, marking one done, the zorgcoördinator's overview
and the daily reminders (issue 10 point 7)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from overleg import services
from overleg.models import Actie, Overleg, Uitnodiging
from privacy.models import Toegangslog
from tests.conftest import laatste_logregel, logregels_sinds
from tests.factories import (
    ActieFactory,
    AgendapuntFactory,
    DeelnemerFactory,
    GebruikerFactory,
    LidmaatschapFactory,
    OverlegFactory,
    als,
)
from zorgstructuur.models import Functie, Partnerorganisatie

VANDAAG = timezone.localdate


def gehouden(school, team=None, dagen_geleden=14):
    return OverlegFactory(team=team or school.iz, voorzitter=school.voorzitter, status=Overleg.Status.GEHOUDEN,
                          datum=VANDAAG() - timedelta(days=dagen_geleden))


def actie(overleg, deelnemer, eigenaar, deadline_over: int, **kw) -> Actie:
    """An open action `deadline_over` days from today (negative: overdue) on the student's item."""
    punt = overleg.agendapunten.filter(deelnemer=deelnemer).first() or AgendapuntFactory(
        overleg=overleg, deelnemer=deelnemer, besproken=True)
    return ActieFactory(agendapunt=punt, eigenaar=eigenaar, deadline=VANDAAG() + timedelta(days=deadline_over), **kw)


def paneel(response, template="overleg/_acties_paneel.html"):
    return next((p.context for p in response.context["panelen"] if p.template == template), None)


# ------------------------------------------------------------------ Mijn acties

def test_mijn_acties_te_laat_eerst_en_gemarkeerd(school, deelnemer, client_als):
    overleg = gehouden(school)
    ander = DeelnemerFactory(opleiding=school.opleiding_noord, voornaam="Bram", achternaam="Visser")
    later = actie(overleg, deelnemer, school.lid, 5, omschrijving="Ouders bellen")
    drie = actie(overleg, ander, school.lid, -3, omschrijving="Verzuim nagaan")
    een = actie(overleg, deelnemer, school.lid, -1, omschrijving="Mentor spreken")
    actie(overleg, deelnemer, school.voorzitter, -10, omschrijving="Niet van mij")
    actie(overleg, deelnemer, school.lid, -20, omschrijving="Al gedaan", status=Actie.Status.GEDAAN)

    response = client_als(school.lid).get(reverse("mijn_werk"))
    assert response.status_code == 200
    assert [a.pk for a in paneel(response)["acties"]] == [drie.pk, een.pk, later.pk]
    tekst = response.content.decode()
    assert "3 dagen te laat" in tekst and "1 dag te laat" in tekst
    assert tekst.index("Verzuim nagaan") < tekst.index("Mentor spreken") < tekst.index("Ouders bellen")
    assert "Bram Visser" in tekst and deelnemer.naam in tekst
    assert "Niet van mij" not in tekst and "Al gedaan" not in tekst
    assert reverse("overleg:actie_afronden", args=[drie.pk]) in tekst


def test_mijn_acties_logt_per_getoonde_deelnemer(school, deelnemer, client_als):
    overleg = gehouden(school)
    ander = DeelnemerFactory(opleiding=school.opleiding_noord)
    actie(overleg, deelnemer, school.lid, 3)
    actie(overleg, deelnemer, school.lid, 4)
    actie(overleg, ander, school.lid, 5)
    na = laatste_logregel()
    client_als(school.lid).get(reverse("mijn_werk"))
    regels = [r for r in logregels_sinds(na) if r.omschrijving == "actie op Mijn werk"]
    assert sorted(r.deelnemer_id for r in regels) == sorted([deelnemer.pk, ander.pk])
    assert {r.laag for r in regels} == {"zorg"}


def test_geen_acties_geen_paneel(school, client_als):
    response = client_als(school.lid).get(reverse("mijn_werk"))
    assert paneel(response) is None
    assert "Mijn acties" not in response.content.decode()


def test_meer_dan_tien_verwijst_naar_het_overzicht(school, deelnemer, client_als):
    overleg = gehouden(school)
    for dag in range(11):
        actie(overleg, deelnemer, school.lid, dag)
    response = client_als(school.lid).get(reverse("mijn_werk"))
    assert len(paneel(response)["acties"]) == 10 and paneel(response)["meer"]
    assert reverse("overleg:acties") in response.content.decode()


def test_partner_ziet_anonieme_casus_zonder_naam(school, client_als):
    deelnemer = DeelnemerFactory(opleiding=school.opleiding_noord, voornaam="Geheime", achternaam="Naam")
    organisatie = Partnerorganisatie.objects.create(instelling=school.instelling, naam="Jeugdhulp Noord",
                                                    soort=Partnerorganisatie.Soort.JEUGDHULP)
    partner = GebruikerFactory(username="partner-acties")
    LidmaatschapFactory(team=school.zat, gebruiker=partner, functie=Functie.PARTNER, organisatie=organisatie)
    zat = gehouden(school, team=school.zat, dagen_geleden=2)
    punt = AgendapuntFactory(overleg=zat, deelnemer=deelnemer, anoniem=True, besproken=True)
    Uitnodiging.objects.create(agendapunt=punt, partner=partner, organisatie=organisatie,
                               geldig_tot=VANDAAG() + timedelta(days=12), uitgenodigd_door=school.zc)
    ActieFactory(agendapunt=punt, eigenaar=partner, omschrijving="Intake plannen", deadline=VANDAAG())

    na = laatste_logregel()
    response = client_als(partner).get(reverse("mijn_werk"))
    tekst = response.content.decode()
    assert [a.casus for a in paneel(response)["acties"]] == ["Casus (anoniem)"]
    assert [(r.deelnemer_id, r.omschrijving) for r in logregels_sinds(na) if r.omschrijving.startswith("actie")] == [
        (deelnemer.pk, "actie op Mijn werk (anoniem, niet getoond)")]
    assert "Intake plannen" in tekst
    assert "Geheime" not in tekst and deelnemer.studentnummer not in tekst
    # Once the invitation has ended, the action leaves the partner's list (and may not be closed by them).
    Uitnodiging.objects.filter(agendapunt=punt).update(geldig_tot=VANDAAG() - timedelta(days=1))
    assert paneel(client_als(partner).get(reverse("mijn_werk"))) is None


# ------------------------------------------------------------------ marking done

def test_eigenaar_rondt_af_met_notitie(school, deelnemer, client_als):
    a = actie(gehouden(school), deelnemer, school.lid, -2)
    na = laatste_logregel()
    response = client_als(school.lid).post(reverse("overleg:actie_afronden", args=[a.pk]),
                                           {"status": "gedaan", "notitie": "Ouders gesproken.", "terug": "/"})
    assert response.status_code == 302 and response.url == "/"
    a.refresh_from_db()
    assert (a.status, a.notitie, a.afgerond_op) == (Actie.Status.GEDAAN, "Ouders gesproken.", VANDAAG())
    assert any(r.actie == "wijzigen" and r.object_type == "actie" and r.deelnemer_id == deelnemer.pk
               for r in logregels_sinds(na))
    # Done: it leaves Mijn acties.
    assert paneel(client_als(school.lid).get(reverse("mijn_werk"))) is None


def test_vervallen_kan_ook(school, deelnemer, client_als):
    a = actie(gehouden(school), deelnemer, school.lid, 2)
    client_als(school.lid).post(reverse("overleg:actie_afronden", args=[a.pk]), {"status": "vervallen"})
    a.refresh_from_db()
    assert a.status == Actie.Status.VERVALLEN


def test_ander_teamlid_krijgt_404_en_het_wordt_gelogd(school, deelnemer, client_als):
    collega = GebruikerFactory()
    LidmaatschapFactory(team=school.iz, gebruiker=collega, functie=Functie.SMW)
    a = actie(gehouden(school), deelnemer, school.lid, 2)
    na = laatste_logregel()
    response = client_als(collega).post(reverse("overleg:actie_afronden", args=[a.pk]), {"status": "gedaan"})
    assert response.status_code == 404
    a.refresh_from_db()
    assert a.status == Actie.Status.OPEN
    geweigerd = [r for r in logregels_sinds(na) if r.uitkomst == Toegangslog.Uitkomst.GEWEIGERD]
    assert len(geweigerd) == 1 and geweigerd[0].object_id == str(a.pk)
    assert geweigerd[0].omschrijving == "geen recht op deze handeling"


def test_buitenstaander_en_onbekend_id_krijgen_404(school, deelnemer, client_als):
    a = actie(gehouden(school), deelnemer, school.lid, 2)
    buiten = GebruikerFactory()
    LidmaatschapFactory(team=school.zat, gebruiker=buiten, functie=Functie.SMW)  # another team: no sight
    for pk in (a.pk, 999999):
        na = laatste_logregel()
        response = client_als(buiten).post(reverse("overleg:actie_afronden", args=[pk]), {"status": "gedaan"})
        assert response.status_code == 404
        assert [r.omschrijving for r in logregels_sinds(na)] == ["actie niet zichtbaar"]
    a.refresh_from_db()
    assert a.status == Actie.Status.OPEN


def test_zorgcoordinator_en_voorzitter_mogen_afronden(school, deelnemer):
    overleg = gehouden(school)
    for wie in (school.zc, school.voorzitter):
        a = actie(overleg, deelnemer, school.lid, 2)
        services.actie_afronden(actie=a, door=als(wie), notitie="namens de eigenaar")
        a.refresh_from_db()
        assert a.status == Actie.Status.GEDAAN


def test_afgeronde_actie_niet_nog_eens(school, deelnemer, client_als):
    a = actie(gehouden(school), deelnemer, school.lid, 2, status=Actie.Status.GEDAAN)
    with pytest.raises(ValidationError, match="al gedaan"):
        services.actie_afronden(actie=a, door=als(school.lid))
    response = client_als(school.lid).post(reverse("overleg:actie_afronden", args=[a.pk]), {"status": "gedaan"},
                                           follow=True)
    assert "De actie is niet afgerond: Deze actie is al gedaan." in response.content.decode()


def test_alleen_post(school, deelnemer, client_als):
    a = actie(gehouden(school), deelnemer, school.lid, 2)
    assert client_als(school.lid).get(reverse("overleg:actie_afronden", args=[a.pk])).status_code == 405


# ------------------------------------------------------------------ the zorgcoördinator's overview

def test_zorgcoordinator_ziet_open_acties_per_team_en_overleg(school, deelnemer, client_als):
    iz, zat = gehouden(school), gehouden(school, team=school.zat)
    a1 = actie(iz, deelnemer, school.lid, -4, omschrijving="IZ-actie")
    a2 = actie(zat, deelnemer, school.voorzitter, 6, omschrijving="ZAT-actie")
    actie(iz, deelnemer, school.lid, -4, omschrijving="Afgerond", status=Actie.Status.GEDAAN)
    response = client_als(school.zc).get(reverse("overleg:acties"))
    assert response.status_code == 200
    groepen = response.context["groepen"]
    assert [(g["overleg"].pk, [a.pk for a in g["acties"]]) for g in groepen] == [(iz.pk, [a1.pk]), (zat.pk, [a2.pk])]
    tekst = response.content.decode()
    assert "IZ Noord" in tekst and "ZAT Noord" in tekst and "4 dagen te laat" in tekst
    assert "Afgerond" not in tekst
    # Only overdue, and one team.
    response = client_als(school.zc).get(reverse("overleg:acties"), {"te_laat": "on"})
    assert [a.pk for g in response.context["groepen"] for a in g["acties"]] == [a1.pk]
    response = client_als(school.zc).get(reverse("overleg:acties"), {"team": school.zat.pk})
    assert [a.pk for g in response.context["groepen"] for a in g["acties"]] == [a2.pk]


def test_anderen_zien_in_het_overzicht_alleen_hun_eigen_acties(school, deelnemer, client_als):
    overleg = gehouden(school)
    eigen = actie(overleg, deelnemer, school.lid, 2, omschrijving="Van het lid")
    actie(overleg, deelnemer, school.voorzitter, 2, omschrijving="Van de voorzitter")
    response = client_als(school.lid).get(reverse("overleg:acties"))
    assert response.status_code == 200
    assert not response.context["per_team"]
    assert [a.pk for g in response.context["groepen"] for a in g["acties"]] == [eigen.pk]
    assert "Van de voorzitter" not in response.content.decode()


def test_zonder_functie_geen_overzicht(school):
    from django.test import Client

    c = Client()
    c.force_login(school.buitenstaander)
    assert c.get(reverse("overleg:acties")).status_code == 403


def test_overzicht_ververst_niet_naar_een_vreemd_team(school, deelnemer, client_als):
    """A team id the zorgcoördinator does not oversee is not a filter: the form says so."""
    from tests.factories import TeamFactory

    vreemd = TeamFactory()
    response = client_als(school.zc).get(reverse("overleg:acties"), {"team": vreemd.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["team"]


# ------------------------------------------------------------------ reminders

@pytest.fixture
def mailbox(settings, school):
    """The sent e-mails; the demo's own open actions are closed first (in this test's transaction only), so
    the run counts the test school's actions alone."""
    Actie.objects.exclude(agendapunt__overleg__team__instelling=school.instelling).update(
        status=Actie.Status.VERVALLEN)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    return mail.outbox


def test_herinnering_eenmaal_per_toestand(school, deelnemer, mailbox):
    school.instelling.herinnering_dagen = 3
    school.instelling.save()
    overleg = gehouden(school)
    binnenkort = actie(overleg, deelnemer, school.lid, 2)
    actie(overleg, deelnemer, school.lid, 10)  # not yet
    assert services.herinneringen_versturen() == 1
    assert len(mailbox) == 1 and mailbox[0].to == [school.lid.email]
    tekst = mailbox[0].subject + mailbox[0].body
    assert "1 actie verloopt binnenkort" in tekst and reverse("mijn_werk") in tekst
    assert deelnemer.naam not in tekst and deelnemer.studentnummer not in tekst
    assert binnenkort.omschrijving not in tekst
    binnenkort.refresh_from_db()
    assert binnenkort.herinnerd == f"binnenkort:{binnenkort.deadline:%Y-%m-%d}"

    # The same state the next day: nothing again.
    assert services.herinneringen_versturen(VANDAAG() + timedelta(days=1)) == 0
    assert len(mailbox) == 1
    # Past the deadline: a new state.
    assert services.herinneringen_versturen(VANDAAG() + timedelta(days=3)) == 1
    assert "1 actie is over de deadline" in mailbox[-1].body
    assert services.herinneringen_versturen(VANDAAG() + timedelta(days=4)) == 0


def test_verschoven_deadline_wordt_opnieuw_herinnerd(school, deelnemer, mailbox):
    a = actie(gehouden(school), deelnemer, school.lid, 1)
    assert services.herinneringen_versturen() == 1
    assert services.herinneringen_versturen() == 0
    Actie.objects.filter(pk=a.pk).update(deadline=VANDAAG() + timedelta(days=2))
    assert services.herinneringen_versturen() == 1
    assert len(mailbox) == 2


def test_een_mail_per_eigenaar_en_afgeronde_acties_niet(school, deelnemer, mailbox):
    overleg = gehouden(school)
    actie(overleg, deelnemer, school.lid, -5)
    actie(overleg, deelnemer, school.lid, 1)
    actie(overleg, deelnemer, school.voorzitter, -1, status=Actie.Status.GEDAAN)
    zonder_mail = GebruikerFactory(email="")
    actie(overleg, deelnemer, zonder_mail, -1)
    assert services.herinneringen_versturen() == 1
    assert "1 actie is over de deadline en 1 actie verloopt binnenkort" in mailbox[0].body


def test_herinnering_logt_per_actie_als_systeem(school, deelnemer, mailbox):
    a = actie(gehouden(school), deelnemer, school.lid, -1)
    na = laatste_logregel()
    services.herinneringen_versturen()
    regels = logregels_sinds(na)
    assert [(r.deelnemer_id, r.object_type, r.object_id) for r in regels] == [(deelnemer.pk, "actie", str(a.pk))]
    assert "herinneringen" in regels[0].rol


def test_opdracht_meldt_het_aantal_en_kent_dagen(school, deelnemer, mailbox):
    actie(gehouden(school), deelnemer, school.lid, 6)  # outside the default 3 days
    uit = StringIO()
    call_command("herinneringen", stdout=uit)
    assert uit.getvalue().strip().startswith("0 herinneringen voor acties")
    call_command("herinneringen", "--dagen", "7", stdout=uit)
    assert "1 herinnering voor acties" in uit.getvalue()
    uit = StringIO()
    call_command("herinneringen", "--dagen", "7", stdout=uit)
    assert uit.getvalue().strip().startswith("0 herinneringen voor acties")


def test_geen_herinnering_aan_wat_de_eigenaar_niet_meer_ziet(school, mailbox):
    """A partner whose invitation ended cannot open the action: no reminder that leads nowhere."""
    deelnemer = DeelnemerFactory(opleiding=school.opleiding_noord)
    organisatie = Partnerorganisatie.objects.create(instelling=school.instelling, naam="Jeugdhulp Noord",
                                                    soort=Partnerorganisatie.Soort.JEUGDHULP)
    partner = GebruikerFactory(username="partner-herinnering")
    LidmaatschapFactory(team=school.zat, gebruiker=partner, functie=Functie.PARTNER, organisatie=organisatie)
    punt = AgendapuntFactory(overleg=gehouden(school, team=school.zat), deelnemer=deelnemer, anoniem=True,
                             besproken=True)
    uitnodiging = Uitnodiging.objects.create(agendapunt=punt, partner=partner, organisatie=organisatie,
                                             geldig_tot=VANDAAG() + timedelta(days=5), uitgenodigd_door=school.zc)
    ActieFactory(agendapunt=punt, eigenaar=partner, deadline=VANDAAG() + timedelta(days=1))
    Uitnodiging.objects.filter(pk=uitnodiging.pk).update(geldig_tot=VANDAAG() - timedelta(days=1))
    assert services.herinneringen_versturen() == 0
    Uitnodiging.objects.filter(pk=uitnodiging.pk).update(geldig_tot=VANDAAG() + timedelta(days=5))
    assert services.herinneringen_versturen() == 1
    assert mailbox[0].to == [partner.email]
