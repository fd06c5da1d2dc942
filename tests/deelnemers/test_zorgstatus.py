"""Where the case stands, per role, over HTTP: the Zorgstatus block on the dossier, the list's care-status
column, and what an external ZAT partner sees of the student."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from aanmelding import services
from aanmelding.models import Problematiek, Toestemming
from privacy.models import DeelnemerToegang
from tests.aanmelding.conftest import VOLLEDIG
from tests.factories import GebruikerFactory, LidmaatschapFactory
from tests.factories import als as actor
from zorgstructuur import services as zorgtraject
from zorgstructuur.models import Niveauwijziging, Team, Zorgniveau

pytestmark = pytest.mark.django_db


def dossier(client, deelnemer) -> str:
    response = client.get(reverse("deelnemers:dossier", args=[deelnemer.pk]))
    assert response.status_code == 200
    return response.content.decode()


def zorgstatusblok(html: str) -> str:
    """The Zorgstatus section of a dossier page ('' when it is not there)."""
    gevonden = re.search(r'<section class="blok" aria-labelledby="kop-zorgstatus">.*?</section>', html, re.S)
    return gevonden.group(0) if gevonden else ""


def rij_in_lijst(client, deelnemer) -> str:
    """The student's row on the list (searched by name), as text without tags."""
    html = client.get(reverse("deelnemers:lijst"), {"q": deelnemer.achternaam}).content.decode()
    href = re.escape(reverse("deelnemers:dossier", args=[deelnemer.pk]))
    rij = re.search(rf'<tr>\s*<td><a href="{href}">.*?</tr>', html, re.S)
    assert rij, "student not on the list"
    return " ".join(re.sub(r"<[^>]+>", " ", rij.group(0)).split())


def kolomkoppen(client) -> list[str]:
    html = client.get(reverse("deelnemers:lijst")).content.decode()
    return re.findall(r'<th scope="col">([^<]+)</th>', html)


def aanmelden(deelnemer, door, bestemming="iz"):
    a = services.aanmelding_aanmaken(deelnemer=deelnemer, door=actor(door), bestemming=bestemming,
                                     problematiek=[Problematiek.objects.first()], **VOLLEDIG)
    return services.aanmelding_indienen(aanmelding=a, door=actor(door), versie=a.versie)


@pytest.fixture
def naar_het_zat(actors, nieuwe_deelnemer):
    """The mentor refers the student to the IZ, the taakdocent zorg accepts; with consent the zorgcoördinator
    then scales the case up to the ZAT."""
    a = aanmelden(nieuwe_deelnemer, actors["mentor"])
    a = services.aanmelding_accepteren(aanmelding=a, door=actor(actors["taakdocent"]), bericht="Het IZ neemt het op.")
    services.toestemming_vastleggen(deelnemer=nieuwe_deelnemer, door=actor(actors["zorgcoordinator"]),
                                    gegeven_door="deelnemer", datum=timezone.localdate(), vorm="digitaal",
                                    informatie="De uitkomsten van het intern zorgteam.")
    traject = a.zorgtraject
    traject.refresh_from_db()
    zorgtraject.opschalen(traject=traject, door=actor(actors["zorgcoordinator"]), versie=traject.versie,
                          reden="Meervoudige problematiek.", gedaan="IZ-plan.", effect="Onvoldoende.",
                          zat_grondslag=Niveauwijziging.Grondslag.TOESTEMMING)
    return nieuwe_deelnemer


# ---------------------------------------------------------------- the dossier's block

def test_mentor_ziet_dat_de_aanmelding_tot_het_zat_leidde(als, actors, naar_het_zat):
    blok = zorgstatusblok(dossier(als(actors["mentor"]), naar_het_zat))
    assert "Uw aanmeldingen" in blok
    assert "Aanmelding voor Intern zorgteam" in blok and "geaccepteerd" in blok
    assert "dat nu op ZAT staat" in blok
    # Not the zorg layer: no casemanager, no traject details.
    assert "Casemanager" not in blok and "Zorgniveau" not in blok


def test_mentor_ziet_de_status_van_een_ingediende_aanmelding(als, actors, nieuwe_deelnemer):
    aanmelden(nieuwe_deelnemer, actors["mentor"])
    client = als(actors["mentor"])
    blok = zorgstatusblok(dossier(client, nieuwe_deelnemer))
    assert "Aanmelding voor Intern zorgteam" in blok and "ingediend" in blok and "door u" in blok
    assert "aangemeld (IZ)" in rij_in_lijst(client, nieuwe_deelnemer)


def test_mentor_zonder_aanmelding_krijgt_geen_leeg_blok(als, actors, nieuwe_deelnemer):
    assert zorgstatusblok(dossier(als(actors["mentor"]), nieuwe_deelnemer)) == ""


def test_docent_ziet_niets_van_de_zorgstatus(als, actors, naar_het_zat):
    client = als(actors["docent"])
    html = dossier(client, naar_het_zat)
    assert zorgstatusblok(html) == "" and "ZAT" not in html
    assert "Zorgstatus" not in kolomkoppen(client)
    assert "ZAT" not in rij_in_lijst(client, naar_het_zat)


@pytest.mark.parametrize("rol", ["taakdocent", "zorgcoordinator"])
def test_zorglaag_ziet_niveau_sinds_wanneer_en_casemanager(rol, als, actors, naar_het_zat):
    blok = zorgstatusblok(dossier(als(actors[rol]), naar_het_zat))
    vandaag = timezone.localdate().strftime("%d-%m-%Y")
    assert f"ZAT, sinds {vandaag}" in blok
    assert "Casemanager" in blok
    assert "Aanmelding voor Intern zorgteam" in blok and "door Marieke de Jong" in blok


def test_zorglaag_ziet_geen_open_traject(als, actors, nieuwe_deelnemer):
    blok = zorgstatusblok(dossier(als(actors["taakdocent"]), nieuwe_deelnemer))
    assert "Geen open zorgtraject." in blok


def test_crisis_staat_bovenaan(als, actors, nieuwe_deelnemer):
    iz = Zorgniveau.objects.get(instelling=nieuwe_deelnemer.instelling, soort="iz")
    zc = actors["zorgcoordinator"]
    traject = zorgtraject.traject_starten(deelnemer=nieuwe_deelnemer, door=actor(zc), niveau=iz, casemanager=zc,
                                          reden="Zorgen thuis.")
    zorgtraject.crisis(traject=traject, door=actor(zc), versie=traject.versie, reden="Niet veilig thuis.",
                       gedaan="Gesprekken.", effect="Escalatie.")
    blok = zorgstatusblok(dossier(als(zc), nieuwe_deelnemer))
    assert "Crisis:" in blok and "Extern, sinds" in blok
    assert "Crisis" not in zorgstatusblok(dossier(als(actors["mentor"]), nieuwe_deelnemer))


def test_smw_route_in_blok_en_lijst(als, actors, nieuwe_deelnemer):
    a = aanmelden(nieuwe_deelnemer, actors["mentor"], bestemming="smw")
    services.aanmelding_accepteren(aanmelding=a, door=actor(actors["smw"]), bericht="Ik neem contact op.")
    mentor = als(actors["mentor"])
    assert "loopt bij het schoolmaatschappelijk werk" in zorgstatusblok(dossier(mentor, nieuwe_deelnemer))
    assert "SMW" in rij_in_lijst(mentor, nieuwe_deelnemer)
    taakdocent = als(actors["taakdocent"])
    assert "Schoolmaatschappelijk werk" in zorgstatusblok(dossier(taakdocent, nieuwe_deelnemer))


# ---------------------------------------------------------------- the list's column

@pytest.mark.parametrize("rol, ziet", [
    ("mentor", "ZAT"),  # their referral led there
    ("taakdocent", "ZAT"),
    ("zorgcoordinator", "ZAT"),
    ("docent", None),  # no column at all
])
def test_zorgstatuskolom_per_rol(rol, ziet, als, actors, naar_het_zat):
    client = als(actors[rol])
    rij = rij_in_lijst(client, naar_het_zat)
    if ziet:
        assert "Zorgstatus" in kolomkoppen(client)
        assert rij.endswith(ziet)
    else:
        assert "Zorgstatus" not in kolomkoppen(client) and "ZAT" not in rij


def test_andere_mentor_van_het_team_ziet_de_status_niet(als, actors, naar_het_zat):
    """A mentor who did not refer learns nothing of the level (the referring mentor does, above)."""
    collega = GebruikerFactory()
    LidmaatschapFactory(gebruiker=collega, team=Team.objects.get(naam="Team Zorg en Welzijn"), functie="mentor")
    naar_het_zat.mentor = collega
    naar_het_zat.save(update_fields=["mentor"])
    client = als(collega)
    assert zorgstatusblok(dossier(client, naar_het_zat)) == ""
    assert rij_in_lijst(client, naar_het_zat).endswith("–")


# ---------------------------------------------------------------- the external partner

@pytest.fixture
def partner_dossier(als, actors, eigen_deelnemer):
    """The demo partner's invited student, with consent that names their organisation but not the address,
    the living situation or absence."""
    Toestemming.objects.filter(deelnemer=eigen_deelnemer).update(informatie="De uitkomsten van het intern zorgteam.")
    return dossier(als(actors["partner"]), eigen_deelnemer)


def test_partner_ziet_wat_het_zat_nodig_heeft(partner_dossier, actors, eigen_deelnemer):
    html = partner_dossier
    grant = DeelnemerToegang.objects.get(user=actors["partner"], content_object=eigen_deelnemer)
    assert eigen_deelnemer.naam in html
    assert f"{eigen_deelnemer.leeftijd()} jaar" in html
    assert eigen_deelnemer.opleiding.naam in html
    assert "Meervoudige problematiek: graag inzet van GGZ en jeugdhulp." in html  # the question of the ZAT aanmelding
    assert f"toegang tot {grant.geldig_tot:%d-%m-%Y}" in html
    assert "GGZ Midden-Holland" in html and "De uitkomsten van het intern zorgteam." in html  # what consent allows


def test_partner_ziet_geen_adres_woonsituatie_of_verzuim(partner_dossier, eigen_deelnemer):
    html = partner_dossier
    for label in ("Adres", "Woonsituatie", "Ongeoorloofd verzuim", "Geboortedatum", "Studentnummer", "Mentor / SLB-er"):
        assert f"<dt>{label}</dt>" not in html
    assert eigen_deelnemer.straat not in html and eigen_deelnemer.postcode not in html
    assert eigen_deelnemer.studentnummer not in html
    if eigen_deelnemer.woonsituatie:
        assert eigen_deelnemer.woonsituatie not in html


def test_partner_ziet_verzuim_als_de_toestemming_het_noemt(als, actors, eigen_deelnemer):
    Toestemming.objects.filter(deelnemer=eigen_deelnemer).update(
        informatie="Schoolgegevens, verzuim en de uitkomsten van het intern zorgteam.")
    html = dossier(als(actors["partner"]), eigen_deelnemer)
    assert "<dt>Ongeoorloofd verzuim</dt>" in html
    assert "<dt>Adres</dt>" not in html and "<dt>Woonsituatie</dt>" not in html


def test_werkrelatie_ziet_alle_basisgegevens(als, actors, eigen_deelnemer):
    html = dossier(als(actors["docent"]), eigen_deelnemer)
    for label in ("Adres", "Woonsituatie", "Ongeoorloofd verzuim", "Geboortedatum", "Studentnummer"):
        assert f"<dt>{label}</dt>" in html


def test_partnerlijst_toont_alleen_de_partnergegevens(als, actors, eigen_deelnemer):
    client = als(actors["partner"])
    response = client.get(reverse("deelnemers:lijst"))
    html = response.content.decode()
    assert kolomkoppen(client) == ["Naam", "Opleiding", "Niveau", "Leerjaar", "Zorgstatus"]
    assert set(response.context["form"].fields) == {"q", "opleiding", "status"}  # no mentor or locatie names
    grant = DeelnemerToegang.objects.get(user=actors["partner"], content_object=eigen_deelnemer)
    assert f"ZAT-uitnodiging, toegang tot {grant.geldig_tot:%d-%m-%Y}" in rij_in_lijst(client, eigen_deelnemer)
    assert eigen_deelnemer.studentnummer not in html and eigen_deelnemer.mentor.last_name not in html


def test_partner_zoekt_op_naam_niet_op_studentnummer(als, actors, eigen_deelnemer):
    client = als(actors["partner"])
    lijst = reverse("deelnemers:lijst")
    assert eigen_deelnemer in client.get(lijst, {"q": eigen_deelnemer.achternaam}).context["pagina"].object_list
    response = client.get(lijst, {"q": eigen_deelnemer.studentnummer})
    assert list(response.context["pagina"].object_list) == []
    assert response.context["form"].fields["q"].label == "Zoek op naam"
