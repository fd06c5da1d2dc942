"""The invitation of a partner op afroep: the choice from the sociale kaart, built from the memberships the
panel already fetched (no query of its own)."""

from django import forms

from .forms_weergave import LICHT


class UitnodigingForm(forms.Form):
    default_renderer = LICHT
    partner = forms.TypedChoiceField(label="Partner uitnodigen", coerce=int, empty_value=None)

    def __init__(self, *args, keuzes, **kwargs):
        """`keuzes`: (user id, label) per partner that can be invited."""
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [("", "Kies een partner")] + list(keuzes)
        self.fields["partner"].error_messages["invalid_choice"] = "Kies een partner uit de lijst."
        self.fields["partner"].error_messages["required"] = "Kies een partner uit de lijst."
