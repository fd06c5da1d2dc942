from django import forms
from django.utils import timezone

from zorgstructuur.forms import DATUM, casemanagerveld
from zorgstructuur.invoer import (
    TOELICHTING_MAX,
    IdsKeuzeveld,
    controleer_zorgdatum,
)
from zorgstructuur.models import Niveauwijziging, Partnerorganisatie

from .models import Aanmelding, Problematiek, Signaal, Toestemming
from .services import VERPLICHT_ALS, VERPLICHT_BIJ_INDIENEN


class AanmeldingForm(forms.ModelForm):
    """The aanmeldformulier. Saving a concept needs only the destination; submitting checks the
    whole form (aanmelding.services.ontbrekend), so the referrer can work on it in steps. Every field
    submitting needs is marked (`verplicht`, or `verplicht_als` with when)."""

    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Aanmelding
        fields = ["bestemming", "problematiek", "probleem", "duur", "al_gedaan", "effect", "beleving",
                  "sterke_kanten", "behoeften", "hulpvraag", "soort_vraag", "vir_gemeld", "deelnemer_geinformeerd",
                  "anoniem_bespreken", "reden_anoniem"]
        widgets = {
            "problematiek": forms.CheckboxSelectMultiple,
            "bestemming": forms.RadioSelect,
            "soort_vraag": forms.RadioSelect,
            **{veld: forms.Textarea(attrs={"rows": 4}) for veld in
               ("probleem", "al_gedaan", "effect", "beleving", "sterke_kanten", "behoeften", "hulpvraag")},
        }
        help_texts = {
            "deelnemer_geinformeerd": "Voor het intern zorgteam is toestemming geen voorwaarde; informeer de "
                                      "deelnemer wel, bij voorkeur vooraf.",
            "anoniem_bespreken": "Alleen voor het ZAT, als er (nog) geen toestemming is.",
            "hulpvraag": "Wat vraagt u aan het team?",
        }
        error_messages = {"bestemming": {"required": "Kies bij wie u aanmeldt: intern zorgteam, ZAT of SMW."}}
        field_classes = {"problematiek": IdsKeuzeveld}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problematiek"].queryset = Problematiek.objects.filter(actief=True)
        for veld in ("duur", "vir_gemeld", "deelnemer_geinformeerd"):
            self.fields[veld].choices = [("", "— kies —")] + list(self.fields[veld].choices)[1:]
        for veld in ("bestemming", "soort_vraag"):  # radio buttons: no empty "---------" choice
            self.fields[veld].choices = [c for c in self.fields[veld].choices if c[0]]
        if self.instance.pk:
            self.fields["versie"].initial = self.instance.versie
        # Mark what submitting needs (services.VERPLICHT_BIJ_INDIENEN), for the eye and for screen readers;
        # the form itself asks only the destination, so a concept can be saved at any time.
        for naam in VERPLICHT_BIJ_INDIENEN:
            veld = self.fields[naam]
            veld.verplicht = True
            if not isinstance(veld.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                veld.widget.attrs["aria-required"] = "true"  # a group says "verplicht" in its legend
        for naam, wanneer in VERPLICHT_ALS.items():
            self.fields[naam].verplicht_als = wanneer


class KiesForm(forms.Form):
    """The search box on the page where a student is chosen for an aanmelding or a signal."""

    q = forms.CharField(label="Zoek op naam of studentnummer", required=False, max_length=100)


class BeoordelenForm(forms.Form):
    ACCEPTEREN, TERUGSTUREN = "accepteren", "terugsturen"
    besluit = forms.ChoiceField(
        choices=[(ACCEPTEREN, "Accepteren"), (TERUGSTUREN, "Terugsturen naar de aanmelder")],
        widget=forms.RadioSelect, error_messages={"required": "Kies: accepteren of terugsturen."})
    bericht = forms.CharField(
        label="Bericht aan de aanmelder", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TOELICHTING_MAX,
        help_text="Verplicht bij terugsturen. De aanmelder ziet dit bericht, niet de bespreking.")
    zat_grondslag = forms.ChoiceField(label="Grondslag voor het ZAT", required=False,
                                      choices=[("", "— volgens de aanmelding —")]
                                      + list(Niveauwijziging.Grondslag.choices))
    zat_toelichting = forms.CharField(label="Toelichting (anoniem of veiligheid)", required=False, max_length=300)
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, deelnemer, zelf=None, zat=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["casemanager"] = casemanagerveld(deelnemer, empty_label="Ikzelf", zelf=zelf)
        self.order_fields(["besluit", "bericht", "casemanager"])
        if not zat:
            del self.fields["zat_grondslag"]
            del self.fields["zat_toelichting"]

    def clean(self):
        data = super().clean()
        if data.get("besluit") == self.TERUGSTUREN and not data.get("bericht", "").strip():
            self.add_error("bericht", "Schrijf de aanmelder waarom de aanmelding terug gaat.")
        return data


class ToestemmingForm(forms.ModelForm):
    # An explicit choice, never a pre-ticked box: what was agreed is recorded, not assumed.
    zat_bespreking = forms.TypedChoiceField(
        label="Mag de casus op naam in het ZAT besproken worden", widget=forms.RadioSelect,
        choices=[("ja", "Ja, bespreking in het ZAT"), ("nee", "Nee, niet in het ZAT (alleen delen met de partners "
                                                              "hieronder)")],
        coerce=lambda waarde: waarde == "ja",
        error_messages={"required": "Geef aan of de casus in het ZAT besproken mag worden."})

    class Meta:
        model = Toestemming
        fields = ["gegeven_door", "naam_gever", "datum", "vorm", "zat_bespreking", "partners", "informatie"]
        widgets = {"datum": DATUM, "partners": forms.CheckboxSelectMultiple, "gegeven_door": forms.RadioSelect,
                   "vorm": forms.RadioSelect}
        help_texts = {"datum": "dd-mm-jjjj", "informatie": "Bijvoorbeeld: schoolgegevens, verzuim, verslag IZ."}
        field_classes = {"partners": IdsKeuzeveld}

    def __init__(self, *args, deelnemer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Partnerorganisatie.objects.filter(instelling_id=deelnemer.instelling_id)
        for veld in ("gegeven_door", "vorm"):  # radio buttons: no empty "---------" choice
            self.fields[veld].choices = [c for c in self.fields[veld].choices if c[0]]
        self.fields["datum"].initial = timezone.localdate()


class IntrekkenForm(forms.Form):
    datum = forms.DateField(label="Ingetrokken per", widget=DATUM, initial=timezone.localdate,
                            help_text="dd-mm-jjjj", validators=[controleer_zorgdatum])
    reden = forms.CharField(label="Toelichting", required=False, max_length=300)


class SignaalForm(forms.ModelForm):
    class Meta:
        model = Signaal
        fields = ["tekst"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 3, "maxlength": 500})}
        labels = {"tekst": "Uw signaal (kort, feitelijk)"}
        help_texts = {"tekst": "De mentor ziet het signaal op Mijn werk. Maximaal 500 tekens."}
        error_messages = {"tekst": {"required": "Schrijf kort wat u opvalt."}}
