"""The filters every overview has: period (schooljaar by default), instelling, locatie, opleiding/team, level.

The choices come from what the policy gives the user for this overview (`rapport_bereik`); a locatie outside
it is not a choice, so a foreign id gets the form's message and never reaches a query."""

import hashlib
from datetime import timedelta

from django import forms
from django.core.cache import caches
from django.forms.utils import ErrorList, flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from zorgstructuur.models import Instelling, Locatie, Opleiding, Team, Zorgniveau

from . import maken
from .exporters import Filter, schooljaar

MAX_JAREN = 5  # a longer period is a typo, and would make the overview slow


# The two widgets render their HTML in Python: Django's templates per widget and per option were most of the
# time of a kept overview (tens of opleidingen at a large ROC). Same markup as Django's.
class LichteKeuze(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        gekozen = set(self.format_value(value))
        opties = format_html_join("", "<option value=\"{}\"{}>{}</option>", (
            (k, " selected" if str(k) in gekozen else "", label) for k, label in self.choices))
        return format_html("<select name=\"{}\"{}>{}</select>", name, flatatt(self.build_attrs(self.attrs, attrs)),
                           opties)


class LichteDatum(forms.DateInput):
    input_type = "date"

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if (waarde := self.format_value(value)) is not None:
            attrs["value"] = waarde
        return format_html("<input type=\"date\" name=\"{}\"{}>", name, flatatt(attrs))


class LichteFouten(ErrorList):
    """No template rendered for a field without errors (every field of a shown overview)."""

    def __str__(self):
        return super().__str__() if self else ""


def _keuze(label, **extra):
    return forms.TypedChoiceField(label=label, coerce=int, required=False, widget=LichteKeuze, **extra)


def _keuzes(bereik: dict[int, frozenset[int]]) -> tuple[dict, dict, dict, dict]:
    """The locaties, opleidingen, teams and levels to choose from in this scope ({pk: object}): four small
    queries, kept BEWAARTIJD like the overviews under a key of the scope (a new opleiding is a choice within
    10 minutes). The scope itself comes from the policy on every request; the overviews restrict to its
    locaties whatever is chosen."""
    locatie_ids = sorted(set().union(*bereik.values())) if bereik else []

    def lezen():
        return (
            {loc.pk: loc for loc in Locatie.objects.filter(pk__in=locatie_ids).order_by("naam")},
            {o.pk: o for o in Opleiding.objects.filter(locatie_id__in=locatie_ids).order_by("naam")},
            {t.pk: t for t in Team.objects.filter(
                instelling_id__in=list(bereik), soort=Team.Soort.TEAMOVERLEG).order_by("naam")},
            {n.pk: n for n in Zorgniveau.objects.filter(
                instelling_id__in=list(bereik)).order_by("instelling_id", "volgorde")},
        )

    delen = (maken.VERSIE, sorted((i, sorted(locaties)) for i, locaties in bereik.items()))
    sleutel = f"rapportkeuzes:{hashlib.sha256(repr(delen).encode()).hexdigest()}"
    return caches["rapportage"].get_or_set(sleutel, lezen, maken.BEWAARTIJD.total_seconds())


class FilterFormulier(forms.Form):
    error_class = LichteFouten
    van = forms.DateField(label="Van", required=False, widget=LichteDatum)
    tot = forms.DateField(label="Tot en met", required=False, widget=LichteDatum)
    instelling = _keuze("Instelling")
    locatie = _keuze("Locatie", empty_value=None)
    opleiding = _keuze("Opleiding", empty_value=None)
    team = _keuze("Team", empty_value=None)
    niveau = _keuze("Niveau", empty_value=None)

    def __init__(self, data=None, *, bereik: dict[int, frozenset[int]], gebruiker=None):
        super().__init__(data)
        self.bereik, self.gebruiker = bereik, gebruiker
        # The instelling every time (its threshold decides the suppression); the rest kept with the overviews.
        self.instellingen = {i.pk: i for i in Instelling.objects.filter(pk__in=list(bereik)).order_by("naam")}
        self.locaties, self.opleidingen, self.teams, self.niveaus = _keuzes(bereik)
        alle = [("", "alle")]
        self.fields["instelling"].choices = [(i.pk, i.naam) for i in self.instellingen.values()]
        self.fields["locatie"].choices = alle + [(x.pk, x.naam) for x in self.locaties.values()]
        self.fields["opleiding"].choices = alle + [(x.pk, x.naam) for x in self.opleidingen.values()]
        self.fields["team"].choices = alle + [(x.pk, x.naam) for x in self.teams.values()]
        self.fields["niveau"].choices = alle + [(x.pk, x.naam) for x in self.niveaus.values()]
        for veld in ("locatie", "opleiding", "team", "niveau", "instelling"):
            self.fields[veld].error_messages["invalid_choice"] = (
                f"Deze {self.fields[veld].label.lower()} hoort niet bij de overzichten die u mag zien.")

    def clean(self):
        data = super().clean()
        van, tot = data.get("van"), data.get("tot")
        standaard_van, standaard_tot = schooljaar(timezone.localdate())
        if van and not tot:
            tot = min(schooljaar(van)[1], van + timedelta(days=366))
        if tot and not van:
            van = schooljaar(tot)[0]
        van, tot = van or standaard_van, tot or standaard_tot
        if tot < van:
            raise forms.ValidationError("De einddatum ligt vóór de begindatum. Kies een einddatum na de begindatum.")
        if (tot - van).days > MAX_JAREN * 366:
            raise forms.ValidationError(f"Kies een periode van hoogstens {MAX_JAREN} jaar.")
        data["van"], data["tot"] = van, tot
        instelling_id = data.get("instelling") or next(iter(self.instellingen), None)
        locatie = self.locaties.get(data.get("locatie"))
        if locatie and locatie.instelling_id != instelling_id:
            self.add_error("locatie", "Deze locatie hoort bij een andere instelling.")
        opleiding = self.opleidingen.get(data.get("opleiding"))
        if opleiding and locatie and opleiding.locatie_id != locatie.pk:
            self.add_error("opleiding", "Deze opleiding hoort niet bij de gekozen locatie.")
        data["instelling"] = instelling_id
        return data

    def filter(self) -> Filter:
        """The checked filters (call after is_valid(); with invalid input the defaults)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if not data:
            van, tot = schooljaar(timezone.localdate())
            data = {"van": van, "tot": tot, "instelling": next(iter(self.instellingen), None)}
        instelling = self.instellingen.get(data.get("instelling"))
        locatie = self.locaties.get(data.get("locatie"))
        opleiding = self.opleidingen.get(data.get("opleiding"))
        locatie_ids = (locatie.pk,) if locatie else tuple(sorted(self.bereik.get(instelling.pk, ())))
        return Filter(van=data["van"], tot=data["tot"], instelling=instelling, locatie_ids=locatie_ids,
                      locatie=locatie, opleiding=opleiding, team=self.teams.get(data.get("team")),
                      niveau=self.niveaus.get(data.get("niveau")), gebruiker=self.gebruiker)
