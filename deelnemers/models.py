"""Deelnemer (read in from the school administration), the layered dossier and its timeline."""

import uuid
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from simple_history.models import HistoricalRecords

from zorgstructuur import invoer
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Functie, Instelling, Locatie, Opleiding, Versiebeheerd
from zorgstructuur.zoeken import zoekwoorden


class DeelnemerQuerySet(models.QuerySet):
    def actief(self):
        return self.filter(status=Deelnemer.Status.ACTIEF)

    def zoek(self, zoekterm: str, *, op_studentnummer: bool = True):
        """Every word (split on spaces and commas; case, accents and hyphens ignored) must start a word of the
        name, or (a word with a digit, unless the searcher may not see studentnummers) start the studentnummer.
        On PostgreSQL trigram indexes on zs_zoeknaam and studentnummer (migration 0009) make this fast;
        `contains` escapes % and _ in the words."""
        woorden = zoekwoorden(zoekterm)
        if not woorden:
            return self
        self = self.alias(zoeknaam=Func(F("voornaam"), F("tussenvoegsel"), F("achternaam"), function="zs_zoeknaam",
                                        output_field=models.TextField()))
        for woord, delen in woorden:
            q = Q(*(Q(zoeknaam__contains=" " + deel) for deel in delen))
            if op_studentnummer and any(teken.isdigit() for teken in woord):  # a studentnummer has digits
                q |= Q(studentnummer__startswith=woord)
            self = self.filter(q)
        if any(len(deel) >= 4 for _, delen in woorden for deel in delen):
            # A word of four letters or more starts few names: the trigram index finds them and they are sorted,
            # on an expression the name index does not give, so the planner never walks that index computing
            # zs_zoeknaam row by row in search of a rare name (0.5 s for "ozturk" at 40,000). Shorter words
            # ("van": thousands of names) are left to the planner: the walk finds 50 of those at once.
            self = self.order_by(Concat("achternaam", Value(""), output_field=models.CharField()), "voornaam", "id")
        return self

    def voor_lijst(self):
        return self.select_related("opleiding", "locatie", "mentor").only(
            "id", "studentnummer", "voornaam", "tussenvoegsel", "achternaam", "geboortedatum", "niveau",
            "leerjaar", "status", "opleiding__naam", "locatie__naam",
            "mentor__first_name", "mentor__last_name", "mentor__username",
        )


class Deelnemer(models.Model):
    class Geslacht(models.TextChoices):
        MAN = "m", "Man"
        VROUW = "v", "Vrouw"
        ANDERS = "x", "Anders / onbekend"

    class Status(models.TextChoices):
        ACTIEF = "actief", "Actief"
        UITGESCHREVEN = "uitgeschreven", "Uitgeschreven"

    instelling = models.ForeignKey(Instelling, on_delete=models.PROTECT, related_name="deelnemers")
    studentnummer = models.CharField(max_length=30)
    voornaam = models.CharField("roepnaam", max_length=100)
    tussenvoegsel = models.CharField(max_length=30, blank=True)
    achternaam = models.CharField(max_length=150)
    geboortedatum = models.DateField(null=True, blank=True, validators=[invoer.controleer_geboortedatum])
    geslacht = models.CharField(max_length=1, choices=Geslacht.choices, default=Geslacht.ANDERS)
    straat = models.CharField(max_length=200, blank=True)
    huisnummer = models.CharField(max_length=20, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    woonplaats = models.CharField(max_length=100, blank=True)
    woonsituatie = models.CharField(max_length=100, blank=True)
    locatie = models.ForeignKey(Locatie, on_delete=models.PROTECT, related_name="deelnemers")
    opleiding = models.ForeignKey(Opleiding, on_delete=models.PROTECT, related_name="deelnemers")
    niveau = models.PositiveSmallIntegerField(null=True, blank=True)
    leerjaar = models.PositiveSmallIntegerField(null=True, blank=True)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentorleerlingen",
        verbose_name="mentor / SLB-er",
    )
    vooropleiding = models.CharField("laatst bezochte school vóór het mbo", max_length=200, blank=True)
    ongeoorloofd_verzuim_uren = models.PositiveIntegerField(
        "ongeoorloofd verzuim (uren)", null=True, blank=True, help_text="Zoals aangeleverd door de administratie."
    )
    # Special-category data (AVG art. 9): only when the instelling switches it on, aggregates only.
    etnische_afkomst = models.CharField(max_length=100, blank=True)
    inschrijfdatum = models.DateField(null=True, blank=True, validators=[invoer.controleer_administratiedatum])
    uitschrijfdatum = models.DateField(null=True, blank=True, validators=[invoer.controleer_administratiedatum])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIEF)
    bijgewerkt = models.DateTimeField(auto_now=True)

    objects = DeelnemerQuerySet.as_manager()

    class Meta:
        verbose_name = "deelnemer"
        verbose_name_plural = "deelnemers"
        ordering = ["achternaam", "voornaam", "id"]
        constraints = [
            models.UniqueConstraint(fields=["instelling", "studentnummer"], name="studentnummer_uniek"),
        ]
        indexes = [
            # The list is ordered by name: with this index a page of 50 needs no sort of all students.
            models.Index(fields=["status", "achternaam", "voornaam", "id"], name="deelnemer_lijst_idx"),
            # The list of every status ("alle") in the same order: 50 rows from here instead of a sort of all.
            models.Index(fields=["achternaam", "voornaam", "id"], name="deelnemer_naam_idx"),
            models.Index(fields=["locatie", "status", "achternaam"]),
            models.Index(fields=["opleiding", "status"]),
            models.Index(fields=["mentor", "status"]),
        ]
        permissions = [
            ("dossier_zorg", "Zorglaag van het dossier inzien (expliciete toegang)"),
            ("dossier_zat", "ZAT-laag van het dossier inzien (uitgenodigde partner)"),
            ("dossier_vertrouwelijk", "Vertrouwelijke laag inzien (expliciete toegang)"),
        ]

    def __str__(self):
        return f"{self.naam} ({self.studentnummer})"

    @property
    def naam(self) -> str:
        return " ".join(deel for deel in (self.voornaam, self.tussenvoegsel, self.achternaam) if deel)

    def leeftijd(self, op: date | None = None) -> int | None:
        if not self.geboortedatum:
            return None
        op = op or timezone.localdate()
        g = self.geboortedatum
        return op.year - g.year - ((op.month, op.day) < (g.month, g.day))

    @property
    def adres(self) -> str:
        regel1 = " ".join(d for d in (self.straat, self.huisnummer) if d)
        regel2 = " ".join(d for d in (self.postcode, self.woonplaats) if d)
        return ", ".join(d for d in (regel1, regel2) if d)


def document_pad(instance, filename):
    # Random names: the original name is kept in the database, never in the file system.
    return f"dossier/{instance.deelnemer_id}/{uuid.uuid4().hex}"


class DossierItemQuerySet(models.QuerySet):
    def met_auteur(self):
        return self.select_related("auteur")


class DossierItem(Versiebeheerd):
    class Soort(models.TextChoices):
        GESPREKSVERSLAG = "gespreksverslag", "Gespreksverslag"
        NOTITIE = "notitie", "Notitie"
        DOCUMENT = "document", "Document"
        HANDELINGSADVIES = "handelingsadvies", "Handelingsadvies"

    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="dossieritems")
    soort = models.CharField(max_length=20, choices=Soort.choices)
    laag = models.CharField(max_length=20, choices=Laag.choices)
    datum = models.DateField(default=timezone.localdate, validators=[invoer.controleer_dossierdatum])
    titel = models.CharField(max_length=200)
    tekst = models.TextField(blank=True, max_length=invoer.VERSLAG_MAX,
                             validators=[MaxLengthValidator(invoer.VERSLAG_MAX)])
    bestand = models.FileField(upload_to=document_pad, blank=True)
    bestandsnaam = models.CharField(max_length=255, blank=True)
    bestandstype = models.CharField(max_length=100, blank=True)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The author's discipline when writing: decides who shares a vertrouwelijk entry.
    discipline = models.CharField(max_length=20, choices=Functie.choices)
    aangemaakt = models.DateTimeField(default=timezone.now)
    gewijzigd = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["gewijzigd"], cascade_delete_history=True)
    objects = DossierItemQuerySet.as_manager()

    class Meta:
        verbose_name = "dossieritem"
        verbose_name_plural = "dossieritems"
        ordering = ["-datum", "-aangemaakt"]
        indexes = [models.Index(fields=["deelnemer", "-datum"])]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.titel}"


class Gebeurtenis(models.Model):
    """One line on a student's timeline, written by the service that made it happen.

    It carries the layer of what it points to, so the timeline is filtered by the same rule as
    the dossier; the text is a short description, never the content itself.
    """

    class Soort(models.TextChoices):
        INGESCHREVEN = "ingeschreven", "Ingeschreven"
        UITGESCHREVEN = "uitgeschreven", "Uitgeschreven"
        GEGEVENS = "gegevens", "Gegevens bijgewerkt uit de administratie"
        GESPREKSVERSLAG = "gespreksverslag", "Gespreksverslag"
        NOTITIE = "notitie", "Notitie"
        DOCUMENT = "document", "Document"
        HANDELINGSADVIES = "handelingsadvies", "Handelingsadvies"
        SIGNAAL = "signaal", "Signaal"
        AANMELDING_INGEDIEND = "aanmelding_ingediend", "Aanmelding ingediend"
        AANMELDING_TERUGGESTUURD = "aanmelding_teruggestuurd", "Aanmelding teruggestuurd"
        AANMELDING_GEACCEPTEERD = "aanmelding_geaccepteerd", "Aanmelding geaccepteerd"
        TOESTEMMING = "toestemming", "Toestemming vastgelegd"
        TOESTEMMING_INGETROKKEN = "toestemming_ingetrokken", "Toestemming ingetrokken"
        ZORGTRAJECT_START = "zorgtraject_start", "Zorgtraject gestart"
        ZORGTRAJECT_OPSCHALEN = "zorgtraject_opschalen", "Zorgtraject opgeschaald"
        ZORGTRAJECT_AFSCHALEN = "zorgtraject_afschalen", "Zorgtraject afgeschaald"
        ZORGTRAJECT_EXTERN = "zorgtraject_extern", "Zorgtraject overgedragen aan extern"
        ZORGTRAJECT_CRISIS = "zorgtraject_crisis", "Crisis"
        ZORGTRAJECT_AFSLUITEN = "zorgtraject_afsluiten", "Zorgtraject afgesloten"
        OVERLEG_GEAGENDEERD = "overleg_geagendeerd", "Geagendeerd voor overleg"
        OVERLEG_BESPROKEN = "overleg_besproken", "Besproken in overleg"
        OVERLEG_ACTIE = "overleg_actie", "Actie uit het plan van aanpak"
        OVERLEG_UITNODIGING = "overleg_uitnodiging", "Partner uitgenodigd voor het ZAT"
        NAZORG = "nazorg", "Nazorg vastgelegd"

        @classmethod
        def zorgtraject(cls, soort: str) -> "Gebeurtenis.Soort":
            """The timeline kind of a Niveauwijziging.Soort."""
            return cls(f"zorgtraject_{soort}")

    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="gebeurtenissen")
    tijdstip = models.DateTimeField(default=timezone.now)
    soort = models.CharField(max_length=40, choices=Soort.choices)
    omschrijving = models.CharField(max_length=300)
    laag = models.CharField(max_length=20, choices=Laag.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    discipline = models.CharField(max_length=20, choices=Functie.choices, blank=True)
    object_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    object = GenericForeignKey("object_type", "object_id")

    class Meta:
        verbose_name = "gebeurtenis"
        verbose_name_plural = "tijdlijn"
        ordering = ["-tijdstip", "-id"]
        indexes = [models.Index(fields=["deelnemer", "-tijdstip"])]

    def __str__(self):
        return self.omschrijving


class Import(models.Model):
    """A record of every import from the administration: who, when, which file, what it did."""

    instelling = models.ForeignKey(Instelling, on_delete=models.PROTECT)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    tijdstip = models.DateTimeField(default=timezone.now)
    bestandsnaam = models.CharField(max_length=255)
    gedeeltelijk = models.BooleanField(default=False)
    proefdraai = models.BooleanField(default=False)
    nieuw = models.PositiveIntegerField(default=0)
    aantal_gewijzigd = models.PositiveIntegerField("gewijzigd", default=0)
    ongewijzigd = models.PositiveIntegerField(default=0)
    uitgeschreven = models.PositiveIntegerField(default=0)
    fouten = models.PositiveIntegerField(default=0)
    waarschuwingen = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "import"
        verbose_name_plural = "imports"
        ordering = ["-tijdstip"]

    def __str__(self):
        return f"{self.bestandsnaam} ({self.tijdstip:%d-%m-%Y %H:%M})"


class Voorbeeldregel(models.Model):
    """One line of a dry run's report, kept so the beheerder can page through it before Toepassen.

    A 40,000-row export does not fit on one page nor, as objects, in the web process's memory: the
    import writes its lines here (per dry run in the browser) and the page reads one page at a time.
    The lines name students (studentnummer and name, for a change the names of the changed fields —
    never their old or new values) and are removed once applied, at the next dry run of the session,
    and after a day.
    """

    class Soort(models.TextChoices):
        NIEUW = "nieuw", "Nieuw"
        GEWIJZIGD = "gewijzigd", "Gewijzigd"
        UITGESCHREVEN = "uitgeschreven", "Uitgeschreven"
        FOUT = "fout", "Fout"
        WAARSCHUWING = "waarschuwing", "Waarschuwing"
        LOCATIE = "locatie", "Nieuwe locatie"
        OPLEIDING = "opleiding", "Nieuwe opleiding"

    proefdraai = models.ForeignKey(Import, on_delete=models.CASCADE, related_name="voorbeeld")
    soort = models.CharField(max_length=20, choices=Soort.choices)
    rij = models.PositiveIntegerField(null=True, blank=True)
    # Who it is about, for the access log of whoever reads the line (null for a new student).
    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    studentnummer = models.CharField(max_length=50, blank=True)
    naam = models.CharField(max_length=300, blank=True)
    # The changed fields' names, or a message (a quoted cell is cut off here).
    tekst = models.TextField(blank=True, max_length=2000, validators=[MaxLengthValidator(2000)])

    class Meta:
        verbose_name = "regel van een proefdraai"
        verbose_name_plural = "regels van een proefdraai"
        indexes = [models.Index(fields=["proefdraai", "soort", "id"], name="voorbeeld_pagina")]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.studentnummer or self.tekst}"
