"""Aanmeldformulier, toestemming, docent signals and notifications.

Writes go through aanmelding.services; who may read what is decided in privacy.policy.
"""

from datetime import date

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from deelnemers.models import Deelnemer
from zorgstructuur import invoer
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Partnerorganisatie, Versiebeheerd, Zorgtraject

FORMULIERTEKST = invoer.FORMULIERTEKST  # the free-text questions of the aanmeldformulier

# The seeds' default categories (also in migration 0002, which keeps its own frozen copy).
STANDAARD_PROBLEMATIEK = [
    "Leerproblemen", "Keuzeproblemen (opleiding en loopbaan)", "Psychosociale problemen", "Verzuim",
    "Gedrags- en opvoedingsproblemen", "Ontwikkelingsstoornis", "Thuissituatie en gezin", "Verslaving",
    "Schulden en geldzaken", "Huisvesting", "Lichamelijke gezondheid", "Anders",
]


class Problematiek(models.Model):
    """A configurable category of problems (functioneel beheer); defaults from the seeds."""

    naam = models.CharField(max_length=100, unique=True)
    volgorde = models.PositiveSmallIntegerField(default=0)
    actief = models.BooleanField(default=True)

    class Meta:
        verbose_name = "categorie problematiek"
        verbose_name_plural = "categorieën problematiek"
        ordering = ["volgorde", "naam"]

    def __str__(self):
        return self.naam

    @classmethod
    def standaard_aanmaken(cls):
        """Idempotent: (re)create the defaults, e.g. after a test run emptied the tables."""
        for volgorde, naam in enumerate(STANDAARD_PROBLEMATIEK, start=1):
            cls.objects.get_or_create(naam=naam, defaults={"volgorde": volgorde * 10})


class AanmeldingQuerySet(models.QuerySet):
    def voor_lijst(self):
        return self.select_related(
            "deelnemer", "deelnemer__opleiding", "deelnemer__locatie", "aanmelder", "beoordeeld_door"
        )


class Aanmelding(Versiebeheerd):
    """A referral of a student to the intern zorgteam, the ZAT or the SMW."""

    laag = Laag.ZORG  # DESIGN §5: the content is layer zorg; the referrer always sees their own.

    class Bestemming(models.TextChoices):
        IZ = "iz", "Intern zorgteam"
        ZAT = "zat", "ZAT"
        SMW = "smw", "Schoolmaatschappelijk werk"

    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        INGEDIEND = "ingediend", "Ingediend"
        TERUGGESTUURD = "teruggestuurd", "Teruggestuurd"
        GEACCEPTEERD = "geaccepteerd", "Geaccepteerd"
        GEAGENDEERD = "geagendeerd", "Geagendeerd"
        AFGEROND = "afgerond", "Afgerond"

    class Duur(models.TextChoices):
        KORTER_DAN_MAAND = "<1m", "Korter dan een maand"
        EEN_TOT_DRIE = "1-3m", "Eén tot drie maanden"
        DRIE_TOT_TWAALF = "3-12m", "Drie maanden tot een jaar"
        LANGER = ">1j", "Langer dan een jaar"
        ONBEKEND = "onbekend", "Onbekend"

    class SoortVraag(models.TextChoices):
        CONSULTATIE = "consultatie", "Consultatie (advies)"
        GEZAMENLIJK = "gezamenlijk", "Gezamenlijke aanpak"
        VERWIJZING = "verwijzing", "Verwijzing"

    class JaNeeOnbekend(models.TextChoices):
        JA = "ja", "Ja"
        NEE = "nee", "Nee"
        ONBEKEND = "onbekend", "Onbekend"

    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="aanmeldingen")
    aanmelder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="aanmeldingen")
    aanmelder_functie = models.CharField(max_length=50, blank=True)
    bestemming = models.CharField("aanmelden bij", max_length=5, choices=Bestemming.choices)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.CONCEPT)

    problematiek = models.ManyToManyField(Problematiek, blank=True, related_name="+",
                                          verbose_name="soort problematiek")
    # The chosen categories as text: kept by the services so the history (and a conflict) shows them.
    problematiek_namen = models.CharField("soort problematiek", max_length=500, blank=True)
    probleem = models.TextField("beschrijving van het probleem", blank=True, **FORMULIERTEKST)
    duur = models.CharField("hoe lang bestaat het probleem al", max_length=10, choices=Duur.choices, blank=True)
    al_gedaan = models.TextField("wat is er al gedaan", blank=True, **FORMULIERTEKST)
    effect = models.TextField("met welk effect", blank=True, **FORMULIERTEKST)
    beleving = models.TextField("hoe wordt het probleem ervaren, en door wie", blank=True, **FORMULIERTEKST)
    sterke_kanten = models.TextField("sterke kanten en kansen", blank=True, **FORMULIERTEKST)
    behoeften = models.TextField("onderwijs- en zorgbehoeften", blank=True, **FORMULIERTEKST)
    hulpvraag = models.TextField("hulpvraag", blank=True, **FORMULIERTEKST)
    soort_vraag = models.CharField("soort vraag", max_length=15, choices=SoortVraag.choices, blank=True)
    vir_gemeld = models.CharField("gemeld bij de verwijsindex (VIR)", max_length=10, choices=JaNeeOnbekend.choices,
                                  blank=True)
    deelnemer_geinformeerd = models.CharField(
        "is de deelnemer geïnformeerd over de aanmelding", max_length=10, choices=JaNeeOnbekend.choices, blank=True)
    anoniem_bespreken = models.BooleanField("anoniem bespreken in het ZAT", default=False)
    reden_anoniem = models.CharField("reden voor anonieme bespreking", max_length=300, blank=True)

    aangemaakt = models.DateTimeField(default=timezone.now)
    ingediend_op = models.DateTimeField(null=True, blank=True)
    beoordeeld_op = models.DateTimeField(null=True, blank=True)
    beoordeeld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+")
    terugkoppeling = models.TextField("bericht aan de aanmelder", blank=True, max_length=invoer.TOELICHTING_MAX,
                                      validators=[MaxLengthValidator(invoer.TOELICHTING_MAX)])
    zorgtraject = models.ForeignKey(Zorgtraject, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="aanmeldingen")
    gewijzigd = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["gewijzigd"], cascade_delete_history=True)
    objects = AanmeldingQuerySet.as_manager()

    class Meta:
        verbose_name = "aanmelding"
        verbose_name_plural = "aanmeldingen"
        ordering = ["-aangemaakt", "-id"]
        indexes = [
            models.Index(fields=["status", "bestemming", "ingediend_op"]),
            models.Index(fields=["aanmelder", "-aangemaakt"]),
        ]

    def __str__(self):
        return f"Aanmelding {self.pk} voor {self.get_bestemming_display()} ({self.get_status_display().lower()})"

    @property
    def bewerkbaar(self) -> bool:
        """The referrer edits a concept or a returned form; once submitted it is read-only."""
        return self.status in (self.Status.CONCEPT, self.Status.TERUGGESTUURD)

    def wachtdagen(self, op: date | None = None) -> int | None:
        if not self.ingediend_op:
            return None
        op = op or timezone.localdate()
        return (op - timezone.localdate(self.ingediend_op)).days


class ToestemmingQuerySet(models.QuerySet):
    def geldig(self, op: date | None = None):
        """Given on or before that date and not withdrawn by then (the same rule as geldig_op)."""
        op = op or timezone.localdate()
        return self.filter(models.Q(ingetrokken_op__isnull=True) | models.Q(ingetrokken_op__gt=op), datum__lte=op)


class Toestemming(models.Model):
    """Consent for ZAT discussion and information sharing ("praten mét, niet over").

    Who gives it depends on the student's age on the date: 16 and older the student, 12 to 15
    parent/guardian and student together, under 12 the parent/guardian.
    """

    laag = Laag.ZORG

    class GegevenDoor(models.TextChoices):
        DEELNEMER = "deelnemer", "De deelnemer (16 jaar of ouder)"
        SAMEN = "samen", "Ouder/verzorger en deelnemer samen (12 tot en met 15 jaar)"
        OUDERS = "ouders", "Ouder/verzorger (jonger dan 12 jaar)"

    class Vorm(models.TextChoices):
        SCHRIFTELIJK = "schriftelijk", "Schriftelijk"
        MONDELING = "mondeling", "Mondeling"
        DIGITAAL = "digitaal", "Digitaal"

    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="toestemmingen")
    gegeven_door = models.CharField(max_length=12, choices=GegevenDoor.choices)
    naam_gever = models.CharField("naam van wie toestemming gaf", max_length=200, blank=True,
                                  help_text="Bijvoorbeeld de naam van de ouder/verzorger.")
    datum = models.DateField(default=timezone.localdate, validators=[invoer.controleer_zorgdatum])
    vorm = models.CharField(max_length=15, choices=Vorm.choices)
    zat_bespreking = models.BooleanField("bespreking in het ZAT", default=True)
    partners = models.ManyToManyField(Partnerorganisatie, blank=True, related_name="+",
                                      verbose_name="met welke partners mag informatie gedeeld worden")
    informatie = models.CharField("welke informatie mag gedeeld worden", max_length=500)
    vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(default=timezone.now)
    ingetrokken_op = models.DateField(null=True, blank=True, validators=[invoer.controleer_zorgdatum])
    ingetrokken_vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                                    blank=True, related_name="+")
    reden_intrekking = models.CharField(max_length=300, blank=True)

    objects = ToestemmingQuerySet.as_manager()

    class Meta:
        verbose_name = "toestemming"
        verbose_name_plural = "toestemmingen"
        ordering = ["-datum", "-id"]

    def __str__(self):
        return f"Toestemming van {self.datum:%d-%m-%Y}"

    @staticmethod
    def vereiste_gever(leeftijd: int | None) -> str | None:
        if leeftijd is None:
            return None
        if leeftijd >= 16:
            return Toestemming.GegevenDoor.DEELNEMER
        if leeftijd >= 12:
            return Toestemming.GegevenDoor.SAMEN
        return Toestemming.GegevenDoor.OUDERS

    def geldig_op(self, op: date | None = None) -> bool:
        op = op or timezone.localdate()
        return self.datum <= op and (self.ingetrokken_op is None or self.ingetrokken_op > op)

    @property
    def ingetrokken(self) -> bool:
        return self.ingetrokken_op is not None


class Signaal(models.Model):
    """A docent's short concern about a student of the team; the mentor sees it."""

    laag = Laag.BEGELEIDING

    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="signalen")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tekst = models.CharField("signaal", max_length=500)
    aangemaakt = models.DateTimeField(default=timezone.now)
    # The mentor (or who reads the begeleiding layer) marks it handled: it leaves Mijn werk.
    afgehandeld_op = models.DateTimeField(null=True, blank=True)
    afgehandeld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+")

    class Meta:
        verbose_name = "signaal"
        verbose_name_plural = "signalen"
        ordering = ["-aangemaakt", "-id"]
        indexes = [models.Index(fields=["deelnemer", "-aangemaakt"])]

    def __str__(self):
        return f"Signaal {self.pk}"


# ================================================================== SMW (schoolmaatschappelijk werk, issue 11)
# What the SMW registers per client. The contact rows hold only facts without content (date, minutes, kind,
# nature), layer zorg; a report is a dossier entry (deelnemers.services) so the one layer policy decides who
# reads it (vertrouwelijk: discipline SMW). The reports (rapportage/) aggregate these rows.

STANDAARD_SMW_CONTACTSOORTEN = [
    "Individueel gesprek", "Gesprek met ouders", "Huisbezoek", "Telefonisch", "Consultatie docent",
    "Groepsbijeenkomst", "Overleg met extern",
]
STANDAARD_SMW_INTERVENTIES = [
    "Psychosociale begeleiding", "Kortdurende hulpverlening", "Bemiddeling", "Verwijzing", "Crisisinterventie",
]
SMW_MINUTEN_MAX = 480  # one working day: more on one contact is a typing error


class SMWKeuzelijst(models.Model):
    """A configurable list per instelling (functioneel beheer), with the seeds' defaults."""

    STANDAARD: list[str] = []

    instelling = models.ForeignKey("zorgstructuur.Instelling", on_delete=models.CASCADE, related_name="+")
    naam = models.CharField(max_length=100)
    volgorde = models.PositiveSmallIntegerField(default=0)
    actief = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["volgorde", "naam"]

    def __str__(self):
        return self.naam

    @classmethod
    def standaard_aanmaken(cls, instelling):
        """Idempotent: the defaults for this instelling."""
        for volgorde, naam in enumerate(cls.STANDAARD, start=1):
            cls.objects.get_or_create(instelling=instelling, naam=naam, defaults={"volgorde": volgorde * 10})

    @classmethod
    def keuzes(cls, instelling_id):
        """The active entries, created from the defaults the first time an instelling needs them."""
        qs = cls.objects.filter(instelling_id=instelling_id, actief=True)
        if not cls.objects.filter(instelling_id=instelling_id).exists():
            from zorgstructuur.models import Instelling
            cls.standaard_aanmaken(Instelling.objects.get(pk=instelling_id))
        return qs


class SMWContactsoort(SMWKeuzelijst):
    STANDAARD = STANDAARD_SMW_CONTACTSOORTEN

    class Meta(SMWKeuzelijst.Meta):
        verbose_name = "soort SMW-contact"
        verbose_name_plural = "soorten SMW-contact"
        constraints = [models.UniqueConstraint(fields=["instelling", "naam"], name="smw_contactsoort_uniek")]


class SMWInterventie(SMWKeuzelijst):
    STANDAARD = STANDAARD_SMW_INTERVENTIES

    class Meta(SMWKeuzelijst.Meta):
        verbose_name = "aard van de SMW-interventie"
        verbose_name_plural = "aard van de SMW-interventies"
        constraints = [models.UniqueConstraint(fields=["instelling", "naam"], name="smw_interventie_uniek")]


TEVREDENHEID = [MinValueValidator(1), MaxValueValidator(5)]


class SMWTraject(Versiebeheerd):
    """The SMW's registration on one SMW route (Zorgtraject.Route.SMW): who referred, how it ended and how
    satisfied the student and the referrer were. Start and close dates mirror the zorgtraject's."""

    laag = Laag.ZORG

    class Uitkomst(models.TextChoices):
        OPGELOST = "opgelost", "Opgelost"
        DOORVERWEZEN = "doorverwezen", "Doorverwezen"
        GESTOPT = "gestopt", "Gestopt door deelnemer"
        UITGESCHREVEN = "uitgeschreven", "Uitgeschreven"

    zorgtraject = models.OneToOneField(Zorgtraject, on_delete=models.CASCADE, related_name="smw")
    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="smw_trajecten")
    aanmelding = models.ForeignKey(Aanmelding, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    aanmelder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    eigen_aanmelding = models.BooleanField("eigen aanmelding deelnemer", default=False)
    gestart = models.DateField(default=timezone.localdate)
    afgesloten_op = models.DateField(null=True, blank=True)
    uitkomst = models.CharField(max_length=15, choices=Uitkomst.choices, blank=True)
    doorverwezen_naar = models.CharField("doorverwezen naar", max_length=200, blank=True)
    tevredenheid_deelnemer = models.PositiveSmallIntegerField(
        "tevredenheid deelnemer (1–5)", null=True, blank=True, validators=TEVREDENHEID)
    opmerking_deelnemer = models.CharField("opmerking deelnemer", max_length=500, blank=True)
    tevredenheid_aanmelder = models.PositiveSmallIntegerField(
        "tevredenheid aanmelder (1–5)", null=True, blank=True, validators=TEVREDENHEID)
    opmerking_aanmelder = models.CharField("opmerking aanmelder", max_length=500, blank=True)
    aanmelder_beantwoord_op = models.DateTimeField(null=True, blank=True)
    # The referrer's satisfaction form: asked at closure, reminded once (manage.py smw_herinneringen).
    tevredenheid_gevraagd_op = models.DateTimeField(null=True, blank=True)
    herinnering_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "SMW-traject"
        verbose_name_plural = "SMW-trajecten"
        ordering = ["-gestart", "-id"]
        indexes = [models.Index(fields=["gestart"]), models.Index(fields=["afgesloten_op"])]

    def __str__(self):
        return f"SMW-traject {self.pk}"

    @property
    def is_open(self) -> bool:
        """Open until closed with its outcome; a route closed another way (the zorgtraject page) counts as
        closed too, so nothing is registered on it afterwards."""
        return self.afgesloten_op is None and self.zorgtraject.is_open


class SMWContact(models.Model):
    """One contact or piece of time on an SMW client: date, minutes, kind and nature; the report, if any, is
    the dossier entry `verslag` (read under the layer policy)."""

    laag = Laag.ZORG

    smw_traject = models.ForeignKey(SMWTraject, on_delete=models.CASCADE, related_name="contacten")
    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="+")
    medewerker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    datum = models.DateField()
    minuten = models.PositiveSmallIntegerField(
        "duur in minuten", validators=[MinValueValidator(1), MaxValueValidator(SMW_MINUTEN_MAX)])
    soort = models.ForeignKey(SMWContactsoort, on_delete=models.PROTECT, related_name="+",
                              verbose_name="soort contact")
    aard = models.ForeignKey(SMWInterventie, on_delete=models.PROTECT, related_name="+",
                             verbose_name="aard van de interventie")
    verslag = models.ForeignKey("deelnemers.DossierItem", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    aangemaakt = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "SMW-contact"
        verbose_name_plural = "SMW-contacten"
        ordering = ["-datum", "-id"]
        indexes = [models.Index(fields=["smw_traject", "-datum"]), models.Index(fields=["datum"])]

    def __str__(self):
        return f"SMW-contact op {self.datum:%d-%m-%Y}"
