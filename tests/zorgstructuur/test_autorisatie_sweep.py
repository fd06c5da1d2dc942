"""The authorisation sweep: every URL of the URLconf × every demo role → the expected status.

URLs are derived from the URLconf, so a new URL without an expectation here fails the test
(pretix' test_permissions, one step further). Anonymous users always go to a login page.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from privacy.models import Toegangslog
from tests.conftest import ROLLEN, laatste_logregel

ALLEN = dict.fromkeys(ROLLEN, 200)
GEEN_ZORG = {"manager": 403, "beheerder": 403}
IZ_LEDEN = {**dict.fromkeys(ROLLEN, 404), **dict.fromkeys(["taakdocent", "zorgcoordinator", "smw", "specialist"], 200)}
# Expected status per URL name and role. The sample objects: the mentor's first student and its document.
VERWACHT = {
    "mijn_werk": ALLEN,
    "healthz": ALLEN,
    "login": dict.fromkeys(ROLLEN, 302),  # already logged in: on to Mijn werk
    "logout": dict.fromkeys(ROLLEN, 405),  # POST only
    # The mailed link to set one's own password: public; the sample token is invalid, so the page says so.
    "wachtwoord_instellen": ALLEN,
    "wachtwoord_ingesteld": ALLEN,
    "deelnemers:lijst": {**ALLEN, **GEEN_ZORG},
    "deelnemers:importeren": {**dict.fromkeys(ROLLEN, 403), "beheerder": 200},
    "deelnemers:importeren_toepassen": {**dict.fromkeys(ROLLEN, 403), "beheerder": 405},  # POST only
    # The report of one's own dry run; the sample id is no import of the beheerder's.
    "deelnemers:importeren_proefdraai": {**dict.fromkeys(ROLLEN, 403), "beheerder": 404},
    "deelnemers:dossier": {**ALLEN, "specialist": 404, **GEEN_ZORG},
    "deelnemers:item_nieuw": {**ALLEN, "specialist": 404, **GEEN_ZORG},
    "deelnemers:item": {**dict.fromkeys(ROLLEN, 404), "mentor": 200, "taakdocent": 200, "zorgcoordinator": 200,
                        **GEEN_ZORG},
    "deelnemers:item_download": {**dict.fromkeys(ROLLEN, 404), "mentor": 200, "taakdocent": 200,
                                 "zorgcoordinator": 200, **GEEN_ZORG},
    "deelnemers:item_wijzigen": {**dict.fromkeys(ROLLEN, 404), "mentor": 200, **GEEN_ZORG},
    "deelnemers:werkaantekeningen": {**ALLEN, "specialist": 404, "partner": 403, **GEEN_ZORG},
    "deelnemers:toegangslog": {**dict.fromkeys(ROLLEN, 403), "zorgcoordinator": 200},
    # The care route. Samples: the mentor's first student (a ZAT case of the zorgcoördinator, with consent), the
    # mentor's submitted IZ aanmelding for their fourth student (a specialist has a zorg grant there) and a
    # notification of the mentor. No "aanmeldingen" right: docent, partner, manager, beheerder (403).
    "aanmelding:lijst": {**ALLEN, "docent": 403, "partner": 403, **GEEN_ZORG},
    "aanmelding:kiezen": {**ALLEN, "docent": 403, "partner": 403, **GEEN_ZORG},
    "aanmelding:kiezen_signaal": {**ALLEN, "partner": 403, **GEEN_ZORG},
    "aanmelding:detail": {**ALLEN, "docent": 403, "smw": 404, "partner": 403, **GEEN_ZORG},
    # Read-only once submitted: the referrer is sent to the detail page; nobody else edits it.
    "aanmelding:wijzigen": {**dict.fromkeys(ROLLEN, 404), "mentor": 302, "docent": 403, "partner": 403,
                            **GEEN_ZORG},
    # Only who takes it in judges it; the referrer and who reads the zorg layer may read it, not judge it: 404.
    "aanmelding:beoordelen": {**dict.fromkeys(ROLLEN, 403), "taakdocent": 200, "zorgcoordinator": 200,
                              "mentor": 404, "smw": 404, "specialist": 404},
    "melding": {**dict.fromkeys(ROLLEN, 404), "mentor": 302},
    # Marking read and handled are POST only (405 on GET) — after the lookup, so whoever may not sees 404.
    "melding_gelezen": {**dict.fromkeys(ROLLEN, 404), "mentor": 405},
    "meldingen_gelezen": dict.fromkeys(ROLLEN, 405),
    # The sample signal is a docent's about the mentor's first student: who reads the begeleiding layer.
    "aanmelding:signaal_afhandelen": {**dict.fromkeys(ROLLEN, 404), "mentor": 405, "taakdocent": 405,
                                      "zorgcoordinator": 405, "partner": 403, **GEEN_ZORG},
    "aanmelding:aanmelden": {**ALLEN, "docent": 403, "specialist": 404, "partner": 403, **GEEN_ZORG},
    "zorgtraject:overzicht": {**dict.fromkeys(ROLLEN, 404), "taakdocent": 200, "zorgcoordinator": 200,
                               "smw": 200, **GEEN_ZORG},
    # An open traject exists: starting another one sends back to the traject page.
    "zorgtraject:starten": {**dict.fromkeys(ROLLEN, 404), "taakdocent": 302, "zorgcoordinator": 302, **GEEN_ZORG},
    # The sample decision is "afsluiten": taakdocent and zorgcoördinator; the SMW reads the case, may not close it.
    "zorgtraject:besluit": {**dict.fromkeys(ROLLEN, 404), "taakdocent": 200, "zorgcoordinator": 200, **GEEN_ZORG},
    "aanmelding:toestemming": {**ALLEN, "docent": 403, "specialist": 404, "partner": 403, **GEEN_ZORG},
    "aanmelding:toestemming_intrekken": {**ALLEN, "docent": 403, "specialist": 404, "partner": 403, **GEEN_ZORG},
    "aanmelding:signaal": {**ALLEN, "specialist": 404, "partner": 403, **GEEN_ZORG},
    # Meetings. Samples: the next planned IZ Gouda (chair: the zorgcoördinator, minute-taker: the taakdocent; members
    # taakdocent, zorgcoördinator, smw, specialist) and its first item, the demo partner's valid invitation to the
    # next ZAT, an action of the taakdocent, and an aftercare case due. A mentor sees no meeting.
    "overleg:lijst": {**ALLEN, **GEEN_ZORG},
    "overleg:plannen": {**dict.fromkeys(ROLLEN, 403), "zorgcoordinator": 200, "taakdocent": 200},
    **dict.fromkeys(["overleg:overleg", "overleg:agendapunt", "overleg:agenda", "overleg:agenda_pdf", "overleg:ics"],
                    {**IZ_LEDEN, **GEEN_ZORG}),
    # The minutes of a meeting not yet held: back to the agenda.
    **dict.fromkeys(["overleg:verslag", "overleg:verslag_pdf"], {**dict.fromkeys(ROLLEN, 404), **dict.fromkeys(
        ["taakdocent", "zorgcoordinator", "smw", "specialist"], 302), **GEEN_ZORG}),
    **dict.fromkeys(["overleg:wijzigen", "overleg:agenda_bewerken"],
                    {**dict.fromkeys(ROLLEN, 404), "zorgcoordinator": 200, **GEEN_ZORG}),
    # POST only, after the lookup: who may not do it sees 404.
    **dict.fromkeys(["overleg:annuleren", "overleg:gehouden", "overleg:agendapunt_wijzigen",
                     "overleg:agendapunt_verwijderen", "overleg:versturen", "overleg:uitnodiging_intrekken"],
                    {**dict.fromkeys(ROLLEN, 404), "zorgcoordinator": 405, **GEEN_ZORG}),
    **dict.fromkeys(["overleg:aanwezigheid", "overleg:actie_toevoegen"],
                    {**dict.fromkeys(ROLLEN, 404), "zorgcoordinator": 405, "taakdocent": 405, **GEEN_ZORG}),
    "overleg:actie_afronden": {**dict.fromkeys(ROLLEN, 404), "zorgcoordinator": 405, "taakdocent": 405,
                               **GEEN_ZORG},
    "overleg:uitnodigen": {**dict.fromkeys(ROLLEN, 404), **GEEN_ZORG},  # an IZ item: no partners op afroep
    "overleg:acties": {**ALLEN, **GEEN_ZORG},
    **dict.fromkeys(["overleg:nazorg", "overleg:nazorg_vastleggen"],
                    {**dict.fromkeys(ROLLEN, 403), "zorgcoordinator": 200}),
    "overleg:feed_beheren": {**ALLEN, **GEEN_ZORG},
    "overleg:feed": dict.fromkeys(ROLLEN, 404),  # the sample token is no one's
    # Rapportage (issue 11, "rapport"): management and the zorgcoördinator reach the overviews (over their
    # instelling / own locaties); the SMW only the index and their own SMW overview; the rest 403.
    "rapportage:index": {**dict.fromkeys(ROLLEN, 403), "manager": 200, "zorgcoordinator": 200, "smw": 200},
    "rapportage:overzicht": {**dict.fromkeys(ROLLEN, 403), "manager": 200, "zorgcoordinator": 200},  # sample: zorg
    # A download starts a background task: POST only.
    **dict.fromkeys(["rapportage:excel", "rapportage:pdf"],
                    {**dict.fromkeys(ROLLEN, 403), "manager": 405, "zorgcoordinator": 405}),
    # Background tasks (issue 12): the sample is the manager's finished export; nobody else's.
    **dict.fromkeys(["taken:taak", "taken:voortgang", "taken:bestand"], {**dict.fromkeys(ROLLEN, 404), "manager": 200}),
    # SMW (issue 11). Sample: the demo's open SMW traject (referred by the mentor, the SMW is casemanager). The
    # SMW part is for the SMW and the zorgcoördinator (403 for the rest); only the casemanager registers (404);
    # the satisfaction question is the referrer's once closed (404 before, and for everyone else).
    **dict.fromkeys(["aanmelding:smw_caseload", "aanmelding:smw_client"],
                    {**dict.fromkeys(ROLLEN, 403), "smw": 200, "zorgcoordinator": 200}),
    "aanmelding:smw_eigen_aanmelding": {**dict.fromkeys(ROLLEN, 403), "smw": 200},
    **dict.fromkeys(["aanmelding:smw_contact", "aanmelding:smw_afsluiten"],
                    {**dict.fromkeys(ROLLEN, 403), "smw": 200, "zorgcoordinator": 404}),
    "aanmelding:smw_tevredenheid": {**dict.fromkeys(ROLLEN, 404), "docent": 403, "partner": 403, **GEEN_ZORG},
}
# The calendar feed is opened by its secret token alone (a calendar app has no session); the sample is no one's.
OPEN_VOOR_ANONIEM = {"login": 200, "healthz": 200, "wachtwoord_instellen": 200, "wachtwoord_ingesteld": 200,
                     "overleg:feed": 404}


def alle_urls(resolver=None, namespace=""):
    """(name, pattern) for every named pattern, depth first, with namespaces."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from alle_urls(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", p


def parameters(pattern, voorbeeld):
    namen = list(pattern.pattern.regex.groupindex)
    return {naam: voorbeeld[naam] for naam in namen}


@pytest.fixture
def voorbeeld(eigen_deelnemer, document):
    return {
        "pk": eigen_deelnemer.pk,
        "item_pk": document.pk,
        "app_label": "zorgstructuur",
        "object_id": "1",
        "content_type_id": ContentType.objects.get_by_natural_key("zorgstructuur", "team").pk,
        "id": "1",
        "url": "",
        "uidb64": "MQ",
        "token": "ongeldig-token",
        "soort": "afsluiten",
        **aanmelding_voorbeelden(eigen_deelnemer),
        **overleg_voorbeelden(),
        **rapportage_voorbeelden(),
        **smw_voorbeelden(),
        **taken_voorbeelden(),
    }


def taken_voorbeelden():
    from django.contrib.auth import get_user_model

    from taken.models import Taak
    from taken.uitvoeren import bestand_bewaren

    taak = Taak.objects.create(soort=Taak.Soort.EXPORT, omschrijving="Zorg als Excel", status=Taak.Status.KLAAR,
                               gebruiker=get_user_model().objects.get(username="manager"))
    bestand_bewaren(taak, b"PK\x03\x04 een werkboek", "zorg.xlsx")
    taak.save()
    return {"taak_pk": taak.pk}


def smw_voorbeelden():
    from aanmelding.models import SMWTraject

    return {"smw_pk": SMWTraject.objects.get(zorgtraject__casemanager__username="smw", afgesloten_op=None,
                                             aanmelder__username="mentor").pk}


def aanmelding_voorbeelden(eigen_deelnemer):
    from django.contrib.auth import get_user_model

    from aanmelding.models import Aanmelding, Signaal
    from zorgstructuur.models import Melding

    mentor = eigen_deelnemer.mentor
    docent = get_user_model().objects.get(username="docent")
    return {
        "signaal_pk": Signaal.objects.create(deelnemer=eigen_deelnemer, auteur=docent, tekst="Moe in de les.").pk,
        "aanmelding_pk": Aanmelding.objects.filter(aanmelder=mentor, status="ingediend", bestemming="iz")
        .order_by("deelnemer__studentnummer").first().pk,
        "toestemming_pk": eigen_deelnemer.toestemmingen.first().pk,
        "melding_pk": Melding.objects.filter(ontvanger=mentor).first().pk,
    }


def rapportage_voorbeelden():
    return {"naam": "zorg"}  # the Zorg overview (management and zorgcoördinator)


def overleg_voorbeelden():
    from django.utils import timezone

    from overleg import selectors
    from overleg.models import Actie, Overleg, Uitnodiging

    iz = Overleg.objects.filter(team__naam="Intern zorgteam Gouda", status="gepland",
                                datum__gte=timezone.localdate()).first()
    nazorg = selectors.nazorg_taken(iz.team.locaties.values_list("pk", flat=True)).first()
    return {
        "overleg_pk": iz.pk,
        "agendapunt_pk": iz.agendapunten.order_by("volgorde", "id").first().pk,
        "uitnodiging_pk": Uitnodiging.objects.filter(partner__username="partner",
                                                     geldig_tot__gte=timezone.localdate()).first().pk,
        "actie_pk": Actie.objects.filter(eigenaar__username="taakdocent", status="open").first().pk,
        "traject_pk": nazorg.zorgtraject_id,
        "token": "geen-geldig-token",
    }


def url_voor(naam, pattern, voorbeeld):
    return reverse(naam, kwargs=parameters(pattern, voorbeeld))


@pytest.mark.django_db
def test_elke_url_heeft_een_verwachting():
    zonder = [naam for naam, _ in alle_urls() if not naam.startswith("admin:") and naam not in VERWACHT]
    assert zonder == [], f"Voeg verwachtingen toe aan VERWACHT voor: {zonder}"


@pytest.mark.django_db
def test_anoniem_gaat_naar_inloggen(client, voorbeeld):
    for naam, pattern in alle_urls():
        url = url_voor(naam, pattern, voorbeeld)
        response = client.get(url)
        if naam in OPEN_VOOR_ANONIEM:
            assert response.status_code == OPEN_VOOR_ANONIEM[naam], url
        elif naam.startswith("admin:"):
            assert response.status_code in (302, 200) and (
                response.status_code == 200 and naam == "admin:login" or "/login/" in response["Location"]
            ), url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/login/?next="), url


def deelnemer_van_url(pattern, voorbeeld):
    """The student a URL shows: its pk, or the student of the aanmelding it names."""
    namen = pattern.pattern.regex.groupindex
    if "pk" in namen:
        return voorbeeld["pk"]
    if "aanmelding_pk" in namen:
        from aanmelding.models import Aanmelding

        return Aanmelding.objects.get(pk=voorbeeld["aanmelding_pk"]).deelnemer_id
    if "agendapunt_pk" in namen:
        from overleg.models import Agendapunt

        return Agendapunt.objects.get(pk=voorbeeld["agendapunt_pk"]).deelnemer_id
    if "smw_pk" in namen:
        from aanmelding.models import SMWTraject

        return SMWTraject.objects.get(pk=voorbeeld["smw_pk"]).deelnemer_id
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ROLLEN)
def test_rol_krijgt_verwachte_status(rol, actors, client, voorbeeld):
    """…and every refusal, and every page that shows a student, leaves a row in the access log."""
    client.force_login(actors[rol])
    fouten = []
    for naam, pattern in alle_urls():
        url = url_voor(naam, pattern, voorbeeld)
        laatste = laatste_logregel()
        status = client.get(url).status_code
        nieuw = Toegangslog.objects.filter(id__gt=laatste, gebruiker_id=actors[rol].pk)
        if status in (403, 404) and not naam.startswith("admin:") and not nieuw.filter(uitkomst="geweigerd").exists():
            fouten.append(f"{naam} {url}: {status} zonder geweigerd-regel in het toegangslog")
        deelnemer_id = deelnemer_van_url(pattern, voorbeeld)
        getoond = nieuw.filter(deelnemer_id=deelnemer_id, uitkomst="toegestaan")
        if status == 200 and deelnemer_id and not getoond.exists():
            fouten.append(f"{naam} {url}: toont een deelnemer zonder regel in het toegangslog")
        if naam.startswith("admin:"):
            # The admin has its own permissions: staff see pages or 403/404, others go to the admin login.
            verwacht = {200, 302, 403, 404, 405} if actors[rol].is_staff else {302}
            if naam == "admin:login":
                verwacht = {200, 302}  # the admin's own login form tells a non-staff user they have no access
            if status not in verwacht:
                fouten.append(f"{url}: {status}")
        elif status != VERWACHT[naam][rol]:
            fouten.append(f"{naam} {url}: {status}, verwacht {VERWACHT[naam][rol]}")
    assert fouten == []


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ROLLEN)
def test_lege_post_geeft_nooit_500_en_opent_geen_dichte_deur(rol, actors, client, voorbeeld):
    """Every write path refuses who may not read, and answers bad input with a page, not a crash."""
    client.force_login(actors[rol])
    fouten = []
    for naam, pattern in alle_urls():
        if naam.startswith("admin:") or naam == "logout":
            continue
        url = url_voor(naam, pattern, voorbeeld)
        status = client.post(url, {}).status_code
        dicht = VERWACHT[naam][rol] in (403, 404)
        if status >= 500 or (dicht and status not in (403, 404, 405)):
            fouten.append(f"{naam} {url}: {status}")
    assert fouten == []


@pytest.fixture
def andere_locatie(actors):
    """pretix' "other organiser": a student of a new locatie of the demo instelling, with a mentor of their
    own, an entry, a submitted aanmelding, consent and a notification — nobody of the demo roles has any
    relation with them."""
    from aanmelding import services as aanmelding_services
    from aanmelding.models import Problematiek
    from deelnemers.models import DossierItem
    from tests.aanmelding.conftest import VOLLEDIG
    from tests.factories import DeelnemerFactory, GebruikerFactory, LocatieFactory, OpleidingFactory, als
    from zorgstructuur.models import Instelling, Melding

    locatie = LocatieFactory(instelling=Instelling.objects.get(naam__startswith="ROC Groene Hart"), naam="Leiden")
    mentor = GebruikerFactory(username="mentor_leiden")
    deelnemer = DeelnemerFactory(opleiding=OpleidingFactory(locatie=locatie), mentor=mentor)
    item = DossierItem.objects.create(deelnemer=deelnemer, soort="notitie", laag="basis", titel="Kennismaking",
                                      tekst="Eerste gesprek.", auteur=mentor, discipline="mentor")
    aanmelding = aanmelding_services.aanmelding_aanmaken(
        deelnemer=deelnemer, door=als(mentor), bestemming="iz", problematiek=[Problematiek.objects.first()],
        **VOLLEDIG)
    toestemming = aanmelding_services.toestemming_vastleggen(
        deelnemer=deelnemer, door=als(mentor), gegeven_door="deelnemer", datum=deelnemer.inschrijfdatum,
        vorm="digitaal", informatie="schoolgegevens")
    melding = Melding.objects.create(ontvanger=mentor, soort="signaal", tekst="Een signaal", url="/")
    signaal = aanmelding_services.signaal_geven(deelnemer=deelnemer, door=als(mentor), tekst="Moe in de les.")
    return {"pk": deelnemer.pk, "item_pk": item.pk, "aanmelding_pk": aanmelding.pk,
            "toestemming_pk": toestemming.pk, "melding_pk": melding.pk, "signaal_pk": signaal.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ROLLEN)
def test_deelnemer_van_een_andere_locatie_bestaat_niet(rol, actors, client, voorbeeld, andere_locatie):
    """Every URL that names a student or one of their objects, for every role, with a student of another
    locatie the user has no relation with: 404 (403 where the whole section is closed to the role), and a
    refusal row in the access log — never a page, never a hint that it exists."""
    client.force_login(actors[rol])
    fouten = []
    for naam, pattern in alle_urls():
        namen = set(pattern.pattern.regex.groupindex)
        if naam.startswith("admin:") or not namen & set(andere_locatie):
            continue
        url = url_voor(naam, pattern, {**voorbeeld, **andere_locatie})
        laatste = laatste_logregel()
        status = client.get(url).status_code
        verwacht = 403 if VERWACHT[naam][rol] == 403 else 404
        geweigerd = Toegangslog.objects.filter(id__gt=laatste, gebruiker_id=actors[rol].pk, uitkomst="geweigerd")
        if status != verwacht or not geweigerd.exists():
            fouten.append(f"{naam} {url}: {status}, verwacht {verwacht} met een geweigerd-regel")
    assert fouten == []
