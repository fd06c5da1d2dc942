"""Input from outside, checked before it reaches the database or a library: one place for the rules.

- Dates lie in a range that fits what they mean: validators for the model fields (so the services'
  full_clean and the ModelForms enforce them), also used by plain forms and the import.
- Ids: the URL converter `<id:…>` and the form field `IdField` take ASCII digits within the
  database's bigint range only (`"²".isdigit()` is True, a 25-digit id overflows the database).
- Free text is bounded: the maximum lengths of the long text fields.
- NUL bytes (PostgreSQL refuses them in text) never get past the middleware: 400 with a Dutch page.
- The admin takes free-form lookups (`?naam__regex=(`) and ids: an error that such input causes in
  the database or in Django answers 400, not 500.
"""

import logging
import re
from datetime import date, timedelta

from django import forms
from django.core.exceptions import FieldError, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import DatabaseError, transaction
from django.shortcuts import render
from django.urls import register_converter
from django.utils import timezone

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------- ids

# The largest id the database holds (PostgreSQL bigint, SQLite integer).
ID_MAX = 2**63 - 1
_ID = re.compile(r"[0-9]{1,19}")


def als_id(waarde) -> int | None:
    """An id from text: ASCII digits within the bigint range, else None."""
    tekst = str(waarde if waarde is not None else "").strip()
    if not _ID.fullmatch(tekst):
        return None
    getal = int(tekst)
    return getal if 0 < getal <= ID_MAX else None


class IdConverter:
    """`<id:pk>` in the URLconf: like `<int:…>`, but an id the database cannot hold is no match (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        getal = int(value)
        if getal > ID_MAX:
            raise ValueError("id buiten het bereik van de database")  # Django answers 404
        return getal

    def to_url(self, value):
        return str(int(value))


# Registered here, once, when the models load (they use this module): every urls.py that imports it
# can write <id:pk>.
register_converter(IdConverter, "id")


class IdField(forms.Field):
    """An id in a POST or GET field (e.g. the button that deletes one note)."""

    default_error_messages = {"invalid": "Dit is geen geldig nummer."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        getal = als_id(value)
        if getal is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return getal


class IdKeuzeveld(forms.ModelChoiceField):
    """A ModelChoiceField whose value must look like an id before it is looked up."""

    def to_python(self, value):
        if value not in self.empty_values and self.to_field_name is None and als_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdsKeuzeveld(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose values must look like ids: Django looks them up with
    `pk__in`, which the database refuses for a number beyond its range."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                if als_id(pk) is None:
                    raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                          params={"pk": pk})
        return super()._check_values(value)


# ---------------------------------------------------------------- dates

# What the dates mean, and so where they may lie. Recorded events (entries, decisions, consent)
# may be dated up to a year ahead (a planned handelingsadvies); the services keep their own
# stricter rules (consent and its withdrawal are never in the future).
VROEGSTE_GEBOORTEDATUM = date(1900, 1, 1)
VROEGSTE_DOSSIERDATUM = date(1950, 1, 1)  # documents from a student's earlier schooling may be old
VROEGSTE_ZORGDATUM = date(2000, 1, 1)  # decisions, consent, trajecten, memberships: never before this system's era
VROEGSTE_ADMINISTRATIEDATUM = date(1950, 1, 1)
VOORUIT_GEBEURTENIS = timedelta(days=366)
VOORUIT_ADMINISTRATIE = timedelta(days=10 * 366)  # an expected end of the opleiding, years ahead
LAATSTE_LOOPTIJD = date(2099, 12, 31)  # the end of a membership: "for good" is an empty field, not 9999


def _binnen(waarde, vroegste: date, laatste: date, wat: str) -> None:
    if waarde is None:
        return
    if not vroegste <= waarde <= laatste:
        raise ValidationError(
            f"{wat} ligt tussen {vroegste:%d-%m-%Y} en {laatste:%d-%m-%Y}.",
            code="datum_buiten_bereik",
        )


def controleer_geboortedatum(waarde) -> None:
    _binnen(waarde, VROEGSTE_GEBOORTEDATUM, timezone.localdate(), "Een geboortedatum")


def controleer_dossierdatum(waarde) -> None:
    _binnen(waarde, VROEGSTE_DOSSIERDATUM, timezone.localdate() + VOORUIT_GEBEURTENIS, "De datum van een dossieritem")


def controleer_zorgdatum(waarde) -> None:
    """Decisions on a zorgtraject, consent and its withdrawal."""
    _binnen(waarde, VROEGSTE_ZORGDATUM, timezone.localdate() + VOORUIT_GEBEURTENIS, "De datum")


def controleer_administratiedatum(waarde) -> None:
    """Enrolment dates from the school's administration."""
    _binnen(waarde, VROEGSTE_ADMINISTRATIEDATUM, timezone.localdate() + VOORUIT_ADMINISTRATIE,
            "Een in- of uitschrijfdatum")


def controleer_looptijd(waarde) -> None:
    """Begin and end of a membership."""
    _binnen(waarde, VROEGSTE_ZORGDATUM, LAATSTE_LOOPTIJD, "Een begin- of einddatum")


# ---------------------------------------------------------------- free text

# Long text fields: the model fields carry max_length (forms and the admin enforce it) and a
# MaxLengthValidator (the services' full_clean enforces it too).
VERSLAG_MAX = 20_000  # a gespreksverslag or notitie: pages, not a book
FORMULIERTEKST_MAX = 5_000  # one question of the aanmeldformulier or the interventieformulier
TOELICHTING_MAX = 3_000  # a reason, a message to the referrer
# The keyword arguments of a bounded text field: the limit in the form and in full_clean.
FORMULIERTEKST = {"max_length": FORMULIERTEKST_MAX, "validators": [MaxLengthValidator(FORMULIERTEKST_MAX)]}
TOELICHTING = {"max_length": TOELICHTING_MAX, "validators": [MaxLengthValidator(TOELICHTING_MAX)]}


# ---------------------------------------------------------------- NUL bytes and admin filters

def _bevat_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    for gegevens in (request.GET, request.POST):
        for sleutel, waarden in gegevens.lists():
            if "\x00" in sleutel or any("\x00" in waarde for waarde in waarden):
                return True
    return any("\x00" in (bestand.name or "") for bestand in request.FILES.values())


def ongeldige_invoer(request, melding: str):
    return render(request, "400.html", {"melding": melding}, status=400)


class NulBytesMiddleware:
    """A NUL byte in the path, a parameter or an upload's name answers 400: PostgreSQL refuses NUL
    in text, so it must never reach a query, a search or the access log. Runs early, before any
    middleware that might write the request to the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _bevat_nul(request):
            return ongeldige_invoer(request, "Uw invoer bevat een ongeldig teken (een NUL-teken). Verwijder het "
                                             "en probeer het opnieuw.")
        return self.get_response(request)


# What hand-made admin input can make Django or the database raise: a regex the database cannot
# compile (?naam__regex=(), a year outside Python's dates, a datetime that overflows in UTC, an id
# beyond the database's range in a many-to-many field, a value of the wrong type or count (?id__range=1).
BEHEER_INVOERFOUTEN = (DatabaseError, FieldError, ValidationError, ValueError, TypeError, OverflowError, IndexError,
                       KeyError)


class BeheerInvoerMiddleware:
    """The admin is Django's generic UI: it takes any lookup on a model's own fields from the
    querystring and any id in a form's choice fields. Run its requests in a savepoint and answer
    400 when such input breaks the query, so the transaction stays usable and the user gets a Dutch
    page instead of a 500. Last in MIDDLEWARE: it calls the view itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if not (match and match.namespace == "admin"):
            return None
        try:
            with transaction.atomic():
                response = view_func(request, *view_args, **view_kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()  # the changelist's queries also run while rendering
        except BEHEER_INVOERFOUTEN as fout:
            logger.warning("Beheer: invoer geweigerd op %s (%s): %r", request.path, request.GET.urlencode()[:500],
                           fout)
            return ongeldige_invoer(request, "Dit filter, deze zoekopdracht of deze invoer kan niet worden "
                                             "verwerkt. Kies een filter in de zijbalk of pas de invoer aan.")
        return response
