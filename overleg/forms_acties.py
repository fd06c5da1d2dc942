"""Forms of the actions and the aftercare: mark an action done, filter the zorgcoördinator's overview,
record an aftercare. The services check the same rules again; these give the messages next to the field."""

from django import forms

from zorgstructuur.invoer import TOELICHTING_MAX

from .forms_weergave import LICHT
from .models import Actie, Nazorg

TEVREDENHEID_FOUT = "Geef een cijfer van 1 tot en met 5 (of laat het leeg)."


class ActieAfrondenForm(forms.Form):
    status = forms.ChoiceField(label="Afronden als", initial=Actie.Status.GEDAAN,
                               choices=[(Actie.Status.GEDAAN, "Gedaan"), (Actie.Status.VERVALLEN, "Vervallen")],
                               error_messages={"invalid_choice": "Kies gedaan of vervallen."})
    notitie = forms.CharField(label="Korte notitie", required=False, max_length=500,
                              error_messages={"max_length": "De notitie is hoogstens 500 tekens."})


class ActiesFilterForm(forms.Form):
    """The overview's filters: a team the user oversees, and only overdue actions."""

    default_renderer = LICHT

    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)
    te_laat = forms.BooleanField(label="Alleen te late acties", required=False)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "Alle teams")] + [(t.pk, t.naam) for t in teams]


def _tevredenheid(label):
    return forms.IntegerField(label=label, required=False, min_value=1, max_value=5,
                              widget=forms.NumberInput(attrs={"min": 1, "max": 5}),
                              error_messages={"invalid": TEVREDENHEID_FOUT, "min_value": TEVREDENHEID_FOUT,
                                              "max_value": TEVREDENHEID_FOUT})


class NazorgForm(forms.Form):
    default_renderer = LICHT
    resultaat = forms.ChoiceField(label="Resultaat", choices=Nazorg.Resultaat.choices, widget=forms.RadioSelect,
                                  error_messages={"required": "Kies het resultaat van de nazorg."})
    toelichting = forms.CharField(label="Toelichting", required=False, max_length=TOELICHTING_MAX,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="Verplicht bij 'anders'.")
    tevredenheid_deelnemer = _tevredenheid("Tevredenheid van de deelnemer (1–5)")
    opmerking_deelnemer = forms.CharField(label="Opmerking van de deelnemer", required=False, max_length=500)
    tevredenheid_aanmelder = _tevredenheid("Tevredenheid van de aanmelder (1–5)")
    opmerking_aanmelder = forms.CharField(label="Opmerking van de aanmelder", required=False, max_length=500)
    terug_op_agenda = forms.BooleanField(
        label="Teruggevallen: zet de casus op de agenda van het volgende ZAT", required=False)
