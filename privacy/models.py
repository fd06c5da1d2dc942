"""Object-level grants, the append-only access log and werkaantekeningen."""

from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, router
from django.utils import timezone
from guardian.models import UserObjectPermissionBase

from deelnemers.models import Deelnemer
from zorgstructuur import invoer
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Functie

from . import keten

WERKAANTEKENING_MAX = 10_000  # a memory aid, not a report


class DeelnemerToegang(UserObjectPermissionBase):
    """An explicit, temporary grant on one student (django-guardian direct foreign-key model).

    The end date is ours: the policy only counts grants that are still valid, so an expired
    grant gives nothing even while its row still exists.
    """

    content_object = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="toegangen")
    geldig_tot = models.DateField(validators=[invoer.controleer_looptijd])
    reden = models.CharField(max_length=200)
    verleend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verleend_op = models.DateTimeField(default=timezone.now)
    # A vertrouwelijk grant opens the entries of one discipline (DESIGN §5): an SMW caseload grant
    # opens SMW entries, never a specialist's psychodiagnostics.
    discipline = models.CharField(
        "opent vertrouwelijke stukken van", max_length=20, choices=Functie.choices, blank=True,
        help_text="Alleen bij vertrouwelijke toegang: de discipline waarvan de vertrouwelijke stukken open gaan.")

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "expliciete toegang"
        verbose_name_plural = "expliciete toegangen"
        indexes = [models.Index(fields=["user", "geldig_tot"])]

    def clean(self):
        if self.permission_id and self.permission.codename == "dossier_vertrouwelijk" and not self.discipline:
            raise ValidationError({"discipline": "Kies van welke discipline de vertrouwelijke stukken open gaan."})


class _DoorDeDatabase:
    """A field the database sets on INSERT (PostgreSQL trigger) and hands back in the same statement
    (INSERT … RETURNING), so the saved object shows what was stored without another query."""

    db_returning = True


class DatabaseTijdstip(_DoorDeDatabase, models.DateTimeField):
    pass


class DatabaseVolgnummer(_DoorDeDatabase, models.BigIntegerField):
    pass


class DatabaseHash(_DoorDeDatabase, models.CharField):
    pass


class ToegangslogQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if not objs:  # nothing to chain: no read of the chain's end
            return objs
        with keten.schrijven(self.model, objs, self.db):
            return super().bulk_create(objs, *args, **kwargs)


class Toegangslog(models.Model):
    """Append-only access log after NEN 7513: who did what with whose data, when, from where.

    It records that data was seen or changed, never the data itself. Rows cannot be changed
    or deleted: the admin offers no way and database triggers refuse it (append_only.py); on
    PostgreSQL the app's own role may only INSERT and SELECT (README, Productie). The time is
    the database's, and every row carries the hash of the one before (keten.py; checked by
    `manage.py controleer_toegangslog`). The student is kept as a plain id so the log outlives
    the dossier (retention).
    """

    class Actie(models.TextChoices):
        INZIEN = "inzien", "Inzien"
        ZOEKEN = "zoeken", "Zoeken"
        AANMAKEN = "aanmaken", "Aanmaken"
        WIJZIGEN = "wijzigen", "Wijzigen"
        VERWIJDEREN = "verwijderen", "Verwijderen"
        AFDRUKKEN = "afdrukken", "Afdrukken"
        EXPORTEREN = "exporteren", "Exporteren"
        INLOGGEN = "inloggen", "Inloggen"
        INLOGGEN_MISLUKT = "inloggen_mislukt", "Inloggen mislukt"
        UITLOGGEN = "uitloggen", "Uitloggen"

    class Uitkomst(models.TextChoices):
        TOEGESTAAN = "toegestaan", "Toegestaan"
        GEWEIGERD = "geweigerd", "Geweigerd"

    tijdstip = DatabaseTijdstip(db_index=True, editable=False)
    actie = models.CharField(max_length=20, choices=Actie.choices)
    uitkomst = models.CharField(max_length=20, choices=Uitkomst.choices, default=Uitkomst.TOEGESTAAN)
    gebruiker_id = models.BigIntegerField(null=True)
    gebruikersnaam = models.CharField(max_length=150)
    rol = models.CharField(max_length=200, blank=True)
    namens = models.CharField("namens", max_length=150, blank=True)
    ip_adres = models.GenericIPAddressField(null=True)
    deelnemer_id = models.BigIntegerField(null=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    laag = models.CharField(max_length=20, choices=Laag.choices, blank=True)
    omschrijving = models.CharField(max_length=300, blank=True)
    # The chain (keten.py): set by the database trigger, or by keten.schrijven() on SQLite.
    volgnummer = DatabaseVolgnummer(unique=True, editable=False)
    vorige_hash = DatabaseHash(max_length=64, editable=False)
    hash = DatabaseHash(max_length=64, editable=False)

    objects = ToegangslogQuerySet.as_manager()

    class Meta:
        verbose_name = "toegangslogregel"
        verbose_name_plural = "toegangslog"
        ordering = ["-tijdstip", "-id"]
        # Exactly the order of a dossier's access log page, so its newest rows come straight from the index.
        indexes = [models.Index(fields=["deelnemer_id", "-tijdstip", "-id"])]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.tijdstip:%d-%m-%Y %H:%M} {self.gebruikersnaam} {self.actie} {self.uitkomst}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Het toegangslog kan niet worden gewijzigd.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with keten.schrijven(type(self), [self], using):
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Het toegangslog kan niet worden verwijderd.")


class Werkaantekening(models.Model):
    """A professional's private working note about a student: the author's alone, everywhere.

    Deliberately without history, admin registration or timeline entry. The only way in is
    privacy.policy.werkaantekeningen_van(), which filters on the author.
    """

    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="+")
    tekst = models.TextField(max_length=WERKAANTEKENING_MAX, validators=[MaxLengthValidator(WERKAANTEKENING_MAX)])
    aangemaakt = models.DateTimeField(default=timezone.now)
    gewijzigd = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "werkaantekening"
        verbose_name_plural = "werkaantekeningen"
        ordering = ["-aangemaakt"]
        indexes = [models.Index(fields=["auteur", "deelnemer"])]
        default_permissions = ()

    def __str__(self):
        return f"Werkaantekening {self.pk}"

    @property
    def is_bijgewerkt(self) -> bool:
        return (self.gewijzigd - self.aangemaakt).total_seconds() > 1


class Inlogpoging(AccessAttempt):
    """django-axes' failed logins per account and address, under our own name and permissions: the
    functioneel beheerder lifts a lockout in the admin (privacy.admin.InlogpogingAdmin)."""

    class Meta:
        proxy = True
        verbose_name = "mislukte inlogpoging"
        verbose_name_plural = "mislukte inlogpogingen (blokkades)"
        default_permissions = ("view", "delete")
