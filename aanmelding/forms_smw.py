"""The SMW's forms: a walk-in, a contact with time, closure, and the referrer's satisfaction question. The
rules (ranges, dates) are the services'; their messages land on these fields."""

from django import forms
from django.utils import timezone

from zorgstructuur.forms import DATUM
from zorgstructuur.lagen import Laag

from .models import SMWContactsoort, SMWInterventie, SMWTraject

DATUMFORMATEN = ["%d-%m-%Y", "%Y-%m-%d"]
CIJFERS = [(n, str(n)) for n in range(1, 6)]
VERSLAGLAGEN = [(Laag.VERTROUWELIJK, "Vertrouwelijk (alleen SMW)"), (Laag.ZORG, "Zorg (wie de zorglaag leest)")]


class EigenAanmeldingForm(forms.Form):
    studentnummer = forms.CharField(max_length=30, error_messages={"required": "Vul het studentnummer in."})
    reden = forms.CharField(label="Waarvoor komt de deelnemer", max_length=300,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            error_messages={"required": "Geef kort aan waarvoor de deelnemer komt."})


class ContactForm(forms.Form):
    datum = forms.DateField(widget=DATUM, input_formats=DATUMFORMATEN, initial=timezone.localdate,
                            error_messages={"required": "Vul de datum van het contact in.",
                                            "invalid": "Vul een datum in als dd-mm-jjjj."})
    minuten = forms.IntegerField(label="Duur in minuten", error_messages={
        "required": "Vul de duur in minuten in.", "invalid": "Vul de duur in hele minuten in."})
    soort = forms.ModelChoiceField(label="Soort contact", queryset=SMWContactsoort.objects.none(),
                                   error_messages={"required": "Kies de soort contact."})
    aard = forms.ModelChoiceField(label="Aard van de interventie", queryset=SMWInterventie.objects.none(),
                                  error_messages={"required": "Kies de aard van de interventie."})
    verslag = forms.CharField(label="Kort verslag (mag leeg: alleen tijd)", required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    verslag_laag = forms.ChoiceField(label="Het verslag staat in laag", choices=VERSLAGLAGEN,
                                     initial=Laag.VERTROUWELIJK, widget=forms.RadioSelect, required=False)

    def __init__(self, *args, instelling_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].queryset = SMWContactsoort.keuzes(instelling_id)
        self.fields["aard"].queryset = SMWInterventie.keuzes(instelling_id)


class AfsluitenForm(forms.Form):
    versie = forms.IntegerField(widget=forms.HiddenInput)
    uitkomst = forms.ChoiceField(choices=SMWTraject.Uitkomst.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Kies de uitkomst.",
                                                 "invalid_choice": "Kies de uitkomst."})
    doorverwezen_naar = forms.CharField(label="Doorverwezen naar", max_length=200, required=False)
    tevredenheid_deelnemer = forms.TypedChoiceField(
        label="Tevredenheid van de deelnemer (1 = zeer ontevreden, 5 = zeer tevreden)", choices=CIJFERS,
        coerce=int, empty_value=None, required=False, widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Kies een cijfer van 1 tot en met 5."})
    opmerking_deelnemer = forms.CharField(label="Opmerking van de deelnemer", max_length=500, required=False)


class TevredenheidForm(forms.Form):
    score = forms.TypedChoiceField(
        label="Hoe tevreden bent u over de hulp van het schoolmaatschappelijk werk? (1 = zeer ontevreden, "
              "5 = zeer tevreden)", choices=CIJFERS, coerce=int, widget=forms.RadioSelect,
        error_messages={"required": "Kies een cijfer van 1 tot en met 5.",
                        "invalid_choice": "Kies een cijfer van 1 tot en met 5."})
    opmerking = forms.CharField(label="Opmerking", max_length=500, required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
