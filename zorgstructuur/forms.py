"""The zorgtraject's forms: starting one, and one interventieformulier per kind of change that shows
only the fields that kind needs."""

from django import forms
from django.utils import timezone

from privacy import policy

from .invoer import FORMULIERTEKST_MAX, TOELICHTING_MAX, IdKeuzeveld, controleer_zorgdatum
from .models import Niveauwijziging, Partnerorganisatie, Zorgniveau, Zorgtraject, weergavenaam

DATUM = forms.DateInput(format="%d-%m-%Y", attrs={"placeholder": "dd-mm-jjjj"})
S = Niveauwijziging.Soort


def _tekst(label, *, required=True, max_length=FORMULIERTEKST_MAX, **kwargs):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": 3}), **kwargs)


def casemanagerveld(deelnemer, *, empty_label, zelf=None):
    """The casemanager choice: who the policy offers. With `zelf`, the empty choice means the user
    themselves ("Ikzelf (naam)") and they are not offered a second time in the list."""
    kandidaten = policy.casemanager_kandidaten(deelnemer)
    if zelf is not None:
        kandidaten = kandidaten.exclude(pk=zelf.pk)
        empty_label = f"{empty_label} ({zelf.get_full_name() or zelf.get_username()})"
    veld = IdKeuzeveld(queryset=kandidaten, required=False, label="Casemanager", empty_label=empty_label,
                       help_text="Wie de casus coördineert: een lid van het intern zorgteam, de taakdocent zorg of "
                                 "de mentor.")
    veld.label_from_instance = weergavenaam
    return veld


def _grondslagvelden(form, label="Grondslag voor het ZAT"):
    form.fields["zat_grondslag"] = forms.ChoiceField(label=label, choices=Niveauwijziging.Grondslag.choices,
                                                     widget=forms.RadioSelect)
    form.fields["zat_toelichting"] = forms.CharField(label="Toelichting (anoniem of veiligheid)", required=False,
                                                     max_length=300)


class TrajectStartForm(forms.Form):
    niveau = IdKeuzeveld(queryset=None, label="Start op niveau", empty_label=None)
    reden = _tekst("Waarom", max_length=TOELICHTING_MAX)
    gedaan = _tekst("Wat is er al gedaan", required=False)
    effect = _tekst("Met welk effect", required=False)
    zat_grondslag = forms.ChoiceField(label="Grondslag voor het ZAT (alleen bij start in het ZAT)", required=False,
                                      choices=[("", "—")] + list(Niveauwijziging.Grondslag.choices))
    zat_toelichting = forms.CharField(label="Toelichting (anoniem of veiligheid)", required=False, max_length=300)

    def __init__(self, *args, deelnemer, zelf=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["niveau"].queryset = Zorgniveau.objects.filter(instelling_id=deelnemer.instelling_id).exclude(
            soort=Zorgniveau.Soort.EXTERN)
        self.fields["casemanager"] = casemanagerveld(deelnemer, empty_label="Ikzelf", zelf=zelf)


class BesluitForm(forms.Form):
    """What every move on the ladder records: when, why, and what was done at this level with what effect."""

    soort = None  # the Niveauwijziging.Soort this form records
    datum = forms.DateField(label="Datum besluit", widget=DATUM, initial=timezone.localdate,
                            help_text="dd-mm-jjjj", validators=[controleer_zorgdatum])
    reden = _tekst("Waarom", max_length=TOELICHTING_MAX,
                   error_messages={"required": "Geef aan waarom (de reden van dit besluit)."})
    gedaan = _tekst("Wat is op het huidige niveau gedaan",
                    error_messages={"required": "Beschrijf wat er op het huidige niveau is gedaan."})
    effect = _tekst("Met welk effect", error_messages={"required": "Beschrijf met welk effect."})
    versie = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, traject: Zorgtraject, naar: Zorgniveau | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.traject, self.naar = traject, naar
        self.fields["versie"].initial = traject.versie


class OpschalenForm(BesluitForm):
    soort = S.OPSCHALEN

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["casemanager"] = casemanagerveld(self.traject.deelnemer, empty_label="— blijft dezelfde —")
        if self.naar is not None and self.naar.toestemming_vereist:
            _grondslagvelden(self)


class AfschalenForm(BesluitForm):
    soort = S.AFSCHALEN

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["casemanager"] = casemanagerveld(self.traject.deelnemer, empty_label="— blijft dezelfde —")


class ExternForm(BesluitForm):
    soort = S.EXTERN

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"] = IdKeuzeveld(
            queryset=Partnerorganisatie.objects.filter(instelling_id=self.traject.deelnemer.instelling_id),
            required=False, label="Welke organisatie neemt de zorg over", empty_label="— (nog) onbekend —")


class CrisisForm(ExternForm):
    soort = S.CRISIS


class AfsluitenForm(forms.Form):
    soort = S.AFSLUITEN
    datum = BesluitForm.base_fields["datum"]
    reden = BesluitForm.base_fields["reden"]
    uitkomst = forms.ChoiceField(label="Uitkomst", choices=Zorgtraject.Uitkomst.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Kies de uitkomst van het zorgtraject."})
    uitkomst_toelichting = forms.CharField(label="Toelichting op de uitkomst", required=False, max_length=300)
    versie = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, traject: Zorgtraject, naar=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.traject = traject
        self.fields["versie"].initial = traject.versie


FORMULIEREN = {form.soort: form for form in (OpschalenForm, AfschalenForm, ExternForm, CrisisForm, AfsluitenForm)}
