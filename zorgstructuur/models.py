"""The organisation and its care structure: instelling, locaties, opleidingen, teams, the ladder."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from . import invoer


class Instelling(models.Model):
    naam = models.CharField(max_length=200, unique=True)
    etnische_afkomst_registreren = models.BooleanField(
        "etnische afkomst registreren",
        default=False,
        help_text="Bijzonder persoonsgegeven: alleen aanzetten met een grondslag; wordt nooit in lijsten getoond.",
    )
    evaluatie_weken = models.PositiveSmallIntegerField(
        "evaluatie na (weken)", default=6, validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="Standaard volgende evaluatie van een besproken casus: zoveel weken na het overleg.")
    nazorg_maanden = models.PositiveSmallIntegerField(
        "nazorg na (maanden)", default=3, validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="Nazorg van een ZAT-casus: zoveel maanden na afsluiten of overdracht aan extern.")
    uitnodiging_dagen = models.PositiveSmallIntegerField(
        "toegang partner na het overleg (dagen)", default=14, validators=[MinValueValidator(0), MaxValueValidator(90)],
        help_text="Een uitgenodigde partner ziet de casus tot zoveel dagen na het ZAT-overleg.")
    herinnering_dagen = models.PositiveSmallIntegerField(
        "herinnering voor de deadline (dagen)", default=3, validators=[MinValueValidator(0), MaxValueValidator(30)],
        help_text="Een actie van een plan van aanpak: herinnering zoveel dagen voor de deadline.")
    kleine_aantallen = models.PositiveSmallIntegerField(
        "kleinste getoonde aantal in rapportages", default=5, validators=[MinValueValidator(2), MaxValueValidator(20)],
        help_text="Een aantal hieronder toont een rapportage als \"<5\" (en zo nodig een tweede cel), zodat niemand "
                  "herkenbaar is.")

    class Meta:
        verbose_name = "instelling"
        verbose_name_plural = "instellingen"
        ordering = ["naam"]

    def __str__(self):
        return self.naam

    def save(self, *args, **kwargs):
        nieuw = self._state.adding
        super().save(*args, **kwargs)
        if nieuw:  # every instelling starts with the mbo ladder; the beheerder adapts it
            maak_standaard_ladder(self)


class Locatie(models.Model):
    instelling = models.ForeignKey(Instelling, on_delete=models.PROTECT, related_name="locaties")
    naam = models.CharField(max_length=200)

    class Meta:
        verbose_name = "locatie"
        verbose_name_plural = "locaties"
        ordering = ["naam"]
        constraints = [models.UniqueConstraint(fields=["instelling", "naam"], name="locatie_uniek")]

    def __str__(self):
        return self.naam


class Opleiding(models.Model):
    """A study programme at a locatie; its teaching team meets in a teamoverleg."""

    locatie = models.ForeignKey(Locatie, on_delete=models.PROTECT, related_name="opleidingen")
    naam = models.CharField(max_length=200)
    crebo = models.CharField("crebo", max_length=10, blank=True)

    class Meta:
        verbose_name = "opleiding"
        verbose_name_plural = "opleidingen"
        ordering = ["naam"]
        constraints = [models.UniqueConstraint(fields=["locatie", "naam"], name="opleiding_uniek")]

    def __str__(self):
        return f"{self.naam} ({self.locatie})"


class Partnerorganisatie(models.Model):
    """An entry of the sociale kaart: who offers what, and how to refer."""

    class Soort(models.TextChoices):
        JEUGDHULP = "jeugdhulp", "Jeugdhulp / Bureau Jeugdzorg"
        GGZ = "ggz", "GGZ"
        AMW = "amw", "Algemeen maatschappelijk werk"
        GGD = "ggd", "GGD / jeugdgezondheidszorg"
        POLITIE = "politie", "Politie"
        LEERPLICHT = "leerplicht", "Leerplicht / RMC"
        REC = "rec", "REC / passend onderwijs"
        MEE = "mee", "MEE"
        VERSLAVINGSZORG = "verslavingszorg", "Verslavingszorg"
        GEMEENTE = "gemeente", "Gemeente / wijkteam"
        ANDERS = "anders", "Anders"

    instelling = models.ForeignKey(Instelling, on_delete=models.PROTECT, related_name="partners")
    naam = models.CharField(max_length=200)
    soort = models.CharField(max_length=30, choices=Soort.choices)
    contactpersoon = models.CharField(max_length=200, blank=True)
    telefoon = models.CharField(max_length=50, blank=True)
    email = models.EmailField("e-mailadres", blank=True)
    website = models.URLField(blank=True)
    aanbod = models.TextField("wat zij bieden", blank=True, max_length=invoer.FORMULIERTEKST_MAX,
                              validators=[MaxLengthValidator(invoer.FORMULIERTEKST_MAX)])
    verwijzen = models.TextField("hoe verwijzen", blank=True, max_length=invoer.FORMULIERTEKST_MAX,
                                 validators=[MaxLengthValidator(invoer.FORMULIERTEKST_MAX)])

    class Meta:
        verbose_name = "partnerorganisatie (sociale kaart)"
        verbose_name_plural = "sociale kaart"
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Team(models.Model):
    class Soort(models.TextChoices):
        TEAMOVERLEG = "teamoverleg", "Teamoverleg begeleiding en zorg"
        INTERN_ZORGTEAM = "iz", "Intern zorgteam"
        ZAT = "zat", "Zorg- en adviesteam (ZAT)"
        ORGANISATIE = "organisatie", "Organisatie (management, beheer)"

    instelling = models.ForeignKey(Instelling, on_delete=models.PROTECT, related_name="teams")
    soort = models.CharField(max_length=20, choices=Soort.choices)
    naam = models.CharField(max_length=200)
    locaties = models.ManyToManyField(
        Locatie, blank=True, related_name="teams", help_text="Voor IZ en ZAT: de locaties die het team bedient."
    )
    opleidingen = models.ManyToManyField(
        Opleiding, blank=True, related_name="teams", help_text="Voor een teamoverleg: de opleidingen van het team."
    )

    class Meta:
        verbose_name = "team"
        verbose_name_plural = "teams"
        ordering = ["soort", "naam"]

    def __str__(self):
        return self.naam


class Functie(models.TextChoices):
    MENTOR = "mentor", "Mentor / SLB-er"
    DOCENT = "docent", "Docent"
    TAAKDOCENT = "taakdocent", "Taakdocent zorg"
    ZORGCOORDINATOR = "zorgcoordinator", "Zorgcoördinator"
    SMW = "smw", "Schoolmaatschappelijk werker"
    SPECIALIST = "specialist", "Interne specialist"
    LPA_RMC = "lpa_rmc", "LPA / RMC (verzuim)"
    GGD = "ggd", "GGD-jeugdarts"
    PARTNER = "partner", "Externe partner"
    MANAGEMENT = "management", "Management"
    BEHEERDER = "beheerder", "Functioneel beheerder"


def weergavenaam(user) -> str:
    """How a person is named on pages, in lists and in the log: the full name, else the username."""
    return (user.get_full_name() or user.username) if user else ""


class LidmaatschapQuerySet(models.QuerySet):
    def geldig(self, op=None):
        op = op or timezone.localdate()
        return self.filter(Q(begin__lte=op), Q(einde__isnull=True) | Q(einde__gte=op))

    def intern(self):
        """The school's own people: external partners come in per case, by invitation."""
        return self.exclude(functie=Functie.PARTNER)


class Lidmaatschap(models.Model):
    """A user's place in a team, with the functie they hold there: the main access path."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="lidmaatschappen")
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lidmaatschappen")
    functie = models.CharField(max_length=20, choices=Functie.choices)
    organisatie = models.ForeignKey(
        Partnerorganisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="Alleen voor externe partners: de organisatie die zij vertegenwoordigen.",
    )
    op_afroep = models.BooleanField("op afroep", default=False)
    begin = models.DateField(default=timezone.localdate, validators=[invoer.controleer_looptijd])
    einde = models.DateField(null=True, blank=True, validators=[invoer.controleer_looptijd])

    objects = LidmaatschapQuerySet.as_manager()

    class Meta:
        verbose_name = "lidmaatschap"
        verbose_name_plural = "lidmaatschappen"
        constraints = [
            models.UniqueConstraint(fields=["team", "gebruiker", "functie"], name="lidmaatschap_uniek"),
        ]

    def __str__(self):
        return f"{self.gebruiker} — {self.get_functie_display()} in {self.team}"


class Zorgniveau(models.Model):
    """One rung of the instelling's configurable ladder (volgorde 1 is the lowest)."""

    class Soort(models.TextChoices):
        BASIS = "basis", "Basisbegeleiding / teamoverleg"
        INTERN_ZORGTEAM = "iz", "Intern zorgteam"
        ZAT = "zat", "ZAT"
        EXTERN = "extern", "Extern"

    instelling = models.ForeignKey(Instelling, on_delete=models.CASCADE, related_name="zorgniveaus")
    volgorde = models.PositiveSmallIntegerField()
    naam = models.CharField(max_length=100)
    soort = models.CharField(
        max_length=20, choices=Soort.choices,
        help_text="Welk team dit niveau draagt; bepaalt o.a. of toestemming nodig is.",
    )
    toestemming_vereist = models.BooleanField(default=False)

    class Meta:
        verbose_name = "zorgniveau"
        verbose_name_plural = "zorgniveaus (de ladder)"
        ordering = ["instelling", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["instelling", "volgorde"], name="zorgniveau_volgorde_uniek"),
        ]

    def __str__(self):
        return f"{self.volgorde}. {self.naam}"


MBO_LADDER = [
    (1, "Basisbegeleiding / teamoverleg", Zorgniveau.Soort.BASIS, False),
    (2, "Intern zorgteam", Zorgniveau.Soort.INTERN_ZORGTEAM, False),
    (3, "ZAT", Zorgniveau.Soort.ZAT, True),
    (4, "Extern", Zorgniveau.Soort.EXTERN, False),
]


def maak_standaard_ladder(instelling: Instelling) -> None:
    """Seed the mbo default ladder for a new instelling (idempotent)."""
    for volgorde, naam, soort, toestemming in MBO_LADDER:
        Zorgniveau.objects.get_or_create(
            instelling=instelling,
            volgorde=volgorde,
            defaults={"naam": naam, "soort": soort, "toestemming_vereist": toestemming},
        )


class Conflict(Exception):
    """Someone else saved this object after the user opened it: nothing was written.

    `actueel` is what is saved now; `wijzigingen` says what changed since, as (wat, was, werd).
    """

    def __init__(self, actueel, wijzigingen):
        super().__init__("Gelijktijdige wijziging")
        self.actueel = actueel
        self.wijzigingen = wijzigingen


class Versiebeheerd(models.Model):
    """Optimistic locking, the one lock step of every versioned write: `vergrendel` takes the row for
    the transaction and refuses a save that started from an old versie; `opslaan` writes the next one.
    Two people editing the same thing never silently overwrite each other."""

    versie = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    @classmethod
    def vergrendel(cls, pk, versie: int | None = None, *, select_related=()):
        """The current row, locked until the transaction ends; Conflict when it changed since `versie`
        (None: the caller checks its own state, e.g. a status)."""
        actueel = cls.objects.select_for_update(of=("self",)).select_related(*select_related).get(pk=pk)
        if versie is not None and actueel.versie != versie:
            raise Conflict(actueel, actueel.wijzigingen_sinds(versie))
        return actueel

    def wijzigingen_sinds(self, versie: int) -> list[tuple[str, str, str]]:
        """What changed since the user's versie, from the history where the model keeps one."""
        history = getattr(self, "history", None)
        oud = history.filter(versie=versie).order_by("-history_date").first() if history is not None else None
        nieuw = history.order_by("-history_date").first() if history is not None else None
        if oud is None or nieuw is None:
            return [(str(self._meta.verbose_name).capitalize(), "", "is intussen gewijzigd")]
        wijzigingen = []
        for change in nieuw.diff_against(oud).changes:
            veld = self._meta.get_field(change.field)
            weergave = dict(veld.choices or ())
            wijzigingen.append((str(veld.verbose_name).capitalize(), weergave.get(change.old, change.old) or "–",
                                weergave.get(change.new, change.new) or "–"))
        return wijzigingen or [(str(self._meta.verbose_name).capitalize(), "", "is intussen opnieuw opgeslagen")]

    def opslaan(self, *velden: str, door) -> None:
        """Validate and save the named fields as the next versie (update_fields: nothing else is touched);
        `door` is the acting privacy.actor.Actor, recorded by django-simple-history."""
        self.versie += 1
        self.full_clean()
        self._history_user = door.gebruiker
        auto = [f.name for f in self._meta.concrete_fields if getattr(f, "auto_now", False)]
        self.save(update_fields=sorted({*velden, "versie", *auto}))


# --------------------------------------------------------------- the zorgtraject

class ZorgtrajectQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Zorgtraject.Status.OPEN)


class Zorgtraject(Versiebeheerd):
    """A student's case moving along the ladder; one open per student (plus, beside it, an SMW route).

    Every move is a Niveauwijziging, written by zorgstructuur.services — never by saving this directly.
    """

    class Route(models.TextChoices):
        LADDER = "ladder", "Zorgtraject (ladder)"
        SMW = "smw", "Schoolmaatschappelijk werk"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        AFGESLOTEN = "afgesloten", "Afgesloten"

    class Uitkomst(models.TextChoices):
        OPGELOST = "opgelost", "Opgelost"
        EXTERN = "extern", "Overgenomen door extern"
        ZAT = "zat", "Overgenomen door ZAT"
        UITGESCHREVEN = "uitgeschreven", "Deelnemer uitgeschreven"
        ANDERS = "anders", "Anders"

    deelnemer = models.ForeignKey("deelnemers.Deelnemer", on_delete=models.CASCADE, related_name="zorgtrajecten")
    route = models.CharField(max_length=10, choices=Route.choices, default=Route.LADDER)
    niveau = models.ForeignKey(Zorgniveau, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               help_text="Leeg voor de SMW-route.")
    casemanager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="casemanagerschappen")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    zat_bespreken = models.BooleanField(
        "bespreken in het volgende ZAT", default=False,
        help_text="Gezet bij crisis: externe hulp is direct ingeroepen en moet achteraf in het ZAT besproken worden.")
    geopend = models.DateField(default=timezone.localdate, validators=[invoer.controleer_zorgdatum])
    afgesloten_op = models.DateField(null=True, blank=True, validators=[invoer.controleer_zorgdatum])
    uitkomst = models.CharField(max_length=20, choices=Uitkomst.choices, blank=True)
    uitkomst_toelichting = models.CharField("toelichting op de uitkomst", max_length=300, blank=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    objects = ZorgtrajectQuerySet.as_manager()

    class Meta:
        verbose_name = "zorgtraject"
        verbose_name_plural = "zorgtrajecten"
        ordering = ["-geopend", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["deelnemer", "route"], condition=Q(status="open"),
                                    name="een_open_zorgtraject_per_route"),
            models.CheckConstraint(condition=Q(route="smw") | Q(niveau__isnull=False),
                                   name="zorgtraject_ladder_heeft_niveau"),
        ]
        indexes = [models.Index(fields=["status", "niveau"])]

    def __str__(self):
        waar = self.niveau.naam if self.niveau_id else self.get_route_display()
        return f"Zorgtraject {self.pk} ({waar}, {self.get_status_display().lower()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def wijzigingen_sinds(self, versie: int) -> list[tuple[str, str, str]]:
        """The decisions recorded since the user opened the traject (for the conflict message)."""
        nieuwer = self.wijzigingen.filter(traject_versie__gt=versie).select_related(
            "besloten_door", "van_niveau", "naar_niveau", "organisatie").order_by("aangemaakt")
        return [(f"{w.datum:%d-%m-%Y}, {weergavenaam(w.besloten_door)}", "",
                 w.beschrijving) for w in nieuwer] or [("Zorgtraject", "", "gewijzigd (casemanager of gegevens)")]


class Niveauwijziging(models.Model):
    """One event on the ladder — the interventieformulier: who decided what, why, and what had
    been done at the previous level with what effect, so the next level starts complete."""

    class Soort(models.TextChoices):
        START = "start", "Start"
        OPSCHALEN = "opschalen", "Opschalen"
        AFSCHALEN = "afschalen", "Afschalen"
        EXTERN = "extern", "Overdragen aan extern"
        CRISIS = "crisis", "Crisis (direct externe hulp)"
        AFSLUITEN = "afsluiten", "Afsluiten"

    class Grondslag(models.TextChoices):
        TOESTEMMING = "toestemming", "Geldige toestemming"
        ANONIEM = "anoniem", "Anonieme bespreking"
        VEILIGHEID = "veiligheid", "Veiligheidsuitzondering (zorgcoördinator)"

    zorgtraject = models.ForeignKey(Zorgtraject, on_delete=models.CASCADE, related_name="wijzigingen")
    soort = models.CharField(max_length=12, choices=Soort.choices)
    van_niveau = models.ForeignKey(Zorgniveau, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    naar_niveau = models.ForeignKey(Zorgniveau, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    datum = models.DateField(default=timezone.localdate, validators=[invoer.controleer_zorgdatum])
    besloten_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    goedgekeurd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Bij crisis: de zorgcoördinator die toestemming gaf.")
    reden = models.TextField("waarom", max_length=invoer.TOELICHTING_MAX,
                             validators=[MaxLengthValidator(invoer.TOELICHTING_MAX)])
    # As long as the aanmeldformulier's answers: accepting an aanmelding copies them here.
    gedaan = models.TextField("wat is op het vorige niveau gedaan", blank=True, max_length=invoer.FORMULIERTEKST_MAX,
                              validators=[MaxLengthValidator(invoer.FORMULIERTEKST_MAX)])
    effect = models.TextField("met welk effect", blank=True, max_length=invoer.FORMULIERTEKST_MAX,
                              validators=[MaxLengthValidator(invoer.FORMULIERTEKST_MAX)])
    zat_grondslag = models.CharField("grondslag voor ZAT-bespreking", max_length=12, choices=Grondslag.choices,
                                     blank=True)
    zat_toelichting = models.CharField(max_length=300, blank=True)
    uitkomst = models.CharField(max_length=20, choices=Zorgtraject.Uitkomst.choices, blank=True)
    organisatie = models.ForeignKey(
        Partnerorganisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="overgenomen door", help_text="Bij extern en crisis: de organisatie die de zorg overneemt.")
    traject_versie = models.PositiveIntegerField(default=1, help_text="De versie van het traject na deze wijziging.")
    aangemaakt = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "niveauwijziging"
        verbose_name_plural = "niveauwijzigingen"
        ordering = ["-datum", "-aangemaakt", "-id"]

    def __str__(self):
        return f"{self.get_soort_display()} op {self.datum:%d-%m-%Y}"

    @property
    def beschrijving(self) -> str:
        """One line for the timeline and the conflict message: what was decided, from where to where."""
        S = self.Soort
        van = self.van_niveau.naam if self.van_niveau_id else None
        naar = self.naar_niveau.naam if self.naar_niveau_id else None
        if self.soort == S.START:
            return f"Zorgtraject gestart op niveau {naar}" if naar else "SMW-traject gestart"
        if self.soort == S.AFSLUITEN:
            return f"Zorgtraject afgesloten: {self.get_uitkomst_display().lower()}"
        if self.soort == S.CRISIS:
            return f"Crisis: direct externe hulp ingeroepen (van {van} naar {naar}); bespreken in het volgende ZAT"
        if self.soort == S.EXTERN:
            wie = f" ({self.organisatie.naam})" if self.organisatie_id else ""
            return f"Zorgtraject overgedragen aan extern{wie}, van {van} naar {naar}"
        werkwoord = "opgeschaald" if self.soort == S.OPSCHALEN else "afgeschaald"
        return f"Zorgtraject {werkwoord} van {van} naar {naar}"


class Melding(models.Model):
    """A notification on "Mijn werk". Its text names no student: it says what happened and links.
    Every app notifies through zorgstructuur.services.melden. The student, who caused it and what it is
    about are kept as references: Mijn werk names them only to a reader who may see the student at that
    moment (checked when shown), and the service that handles the subject marks it afgehandeld."""

    class Soort(models.TextChoices):
        NIEUWE_AANMELDING = "nieuwe_aanmelding", "Nieuwe aanmelding"
        TERUGGESTUURD = "teruggestuurd", "Aanmelding teruggestuurd"
        GEACCEPTEERD = "geaccepteerd", "Aanmelding geaccepteerd"
        CRISIS = "crisis", "Crisis: bespreken in het ZAT"
        SIGNAAL = "signaal", "Signaal van een docent"
        UITNODIGING = "uitnodiging", "Uitnodiging voor het ZAT"
        HANDELINGSADVIES = "handelingsadvies", "Handelingsadvies"
        AANMELDING_BESPROKEN = "aanmelding_besproken", "Aanmelding besproken"
        SMW_TEVREDENHEID = "smw_tevredenheid", "Vraag naar tevredenheid over het SMW"

    ontvanger = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meldingen")
    soort = models.CharField(max_length=20, choices=Soort.choices)
    tekst = models.CharField(max_length=200)
    url = models.CharField(max_length=200)
    aangemaakt = models.DateTimeField(default=timezone.now)
    gelezen_op = models.DateTimeField(null=True, blank=True)
    deelnemer = models.ForeignKey("deelnemers.Deelnemer", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="+")
    afzender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    # What it is about (e.g. "aanmelding", 12): the service that handles that subject closes the notification.
    object_type = models.CharField(max_length=30, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    afgehandeld_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        ordering = ["-aangemaakt", "-id"]
        indexes = [models.Index(fields=["ontvanger", "gelezen_op"]),
                   models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return self.tekst

