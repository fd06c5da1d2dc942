"""Meetings: IZ and ZAT overleg, their agenda and what is recorded per item (plan van aanpak, actions).

Writes go through overleg.services; who may read what is decided in privacy.policy.overleg. An
agendapunt carries the layer of its team (zorg for an IZ, zat for a ZAT): it is dossier data.
"""

from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from zorgstructuur import invoer
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Team, Versiebeheerd

FORMULIERTEKST, TOELICHTING = invoer.FORMULIERTEKST, invoer.TOELICHTING


class Weekdag(models.IntegerChoices):
    MAANDAG = 0, "maandag"
    DINSDAG = 1, "dinsdag"
    WOENSDAG = 2, "woensdag"
    DONDERDAG = 3, "donderdag"
    VRIJDAG = 4, "vrijdag"
    ZATERDAG = 5, "zaterdag"
    ZONDAG = 6, "zondag"


class Overlegreeks(models.Model):
    """A recurring meeting of a team: every N weeks on a weekday at a local time, until a date.
    overleg.services.reeks_aanmaken creates its meetings (local dates and local times, so a meeting
    stays at 14:00 across a daylight-saving change)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="overlegreeksen")
    interval_weken = models.PositiveSmallIntegerField(
        "om de hoeveel weken", default=2, validators=[MinValueValidator(1), MaxValueValidator(52)])
    weekdag = models.PositiveSmallIntegerField(choices=Weekdag.choices)
    begintijd = models.TimeField()
    eindtijd = models.TimeField()
    plaats = models.CharField(max_length=200, blank=True)
    vanaf = models.DateField(validators=[invoer.controleer_zorgdatum])
    tot_en_met = models.DateField("tot en met", validators=[invoer.controleer_looptijd])

    class Meta:
        verbose_name = "overlegreeks"
        verbose_name_plural = "overlegreeksen"
        ordering = ["team", "vanaf"]
        constraints = [
            models.CheckConstraint(condition=Q(eindtijd__gt=F("begintijd")), name="overlegreeks_eind_na_begin"),
            models.CheckConstraint(condition=Q(tot_en_met__gte=F("vanaf")), name="overlegreeks_tot_na_vanaf"),
        ]

    def __str__(self):
        return (f"{self.team}: om de {self.interval_weken} weken op {self.get_weekdag_display()} "
                f"{self.begintijd:%H:%M}")


class Overleg(models.Model):
    """One meeting of a team (teamoverleg, IZ or ZAT) on a local date, from a local time to a local time."""

    class Status(models.TextChoices):
        GEPLAND = "gepland", "Gepland"
        GEHOUDEN = "gehouden", "Gehouden"
        GEANNULEERD = "geannuleerd", "Geannuleerd"

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="overleggen")
    reeks = models.ForeignKey(Overlegreeks, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="overleggen")
    datum = models.DateField(validators=[invoer.controleer_zorgdatum])
    begintijd = models.TimeField()
    eindtijd = models.TimeField()
    plaats = models.CharField(max_length=200, blank=True)
    voorzitter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    notulist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.GEPLAND)
    reden_annulering = models.CharField("reden van annulering", max_length=300, blank=True)

    class Meta:
        verbose_name = "overleg"
        verbose_name_plural = "overleggen"
        ordering = ["datum", "begintijd", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(eindtijd__gt=F("begintijd")), name="overleg_eind_na_begin"),
        ]
        indexes = [models.Index(fields=["team", "datum"])]

    def __str__(self):
        return f"{self.team} op {self.datum:%d-%m-%Y} {self.begintijd:%H:%M}"

    @property
    def begin(self) -> datetime:
        """The start as an aware moment: the local date and local time, whatever the UTC offset that day."""
        return timezone.make_aware(datetime.combine(self.datum, self.begintijd))

    @property
    def einde(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.datum, self.eindtijd))

    @property
    def laag(self) -> str:
        """The layer of what is discussed: zat for a ZAT, zorg for the other teams."""
        return Laag.ZAT if self.team.soort == Team.Soort.ZAT else Laag.ZORG


class Agendapunt(Versiebeheerd):
    """One student on one meeting's agenda, with why, and what the meeting recorded (issue 10 point 6)."""

    class Reden(models.TextChoices):
        AANMELDING = "aanmelding", "Nieuwe aanmelding"
        EVALUATIE = "evaluatie", "Evaluatie"
        NAZORG = "nazorg", "Nazorg"
        CRISIS = "crisis", "Crisis"
        DOORGESCHOVEN = "doorgeschoven", "Doorgeschoven"

    class Doelen(models.TextChoices):
        BEREIKT = "bereikt", "Bereikt"
        DEELS = "deels", "Deels bereikt"
        NIET = "niet", "Niet bereikt"

    class Niveaubesluit(models.TextChoices):
        BLIJFT = "blijft", "Blijft op dit niveau"
        OPSCHALEN = "opschalen", "Opschalen"
        AFSCHALEN = "afschalen", "Afschalen"
        EXTERN = "extern", "Overdragen aan extern"
        AFSLUITEN = "afsluiten", "Afsluiten"

    class JaNeeOnbekend(models.TextChoices):
        JA = "ja", "Ja"
        NEE = "nee", "Nee"
        ONBEKEND = "onbekend", "Onbekend"

    overleg = models.ForeignKey(Overleg, on_delete=models.CASCADE, related_name="agendapunten")
    deelnemer = models.ForeignKey("deelnemers.Deelnemer", on_delete=models.CASCADE, related_name="agendapunten")
    reden = models.CharField(max_length=15, choices=Reden.choices)
    volgorde = models.PositiveSmallIntegerField(default=0)
    minuten = models.PositiveSmallIntegerField(default=10, validators=[MinValueValidator(1), MaxValueValidator(240)])
    inbrenger = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    anoniem = models.BooleanField("anoniem bespreken", default=False,
                                  help_text="Geen identificerende gegevens buiten de school.")
    aanmelding = models.ForeignKey("aanmelding.Aanmelding", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="agendapunten")

    # What the meeting records (the verslag of this item).
    informatie = models.TextField("aanvullende informatie", blank=True, **FORMULIERTEKST)
    analyse = models.TextField(blank=True, **FORMULIERTEKST)
    probleembeleving = models.TextField("probleembeleving (wiens probleem, hoe beleefd)", blank=True,
                                        **FORMULIERTEKST)
    oplossingsrichtingen = models.TextField(blank=True, **FORMULIERTEKST)
    besluit = models.TextField(blank=True, **FORMULIERTEKST)
    contactpersoon = models.CharField("contactpersoon voor deelnemer en ouders", max_length=200, blank=True)
    terugkoppeling_deelnemer = models.CharField("wie koppelt terug aan de deelnemer", max_length=200, blank=True)
    informeert_aanmelder = models.CharField("wie informeert de aanmelder", max_length=200, blank=True)
    vir_besluit = models.CharField("melden bij de verwijsindex (VIR)", max_length=10, choices=JaNeeOnbekend.choices,
                                   blank=True)
    vir_door = models.CharField("VIR-melding door", max_length=200, blank=True)
    vir_datum = models.DateField("VIR-melding op", null=True, blank=True, validators=[invoer.controleer_zorgdatum])
    volgende_evaluatie = models.DateField(null=True, blank=True, validators=[invoer.controleer_zorgdatum])
    # The advice for the mentor and the teachers: shared as a dossier entry in layer basis (point 8).
    handelingsadvies = models.TextField("handelingsadvies voor het team", blank=True, **FORMULIERTEKST)
    advies_item = models.ForeignKey("deelnemers.DossierItem", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    # At an evaluation (point 9): how far the goals of the previous plan were reached.
    evaluatie_doelen = models.CharField("doelen bereikt", max_length=10, choices=Doelen.choices, blank=True)
    # The level decision (point 6), carried out through the zorgtraject services as a Niveauwijziging.
    niveaubesluit = models.CharField(max_length=12, choices=Niveaubesluit.choices, blank=True)
    niveauwijziging = models.ForeignKey("zorgstructuur.Niveauwijziging", on_delete=models.SET_NULL, null=True,
                                        blank=True, related_name="agendapunten")
    besproken = models.BooleanField(default=False)
    gewijzigd = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["gewijzigd"], cascade_delete_history=True)

    class Meta:
        verbose_name = "agendapunt"
        verbose_name_plural = "agendapunten"
        ordering = ["overleg", "volgorde", "id"]
        constraints = [
            models.UniqueConstraint(fields=["overleg", "deelnemer"], name="agendapunt_een_per_deelnemer"),
        ]
        indexes = [models.Index(fields=["deelnemer", "besproken"])]

    def __str__(self):
        return f"Agendapunt {self.pk} ({self.get_reden_display().lower()})"

    @property
    def laag(self) -> str:
        return self.overleg.laag


class Actie(models.Model):
    """One action of a plan van aanpak: who does what before when."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        GEDAAN = "gedaan", "Gedaan"
        VERVALLEN = "vervallen", "Vervallen"

    agendapunt = models.ForeignKey(Agendapunt, on_delete=models.CASCADE, related_name="acties")
    eigenaar = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="overlegacties")
    omschrijving = models.CharField(max_length=500)
    deadline = models.DateField(validators=[invoer.controleer_zorgdatum])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    afgerond_op = models.DateField(null=True, blank=True, validators=[invoer.controleer_zorgdatum])
    notitie = models.CharField(max_length=500, blank=True)
    # The state the last reminder was sent for ("binnenkort:<deadline>" or "te_laat:<deadline>"), so the
    # daily `manage.py herinneringen` never sends the same reminder twice.
    herinnerd = models.CharField(max_length=30, blank=True)

    class Meta:
        verbose_name = "actie"
        verbose_name_plural = "acties"
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["eigenaar", "status", "deadline"]),
                   # The open actions (the overview, Mijn werk): a few among the years of closed ones.
                   models.Index(fields=["agendapunt"], condition=Q(status="open"), name="actie_open_idx")]

    def __str__(self):
        return f"Actie {self.pk} ({self.get_status_display().lower()}, {self.deadline:%d-%m-%Y})"

    @property
    def laag(self) -> str:
        return self.agendapunt.laag


class Aanwezigheid(models.Model):
    """Who attended a meeting; members attend by default, an absence is recorded with or without notice."""

    class Status(models.TextChoices):
        AANWEZIG = "aanwezig", "Aanwezig"
        AFWEZIG_MET_BERICHT = "afwezig_met_bericht", "Afwezig met bericht"
        AFWEZIG = "afwezig", "Afwezig zonder bericht"

    overleg = models.ForeignKey(Overleg, on_delete=models.CASCADE, related_name="aanwezigheden")
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AANWEZIG)

    class Meta:
        verbose_name = "aanwezigheid"
        verbose_name_plural = "aanwezigheden"
        constraints = [
            models.UniqueConstraint(fields=["overleg", "gebruiker"], name="aanwezigheid_uniek"),
        ]

    def __str__(self):
        return f"{self.get_status_display()} bij {self.overleg}"


class Uitnodiging(models.Model):
    """An external partner invited to one agendapunt of a ZAT (op afroep). For an item that is not anonymous
    the invitation carries a dossier_zat grant (privacy.DeelnemerToegang) on that one student until
    `geldig_tot`; the policy counts it only while the student's consent for the ZAT names the partner's
    organisation. An anonymous item gives no grant: the partner sees it only as an anonymous case."""

    agendapunt = models.ForeignKey(Agendapunt, on_delete=models.CASCADE, related_name="uitnodigingen")
    partner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="uitnodigingen")
    organisatie = models.ForeignKey("zorgstructuur.Partnerorganisatie", on_delete=models.PROTECT, related_name="+")
    toegang = models.ForeignKey("privacy.DeelnemerToegang", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    geldig_tot = models.DateField(validators=[invoer.controleer_looptijd])
    uitgenodigd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "uitnodiging"
        verbose_name_plural = "uitnodigingen"
        constraints = [
            models.UniqueConstraint(fields=["agendapunt", "partner"], name="uitnodiging_uniek"),
        ]
        indexes = [models.Index(fields=["partner", "geldig_tot"])]

    def __str__(self):
        return f"Uitnodiging {self.pk} (tot {self.geldig_tot:%d-%m-%Y})"


class Nazorg(models.Model):
    """Aftercare N months after a ZAT case was closed or handed to extern (point 10): a task for the
    zorgcoördinator with the taakdocent zorg and the student. `vastgelegd_op` empty = still to do."""

    class Resultaat(models.TextChoices):
        OPGELOST = "opgelost", "Nog steeds opgelost"
        TERUGGEVALLEN = "teruggevallen", "Teruggevallen"
        ANDERS = "anders", "Anders"

    deelnemer = models.ForeignKey("deelnemers.Deelnemer", on_delete=models.CASCADE, related_name="nazorg")
    zorgtraject = models.OneToOneField("zorgstructuur.Zorgtraject", on_delete=models.CASCADE, related_name="nazorg")
    vervaldatum = models.DateField(validators=[invoer.controleer_zorgdatum])
    vastgelegd_op = models.DateField(null=True, blank=True, validators=[invoer.controleer_zorgdatum])
    vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+")
    resultaat = models.CharField(max_length=15, choices=Resultaat.choices, blank=True)
    toelichting = models.TextField(blank=True, **TOELICHTING)
    tevredenheid_deelnemer = models.PositiveSmallIntegerField(
        "tevredenheid deelnemer (1–5)", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)])
    opmerking_deelnemer = models.CharField(max_length=500, blank=True)
    tevredenheid_aanmelder = models.PositiveSmallIntegerField(
        "tevredenheid aanmelder (1–5)", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)])
    opmerking_aanmelder = models.CharField(max_length=500, blank=True)
    # A relapse can put the case back on the agenda: the item it got.
    agendapunt = models.ForeignKey(Agendapunt, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        verbose_name = "nazorg"
        verbose_name_plural = "nazorg"
        ordering = ["vervaldatum", "id"]

    def __str__(self):
        return f"Nazorg {self.pk} (vervalt {self.vervaldatum:%d-%m-%Y})"

    @property
    def laag(self) -> str:
        return Laag.ZAT


class Agendafeed(models.Model):
    """A user's personal calendar feed: a secret token in the URL (only its SHA-256 is stored). Renewing
    replaces it, so the old URL stops working at once."""

    gebruiker = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agendafeed")
    token_hash = models.CharField(max_length=64, unique=True)
    aangemaakt = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "agendafeed"
        verbose_name_plural = "agendafeeds"

    def __str__(self):
        return f"Agendafeed {self.pk}"
