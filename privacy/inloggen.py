"""Logins in the access log, and django-axes' lockout with a limit of its own for an address.

Successful and failed logins and logouts become Toegangslog rows (append-only, in the hash chain),
which the privacy officer reads in the admin; never a password. Connected in PrivacyConfig.ready().
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Sum
from django.dispatch import receiver
from django.shortcuts import render

from .actor import adres
from .log import log
from .models import Toegangslog


class InlogpogingHandler(AxesDatabaseHandler):
    """axes compares one count with one limit: the failures of the account (from any address) or of
    the address (for any account), whichever is larger. We give the address its own, higher limit
    (INLOG_MAX_POGINGEN_ADRES): a whole school often shares one address, and 5 typing errors in
    the staff room should not lock everyone out."""

    def get_failures(self, request, credentials=None) -> int:
        # One queryset per AXES_LOCKOUT_PARAMETERS entry: ["username", "ip_address"].
        per_account, per_adres = (
            qs.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for qs in self.get_user_attempts(request, credentials)
        )
        if per_adres >= settings.INLOG_MAX_POGINGEN_ADRES:
            return max(per_account, settings.AXES_FAILURE_LIMIT)
        return per_account


def geblokkeerd(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page a locked-out login gets instead of the form."""
    return render(request, "registration/geblokkeerd.html", {"minuten": settings.INLOG_BLOKKADE_MINUTEN},
                  status=429)


@receiver(user_logged_in, dispatch_uid="privacy_inloggen")
def ingelogd(sender, request, user, **kwargs):
    # login() has made the user request.user. A request without a user attribute never passed the
    # middleware: that is the test client's force_login(), which is no login by anyone.
    if getattr(request, "user", None) is user:
        log(request, Toegangslog.Actie.INLOGGEN)


@receiver(user_logged_out, dispatch_uid="privacy_uitloggen")
def uitgelogd(sender, request, user, **kwargs):
    if user is not None and getattr(request, "user", None) is user:  # still the user here
        log(request, Toegangslog.Actie.UITLOGGEN)


@receiver(user_login_failed, dispatch_uid="privacy_inloggen_mislukt")
def inloggen_mislukt(sender, credentials, request=None, **kwargs):
    """The name as typed (an attempt on an unknown or someone else's account is what matters), the
    address, and whether axes refused it because of a lockout. Django has already masked the password."""
    if request is None:
        return
    getypt = str(credentials.get("username") or "").replace("\x00", "")[:150]
    geblokkeerd = getattr(request, "axes_locked_out", False)
    Toegangslog.objects.create(
        actie=Toegangslog.Actie.INLOGGEN_MISLUKT,
        uitkomst=Toegangslog.Uitkomst.GEWEIGERD,
        gebruikersnaam=getypt or "(leeg)",
        ip_adres=adres(request),
        object_type="inloggen",
        omschrijving="Geblokkeerd na te veel mislukte pogingen" if geblokkeerd
        else "Onjuiste gebruikersnaam of wachtwoord, of account niet actief",
    )
