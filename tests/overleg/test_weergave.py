"""The light form renderer of the meeting pages writes exactly what Django's own widget templates write: every
widget, every radio option and every error list, empty, filled, with characters to escape and with errors."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from overleg.forms_acties import NazorgForm
from overleg.forms_partners import UitnodigingForm
from overleg.forms_weergave import LICHT
from zorgstructuur.forms import DATUM

LASTIG = 'Jan & "Piet" <b>van</b> \'t Hof'


class Proefform(forms.Form):
    tekst = forms.CharField(max_length=20, help_text="hulp")
    lang = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    datum = forms.DateField(widget=DATUM, required=False)
    keuze = forms.ChoiceField(choices=[("", "—"), ("a", LASTIG), ("b", "Twee")], required=False)
    groepen = forms.ChoiceField(choices=[("Groep <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")], required=False)
    rondje = forms.ChoiceField(choices=[("a", LASTIG), ("b", "Twee")], widget=forms.RadioSelect)
    vinkje = forms.BooleanField(required=False)
    getal = forms.IntegerField(min_value=1, max_value=5, required=False)
    verborgen = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _velden(form):
    """Everything the templates print of each field: the widget, each option's tag, the errors."""
    uit = []
    for veld in form:
        uit.append(str(veld))
        uit.extend(f"{keuze.tag()}|{keuze.tag(wrap_label=True)}" for keuze in veld.subwidgets)
        uit.append(str(veld.errors))
    uit.append(str(form.non_field_errors()))
    return uit


def _beide(maak):
    return _velden(maak(DjangoTemplates())), _velden(maak(LICHT))


@pytest.mark.parametrize("data", [
    None,
    {"tekst": LASTIG, "lang": LASTIG + "\nregel twee", "datum": "31-12-2025", "keuze": "a", "groepen": "y",
     "rondje": "a", "vinkje": "on", "getal": "3", "verborgen": "7"},
    {"tekst": "x" * 30, "datum": "geen datum", "keuze": "onbekend", "rondje": "c", "getal": "9", "verborgen": "a"},
])
def test_zelfde_html_als_django(data):
    django, licht = _beide(lambda r: Proefform(data, renderer=r, initial={"lang": LASTIG}))
    assert licht == django
    if data and "onbekend" in data.values():
        assert any('class="errorlist"' in regel for regel in licht)  # the error case really has errors


@pytest.mark.parametrize("data", [None, {"resultaat": "x", "tevredenheid_deelnemer": "8"}])
def test_nazorgformulier_zelfde_html(data):
    django, licht = _beide(lambda r: NazorgForm(data, renderer=r))
    assert licht == django


def test_uitnodiging_zelfde_html():
    keuzes = [(1, LASTIG), (2, "Partner Twee")]
    django, licht = _beide(lambda r: UitnodigingForm({"partner": "3"}, keuzes=keuzes, renderer=r))
    assert licht == django
