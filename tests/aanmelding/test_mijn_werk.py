"""Mijn werk leads with the work, most urgent first; notifications name the student (and who caused it)
only to a reader who may see that student now, can be marked read, and leave when their subject is
handled; a docent's signal shows once and the mentor marks it handled; the signal picker of a docent
lists the team's students."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aanmelding import services as aanmelding_services
from aanmelding.models import Problematiek, Signaal
from deelnemers.models import Deelnemer
from privacy import policy
from privacy.models import Toegangslog
from tests.aanmelding.conftest import VOLLEDIG
from tests.factories import als
from zorgstructuur import services
from zorgstructuur.models import Melding, Opleiding

pytestmark = pytest.mark.django_db


def werk_van(client_als, user):
    response = client_als(user).get(reverse("mijn_werk"))
    assert response.status_code == 200
    return response


def geaccepteerd(ingediend_door, door, deelnemer):
    """A submitted IZ aanmelding for `deelnemer`, accepted by `door`: the referrer gets a notification."""
    a = aanmelding_services.aanmelding_aanmaken(deelnemer=deelnemer, door=als(ingediend_door), bestemming="iz",
                                                problematiek=[Problematiek.objects.first()], **VOLLEDIG)
    a = aanmelding_services.aanmelding_indienen(aanmelding=a, door=als(ingediend_door), versie=a.versie)
    return aanmelding_services.aanmelding_accepteren(aanmelding=a, door=als(door))


def test_melding_noemt_deelnemer_en_beoordelaar_alleen_voor_wie_de_deelnemer_nu_ziet(client_als, actors,
                                                                                  nieuwe_deelnemer):
    mentor, zc = actors["mentor"], actors["zorgcoordinator"]
    geaccepteerd(mentor, zc, nieuwe_deelnemer)
    melding = Melding.objects.get(ontvanger=mentor, soort=Melding.Soort.GEACCEPTEERD, deelnemer=nieuwe_deelnemer)
    assert nieuwe_deelnemer.achternaam not in melding.tekst  # the stored text names nobody

    laatste = Toegangslog.objects.order_by("-id").values_list("id", flat=True).first()
    werk = werk_van(client_als, mentor).content.decode()
    assert f"Uw aanmelding voor Intern zorgteam is geaccepteerd: {nieuwe_deelnemer.naam}" in werk
    assert f"door {zc.get_full_name()}" in werk
    assert Toegangslog.objects.filter(id__gt=laatste, gebruiker_id=mentor.pk, deelnemer_id=nieuwe_deelnemer.pk,
                                      object_type="melding", omschrijving="melding op Mijn werk").exists()

    # The mentor loses the relation: another mentor, a team of another locatie.
    Deelnemer.objects.filter(pk=nieuwe_deelnemer.pk).update(
        mentor=actors["taakdocent"], opleiding=Opleiding.objects.filter(locatie__naam="Alphen").first(),
        locatie=Opleiding.objects.filter(locatie__naam="Alphen").first().locatie)
    assert not policy.deelnemers_voor(mentor).filter(pk=nieuwe_deelnemer.pk).exists()
    laatste = Toegangslog.objects.order_by("-id").values_list("id", flat=True).first()
    werk = werk_van(client_als, mentor).content.decode()
    assert "Uw aanmelding voor Intern zorgteam is geaccepteerd" in werk
    assert nieuwe_deelnemer.achternaam not in werk and f"door {zc.get_full_name()}" not in werk
    assert not Toegangslog.objects.filter(id__gt=laatste, deelnemer_id=nieuwe_deelnemer.pk).exists()


def test_een_melding_of_alle_meldingen_als_gelezen_markeren(client_als, actors, eigen_deelnemer):
    mentor = actors["mentor"]
    Melding.objects.filter(ontvanger=mentor).update(gelezen_op=None)
    melding, *andere = Melding.objects.filter(ontvanger=mentor).order_by("id")
    assert andere, "the demo gives the mentor more than one notification"
    url = reverse("melding_gelezen", args=[melding.pk])

    assert client_als(actors["taakdocent"]).post(url).status_code == 404  # not theirs: as if it did not exist
    assert client_als(mentor).get(url).status_code == 405  # POST only
    zonder_token = Client(enforce_csrf_checks=True)
    zonder_token.force_login(mentor)
    assert zonder_token.post(url).status_code == 403  # CSRF
    melding.refresh_from_db()
    assert melding.gelezen_op is None

    response = client_als(mentor).post(url)
    assert response.status_code == 302 and response["Location"] == reverse("mijn_werk")
    melding.refresh_from_db()
    assert melding.gelezen_op is not None
    assert Melding.objects.filter(ontvanger=mentor, gelezen_op__isnull=True).count() == len(andere)

    assert client_als(mentor).post(reverse("meldingen_gelezen")).status_code == 302
    assert not Melding.objects.filter(ontvanger=mentor, gelezen_op__isnull=True).exists()
    panelen = [p.template for p in werk_van(client_als, mentor).context["panelen"]]
    assert "zorgstructuur/paneel_meldingen.html" not in panelen


def test_alle_gelezen_raakt_alleen_de_eigen_meldingen(client_als, actors):
    Melding.objects.update(gelezen_op=None)
    client_als(actors["mentor"]).post(reverse("meldingen_gelezen"))
    assert Melding.objects.exclude(ontvanger=actors["mentor"]).filter(gelezen_op__isnull=False).count() == 0


def test_wachtende_aanmelding_noemt_deelnemer_en_aanmelder_en_verdwijnt_na_beoordeling(
        client_als, actors, nieuwe_deelnemer, ingediend):
    mentor, zc, taakdocent = actors["mentor"], actors["zorgcoordinator"], actors["taakdocent"]
    aanmelding = ingediend()
    for lezer in (zc, taakdocent):
        werk = werk_van(client_als, lezer)
        html = werk.content.decode()
        assert f">{nieuwe_deelnemer.naam}</a> — aanmelding voor Intern zorgteam door {mentor.get_full_name()}" in html
        assert html.count(nieuwe_deelnemer.naam) == 1  # the "new aanmelding" notification is this line
        assert Melding.objects.filter(ontvanger=lezer, object_type="aanmelding", object_id=aanmelding.pk).exists()
        regels = Toegangslog.objects.filter(gebruiker_id=lezer.pk, deelnemer_id=nieuwe_deelnemer.pk,
                                            omschrijving="wachtende aanmelding op Mijn werk")
        assert regels.exists()

    aanmelding_services.aanmelding_terugsturen(aanmelding=aanmelding, door=als(taakdocent), bericht="Aanvullen.")
    assert not Melding.objects.filter(object_type="aanmelding", object_id=aanmelding.pk,
                                      soort=Melding.Soort.NIEUWE_AANMELDING, afgehandeld_op__isnull=True).exists()
    for lezer in (zc, taakdocent):
        assert nieuwe_deelnemer.naam not in werk_van(client_als, lezer).content.decode()
    # The referrer now has work: the returned form, named; resubmitting closes that notification.
    assert f"Uw aanmelding voor Intern zorgteam is teruggestuurd met een bericht: {nieuwe_deelnemer.naam}" in (
        werk_van(client_als, mentor).content.decode())
    aanmelding.refresh_from_db()
    aanmelding_services.aanmelding_indienen(aanmelding=aanmelding, door=als(mentor), versie=aanmelding.versie)
    html = werk_van(client_als, mentor).content.decode()
    assert f"teruggestuurd met een bericht: {nieuwe_deelnemer.naam}" not in html


def test_signaal_staat_eenmaal_op_mijn_werk_en_de_mentor_handelt_het_af(client_als, actors, nieuwe_deelnemer):
    mentor, docent = actors["mentor"], actors["docent"]
    signaal = aanmelding_services.signaal_geven(deelnemer=nieuwe_deelnemer, door=als(docent),
                                                tekst="Slaapt in de les.")
    html = werk_van(client_als, mentor).content.decode()
    assert html.count("Slaapt in de les.") == 1 and html.count(f">{nieuwe_deelnemer.naam}</a>") == 1
    assert "Een docent heeft een signaal afgegeven" not in html

    url = reverse("aanmelding:signaal_afhandelen", args=[nieuwe_deelnemer.pk, signaal.pk])
    assert client_als(docent).post(url).status_code == 404  # the docent gave it; the mentor handles it
    assert client_als(mentor).get(url).status_code == 405
    andere = Deelnemer.objects.filter(mentor=mentor).exclude(pk=nieuwe_deelnemer.pk).first()
    assert client_als(mentor).post(reverse("aanmelding:signaal_afhandelen", args=[andere.pk, signaal.pk])
                                   ).status_code == 404  # the signal belongs to another student
    response = client_als(mentor).post(url)
    assert response.status_code == 302 and response["Location"] == reverse("mijn_werk")

    signaal.refresh_from_db()
    assert signaal.afgehandeld_op is not None and signaal.afgehandeld_door == mentor
    assert Toegangslog.objects.filter(gebruiker_id=mentor.pk, actie="wijzigen", object_type="signaal",
                                      object_id=str(signaal.pk), deelnemer_id=nieuwe_deelnemer.pk,
                                      omschrijving="signaal afgehandeld").exists()
    assert not Melding.objects.filter(object_type="signaal", object_id=signaal.pk, afgehandeld_op__isnull=True).exists()
    html = werk_van(client_als, mentor).content.decode()
    assert "Slaapt in de les." not in html and "Een docent heeft een signaal afgegeven" not in html
    client_als(mentor).post(url)  # twice: the first one counts
    assert Toegangslog.objects.filter(object_type="signaal", object_id=str(signaal.pk),
                                      omschrijving="signaal afgehandeld").count() == 1


def test_mijn_werk_volgt_de_urgentie(client_als, actors, ingediend, nieuwe_aanmelding, nieuwe_deelnemer):
    """Crisis cases for the next ZAT, then aanmeldingen (longest waiting first), then signals, then the
    other notifications."""
    zc = actors["zorgcoordinator"]
    services.melden(ontvangers=[zc], soort=Melding.Soort.GEACCEPTEERD, tekst="Uw aanmelding is geaccepteerd",
                    url="/", deelnemer=nieuwe_deelnemer)
    werk = werk_van(client_als, zc)
    volgorde = [p.template for p in werk.context["panelen"]]
    posities = [volgorde.index(t) for t in ("zorgstructuur/paneel_crisis.html", "aanmelding/paneel_intake.html",
                                            "aanmelding/paneel_signalen.html", "zorgstructuur/paneel_meldingen.html")]
    assert posities == sorted(posities)
    html = werk.content.decode()
    assert html.index("Crisis: bespreken") < html.index("op uw beoordeling wachten") < html.index(
        "Signaal afgeven") < html.index("Meldingen")
    panelen = {p.template: p.context for p in werk.context["panelen"]}
    wachtend = panelen["aanmelding/paneel_intake.html"]["aanmeldingen"]
    assert [a.ingediend_op for a in wachtend] == sorted(a.ingediend_op for a in wachtend)
    assert all(a.wacht for a in wachtend) and "wacht " in html


def test_mijn_werk_queries_groeien_niet_met_de_meldingen(client_als, actors, eigen_deelnemer):
    zc = actors["zorgcoordinator"]
    c = client_als(zc)
    c.get(reverse("mijn_werk"))

    def tel():
        with CaptureQueriesContext(connection) as q:
            assert c.get(reverse("mijn_werk")).status_code == 200
        return len(q)

    services.melden(ontvangers=[zc], soort=Melding.Soort.GEACCEPTEERD, tekst="Uw aanmelding is geaccepteerd",
                    url="/", deelnemer=eigen_deelnemer)
    weinig = tel()
    for deelnemer in Deelnemer.objects.filter(locatie__naam="Gouda")[:12]:
        services.melden(ontvangers=[zc], soort=Melding.Soort.GEACCEPTEERD, tekst="Uw aanmelding is geaccepteerd",
                        url="/", deelnemer=deelnemer, door=als(actors["mentor"]))
    assert tel() == weinig


def test_docent_kiest_voor_een_signaal_uit_de_deelnemers_van_het_team(client_als, actors):
    docent = actors["docent"]
    response = client_als(docent).get(reverse("aanmelding:kiezen_signaal"))
    html = response.content.decode()
    assert response.context["bron"] == "team"
    gekozen = response.context["deelnemers"]
    assert gekozen and len(gekozen) <= 25
    zichtbaar = set(policy.deelnemers_voor(docent).values_list("pk", flat=True))
    assert {d.pk for d in gekozen} <= zichtbaar
    assert [(d.achternaam, d.voornaam) for d in gekozen] == sorted((d.achternaam, d.voornaam) for d in gekozen)
    assert "Uw eigen mentordeelnemers" not in html and "Geen deelnemers gevonden" not in html
    assert "Deelnemers met wie u werkt" in html
    assert reverse("aanmelding:signaal", args=[gekozen[0].pk]) in html

    mentor = client_als(actors["mentor"]).get(reverse("aanmelding:kiezen_signaal"))
    assert mentor.context["bron"] == "mentor" and "Uw eigen mentordeelnemers" in mentor.content.decode()
    gezocht = client_als(docent).get(reverse("aanmelding:kiezen_signaal"), {"q": gekozen[0].achternaam})
    assert gezocht.context["bron"] == "zoeken" and gekozen[0] in gezocht.context["deelnemers"]


def test_signaal_afgehandeld_geldt_niet_voor_de_docent(actors, nieuwe_deelnemer):
    signaal = Signaal.objects.create(deelnemer=nieuwe_deelnemer, auteur=actors["docent"], tekst="Let op.")
    docent_inz = policy.inzage(actors["docent"], nieuwe_deelnemer)
    mentor_inz = policy.inzage(actors["mentor"], nieuwe_deelnemer)
    assert not policy.mag_signaal_afhandelen(actors["docent"], docent_inz)
    assert policy.mag_signaal_afhandelen(actors["mentor"], mentor_inz)
    assert signaal.afgehandeld_op is None


def test_partner_en_docent_lezen_geen_mentortekst(client_als, actors):
    for rol in ("partner", "docent"):
        pagina = client_als(actors[rol]).get(reverse("mijn_werk")).content.decode()
        assert "mentor" not in pagina.split("kop-deelnemers")[1].split("</section>")[0]
    partner = client_als(actors["partner"]).get(reverse("mijn_werk")).content.decode()
    assert "De deelnemer met wie u werkt" in partner  # the one invited case
