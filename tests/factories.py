"""Test data built in plain sight with factory_boy: users with a membership, a new locatie, opleiding or
student, and what happens around a student (entries, timeline lines, aanmeldingen, consent, a traject, a
signal, a notification). The demo school (tests/conftest.py) gives the fixed actors of every role; a test
that needs a case of its own makes it here, so what the test relies on is written in the test."""

from datetime import time, timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from factory.django import DjangoModelFactory

from aanmelding.models import Aanmelding, Signaal, Toestemming
from deelnemers.models import Deelnemer, DossierItem, Gebeurtenis
from overleg.models import Actie, Agendapunt, Overleg, Uitnodiging
from privacy.actor import Actor
from privacy.models import DeelnemerToegang, Toegangslog
from zorgstructuur.lagen import Laag
from zorgstructuur.models import (
    Functie,
    Instelling,
    Lidmaatschap,
    Locatie,
    Melding,
    Niveauwijziging,
    Opleiding,
    Team,
    Zorgniveau,
    Zorgtraject,
)


def als(user, rol="test") -> Actor:
    """The actor a service is called with in a test (a view builds it from the request)."""
    return Actor(user, rol)


class GebruikerFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@school.example")


class InstellingFactory(DjangoModelFactory):
    """A new instelling gets the mbo ladder on save (Instelling.save)."""

    class Meta:
        model = Instelling
        django_get_or_create = ("naam",)

    naam = factory.Sequence(lambda n: f"Testschool {n}")


class LocatieFactory(DjangoModelFactory):
    class Meta:
        model = Locatie

    instelling = factory.SubFactory(InstellingFactory)
    naam = factory.Sequence(lambda n: f"Locatie {n}")


class OpleidingFactory(DjangoModelFactory):
    class Meta:
        model = Opleiding

    locatie = factory.SubFactory(LocatieFactory)
    naam = factory.Sequence(lambda n: f"Opleiding {n}")
    crebo = "25000"


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True  # the hooks only add to many-to-many fields

    instelling = factory.SubFactory(InstellingFactory)
    soort = Team.Soort.TEAMOVERLEG
    naam = factory.Sequence(lambda n: f"Team {n}")

    @factory.post_generation
    def locaties(self, create, extracted, **kwargs):
        if create and extracted:
            self.locaties.add(*extracted)

    @factory.post_generation
    def opleidingen(self, create, extracted, **kwargs):
        if create and extracted:
            self.opleidingen.add(*extracted)


class LidmaatschapFactory(DjangoModelFactory):
    class Meta:
        model = Lidmaatschap

    team = factory.SubFactory(TeamFactory)
    gebruiker = factory.SubFactory(GebruikerFactory)
    functie = "mentor"


class DeelnemerFactory(DjangoModelFactory):
    """A student of 18 in leerjaar 2; give `opleiding` (its locatie and instelling follow) and `mentor`."""

    class Meta:
        model = Deelnemer

    opleiding = factory.SubFactory(OpleidingFactory)
    locatie = factory.LazyAttribute(lambda d: d.opleiding.locatie)
    instelling = factory.LazyAttribute(lambda d: d.locatie.instelling)
    studentnummer = factory.Sequence(lambda n: f"9{n:06d}")
    voornaam = "Sanne"
    achternaam = factory.Sequence(lambda n: f"Testdeelnemer-{n}")
    geboortedatum = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=18 * 365 + 40))
    straat = "Kerkstraat"
    huisnummer = "12"
    postcode = "2801 AB"
    woonplaats = "Testdorp"
    niveau = 3
    leerjaar = 2
    inschrijfdatum = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=400))


class DeelnemerToegangFactory(DjangoModelFactory):
    """An explicit grant on one student for 60 days; `recht` is its permission (dossier_zorg, dossier_zat,
    dossier_vertrouwelijk with a `discipline`). Give `user`, `content_object` (the student) and `verleend_door`."""

    class Meta:
        model = DeelnemerToegang

    class Params:
        recht = "dossier_zorg"

    user = factory.SubFactory(GebruikerFactory)
    content_object = factory.SubFactory(DeelnemerFactory)
    permission = factory.LazyAttribute(
        lambda t: Permission.objects.get(codename=t.recht, content_type__app_label="deelnemers"))
    geldig_tot = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    reden = "test"
    verleend_door = factory.SubFactory(GebruikerFactory)


class ToegangslogFactory(DjangoModelFactory):
    """A row of the access log: `gebruiker` read the dossier of `deelnemer` (the log keeps plain ids and a
    name; time and hash come from the database, on SQLite from privacy.keten)."""

    class Meta:
        model = Toegangslog
        exclude = ("gebruiker", "deelnemer")

    gebruiker = factory.SubFactory(GebruikerFactory)
    deelnemer = factory.SubFactory(DeelnemerFactory)
    gebruiker_id = factory.SelfAttribute("gebruiker.pk")
    gebruikersnaam = factory.SelfAttribute("gebruiker.username")
    deelnemer_id = factory.SelfAttribute("deelnemer.pk")
    actie = Toegangslog.Actie.INZIEN
    ip_adres = "127.0.0.1"
    object_type = "dossier"


class DossierItemFactory(DjangoModelFactory):
    """A mentor's note in the begeleiding layer; give `deelnemer` and `auteur`."""

    class Meta:
        model = DossierItem

    deelnemer = factory.SubFactory(DeelnemerFactory)
    soort = DossierItem.Soort.NOTITIE
    laag = Laag.BEGELEIDING
    titel = factory.Sequence(lambda n: f"Notitie {n}")
    tekst = "Korte notitie."
    auteur = factory.SubFactory(GebruikerFactory)
    discipline = Functie.MENTOR


class GebeurtenisFactory(DjangoModelFactory):
    """A line on the timeline in the begeleiding layer; give `deelnemer` and `actor`."""

    class Meta:
        model = Gebeurtenis

    deelnemer = factory.SubFactory(DeelnemerFactory)
    soort = Gebeurtenis.Soort.NOTITIE
    omschrijving = factory.Sequence(lambda n: f"Notitie {n}")
    laag = Laag.BEGELEIDING
    actor = factory.SubFactory(GebruikerFactory)
    discipline = Functie.MENTOR


class AanmeldingFactory(DjangoModelFactory):
    """A submitted aanmelding for the intern zorgteam; give `deelnemer` and `aanmelder`."""

    class Meta:
        model = Aanmelding
        skip_postgeneration_save = True  # the hooks only add to many-to-many fields

    deelnemer = factory.SubFactory(DeelnemerFactory)
    aanmelder = factory.SubFactory(GebruikerFactory)
    aanmelder_functie = Functie.MENTOR.label
    bestemming = Aanmelding.Bestemming.IZ
    status = Aanmelding.Status.INGEDIEND
    ingediend_op = factory.LazyFunction(timezone.now)
    probleem = "Verzuimt vaak."
    hulpvraag = "Advies graag."

    @factory.post_generation
    def problematiek(self, create, extracted, **kwargs):
        if create and extracted:
            self.problematiek.add(*extracted)


class ToestemmingFactory(DjangoModelFactory):
    """Written consent of a student of 16 or older for ZAT discussion; give `deelnemer` and `vastgelegd_door`."""

    class Meta:
        model = Toestemming
        skip_postgeneration_save = True  # the hooks only add to many-to-many fields

    deelnemer = factory.SubFactory(DeelnemerFactory)
    gegeven_door = Toestemming.GegevenDoor.DEELNEMER
    vorm = Toestemming.Vorm.SCHRIFTELIJK
    informatie = "Verzuim en thuissituatie."
    vastgelegd_door = factory.SubFactory(GebruikerFactory)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.add(*extracted)


class ZorgtrajectFactory(DjangoModelFactory):
    """An open traject on the student's instelling's lowest rung unless `niveau` is given."""

    class Meta:
        model = Zorgtraject

    deelnemer = factory.SubFactory(DeelnemerFactory)
    niveau = factory.LazyAttribute(
        lambda t: Zorgniveau.objects.filter(instelling_id=t.deelnemer.instelling_id).order_by("volgorde").first())


class NiveauwijzigingFactory(DjangoModelFactory):
    """A decision that keeps the traject on its level (an afschalen that found nothing lower); give
    `zorgtraject` and `besloten_door`."""

    class Meta:
        model = Niveauwijziging

    zorgtraject = factory.SubFactory(ZorgtrajectFactory)
    soort = Niveauwijziging.Soort.AFSCHALEN
    van_niveau = factory.LazyAttribute(lambda w: w.zorgtraject.niveau)
    naar_niveau = factory.LazyAttribute(lambda w: w.zorgtraject.niveau)
    besloten_door = factory.SubFactory(GebruikerFactory)
    reden = factory.Sequence(lambda n: f"Besluit {n}")


class SignaalFactory(DjangoModelFactory):
    """A docent's signal; give `deelnemer` and `auteur`."""

    class Meta:
        model = Signaal

    deelnemer = factory.SubFactory(DeelnemerFactory)
    auteur = factory.SubFactory(GebruikerFactory)
    tekst = "Was vandaag erg stil in de les."


class MeldingFactory(DjangoModelFactory):
    """An unread notification; give `ontvanger`."""

    class Meta:
        model = Melding

    ontvanger = factory.SubFactory(GebruikerFactory)
    soort = Melding.Soort.NIEUWE_AANMELDING
    tekst = "Nieuwe aanmelding voor Intern zorgteam"
    url = "/aanmeldingen/"


class OverlegFactory(DjangoModelFactory):
    """A planned meeting of a team in a week from now, 14:00-16:00; give `team` (an IZ or ZAT with its
    locaties). Built directly, so a test may also place one in the past (the service plans only ahead)."""

    class Meta:
        model = Overleg

    team = factory.SubFactory(TeamFactory, soort=Team.Soort.INTERN_ZORGTEAM)
    datum = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    begintijd = time(14)
    eindtijd = time(16)
    plaats = "Lokaal 1.12"


class AgendapuntFactory(DjangoModelFactory):
    """A new aanmelding on a meeting's agenda, not yet discussed; give `overleg` and `deelnemer`."""

    class Meta:
        model = Agendapunt

    overleg = factory.SubFactory(OverlegFactory)
    deelnemer = factory.SubFactory(DeelnemerFactory)
    reden = Agendapunt.Reden.AANMELDING


class ActieFactory(DjangoModelFactory):
    """An open action two weeks after the meeting; give `agendapunt` and `eigenaar`."""

    class Meta:
        model = Actie

    agendapunt = factory.SubFactory(AgendapuntFactory)
    eigenaar = factory.SubFactory(GebruikerFactory)
    omschrijving = "Gesprek met ouders plannen."
    deadline = factory.LazyAttribute(lambda a: a.agendapunt.overleg.datum + timedelta(days=14))


def uitnodiging(punt, partner, organisatie, door, *, tot=None, grant=True) -> Uitnodiging:
    """A partner invited to a ZAT item as overleg.services.partner_uitnodigen leaves it, without its checks:
    for a named item (and `grant`) a dossier_zat grant on the student that the invitation carries — the
    only way a partner's grant counts; the consent that names the organisation is the test's to give."""
    tot = tot or punt.overleg.datum + timedelta(days=14)
    toegang = None
    if grant and not punt.anoniem:
        toegang = DeelnemerToegangFactory(user=partner, content_object=punt.deelnemer, recht="dossier_zat",
                                          geldig_tot=tot, verleend_door=door)
    return Uitnodiging.objects.create(agendapunt=punt, partner=partner, organisatie=organisatie, toegang=toegang,
                                      geldig_tot=tot, uitgenodigd_door=door)
