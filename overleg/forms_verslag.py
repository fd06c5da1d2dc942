"""The forms of one item at the meeting: the record (verslag), an action of the plan van aanpak, and the
level decision. They check the input; the services in overleg.services check the rules and write."""

from datetime import timedelta

from django import forms
from django.forms.models import fields_for_model, model_to_dict

from privacy import policy
from zorgstructuur.forms import DATUM, casemanagerveld
from zorgstructuur.invoer import TOELICHTING_MAX, IdKeuzeveld, controleer_zorgdatum
from zorgstructuur.models import Niveauwijziging, Partnerorganisatie, Zorgtraject, weergavenaam

from . import services
from .forms_weergave import LICHT, eenmaal
from .models import Agendapunt

TEKSTVAK = forms.Textarea(attrs={"rows": 3})
B = Agendapunt.Niveaubesluit


class VerslagForm(forms.Form):
    """What the meeting records for the item (services.VERSLAG_VELDEN, the advice, at an evaluation how far
    the goals were reached), on the versie the user opened."""

    default_renderer = LICHT
    versie = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, agendapunt: Agendapunt, evaluatie: bool, **kwargs):
        namen = services.VERSLAG_VELDEN + services.BESPREKING_VELDEN
        kwargs.setdefault("initial", {**model_to_dict(agendapunt, fields=namen), "versie": agendapunt.versie})
        super().__init__(*args, **kwargs)
        velden = fields_for_model(Agendapunt, fields=namen, widgets={
            "vir_datum": DATUM, "volgende_evaluatie": DATUM, "informatie": TEKSTVAK, "analyse": TEKSTVAK,
            "probleembeleving": TEKSTVAK, "oplossingsrichtingen": TEKSTVAK, "besluit": TEKSTVAK,
            "handelingsadvies": TEKSTVAK})
        # Radio buttons, no "---------": an explicit answer or none.
        for naam in ("vir_besluit", "evaluatie_doelen"):
            velden[naam].widget = forms.RadioSelect(choices=[c for c in velden[naam].choices if c[0]])
        doelen = velden.pop("evaluatie_doelen")
        if evaluatie:  # at an evaluation the first question: how far were the goals of the previous plan reached
            self.fields["evaluatie_doelen"] = doelen
            doelen.help_text = "Van het vorige plan van aanpak."
        self.fields.update(velden)
        overleg = agendapunt.overleg
        evaluatie_weken = overleg.team.instelling.evaluatie_weken
        if not self.initial.get("volgende_evaluatie"):
            self.initial["volgende_evaluatie"] = overleg.datum + timedelta(weeks=evaluatie_weken)
        self.fields["volgende_evaluatie"].help_text = (
            f"dd-mm-jjjj; standaard {evaluatie_weken} weken na het overleg")
        self.fields["vir_datum"].help_text = "dd-mm-jjjj"
        self.fields["handelingsadvies"].help_text = (
            "De mentor en de docenten van het team lezen het advies in het dossier (laag basis); de mentor krijgt "
            "een melding.")

    def gegevens(self) -> dict:
        """The fields for services.agendapunt_vastleggen (without versie)."""
        data = dict(self.cleaned_data)
        data.pop("versie")
        return data


class ActieForm(forms.Form):
    """One action of the plan van aanpak: who (a member of the team or an invited partner), what, before when."""

    default_renderer = LICHT

    eigenaar = IdKeuzeveld(queryset=None, label="Wie", empty_label="— kies —", error_messages={
        "required": "Kies wie de actie uitvoert.",
        "invalid_choice": "Kies een lid van het team of een partner die voor dit agendapunt is uitgenodigd."})
    omschrijving = forms.CharField(label="Wat", max_length=500,
                                   error_messages={"required": "Beschrijf wat er gedaan moet worden."})
    deadline = forms.DateField(label="Uiterlijk op", widget=DATUM, help_text="dd-mm-jjjj",
                               validators=[controleer_zorgdatum], error_messages={"required": "Geef de deadline."})

    def __init__(self, *args, agendapunt: Agendapunt, **kwargs):
        kwargs.setdefault("prefix", "actie")
        super().__init__(*args, **kwargs)
        veld = self.fields["eigenaar"]
        veld.queryset = policy.actie_eigenaars(agendapunt)
        veld.label_from_instance = weergavenaam
        eenmaal(veld)


class NiveaubesluitForm(forms.Form):
    """The meeting's level decision. Which fields a decision needs (a reason, what was done and with what effect
    for a move on the ladder, the consent basis for the ZAT, an outcome to close) the zorgtraject services say."""

    default_renderer = LICHT

    besluit = forms.ChoiceField(label="Niveaubesluit", choices=B.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Kies het niveaubesluit."})
    reden = forms.CharField(label="Waarom", required=False, max_length=TOELICHTING_MAX, widget=TEKSTVAK)
    gedaan = forms.CharField(label="Wat is op het huidige niveau gedaan", required=False, widget=TEKSTVAK,
                             help_text="Bij opschalen, afschalen en overdragen aan extern.")
    effect = forms.CharField(label="Met welk effect", required=False, widget=TEKSTVAK)
    zat_grondslag = forms.ChoiceField(label="Grondslag voor het ZAT (bij opschalen naar het ZAT)", required=False,
                                      choices=[("", "—")] + list(Niveauwijziging.Grondslag.choices))
    zat_toelichting = forms.CharField(label="Toelichting (anoniem of veiligheid)", required=False, max_length=300)
    uitkomst = forms.ChoiceField(label="Uitkomst (bij afsluiten)", required=False,
                                 choices=[("", "—")] + list(Zorgtraject.Uitkomst.choices))
    uitkomst_toelichting = forms.CharField(label="Toelichting op de uitkomst", required=False, max_length=300)
    versie = forms.IntegerField(widget=forms.HiddenInput)
    traject_versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, agendapunt: Agendapunt, traject: Zorgtraject | None, **kwargs):
        kwargs.setdefault("prefix", "niveau")
        super().__init__(*args, **kwargs)
        deelnemer = agendapunt.deelnemer
        self.fields["versie"].initial = agendapunt.versie
        self.fields["traject_versie"].initial = traject.versie if traject else None
        if traject is None:  # no open case: there is no level to change
            self.fields["besluit"].choices = [(B.BLIJFT, B.BLIJFT.label)]
        self.fields["casemanager"] = eenmaal(casemanagerveld(deelnemer, empty_label="— blijft dezelfde —"))
        self.fields["casemanager"].label = "Casemanager (bij opschalen of afschalen)"
        self.fields["organisatie"] = eenmaal(IdKeuzeveld(
            queryset=Partnerorganisatie.objects.filter(instelling_id=deelnemer.instelling_id), required=False,
            label="Welke organisatie neemt de zorg over (bij extern)", empty_label="— (nog) onbekend —"))

    def gegevens(self) -> dict:
        return dict(self.cleaned_data)

