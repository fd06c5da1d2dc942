"""A background task as its user sees it: what it is, how far it is, and its outcome.

The task itself runs through Django's Tasks API (taken.uitvoeren); this record is ours, so the page and
the policy work the same whatever backend runs the task. It holds no personal data: counts, a Dutch
message on failure, and references to the result (an import's id, a private file in the storage)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

BEWAARTERMIJN = timedelta(hours=24)  # a result (and its file) is removed after this


def verloopt_standaard():
    return timezone.now() + BEWAARTERMIJN


class Taak(models.Model):
    class Soort(models.TextChoices):
        PROEFDRAAI = "proefdraai", "Proefdraai van de import"
        IMPORT = "import", "Import toepassen"
        EXPORT = "export", "Export van een overzicht"
        VERSTUREN = "versturen", "Agenda of verslag versturen"

    class Status(models.TextChoices):
        WACHT = "wacht", "Wacht op zijn beurt"
        BEZIG = "bezig", "Bezig"
        KLAAR = "klaar", "Klaar"
        MISLUKT = "mislukt", "Mislukt"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    soort = models.CharField(max_length=20, choices=Soort.choices)
    omschrijving = models.CharField(max_length=200)  # shown on the page: no personal data
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="taken")
    instelling = models.ForeignKey("zorgstructuur.Instelling", null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHT)
    voortgang = models.PositiveIntegerField(default=0)
    totaal = models.PositiveIntegerField(null=True, blank=True)
    melding = models.TextField(blank=True)  # Dutch, for a failed task; never a traceback
    resultaat = models.JSONField(default=dict, blank=True)  # references only (an id, a URL to go on to)
    bestand = models.CharField(max_length=255, blank=True)  # the private result file in the default storage
    bestandsnaam = models.CharField(max_length=255, blank=True)
    aangemaakt = models.DateTimeField(default=timezone.now)
    afgerond = models.DateTimeField(null=True, blank=True)
    verloopt = models.DateTimeField(default=verloopt_standaard, db_index=True)

    class Meta:
        verbose_name = "taak"
        verbose_name_plural = "taken"
        ordering = ["-aangemaakt"]

    def __str__(self):
        return f"{self.get_soort_display()} ({self.get_status_display().lower()})"

    @property
    def afgelopen(self) -> bool:
        return self.status in (self.Status.KLAAR, self.Status.MISLUKT)

    @property
    def procent(self) -> int | None:
        if self.status == self.Status.KLAAR:
            return 100
        if not self.totaal:
            return None  # not known yet: the page shows a bar without a figure
        return min(100, self.voortgang * 100 // self.totaal)
