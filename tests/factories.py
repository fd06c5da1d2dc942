"""Test data built in plain sight with factory_boy: users with a membership, a new locatie, opleiding or
student. The demo school (tests/conftest.py) gives the fixed actors of every role; a test that needs a
case of its own makes it here, so what the test relies on is written in the test."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from deelnemers.models import Deelnemer
from privacy.actor import Actor
from zorgstructuur.models import Instelling, Lidmaatschap, Locatie, Opleiding, Team


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
