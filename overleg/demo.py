"""Demo meetings of the intern zorgteam Gouda and the ZAT (issue 10 point 12), and meetings over years for
the large-ROC benchmark.

`maak_overleg_demo` is called once from zorgstructuur.demo.maak_demo, after aanmelding.demo made the cases.
Everything goes through the services, so the timeline, the access log and the versions are as in real use.
A meeting in the past is planned today and then dated back with the lines the services wrote for it (the
way aanmelding.demo dates decisions back); the access log keeps its own (database) moments. The
zorgcoördinator plans and builds the agenda, the minute-taker records the items (so the mentor's
notifications of a discussion come from the taakdocent zorg, as in real use).

The story, relative to today (IZ on Tuesdays, ZAT on Thursdays):
- IZ Gouda, held 7 weeks before the last one: two new cases discussed; one of them is now overdue for its
  evaluation (left as a candidate, flagged), the other was evaluated at the last IZ;
- IZ Gouda, held about three weeks ago: that evaluation (plan van aanpak, some actions overdue, one of the
  taakdocent zorg, a handelingsadvies, an evaluation on the next IZ date), a new case with its plan and
  advice, and one case not reached (carried over);
- ZAT, held three weeks ago: the GGZ hand-over of the mentor team's ZAT case, the demo partner invited
  (that invitation has expired since);
- the next IZ (first of a series every two weeks) with a new aanmelding and the evaluation that falls due
  on the agenda; an older accepted aanmelding, the overdue evaluation and the carried-over case stay
  candidates;
- the next ZAT with the mentor's first student (the demo partner invited, consent naming GGZ) and an
  anonymous case on the agenda; the crisis and an aftercare case (closed at the ZAT over three months ago)
  stay candidates.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from aanmelding import services as aanmeldingen
from aanmelding.demo import _inhoud, _terug, _tijdlijn_op_besluitdatum, accepteren, als
from aanmelding.models import Aanmelding, Problematiek, Toestemming
from deelnemers.models import Deelnemer
from privacy.models import DeelnemerToegang
from zorgstructuur import services as zorgtraject
from zorgstructuur.models import Niveauwijziging, Partnerorganisatie, Team, Zorgniveau, Zorgtraject

from . import services
from .models import Aanwezigheid, Actie, Agendapunt, Overleg, Uitnodiging
from .selectors import maanden_later

B = Aanmelding.Bestemming
R = Agendapunt.Reden
IZ_DAG, ZAT_DAG = 1, 3  # Tuesday, Thursday
IZ_TIJD, ZAT_TIJD = (time(14, 0), time(16, 0)), (time(9, 30), time(11, 30))
IZ_TEAM, ZAT_TEAM = "Intern zorgteam Gouda", "ZAT ROC Groene Hart"


def eerstvolgende(vandaag: date, weekdag: int, minstens: int) -> date:
    """The first `weekdag` at least `minstens` days after today."""
    dag = vandaag + timedelta(days=minstens)
    return dag + timedelta(days=(weekdag - dag.weekday()) % 7)


def laatste(vandaag: date, weekdag: int, minstens: int) -> date:
    """The last `weekdag` at least `minstens` days before today."""
    dag = vandaag - timedelta(days=minstens)
    return dag - timedelta(days=(dag.weekday() - weekdag) % 7)


def _dagen(vandaag: date, datum: date) -> int:
    return (vandaag - datum).days


def _plannen(team, zc, datum, tijden, plaats, *, voorzitter, notulist) -> Overleg:
    """A meeting planned today; dated back with `_terugzetten` once its agenda is built."""
    return services.overleg_plannen(team=team, door=als(zc), datum=datum, begintijd=tijden[0], eindtijd=tijden[1],
                                    plaats=plaats, voorzitter=voorzitter, notulist=notulist)


def _terugzetten(overleg: Overleg, datum: date, punten, vandaag: date) -> Overleg:
    """Date a meeting planned today back to `datum`; its items were put on the agenda a week before."""
    Overleg.objects.filter(pk=overleg.pk).update(datum=datum)
    for punt in punten:
        _terug(punt, _dagen(vandaag, datum) + 7)
    overleg.refresh_from_db()
    return overleg


def _agenderen(overleg, zc, deelnemer, reden, **extra) -> Agendapunt:
    return services.agendapunt_toevoegen(overleg=overleg, door=als(zc), deelnemer=deelnemer, reden=reden, **extra)


def _bespreken(punt, notulist, vandaag, **velden) -> Agendapunt:
    punt.refresh_from_db()
    punt = services.agendapunt_vastleggen(agendapunt=punt, door=als(notulist), versie=punt.versie, **velden)
    _terug(punt, _dagen(vandaag, punt.overleg.datum))
    return punt


def _actie(punt, notulist, eigenaar, omschrijving, deadline, vandaag, *, afgerond=None, notitie="") -> Actie:
    actie = services.actie_toevoegen(agendapunt=punt, door=als(notulist), eigenaar=eigenaar, omschrijving=omschrijving,
                                     deadline=deadline)
    _terug(actie, _dagen(vandaag, punt.overleg.datum))
    if afgerond is not None:
        actie = services.actie_afronden(actie=actie, door=als(eigenaar), notitie=notitie)
        Actie.objects.filter(pk=actie.pk).update(afgerond_op=afgerond)
        _terug(actie, _dagen(vandaag, afgerond))
    return actie


def _blijft(punt, notulist, vandaag) -> Agendapunt:
    """The meeting's level decision: the case stays at this level."""
    punt.refresh_from_db()
    punt = services.niveaubesluit_vastleggen(agendapunt=punt, door=als(notulist), versie=punt.versie,
                                             besluit=Agendapunt.Niveaubesluit.BLIJFT)
    _terug(punt, _dagen(vandaag, punt.overleg.datum))
    return punt


def _koppel_besluit(punt, zc, besluit, wijziging) -> Agendapunt:
    """Link an item to a level change the zorgtraject services recorded the day after the meeting (the
    hand-over aanmelding.demo dates back): niveaubesluit_vastleggen would record a second one."""
    actueel = Agendapunt.vergrendel(punt.pk)
    actueel.niveaubesluit, actueel.niveauwijziging = besluit, wijziging
    actueel.opslaan("niveaubesluit", "niveauwijziging", door=als(zc))
    return actueel


def _uitnodigen(punt, zc, partner) -> Uitnodiging:
    return services.partner_uitnodigen(agendapunt=punt, door=als(zc), partner=partner)


def _verloopt(uitnodiging: Uitnodiging, geldig_tot: date) -> None:
    """An invitation of a meeting dated back ends that many days after the meeting (and its grant too)."""
    Uitnodiging.objects.filter(pk=uitnodiging.pk).update(geldig_tot=geldig_tot)
    if uitnodiging.toegang_id:
        DeelnemerToegang.objects.filter(pk=uitnodiging.toegang_id).update(geldig_tot=geldig_tot)


def _gehouden(overleg, zc, *, afwezig=()) -> Overleg:
    for gebruiker in afwezig:
        services.aanwezigheid_vastleggen(overleg=overleg, door=als(zc), gebruiker=gebruiker,
                                         status=Aanwezigheid.Status.AFWEZIG_MET_BERICHT)
    return services.overleg_gehouden(overleg=overleg, door=als(zc))


def maak_overleg_demo(instelling, accounts, vandaag: date) -> None:
    zc, taakdocent, smw = accounts["zorgcoordinator"], accounts["taakdocent"], accounts["smw"]
    specialist, partner = accounts["specialist"], accounts["partner"]
    iz = Team.objects.get(instelling=instelling, naam=IZ_TEAM)
    zat = Team.objects.get(instelling=instelling, naam=ZAT_TEAM)
    niveaus = {n.soort: n for n in Zorgniveau.objects.filter(instelling=instelling)}
    cat = {p.naam: p for p in Problematiek.objects.all()}
    ggz = Partnerorganisatie.objects.get(instelling=instelling, naam="GGZ Midden-Holland")
    # aanmelding.demo uses the first ten of the mentor's students and the first four of the team's.
    eigen = list(Deelnemer.objects.filter(mentor=accounts["mentor"]).order_by("studentnummer"))
    team = list(Deelnemer.objects.filter(opleiding__naam="Verzorgende-IG").exclude(mentor=accounts["mentor"])
                .select_related("mentor").order_by("studentnummer"))

    def aanmelding(deelnemer, door, bestemming, problematiek, dagen, **extra):
        """Filed and submitted `dagen` ago (a day after it was drafted)."""
        a = aanmeldingen.aanmelding_aanmaken(
            deelnemer=deelnemer, door=als(door), bestemming=bestemming,
            aanmelder_functie=extra.pop("functie", "Mentor / SLB-er"),
            problematiek=[cat[p] for p in problematiek if p in cat], **_inhoud(bestemming, **extra))
        _terug(a, dagen + 1, "aangemaakt")
        a = aanmeldingen.aanmelding_indienen(aanmelding=a, door=als(door), versie=a.versie)
        _terug(a, dagen, "ingediend_op")
        return a

    volgende_iz = eerstvolgende(vandaag, IZ_DAG, 5)
    iz_b = volgende_iz - timedelta(weeks=4)  # three to four weeks ago
    iz_a = iz_b - timedelta(weeks=7)
    zat_1 = laatste(vandaag, ZAT_DAG, 22)  # before the GGZ hand-over aanmelding.demo dates 21 days ago
    volgende_zat = eerstvolgende(vandaag, ZAT_DAG, 5)
    plaats_iz, plaats_zat = "Gouda, lokaal B1.12", "Gouda, vergaderzaal directie"

    # ---- IZ A: two new cases, discussed with an evaluation six weeks later.
    overdue, geevalueerd = team[4], eigen[10]
    accepteren(aanmelding(overdue, overdue.mentor, B.IZ, ["Verzuim", "Lichamelijke gezondheid"],
                          _dagen(vandaag, iz_a) + 12),
               zc, "Komt in het intern zorgteam.", _dagen(vandaag, iz_a) + 9, vandaag)
    accepteren(aanmelding(geevalueerd, accounts["mentor"], B.IZ, ["Psychosociale problemen"],
                          _dagen(vandaag, iz_a) + 10),
               taakdocent, "Het intern zorgteam neemt de casus op.", _dagen(vandaag, iz_a) + 8, vandaag)
    overleg = _plannen(iz, zc, vandaag, IZ_TIJD, plaats_iz, voorzitter=zc, notulist=taakdocent)
    punten = [_agenderen(overleg, zc, d, R.AANMELDING, aanmelding=d.aanmeldingen.get(), minuten=15)
              for d in (overdue, geevalueerd)]
    _terugzetten(overleg, iz_a, punten, vandaag)
    _gehouden(overleg, zc)
    _bespreken(punten[0], taakdocent, vandaag, analyse="Verzuim hangt samen met klachten die niet zijn onderzocht.",
               besluit="De jeugdarts van de GGD ziet de deelnemer; de mentor houdt het verzuim bij.",
               contactpersoon="Taakdocent zorg (I. Hoekstra)")
    _bespreken(punten[1], taakdocent, vandaag, analyse="Somberheid en weinig contact met medestudenten.",
               besluit="Wekelijks gesprek met de taakdocent zorg; evaluatie over zes weken.",
               contactpersoon="Taakdocent zorg (I. Hoekstra)", terugkoppeling_deelnemer="Mentor",
               informeert_aanmelder="Taakdocent zorg")
    # The plan of the overdue case: one action done, one still open long past its deadline.
    _actie(punten[0], taakdocent, taakdocent, "Afspraak bij de jeugdarts maken met de deelnemer",
           iz_a + timedelta(days=7), vandaag, afgerond=iz_a + timedelta(days=6), notitie="Afspraak staat.")
    _actie(punten[0], taakdocent, smw, "Verzuimgesprek met deelnemer en ouder", iz_a + timedelta(weeks=3), vandaag)

    # ---- IZ B (the held meeting of about three weeks ago).
    nieuw_b, doorgeschoven = eigen[11], team[5]
    accepteren(aanmelding(nieuw_b, accounts["mentor"], B.IZ, ["Leerproblemen", "Verzuim"], _dagen(vandaag, iz_b) + 9),
               taakdocent, "Komt in het intern zorgteam.", _dagen(vandaag, iz_b) + 6, vandaag)
    accepteren(aanmelding(doorgeschoven, doorgeschoven.mentor, B.IZ, ["Thuissituatie en gezin"],
                          _dagen(vandaag, iz_b) + 5),
               zc, "Komt in het intern zorgteam.", _dagen(vandaag, iz_b) + 3, vandaag)
    overleg = _plannen(iz, zc, vandaag, IZ_TIJD, plaats_iz, voorzitter=zc, notulist=taakdocent)
    evaluatie = _agenderen(overleg, zc, geevalueerd, R.EVALUATIE, minuten=10)
    nieuw = _agenderen(overleg, zc, nieuw_b, R.AANMELDING, aanmelding=nieuw_b.aanmeldingen.get(),
                       minuten=20, inbrenger=taakdocent)
    niet_bereikt = _agenderen(overleg, zc, doorgeschoven, R.AANMELDING,
                              aanmelding=doorgeschoven.aanmeldingen.get(), minuten=15)
    _terugzetten(overleg, iz_b, [evaluatie, nieuw, niet_bereikt], vandaag)
    _gehouden(overleg, zc, afwezig=[specialist])
    evaluatie = _bespreken(
        evaluatie, taakdocent, vandaag, informatie="De mentor meldt dat de deelnemer vaker in de les meedoet.",
        analyse="De gesprekken helpen; thuis speelt nog een verhuizing.",
        oplossingsrichtingen="Gesprekken voortzetten, ouders betrekken bij de stage.",
        besluit="Plan voortzetten met twee acties; evaluatie op het volgende intern zorgteam.",
        contactpersoon="Taakdocent zorg (I. Hoekstra)", terugkoppeling_deelnemer="Taakdocent zorg",
        informeert_aanmelder="Zorgcoördinator", vir_besluit=Agendapunt.JaNeeOnbekend.NEE,
        volgende_evaluatie=volgende_iz, evaluatie_doelen=Agendapunt.Doelen.DEELS,
        handelingsadvies="Spreek de deelnemer aan het begin van de les even persoonlijk aan en geef "
                         "groepsopdrachten met een vaste rol.")
    _blijft(evaluatie, taakdocent, vandaag)
    _actie(evaluatie, taakdocent, taakdocent, "Gesprek met deelnemer en ouders over de stage",
           iz_b + timedelta(days=14), vandaag)
    _actie(evaluatie, taakdocent, smw, "Kennismaking SMW en de deelnemer", iz_b + timedelta(days=7), vandaag,
           afgerond=iz_b + timedelta(days=5), notitie="Eerste gesprek gehad; vervolg over twee weken.")
    nieuw = _bespreken(
        nieuw, taakdocent, vandaag, informatie="Toetsresultaten van periode 1 en het verzuimoverzicht.",
        analyse="Mogelijk dyslexie, nooit onderzocht; het verzuim volgt op toetsen.",
        probleembeleving="De deelnemer schaamt zich; de mentor ziet vooral motivatieproblemen.",
        oplossingsrichtingen="Screening dyslexie, toetsen met extra tijd tot de uitslag.",
        besluit="Screening aanvragen; taakdocent zorg is casemanager.",
        contactpersoon="Taakdocent zorg (I. Hoekstra)", terugkoppeling_deelnemer="Mentor",
        informeert_aanmelder="Taakdocent zorg", vir_besluit=Agendapunt.JaNeeOnbekend.NEE,
        handelingsadvies="Geef bij toetsen 25% extra tijd en lees lange opdrachten hardop voor tot de uitslag van "
                         "de screening er is.")
    _blijft(nieuw, taakdocent, vandaag)
    _actie(nieuw, taakdocent, specialist, "Dyslexiescreening afnemen", iz_b + timedelta(days=10), vandaag)
    _actie(nieuw, taakdocent, taakdocent, "Extra toetstijd regelen met de examencommissie",
           vandaag + timedelta(days=10), vandaag)
    _bespreken(niet_bereikt, taakdocent, vandaag, besproken=False)

    # ---- ZAT of three weeks ago: the GGZ hand-over of the mentor team's ZAT case (aanmelding.demo).
    overgedragen = team[2]
    overleg = _plannen(zat, zc, vandaag, ZAT_TIJD, plaats_zat, voorzitter=zc, notulist=smw)
    punt = _agenderen(overleg, zc, overgedragen, R.EVALUATIE, minuten=20)
    uitnodiging = _uitnodigen(punt, zc, partner)
    _terugzetten(overleg, zat_1, [punt], vandaag)
    _verloopt(uitnodiging, services.toegang_tot(overleg))
    _gehouden(overleg, zc)
    punt = _bespreken(punt, smw, vandaag, informatie="GGZ Midden-Holland: intake gehad, behandeling kan starten.",
                      analyse="De problematiek vraagt behandeling buiten school.",
                      besluit="Overdragen aan GGZ Midden-Holland; de school blijft betrokken via de mentor.",
                      contactpersoon="Zorgcoördinator", terugkoppeling_deelnemer="Zorgcoördinator",
                      informeert_aanmelder="Zorgcoördinator", vir_besluit=Agendapunt.JaNeeOnbekend.NEE,
                      evaluatie_doelen=Agendapunt.Doelen.DEELS)
    overdracht = Niveauwijziging.objects.filter(zorgtraject__deelnemer=overgedragen,
                                                soort=Niveauwijziging.Soort.EXTERN).first()
    _koppel_besluit(punt, zc, Agendapunt.Niveaubesluit.EXTERN, overdracht)

    # ---- Cases that are candidates for the next ZAT: aftercare three months after closing at the ZAT,
    # and an anonymous referral (no consent).
    nazorg, anoniem = team[6], team[7]
    aanmeldingen.toestemming_vastleggen(
        deelnemer=nazorg, door=als(zc), gegeven_door=Toestemming.vereiste_gever(nazorg.leeftijd(
            vandaag - timedelta(days=200))) or "deelnemer", datum=vandaag - timedelta(days=200),
        vorm=Toestemming.Vorm.SCHRIFTELIJK, informatie="De uitkomsten van het intern zorgteam.", partners=[ggz])
    _terug(nazorg.toestemmingen.get(), 200, "vastgelegd_op")
    traject = zorgtraject.traject_starten(deelnemer=nazorg, door=als(zc), niveau=niveaus["iz"], casemanager=zc,
                                          reden="Aanmelding mentor: somberheid.", datum=vandaag - timedelta(days=210))
    zorgtraject.opschalen(traject=traject, door=als(zc), versie=traject.versie, reden="Meervoudige problematiek.",
                          gedaan="IZ-plan met wekelijkse gesprekken.", effect="Onvoldoende.",
                          zat_grondslag=Niveauwijziging.Grondslag.TOESTEMMING, datum=vandaag - timedelta(days=180))
    traject.refresh_from_db()
    zorgtraject.afsluiten(traject=traject, door=als(zc), versie=traject.versie, reden="Behandeling afgerond.",
                          uitkomst=Zorgtraject.Uitkomst.OPGELOST, datum=vandaag - timedelta(days=100))
    a = aanmelding(anoniem, anoniem.mentor, B.ZAT, ["Gedrags- en opvoedingsproblemen"], 9, anoniem_bespreken=True,
                   reden_anoniem="Ouders geven (nog) geen toestemming; de school wil advies van de partners.")
    a = accepteren(a, zc, "Komt anoniem in het ZAT.", 6, vandaag)

    # ---- The next IZ: the first meeting of a series every two weeks.
    reeks = services.reeks_aanmaken(team=iz, door=als(zc), weekdag=IZ_DAG, begintijd=IZ_TIJD[0],
                                     eindtijd=IZ_TIJD[1], vanaf=volgende_iz,
                                     tot_en_met=volgende_iz + timedelta(weeks=16), interval_weken=2,
                                     plaats=plaats_iz, voorzitter=zc, notulist=taakdocent)
    overleg = reeks.overleggen.order_by("datum").first()
    nieuw_iz = eigen[12]
    accepteren(aanmelding(nieuw_iz, accounts["mentor"], B.IZ, ["Keuzeproblemen (opleiding en loopbaan)"], 6),
               taakdocent, "Komt op het volgende intern zorgteam.", 4, vandaag)
    _agenderen(overleg, zc, nieuw_iz, R.AANMELDING, aanmelding=nieuw_iz.aanmeldingen.get(), minuten=15,
               inbrenger=taakdocent)
    _agenderen(overleg, zc, geevalueerd, R.EVALUATIE, minuten=10, inbrenger=taakdocent)

    # ---- The next ZAT: the mentor's first student with the demo partner invited, and the anonymous case.
    overleg = _plannen(zat, zc, volgende_zat, ZAT_TIJD, plaats_zat, voorzitter=zc, notulist=smw)
    eerste = eigen[0]
    punt = _agenderen(overleg, zc, eerste, R.AANMELDING, minuten=20, inbrenger=taakdocent,
                      aanmelding=eerste.aanmeldingen.get(bestemming=B.ZAT))
    _uitnodigen(punt, zc, partner)
    _agenderen(overleg, zc, anoniem, R.AANMELDING, aanmelding=a, minuten=15)

    # The services dated the decisions above on their day; their lines go to that day (aanmelding.demo).
    _tijdlijn_op_besluitdatum()


# ---------------------------------------------------------------- the large ROC

GROOT_NIEUW = 3  # new cases per meeting; each is evaluated 3 and 6 meetings (six weeks each) later
GROOT_TEKST = "Gegenereerde bespreking voor de benchmark."


def _casussen(overleggen, pool, rng, vandaag, nazorg_maanden=None):
    """The agenda of every meeting of a team over the years: per held meeting GROOT_NIEUW new cases, each
    evaluated three and six meetings later (a third also nine), then closed; a ZAT case gets its aftercare
    at the first meeting three months after closing. Evaluations that fall on a planned meeting are left as
    candidates, their traject still open. Returns ({meeting index: [(student, reason, last)]}, cases)."""
    gehouden = [o.status == Overleg.Status.GEHOUDEN for o in overleggen]
    agenda = {n: [] for n in range(len(overleggen))}
    casussen = []
    for n, overleg in enumerate(overleggen):
        if not gehouden[n]:
            continue
        for _ in range(GROOT_NIEUW):
            pk = next(pool, None)
            if pk is None:
                return agenda, casussen
            momenten = [n, n + 3, n + 6] + ([n + 9] if rng.random() < 0.3 else [])
            momenten = [m for m in momenten if m < len(overleggen)]
            besproken = [m for m in momenten if gehouden[m]]
            open_ = len(besproken) < len(momenten) or momenten[-1] < n + 6
            for m in besproken:
                reden = R.AANMELDING if m == n else R.EVALUATIE
                agenda[m].append((pk, reden, m == besproken[-1] and not open_))
            einde = None if open_ else overleggen[besproken[-1]].datum
            casussen.append((pk, overleg.datum, einde))
            if einde is not None and nazorg_maanden:
                vervalt = maanden_later(einde, nazorg_maanden)
                later = next((m for m in range(besproken[-1] + 1, len(overleggen))
                              if overleggen[m].datum >= vervalt), None)
                if later is not None and gehouden[later]:
                    agenda[later].append((pk, R.NAZORG, False))
    return agenda, casussen


def maak_overleg_groot(instelling, jaren: int = 5, stdout=None) -> dict:
    """IZ per locatie and the ZAT every two weeks over `jaren` years and eight weeks ahead, with items
    (record, evaluation date, two actions) of students of the locaties the team serves, each with a
    zorgtraject at that level (open while an evaluation is still to come, else closed). Bulk inserts: the
    services would take far too long for this size; the data is what they would write, without timeline or
    access-log lines (nobody acted). Done once per database (the meetings' place marks them)."""
    if Overleg.objects.filter(team__instelling=instelling, plaats="benchmark").exists():
        return {"overleggen": Overleg.objects.filter(team__instelling=instelling).count()}
    rng = random.Random(5)
    vandaag = timezone.localdate()
    niveaus = {n.soort: n for n in Zorgniveau.objects.filter(instelling=instelling)}
    zc = get_user_model().objects.get(username="zorgcoordinator")
    teams = list(Team.objects.filter(instelling=instelling, soort__in=[Team.Soort.INTERN_ZORGTEAM, Team.Soort.ZAT])
                 .prefetch_related("locaties").order_by("soort", "id"))  # IZ teams first, then the ZAT
    gebruikt = set(Zorgtraject.objects.filter(deelnemer__instelling=instelling).values_list("deelnemer_id", flat=True))
    begin = vandaag - timedelta(days=365 * jaren)
    totaal = {"overleggen": 0, "agendapunten": 0, "acties": 0}
    for team in teams:
        zat = team.soort == Team.Soort.ZAT
        niveau = niveaus[Zorgniveau.Soort.ZAT if zat else Zorgniveau.Soort.INTERN_ZORGTEAM]
        leden = sorted({lid.gebruiker_id for lid in team.lidmaatschappen.geldig().intern()})
        # Generated students only: the demo's own keep the demo's story.
        pks = [pk for pk in Deelnemer.objects.filter(
            instelling=instelling, locatie__in=team.locaties.all(), studentnummer__gte="3000000")
            .order_by("pk").values_list("pk", flat=True) if pk not in gebruikt]
        rng.shuffle(pks)
        tijden = ZAT_TIJD if zat else IZ_TIJD
        # Every two weeks in step with the team's next meeting (the demo's), on the dates it has none.
        bestaand = set(team.overleggen.values_list("datum", flat=True))
        anker = (team.overleggen.filter(status=Overleg.Status.GEPLAND, datum__gte=vandaag).order_by("datum")
                 .values_list("datum", flat=True).first() or eerstvolgende(vandaag, ZAT_DAG if zat else IZ_DAG, 1))
        data = [anker - timedelta(weeks=2 * k) for k in range((anker - begin).days // 14, -5, -1)]
        with transaction.atomic():
            overleggen = Overleg.objects.bulk_create([
                Overleg(team=team, datum=datum, begintijd=tijden[0], eindtijd=tijden[1], plaats="benchmark",
                        voorzitter=zc, status=Overleg.Status.GEHOUDEN if datum < vandaag else Overleg.Status.GEPLAND)
                for datum in data if datum not in bestaand])
            Aanwezigheid.objects.bulk_create([Aanwezigheid(overleg=o, gebruiker_id=pk)
                                              for o in overleggen for pk in leden])
            agenda, casussen = _casussen(overleggen, iter(pks), rng, vandaag,
                                         instelling.nazorg_maanden if zat else None)
            punten = []
            for n, rijen in agenda.items():
                overleg = overleggen[n]
                for volgorde, (pk, reden, laatste_keer) in enumerate(rijen, start=1):
                    besluit = (Agendapunt.Niveaubesluit.AFSLUITEN if laatste_keer
                               else "" if reden == R.NAZORG else Agendapunt.Niveaubesluit.BLIJFT)
                    punten.append(Agendapunt(
                        overleg=overleg, deelnemer_id=pk, reden=reden, volgorde=volgorde, anoniem=zat,
                        analyse=GROOT_TEKST, besluit=GROOT_TEKST, contactpersoon="Taakdocent zorg", besproken=True,
                        niveaubesluit=besluit, vir_besluit=Agendapunt.JaNeeOnbekend.NEE,
                        evaluatie_doelen=Agendapunt.Doelen.DEELS if reden == R.EVALUATIE else "",
                        volgende_evaluatie=(overleg.datum + timedelta(weeks=instelling.evaluatie_weken)
                                            if besluit == Agendapunt.Niveaubesluit.BLIJFT else None)))
            Agendapunt.objects.bulk_create(punten, batch_size=2000)
            acties = []
            for punt in punten:
                if punt.reden == R.NAZORG:
                    continue
                for k in range(2):
                    deadline = punt.overleg.datum + timedelta(weeks=k + 1)
                    klaar = deadline < vandaag - timedelta(days=7)  # the last weeks' actions are still open
                    acties.append(Actie(agendapunt=punt, eigenaar_id=leden[(punt.deelnemer_id + k) % len(leden)],
                                        omschrijving="Gegenereerde actie", deadline=deadline,
                                        status=Actie.Status.GEDAAN if klaar else Actie.Status.OPEN,
                                        afgerond_op=deadline if klaar else None))
            Actie.objects.bulk_create(acties, batch_size=5000)
            trajecten = Zorgtraject.objects.bulk_create([
                Zorgtraject(deelnemer_id=pk, niveau=niveau, casemanager=zc, geopend=start,
                            status=Zorgtraject.Status.AFGESLOTEN if einde else Zorgtraject.Status.OPEN,
                            afgesloten_op=einde, uitkomst=Zorgtraject.Uitkomst.OPGELOST if einde else "",
                            versie=2 if einde else 1)
                for pk, start, einde in casussen], batch_size=2000)
            grondslag = {"zat_grondslag": Niveauwijziging.Grondslag.ANONIEM} if zat else {}
            wijzigingen = [Niveauwijziging(zorgtraject=t, soort=Niveauwijziging.Soort.START, naar_niveau=niveau,
                                           datum=t.geopend, besloten_door=zc, reden="Aanmelding geaccepteerd.",
                                           **grondslag) for t in trajecten]
            wijzigingen += [Niveauwijziging(zorgtraject=t, soort=Niveauwijziging.Soort.AFSLUITEN, van_niveau=niveau,
                                            datum=t.afgesloten_op, besloten_door=zc, reden="Doelen bereikt.",
                                            uitkomst=Zorgtraject.Uitkomst.OPGELOST, traject_versie=2)
                            for t in trajecten if t.afgesloten_op]
            Niveauwijziging.objects.bulk_create(wijzigingen, batch_size=2000)
        gebruikt.update(pk for pk, _start, _einde in casussen)
        totaal["overleggen"] += len(overleggen)
        totaal["agendapunten"] += len(punten)
        totaal["acties"] += len(acties)
        if stdout:
            stdout.write(f"  {team.naam}: {len(overleggen)} overleggen, {len(punten)} agendapunten")
    return totaal
