"""The fictional demo school (ROC Groene Hart) and the large-ROC generator for benchmarks.

Idempotent: every object is looked up by a natural key first, so a second run changes nothing.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from deelnemers.models import Deelnemer, DossierItem, Gebeurtenis
from deelnemers.services import dossieritem_toevoegen, gebeurtenis_vastleggen
from privacy.actor import Actor
from privacy.models import DeelnemerToegang
from privacy.services import werkaantekening_toevoegen
from zorgstructuur.lagen import Laag

from . import demo_namen as namen
from .models import (
    Functie,
    Instelling,
    Lidmaatschap,
    Locatie,
    Opleiding,
    Partnerorganisatie,
    Team,
    maak_standaard_ladder,
)

DEMO_WACHTWOORD = "demo"
INSTELLING = "ROC Groene Hart (demo)"

# username, voornaam, achternaam, [(team, functie)], extra
ACCOUNTS = [
    ("mentor", "Marieke", "de Jong", [("Team Zorg en Welzijn", Functie.MENTOR)]),
    ("docent", "Peter", "Vermeer", [("Team Zorg en Welzijn", Functie.DOCENT)]),
    ("taakdocent", "Ingrid", "Hoekstra", [("Team Zorg en Welzijn", Functie.TAAKDOCENT),
                                          ("Intern zorgteam Gouda", Functie.TAAKDOCENT)]),
    ("zorgcoordinator", "Annelies", "Verbeek", [("Intern zorgteam Gouda", Functie.ZORGCOORDINATOR),
                                                ("Intern zorgteam Alphen", Functie.ZORGCOORDINATOR),
                                                ("ZAT ROC Groene Hart", Functie.ZORGCOORDINATOR)]),
    ("smw", "Karim", "Bennani", [("Intern zorgteam Gouda", Functie.SMW), ("ZAT ROC Groene Hart", Functie.SMW)]),
    ("specialist", "Hanneke", "Postma", [("Intern zorgteam Gouda", Functie.SPECIALIST)]),
    ("partner", "Ruud", "Willems", [("ZAT ROC Groene Hart", Functie.PARTNER)]),
    ("manager", "Gerda", "van Dam", [("Directie en beheer", Functie.MANAGEMENT)]),
    ("beheerder", "Bas", "Schouten", [("Directie en beheer", Functie.BEHEERDER)]),
]

LOCATIES = ["Gouda", "Alphen"]
# opleiding, crebo, niveau, locatie, team, extra mentors of the team
OPLEIDINGEN = [
    ("Verzorgende-IG", "25655", 3, "Gouda", "Team Zorg en Welzijn", ["e.kramer", "s.aydin"]),
    ("Entree", "25253", 1, "Gouda", "Team Entree", ["r.vandenbosch"]),
    ("Software Developer", "25604", 4, "Alphen", "Team ICT", ["m.bakker", "t.nguyen"]),
    ("Logistiek medewerker", "25587", 2, "Alphen", "Team Logistiek", ["h.dekker"]),
]
PARTNERS = [
    ("GGZ Midden-Holland", Partnerorganisatie.Soort.GGZ, "Ambulante behandeling jongeren 16-23, crisisdienst.",
     "Via huisarts of na bespreking in het ZAT; crisis: bel de crisisdienst."),
    ("Jeugdhulp Groene Hart", Partnerorganisatie.Soort.JEUGDHULP, "Jeugd- en gezinshulp, opvoedondersteuning.",
     "Aanmelden via het wijkteam of rechtstreeks met toestemming van ouders."),
    ("Kwadraad maatschappelijk werk", Partnerorganisatie.Soort.AMW, "Algemeen maatschappelijk werk, schulden.",
     "Vrij toegankelijk; de SMW'er kan warm overdragen."),
    ("GGD Hollands Midden", Partnerorganisatie.Soort.GGD, "Jeugdarts, spreekuur op school, verzuimbegeleiding.",
     "Via de zorgcoördinator of LPA bij ziekteverzuim."),
    ("Politie Gouda (jeugdagent)", Partnerorganisatie.Soort.POLITIE, "Jeugdagent, op afroep in het ZAT.",
     "Alleen op uitnodiging van de zorgcoördinator."),
    ("RBL Midden-Holland", Partnerorganisatie.Soort.LEERPLICHT, "Leerplicht en RMC, voortijdig schoolverlaten.",
     "Verzuimmelding via DUO; overleg met de LPA."),
    ("Brijder Jeugd", Partnerorganisatie.Soort.VERSLAVINGSZORG, "Verslavingszorg voor jongeren.",
     "Aanmelden met toestemming van de jongere."),
    ("MEE Zuid-Holland Noord", Partnerorganisatie.Soort.MEE, "Ondersteuning bij een beperking.",
     "Rechtstreeks of via de zorgcoördinator."),
]

VERSLAGEN = [
    ("Gesprek over verzuim", "Deelnemer was de afgelopen twee weken vaak te laat. Geeft aan slecht te slapen. "
     "Afgesproken: dagelijks melden bij de mentor, over twee weken evalueren."),
    ("Voortgangsgesprek periode 2", "Stage loopt goed volgens de praktijkbegeleider. Theorie blijft achter; "
     "deelnemer wil bijles bij het taalcentrum."),
    ("Gesprek na incident in de klas", "Deelnemer reageerde fel op een medestudent. In gesprek bleek spanning "
     "thuis. Doorverwezen naar de taakdocent zorg."),
    ("Loopbaangesprek", "Twijfelt over de opleidingskeuze. Samen de beroepenfilm bekeken; volgende keer "
     "gesprek met de studieloopbaanbegeleider van een andere opleiding."),
]


def _pdf(tekst: str) -> bytes:
    """A minimal, valid one-page PDF (no external tools needed)."""
    inhoud = f"BT /F1 14 Tf 72 770 Td ({tekst}) Tj ET".encode("latin-1")
    objecten = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n" % len(inhoud) + inhoud + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    uit = bytearray(b"%PDF-1.4\n")
    posities = []
    for nr, obj in enumerate(objecten, start=1):
        posities.append(len(uit))
        uit += b"%d 0 obj" % nr + obj + b"endobj\n"
    xref = len(uit)
    uit += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objecten) + 1)
    for pos in posities:
        uit += b"%010d 00000 n \n" % pos
    uit += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objecten) + 1, xref)
    return bytes(uit)


def _gebruiker(username, voornaam, achternaam, *, bruikbaar=True):
    User = get_user_model()
    user, nieuw = User.objects.get_or_create(
        username=username,
        defaults={"first_name": voornaam, "last_name": achternaam, "email": f"{username}@groenehart.example"},
    )
    if nieuw:
        if bruikbaar:
            user.set_password(DEMO_WACHTWOORD)
        else:
            user.set_unusable_password()
        user.save()
    return user


def _student_naam(rng):
    if rng.random() < 0.5:
        return rng.choice(namen.VOORNAMEN_V), Deelnemer.Geslacht.VROUW
    return rng.choice(namen.VOORNAMEN_M), Deelnemer.Geslacht.MAN


def _nieuwe_deelnemer(rng, instelling, nummer, opleiding, niveau, mentor, vandaag) -> Deelnemer:
    voornaam, geslacht = _student_naam(rng)
    tussenvoegsel, achternaam = rng.choice(namen.ACHTERNAMEN)
    plaats, postcode = rng.choice(namen.WOONPLAATSEN)
    leerjaar = rng.randint(1, 3)
    # Dates follow the school year (from August), so the sample export in docs/ matches the demo all year.
    schooljaar = vandaag.year if vandaag.month >= 8 else vandaag.year - 1
    inschrijf = date(schooljaar - leerjaar + 1, 8, 20)
    leeftijd = 15 + niveau // 2 + leerjaar + rng.randint(0, 3)
    return Deelnemer(
        instelling=instelling, studentnummer=str(nummer), voornaam=voornaam, tussenvoegsel=tussenvoegsel,
        achternaam=achternaam, geslacht=geslacht,
        geboortedatum=date(schooljaar - leeftijd, rng.randint(1, 12), rng.randint(1, 28)),
        straat=rng.choice(namen.STRATEN), huisnummer=str(rng.randint(1, 180)),
        postcode=f"{postcode} {rng.choice('ABCDEHJKLMNPRS')}{rng.choice('ABCDEGHJKLMNPRSTVWXZ')}",
        woonplaats=plaats, woonsituatie=rng.choice(namen.WOONSITUATIES), locatie=opleiding.locatie,
        opleiding=opleiding, niveau=niveau, leerjaar=leerjaar, mentor=mentor,
        vooropleiding=rng.choice(namen.VOOROPLEIDINGEN),
        ongeoorloofd_verzuim_uren=rng.choice([0, 0, 0, 2, 4, 8, 16, 32]), inschrijfdatum=inschrijf,
    )


@transaction.atomic
def maak_demo(stdout=None) -> dict:
    rng = random.Random(2026)
    vandaag = timezone.localdate()
    instelling, _ = Instelling.objects.get_or_create(naam=INSTELLING)
    maak_standaard_ladder(instelling)
    locaties = {naam: Locatie.objects.get_or_create(instelling=instelling, naam=naam)[0] for naam in LOCATIES}

    partners = {}
    for naam, soort, aanbod, verwijzen in PARTNERS:
        partners[naam], _ = Partnerorganisatie.objects.get_or_create(
            instelling=instelling, naam=naam, defaults={"soort": soort, "aanbod": aanbod, "verwijzen": verwijzen,
                                                       "contactpersoon": "Intake", "telefoon": "0182-000000"})

    teams = {}
    opleidingen = {}
    for naam, crebo, niveau, locatie, teamnaam, _mentoren in OPLEIDINGEN:
        opleiding, _ = Opleiding.objects.get_or_create(locatie=locaties[locatie], naam=naam, defaults={"crebo": crebo})
        opleidingen[naam] = (opleiding, niveau)
        team, _ = Team.objects.get_or_create(instelling=instelling, naam=teamnaam, soort=Team.Soort.TEAMOVERLEG)
        team.opleidingen.add(opleiding)
        teams[teamnaam] = team
    for locatie in LOCATIES:
        team, _ = Team.objects.get_or_create(instelling=instelling, naam=f"Intern zorgteam {locatie}",
                                             soort=Team.Soort.INTERN_ZORGTEAM)
        team.locaties.add(locaties[locatie])
        teams[team.naam] = team
    zat, _ = Team.objects.get_or_create(instelling=instelling, naam="ZAT ROC Groene Hart", soort=Team.Soort.ZAT)
    zat.locaties.add(*locaties.values())
    teams[zat.naam] = zat
    teams["Directie en beheer"], _ = Team.objects.get_or_create(
        instelling=instelling, naam="Directie en beheer", soort=Team.Soort.ORGANISATIE)

    accounts = {}
    for username, voornaam, achternaam, plekken in ACCOUNTS:
        user = _gebruiker(username, voornaam, achternaam)
        accounts[username] = user
        for teamnaam, functie in plekken:
            organisatie = partners["GGZ Midden-Holland"] if functie == Functie.PARTNER else None
            Lidmaatschap.objects.get_or_create(team=teams[teamnaam], gebruiker=user, functie=functie,
                                               defaults={"organisatie": organisatie,
                                                         "op_afroep": functie == Functie.PARTNER})
    _maak_beheerder(accounts["beheerder"])

    mentoren_per_opleiding = {}
    for naam, _crebo, _niveau, _locatie, teamnaam, extra in OPLEIDINGEN:
        lijst = []
        for username in extra:
            voorletter, achternaam = username.split(".", 1)
            user = _gebruiker(username, voorletter.upper() + ".", achternaam.capitalize(), bruikbaar=False)
            Lidmaatschap.objects.get_or_create(team=teams[teamnaam], gebruiker=user, functie=Functie.MENTOR)
            lijst.append(user)
        mentoren_per_opleiding[naam] = lijst

    if not Deelnemer.objects.filter(instelling=instelling).exists():
        _maak_deelnemers(rng, instelling, opleidingen, mentoren_per_opleiding, accounts, vandaag)
        _maak_dossiers(rng, instelling, accounts, vandaag)
        from aanmelding.demo import maak_aanmelding_demo

        maak_aanmelding_demo(instelling, accounts, vandaag)
        from overleg.demo import maak_overleg_demo

        maak_overleg_demo(instelling, accounts, vandaag)
    tellingen = {"deelnemers": Deelnemer.objects.filter(instelling=instelling).count(),
                 "accounts": len(accounts)}
    return tellingen


def _maak_beheerder(user):
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    groep, _ = Group.objects.get_or_create(name="Functioneel beheer")
    groep.permissions.set(
        Permission.objects.filter(content_type__app_label="zorgstructuur")
        | Permission.objects.filter(content_type__app_label="auth", content_type__model="user")
        | Permission.objects.filter(content_type__app_label="deelnemers", content_type__model="import",
                                    codename="view_import")
        # Lift a login lockout (axes' counts, no dossier data); not the access log: that is the privacy officer's.
        | Permission.objects.filter(content_type__app_label="privacy", content_type__model="inlogpoging")
    )
    user.groups.add(groep)


def _maak_deelnemers(rng, instelling, opleidingen, mentoren_per_opleiding, accounts, vandaag):
    aantallen = {"Verzorgende-IG": 60, "Entree": 40, "Software Developer": 60, "Logistiek medewerker": 40}
    nummer = 2400001
    nieuw = []
    for naam, aantal in aantallen.items():
        opleiding, niveau = opleidingen[naam]
        for i in range(aantal):
            mentoren = mentoren_per_opleiding[naam]
            mentor = accounts["mentor"] if naam == "Verzorgende-IG" and i < 20 else mentoren[i % len(mentoren)]
            nieuw.append(_nieuwe_deelnemer(rng, instelling, nummer, opleiding, niveau, mentor, vandaag))
            nummer += 1
    Deelnemer.objects.bulk_create(nieuw)
    for d in Deelnemer.objects.filter(instelling=instelling).select_related("opleiding"):
        gebeurtenis_vastleggen(
            deelnemer=d, soort=Gebeurtenis.Soort.INGESCHREVEN, omschrijving=f"Ingeschreven bij {d.opleiding.naam}",
            laag=Laag.BASIS,
            tijdstip=timezone.make_aware(timezone.datetime.combine(d.inschrijfdatum, timezone.datetime.min.time())),
        )


def _maak_dossiers(rng, instelling, accounts, vandaag):
    mentor, taakdocent, zc = accounts["mentor"], accounts["taakdocent"], accounts["zorgcoordinator"]
    smw, specialist = accounts["smw"], accounts["specialist"]
    eigen = list(Deelnemer.objects.filter(mentor=mentor).order_by("studentnummer"))
    team = list(Deelnemer.objects.filter(opleiding__naam="Verzorgende-IG").exclude(mentor=mentor)
                .order_by("studentnummer"))

    def item(deelnemer, auteur, discipline, soort, laag, titel, tekst, dagen_geleden, bestand=None, type_=""):
        return dossieritem_toevoegen(
            deelnemer=deelnemer, door=Actor.systeemactor("demo", auteur), discipline=discipline, soort=soort,
            laag=laag, titel=titel, tekst=tekst, datum=vandaag - timedelta(days=dagen_geleden), bestand=bestand,
            bestandstype=type_)

    for n, d in enumerate(eigen[:12]):
        titel, tekst = VERSLAGEN[n % len(VERSLAGEN)]
        item(d, mentor, Functie.MENTOR, DossierItem.Soort.GESPREKSVERSLAG, Laag.BEGELEIDING, titel, tekst, 40 - n)
    for n, d in enumerate(eigen[:6] + team[:4]):
        item(d, taakdocent, Functie.TAAKDOCENT, DossierItem.Soort.HANDELINGSADVIES, Laag.BASIS,
             "Handelingsadvies voor docenten",
             "Geef opdrachten in kleine stappen en check begrip na elke stap. Plaats vooraan in het lokaal.", 20 - n)
    # Each note fits the student's story in aanmelding.demo (which level, since when); none refers to a
    # meeting or plan the demo does not have.
    zorgnotities = [
        (eigen[0], "Uitkomst intern zorgteam", "Besproken in het intern zorgteam. De taakdocent zorg houdt contact "
                   "met de mentor; evaluatie over zes weken.", 60),
        (eigen[1], "Uitkomst intern zorgteam", "Besproken in het intern zorgteam: wekelijks gesprek met de "
                   "schoolmaatschappelijk werker.", 28),
        (eigen[2], "Overleg met de mentor", "Extra begeleiding door de mentor afgesproken. De deelnemer wil ook "
                   "hulp bij geldzaken; de mentor meldt aan bij het SMW.", 45),
        (eigen[3], "Overleg met de mentor", "Zorgen over de leervorderingen besproken; de mentor meldt de deelnemer "
                   "aan bij het intern zorgteam.", 6),
        (team[0], "Overleg met de mentor", "Signaal uit het teamoverleg besproken; de mentor begeleidt extra.", 19),
        (team[1], "Overleg met de mentor", "Verzuim en gezondheid besproken; de mentor meldt de deelnemer aan bij "
                  "het intern zorgteam.", 12),
        (team[2], "Uitkomst intern zorgteam", "Besproken in het intern zorgteam; met toestemming gaat de casus naar "
                  "het ZAT.", 59),
    ]
    for d, titel, tekst, dagen in zorgnotities:
        item(d, zc, Functie.ZORGCOORDINATOR, DossierItem.Soort.NOTITIE, Laag.ZORG, titel, tekst, dagen)
    item(eigen[0], zc, Functie.ZORGCOORDINATOR, DossierItem.Soort.NOTITIE, Laag.ZAT, "Verslag ZAT-bespreking",
         "Besproken in het ZAT met toestemming. GGZ neemt contact op met de deelnemer voor een intake.", 8)
    item(eigen[1], zc, Functie.ZORGCOORDINATOR, DossierItem.Soort.NOTITIE, Laag.ZAT, "Crisis: naar het volgende ZAT",
         "De crisisdienst is ingeschakeld; de casus staat op de lijst voor het volgende ZAT.", 5)
    caseload = eigen[:3] + team[:2]
    for n, d in enumerate(caseload):
        item(d, smw, Functie.SMW, DossierItem.Soort.NOTITIE, Laag.VERTROUWELIJK, "SMW-contact",
             "Eerste gesprek SMW. Thuissituatie besproken; vervolgafspraak over een week.", 10 - n)
    # A specialist's confidential note on a student of the SMW's caseload: the SMW's grant does not open it.
    item(eigen[2], specialist, Functie.SPECIALIST, DossierItem.Soort.NOTITIE, Laag.VERTROUWELIJK,
         "Psychodiagnostisch onderzoek", "Uitkomst van het onderzoek; alleen voor de interne specialisten.", 9)
    pdf = ContentFile(_pdf("Verslag stagebezoek (demo)"), name="verslag-stagebezoek.pdf")
    item(eigen[0], mentor, Functie.MENTOR, DossierItem.Soort.DOCUMENT, Laag.BEGELEIDING, "Verslag stagebezoek",
         "", 5, bestand=pdf, type_="application/pdf")
    werkaantekening_toevoegen(
        deelnemer=eigen[0], door=Actor.systeemactor("demo", zc),
        tekst="Geheugensteun: moeder bellen na de herfstvakantie; vader niet betrekken (zie gesprek).")

    geldig = vandaag + timedelta(days=60)
    grants = [(smw, "dossier_zorg", d) for d in caseload] + [(smw, "dossier_vertrouwelijk", d) for d in caseload]
    grants += [(specialist, "dossier_zorg", d) for d in eigen[2:5]]
    for user, codename, d in grants:
        verleen_demo_toegang(user, codename, d, geldig, zc,
                             discipline=Functie.SMW if codename == "dossier_vertrouwelijk" else "")


def verleen_demo_toegang(user, codename, deelnemer, geldig_tot, door, discipline=""):
    permission = Permission.objects.get(codename=codename, content_type__app_label="deelnemers")
    DeelnemerToegang.objects.update_or_create(
        user=user, permission=permission, content_object=deelnemer,
        defaults={"geldig_tot": geldig_tot, "reden": "demo", "verleend_door": door, "discipline": discipline},
    )


def maak_groot(aantal=40_000, jaren=5, stdout=None) -> dict:
    """The large-ROC size for benchmarks: many opleidingen, 500 staff, years of dossier history."""
    rng = random.Random(40_000)
    vandaag = timezone.localdate()
    maak_demo()
    instelling = Instelling.objects.get(naam=INSTELLING)
    from aanmelding.demo import maak_smw_groot
    from overleg.demo import maak_overleg_groot

    if Deelnemer.objects.filter(instelling=instelling).count() >= aantal:
        maak_overleg_groot(instelling, jaren, stdout)  # once per database, also over students made earlier
        maak_smw_groot(instelling, jaren, stdout)
        return {"deelnemers": aantal}
    locaties = list(Locatie.objects.filter(instelling=instelling))
    opleidingen = []
    for n in range(40):
        opleiding, _ = Opleiding.objects.get_or_create(
            locatie=locaties[n % len(locaties)], naam=f"Opleiding {n + 1:02d}", defaults={"crebo": str(25000 + n)})
        opleidingen.append(opleiding)
    User = get_user_model()
    staf = [User(username=f"staf{n:03d}", first_name="Staf", last_name=f"{n:03d}") for n in range(500)]
    User.objects.bulk_create(staf, ignore_conflicts=True)
    staf = list(User.objects.filter(username__startswith="staf"))
    auteur = User.objects.get(username="mentor")
    bestaand = Deelnemer.objects.filter(instelling=instelling).count()
    # Topping up a smaller ROC: the generated studentnummers go on after those made before.
    start = 3_000_000 + Deelnemer.objects.filter(instelling=instelling, studentnummer__gte="3000000").count()
    te_maken = aantal - bestaand
    dagen = jaren * 365
    for blok in range(0, te_maken, 2000):
        with transaction.atomic():
            nieuw = [
                _nieuwe_deelnemer(rng, instelling, start + blok + i, opleidingen[(blok + i) % 40],
                                  rng.randint(1, 4), staf[(blok + i) % 500], vandaag)
                for i in range(min(2000, te_maken - blok))
            ]
            Deelnemer.objects.bulk_create(nieuw)
            items, gebeurtenissen = [], []
            for d in nieuw:
                for _ in range(rng.randint(2, 8)):
                    wanneer = vandaag - timedelta(days=rng.randint(0, dagen))
                    laag = rng.choice([Laag.BASIS, Laag.BEGELEIDING, Laag.ZORG, Laag.ZAT])
                    items.append(DossierItem(
                        deelnemer=d, soort=DossierItem.Soort.NOTITIE, laag=laag, datum=wanneer, titel="Notitie",
                        tekst="Gegenereerde notitie voor de benchmark.", auteur=auteur, discipline=Functie.MENTOR))
                    gebeurtenissen.append(Gebeurtenis(
                        deelnemer=d, soort="notitie", omschrijving="Notitie", laag=laag, actor=auteur,
                        tijdstip=timezone.make_aware(timezone.datetime.combine(wanneer, timezone.datetime.min.time()))))
            DossierItem.objects.bulk_create(items)
            Gebeurtenis.objects.bulk_create(gebeurtenissen)
        if stdout:
            stdout.write(f"  {bestaand + blok + len(nieuw)} deelnemers")
    maak_overleg_groot(instelling, jaren, stdout)
    maak_smw_groot(instelling, jaren, stdout)
    return {"deelnemers": Deelnemer.objects.filter(instelling=instelling).count()}
