"""Demo data for the care route: aanmeldingen in every state, zorgtrajecten at every level with their
history, consent given / withdrawn / anonymous, a crisis case and docent signals.

Called once from zorgstructuur.demo.maak_demo when the demo students are created. Everything
goes through the services, so the timeline, notifications and versions are as in real use.
The mentor's first student (the tests' `eigen_deelnemer`) gets a ZAT case handled by the
zorgcoördinator and taakdocent only, so the existing layer expectations for it stay as they are.
"""

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from deelnemers.models import Deelnemer, Gebeurtenis
from deelnemers.services import tijdlijnmoment
from privacy.actor import Actor
from zorgstructuur import services as zorgtraject
from zorgstructuur.models import Niveauwijziging, Partnerorganisatie, Zorgniveau, Zorgtraject

from . import services
from .models import Aanmelding, Problematiek, SMWContactsoort, SMWInterventie, SMWTraject, Toestemming
from .services_smw import contact_vastleggen

S = Niveauwijziging.Soort
B = Aanmelding.Bestemming


def als(user) -> Actor:
    """Demo data is written by a named system actor on behalf of the demo account it belongs to."""
    return Actor.systeemactor("demo", user)


# Timeline lines written by the service call just made; the ones moved back before lie at least a day back.
VERS = timedelta(hours=1)


def _terug(obj, dagen, *velden):
    """Move an object's timestamps, and the timeline line of the step just taken, back in time, for a
    lived-in demo. Earlier lines of the same object (an aanmelding created, then submitted, then judged)
    keep their own moment."""
    nu = timezone.now()
    moment = nu - timedelta(days=dagen)
    if velden:
        type(obj).objects.filter(pk=obj.pk).update(**dict.fromkeys(velden, moment))
    Gebeurtenis.objects.filter(object_type=ContentType.objects.get_for_model(obj), object_id=obj.pk,
                               tijdstip__gt=nu - VERS).update(tijdstip=moment)


def _besluiten_terug(traject, dagen, vandaag):
    """The decisions just recorded on a traject (dated today by the service) move back with the
    aanmelding that caused them; a traject opened by them opens on that day."""
    datum = vandaag - timedelta(days=dagen)
    Niveauwijziging.objects.filter(zorgtraject=traject, datum=vandaag).update(datum=datum)
    Zorgtraject.objects.filter(pk=traject.pk, geopend=vandaag).update(geopend=datum)


def _tijdlijn_op_besluitdatum():
    """The services put a decision's timeline line at the moment it was recorded; in the demo the
    decisions are dated back, so their lines go to the decision's date (at this time of day, like _terug)."""
    soort = ContentType.objects.get_for_model(Niveauwijziging)
    for pk, datum in Niveauwijziging.objects.values_list("pk", "datum"):
        Gebeurtenis.objects.filter(object_type=soort, object_id=pk).update(tijdstip=tijdlijnmoment(datum))


def accepteren(a, door, bericht, dagen, vandaag):
    """Accept an aanmelding `dagen` ago: the acceptance, its timeline line and the decision it led to."""
    a = services.aanmelding_accepteren(aanmelding=a, door=als(door), bericht=bericht)
    _terug(a, dagen, "beoordeeld_op")
    _besluiten_terug(a.zorgtraject, dagen, vandaag)
    return a


def _inhoud(bestemming, **extra):
    velden = {
        "probleem": "Deelnemer verzuimt steeds vaker en is in de les teruggetrokken. Stage dreigt te stoppen.",
        "duur": Aanmelding.Duur.DRIE_TOT_TWAALF,
        "al_gedaan": "Drie gesprekken met de mentor, afspraken over dagelijks melden, besproken in het teamoverleg.",
        "effect": "Kort verbeterd, daarna weer terugval. Deelnemer zegt thuis weinig te slapen.",
        "beleving": "Deelnemer zelf noemt het 'gedoe thuis'; docenten en stagebegeleider maken zich zorgen.",
        "sterke_kanten": "Zorgzaam naar medestudenten, goede praktijkbeoordelingen, wil het diploma halen.",
        "behoeften": "Rust en overzicht in het rooster; een vaste contactpersoon op school.",
        "hulpvraag": "Wat is hier aan de hand en welke hulp past? Graag advies over de stage.",
        "soort_vraag": Aanmelding.SoortVraag.GEZAMENLIJK,
        "vir_gemeld": Aanmelding.JaNeeOnbekend.NEE,
        "deelnemer_geinformeerd": Aanmelding.JaNeeOnbekend.JA if bestemming == B.IZ else "",
    }
    velden.update(extra)
    return velden


def maak_aanmelding_demo(instelling, accounts, vandaag):
    _maak(instelling, accounts, vandaag)
    _tijdlijn_op_besluitdatum()
    _smw_demo(instelling, accounts, vandaag)
    groep = Group.objects.filter(name="Functioneel beheer").first()
    if groep:
        groep.permissions.add(*Permission.objects.filter(content_type__app_label="aanmelding",
                                                         content_type__model="problematiek"))


def _maak(instelling, accounts, vandaag):
    Problematiek.standaard_aanmaken()
    mentor, taakdocent, zc = accounts["mentor"], accounts["taakdocent"], accounts["zorgcoordinator"]
    smw, docent = accounts["smw"], accounts["docent"]
    eigen = list(Deelnemer.objects.filter(mentor=mentor).order_by("studentnummer"))
    team = list(Deelnemer.objects.filter(opleiding__naam="Verzorgende-IG").exclude(mentor=mentor)
                .select_related("mentor").order_by("studentnummer"))
    entree = list(Deelnemer.objects.filter(opleiding__naam="Entree").select_related("mentor").order_by("studentnummer"))
    alphen = list(Deelnemer.objects.filter(locatie__naam="Alphen").select_related("mentor").order_by("studentnummer"))
    niveaus = {n.soort: n for n in Zorgniveau.objects.filter(instelling=instelling)}
    cat = {p.naam: p for p in Problematiek.objects.all()}
    ggz = Partnerorganisatie.objects.filter(instelling=instelling, naam="GGZ Midden-Holland").first()
    jeugdhulp = Partnerorganisatie.objects.filter(instelling=instelling, naam="Jeugdhulp Groene Hart").first()

    def aanmelding(deelnemer, door, bestemming, problematiek, dagen, **extra):
        a = services.aanmelding_aanmaken(deelnemer=deelnemer, door=als(door), bestemming=bestemming,
                                         aanmelder_functie=extra.pop("functie", "Mentor / SLB-er"),
                                         problematiek=[cat[p] for p in problematiek if p in cat],
                                         **_inhoud(bestemming, **extra))
        _terug(a, dagen, "aangemaakt")
        return a

    def indienen(a, dagen):
        a = services.aanmelding_indienen(aanmelding=a, door=als(a.aanmelder), versie=a.versie)
        _terug(a, dagen, "ingediend_op")
        return a

    def toestemming(deelnemer, door, dagen, **extra):
        leeftijd = deelnemer.leeftijd(vandaag - timedelta(days=dagen))
        t = services.toestemming_vastleggen(
            deelnemer=deelnemer, door=als(door), gegeven_door=Toestemming.vereiste_gever(leeftijd) or "deelnemer",
            datum=vandaag - timedelta(days=dagen), vorm=extra.get("vorm", Toestemming.Vorm.DIGITAAL),
            informatie="Schoolgegevens, verzuim en de uitkomsten van het intern zorgteam.",
            partners=[p for p in extra.get("partners", [ggz, jeugdhulp]) if p])
        _terug(t, dagen, "vastgelegd_op")
        return t

    # 1. The mentor's first student: IZ → ZAT with consent, handled by taakdocent and zorgcoördinator.
    d = eigen[0]
    a = indienen(aanmelding(d, taakdocent, B.IZ, ["Psychosociale problemen", "Verzuim"], 70,
                            functie="Taakdocent zorg"), 68)
    a = accepteren(a, zc, "Het intern zorgteam neemt de casus op; de taakdocent zorg houdt contact met de mentor.",
                   65, vandaag)
    toestemming(d, zc, 40)
    zat = indienen(aanmelding(d, taakdocent, B.ZAT, ["Psychosociale problemen", "Thuissituatie en gezin"], 38,
                              functie="Taakdocent zorg",
                              hulpvraag="Meervoudige problematiek: graag inzet van GGZ en jeugdhulp."), 36)
    accepteren(zat, zc, "Geagendeerd voor het ZAT.", 35, vandaag)

    # 2. A crisis: external help called in directly, flagged for the next ZAT; consent later withdrawn.
    d = eigen[1]
    traject = zorgtraject.traject_starten(deelnemer=d, door=als(zc), niveau=niveaus["iz"], casemanager=zc,
                                          reden="Zorgen over de thuissituatie na melding van de mentor.",
                                       gedaan="Gesprekken met de mentor.", effect="Geen verbetering.",
                                       datum=vandaag - timedelta(days=30))
    zorgtraject.crisis(traject=traject, door=als(zc), versie=traject.versie,
                       reden="Deelnemer gaf aan niet meer veilig thuis te zijn; crisisdienst ingeschakeld.",
                              gedaan="IZ-plan: wekelijks gesprek met de SMW.", effect="Situatie escaleerde.",
                              datum=vandaag - timedelta(days=6))
    t = toestemming(d, zc, 25)
    t = services.toestemming_intrekken(toestemming=t, door=als(zc), datum=vandaag - timedelta(days=4),
                                       reden="Deelnemer wil niet dat informatie met jeugdhulp wordt gedeeld.")
    _terug(t, 4)

    # 3. SMW route beside a basis-level case of the mentor.
    d = eigen[2]
    traject = zorgtraject.traject_starten(deelnemer=d, door=als(mentor), niveau=niveaus["basis"], casemanager=mentor,
                                       reden="Besproken in het teamoverleg: extra begeleiding door de mentor.",
                                       datum=vandaag - timedelta(days=50))
    a = indienen(aanmelding(d, mentor, B.SMW, ["Schulden en geldzaken"], 20,
                            soort_vraag=Aanmelding.SoortVraag.VERWIJZING), 19)
    accepteren(a, smw, "Ik neem contact op met de deelnemer.", 18, vandaag)

    # 4. Aanmeldingen of the mentor in the other states: ingediend, concept, teruggestuurd, geaccepteerd.
    indienen(aanmelding(eigen[3], mentor, B.IZ, ["Leerproblemen"], 5), 3)
    aanmelding(eigen[4], mentor, B.IZ, ["Keuzeproblemen (opleiding en loopbaan)"], 1, hulpvraag="", effect="")
    a = indienen(aanmelding(eigen[5], mentor, B.IZ, ["Verzuim"], 15), 14)
    a = services.aanmelding_terugsturen(aanmelding=a, door=als(taakdocent), bericht=(
        "Bespreek dit eerst in het teamoverleg van volgende week en probeer de afspraken over melden twee "
        "weken; daarna graag opnieuw indienen."))
    _terug(a, 12, "beoordeeld_op")
    a = indienen(aanmelding(eigen[6], mentor, B.IZ, ["Psychosociale problemen"], 25), 24)
    accepteren(a, taakdocent, "Het intern zorgteam neemt de casus op.", 22, vandaag)

    # 5. A ZAT referral waiting, to be discussed anonymously (no consent yet), on an IZ case.
    d = eigen[7]
    zorgtraject.traject_starten(deelnemer=d, door=als(zc), niveau=niveaus["iz"], casemanager=taakdocent,
                                reden="Aanmelding via het teamoverleg.", datum=vandaag - timedelta(days=45))
    indienen(aanmelding(d, mentor, B.ZAT, ["Gedrags- en opvoedingsproblemen"], 8, anoniem_bespreken=True,
                        reden_anoniem="Ouders weigeren vooralsnog; de school wil advies van de partners."), 7)

    # 6. A closed case with a full history: IZ → basis → closed as solved.
    d = eigen[8]
    traject = zorgtraject.traject_starten(deelnemer=d, door=als(zc), niveau=niveaus["iz"], casemanager=taakdocent,
                                          reden="Faalangst bij toetsen.", datum=vandaag - timedelta(days=120))
    zorgtraject.afschalen(traject=traject, door=als(taakdocent), versie=traject.versie,
                          reden="Training faalangst afgerond.",
                              gedaan="Faalangsttraining bij de specialist.", effect="Toetsen gaan beter.",
                              datum=vandaag - timedelta(days=80))
    traject.refresh_from_db()
    zorgtraject.afsluiten(traject=traject, door=als(taakdocent), versie=traject.versie,
                          reden="Zes weken goed gegaan.", uitkomst=Zorgtraject.Uitkomst.OPGELOST,
                              datum=vandaag - timedelta(days=40))

    # 7. Other teams and locaties: cases at every level, referrals waiting for each intake.
    traject = zorgtraject.traject_starten(deelnemer=team[0], door=als(taakdocent), niveau=niveaus["basis"],
                                       casemanager=team[0].mentor, reden="Signaal uit het teamoverleg.",
                                       datum=vandaag - timedelta(days=20))
    indienen(aanmelding(team[1], team[1].mentor, B.IZ, ["Verzuim", "Lichamelijke gezondheid"], 11), 10)
    toestemming(team[2], zc, 60, vorm=Toestemming.Vorm.SCHRIFTELIJK)
    traject = zorgtraject.traject_starten(deelnemer=team[2], door=als(zc), niveau=niveaus["iz"], casemanager=zc,
                                          reden="Aanmelding taakdocent.", datum=vandaag - timedelta(days=90))
    zorgtraject.opschalen(traject=traject, door=als(zc), versie=traject.versie, reden="Meervoudige problematiek.",
                              gedaan="IZ-plan met SMW-gesprekken.", effect="Onvoldoende.",
                              zat_grondslag=Niveauwijziging.Grondslag.TOESTEMMING, datum=vandaag - timedelta(days=58))
    traject.refresh_from_db()
    zorgtraject.extern(traject=traject, door=als(zc), versie=traject.versie, reden="GGZ neemt de behandeling over.",
                       organisatie=ggz,
                              gedaan="ZAT-bespreking, intake GGZ geregeld.", effect="Deelnemer in behandeling.",
                              datum=vandaag - timedelta(days=21))
    if entree:
        indienen(aanmelding(entree[0], entree[0].mentor, B.SMW, ["Huisvesting"], 6,
                            functie="Mentor / SLB-er"), 4)
    if len(alphen) > 2:
        indienen(aanmelding(alphen[0], alphen[0].mentor, B.IZ, ["Leerproblemen"], 9), 9)
        toestemming(alphen[1], zc, 12, vorm=Toestemming.Vorm.MONDELING)
        indienen(aanmelding(alphen[1], alphen[1].mentor, B.ZAT, ["Verslaving"], 3), 2)
        zorgtraject.traject_starten(deelnemer=alphen[2], door=als(zc), niveau=niveaus["iz"], casemanager=zc,
                                 reden="Aanmelding mentor.", datum=vandaag - timedelta(days=14))

    # 8. Docent signals for the mentor.
    for dagen, d, tekst in [
        (2, eigen[3], "Valt in de les steeds in slaap en reageert geïrriteerd als ik er iets van zeg."),
        (5, eigen[9], "Heeft drie keer de praktijkles gemist zonder afmelding."),
        (9, team[3], "Maakt zich zorgen over geld; vroeg of de reiskosten vergoed worden."),
    ]:
        s = services.signaal_geven(deelnemer=d, door=als(docent), tekst=tekst)
        _terug(s, dagen, "aangemaakt")


# ------------------------------------------------------------------ SMW (issue 11)

def _smw_demo(instelling, accounts, vandaag):
    """The SMW's lists, and time on the demo's SMW client (accepted 18 days ago): contacts without a report,
    so the dossier's entries stay as the other demo facts describe them."""
    SMWContactsoort.standaard_aanmaken(instelling)
    SMWInterventie.standaard_aanmaken(instelling)
    for traject in SMWTraject.objects.select_related("zorgtraject"):  # started on the route's (moved) date
        SMWTraject.objects.filter(pk=traject.pk).update(gestart=traject.zorgtraject.geopend)
        traject.gestart = traject.zorgtraject.geopend
        soorten = list(SMWContactsoort.objects.filter(instelling=instelling)[:2])
        aard = SMWInterventie.objects.filter(instelling=instelling).first()
        for dagen, minuten, soort in [(15, 45, soorten[0]), (8, 30, soorten[1])]:
            contact = contact_vastleggen(smw_traject=traject, door=als(accounts["smw"]),
                                         datum=vandaag - timedelta(days=dagen), minuten=minuten, soort=soort, aard=aard)
            _terug(contact, dagen, "aangemaakt")



def maak_smw_groot(instelling, jaren: int = 5, stdout=None) -> dict:
    """SMW routes and contacts over `jaren` years for the large-ROC benchmark: about one in sixteen generated
    students had an SMW route (a few weeks to most of a year, closed with an outcome and often satisfaction
    scores, or still open), each with one to twelve contacts on days within it. Bulk inserts, as the services
    would write the rows, without timeline or access-log lines. Done once per database (generated students
    with an SMW route mark it)."""
    import random

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from .models import SMWContact

    generiek = Deelnemer.objects.filter(instelling=instelling, studentnummer__gte="3000000")
    if SMWTraject.objects.filter(deelnemer__in=generiek).exists():
        return {"smw_trajecten": SMWTraject.objects.filter(deelnemer__in=generiek).count()}
    SMWContactsoort.standaard_aanmaken(instelling)
    SMWInterventie.standaard_aanmaken(instelling)
    soorten = list(SMWContactsoort.objects.filter(instelling=instelling))
    aarden = list(SMWInterventie.objects.filter(instelling=instelling))
    User = get_user_model()
    smw = User.objects.get(username="smw")
    aanmelders = list(User.objects.filter(username__startswith="staf").order_by("pk")[:100]) or [smw]
    rng = random.Random(16)
    vandaag = timezone.localdate()
    dagen = 365 * jaren
    pks = list(generiek.order_by("pk").values_list("pk", flat=True))
    pks = rng.sample(pks, len(pks) // 16)
    smw_uitkomst = {SMWTraject.Uitkomst.OPGELOST: Zorgtraject.Uitkomst.OPGELOST,
                    SMWTraject.Uitkomst.DOORVERWEZEN: Zorgtraject.Uitkomst.EXTERN,
                    SMWTraject.Uitkomst.GESTOPT: Zorgtraject.Uitkomst.ANDERS,
                    SMWTraject.Uitkomst.UITGESCHREVEN: Zorgtraject.Uitkomst.UITGESCHREVEN}
    totaal = {"smw_trajecten": 0, "smw_contacten": 0}
    for blok in range(0, len(pks), 1000):
        with transaction.atomic():
            plannen = []
            for pk in pks[blok:blok + 1000]:
                gestart = vandaag - timedelta(days=rng.randint(0, dagen))
                einde = gestart + timedelta(days=rng.randint(21, 300))
                uitkomst = rng.choice(list(SMWTraject.Uitkomst)) if einde < vandaag else ""
                plannen.append((pk, gestart, einde if uitkomst else None, uitkomst))
            zorg = Zorgtraject.objects.bulk_create([
                Zorgtraject(deelnemer_id=pk, route=Zorgtraject.Route.SMW, casemanager=smw, geopend=gestart,
                            status=Zorgtraject.Status.AFGESLOTEN if uitkomst else Zorgtraject.Status.OPEN,
                            afgesloten_op=einde, uitkomst=smw_uitkomst.get(uitkomst, ""))
                for pk, gestart, einde, uitkomst in plannen])
            trajecten = SMWTraject.objects.bulk_create([
                SMWTraject(zorgtraject=z, deelnemer_id=pk, aanmelder=rng.choice(aanmelders), gestart=gestart,
                           eigen_aanmelding=rng.random() < 0.2, afgesloten_op=einde, uitkomst=uitkomst,
                           doorverwezen_naar="GGZ" if uitkomst == SMWTraject.Uitkomst.DOORVERWEZEN else "",
                           tevredenheid_deelnemer=rng.randint(2, 5) if uitkomst and rng.random() < 0.6 else None,
                           tevredenheid_aanmelder=rng.randint(2, 5) if uitkomst and rng.random() < 0.5 else None)
                for z, (pk, gestart, einde, uitkomst) in zip(zorg, plannen, strict=True)])
            contacten = []
            for t in trajecten:
                laatste = min(t.afgesloten_op or vandaag, vandaag)
                for _ in range(rng.randint(1, 12)):
                    contacten.append(SMWContact(
                        smw_traject=t, deelnemer_id=t.deelnemer_id, medewerker=smw,
                        minuten=rng.choice([15, 30, 45, 60, 90]),
                        datum=t.gestart + timedelta(days=rng.randint(0, (laatste - t.gestart).days)),
                        soort=rng.choice(soorten), aard=rng.choice(aarden)))
            SMWContact.objects.bulk_create(contacten)
            totaal["smw_trajecten"] += len(trajecten)
            totaal["smw_contacten"] += len(contacten)
    if stdout:
        stdout.write(f"  {totaal['smw_trajecten']} SMW-trajecten, {totaal['smw_contacten']} SMW-contacten")
    return totaal
