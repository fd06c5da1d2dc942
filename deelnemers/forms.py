from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from privacy.services import TEKST_MAX
from zorgstructuur.forms import DATUM
from zorgstructuur.invoer import IdField
from zorgstructuur.lagen import LAAG_UITLEG, Laag
from zorgstructuur.models import weergavenaam

from .bestanden import OngeldigBestand, controleer_afbeelding, controleer_office
from .models import DossierItem

# Accepted uploads: extension → content type to store. The content is checked in deelnemers.bestanden.
TOEGESTANE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
AFBEELDINGSFORMATEN = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG"}


def controleer_document(bestand) -> str:
    """Check size, extension and actual content; return the content type to store."""
    naam = bestand.name or ""
    extensie = naam.rsplit(".", 1)[-1].lower() if "." in naam else ""
    if extensie not in TOEGESTANE_TYPES:
        raise forms.ValidationError("Alleen PDF, Word (.docx) en afbeeldingen (PNG, JPG) zijn toegestaan.")
    if bestand.size > settings.MAX_UPLOAD_MB * 1024 * 1024:
        raise forms.ValidationError(f"Het bestand is groter dan {settings.MAX_UPLOAD_MB} MB.")
    if bestand.size == 0:
        raise forms.ValidationError("Het bestand is leeg.")
    try:
        if extensie == "pdf":
            bestand.seek(0)
            if not bestand.read(8).startswith(b"%PDF-"):
                raise OngeldigBestand("De inhoud van het bestand past niet bij de extensie; het is niet opgeslagen.")
        elif extensie == "docx":
            controleer_office(bestand, verplicht="word/document.xml", soort="Word-bestand")
        else:
            controleer_afbeelding(bestand, AFBEELDINGSFORMATEN[extensie])
    except OngeldigBestand as fout:
        raise forms.ValidationError(str(fout)) from None
    finally:
        bestand.seek(0)
    return TOEGESTANE_TYPES[extensie]


class DossierItemForm(forms.ModelForm):
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = DossierItem
        fields = ["soort", "laag", "datum", "titel", "tekst", "bestand"]
        widgets = {"datum": DATUM}
        labels = {"laag": "Wie mag dit zien (laag)", "bestand": "Document"}
        help_texts = {"datum": "dd-mm-jjjj", "bestand": "PDF, Word (.docx), PNG of JPG."}

    def __init__(self, *args, lagen: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["laag"].choices = [(laag, f"{Laag(laag).label} — {LAAG_UITLEG[laag]}") for laag in lagen]
        if self.instance.pk:
            self.fields["versie"].initial = self.instance.versie
            del self.fields["bestand"]  # a document is replaced by a new entry, not edited

    def clean_bestand(self):
        bestand = self.cleaned_data.get("bestand")
        if bestand and hasattr(bestand, "content_type"):  # a new upload
            self.bestandstype = controleer_document(bestand)
        return bestand

    def clean(self):
        data = super().clean()
        soort = data.get("soort")
        if soort == DossierItem.Soort.DOCUMENT and not (data.get("bestand") or self.instance.bestand):
            self.add_error("bestand", "Kies een document om te uploaden.")
        if soort and soort != DossierItem.Soort.DOCUMENT and not data.get("tekst", "").strip():
            self.add_error("tekst", "Schrijf de tekst van het verslag of de notitie.")
        return data


class WerkaantekeningForm(forms.Form):
    """A new note, or — when its button carries the id in `wijzig` — a new text for one of the user's own."""

    tekst = forms.CharField(
        label="Nieuwe werkaantekening",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEKST_MAX,
        error_messages={"required": "Schrijf eerst een aantekening."},
    )
    wijzig = IdField(required=False, error_messages={"required": "Kies de werkaantekening die u wilt bijwerken."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The pressed button "wijzig" must carry an id: without one it is not a new note either.
        self.fields["wijzig"].required = "wijzig" in self.data


class GroteKeuze(forms.Select):
    """A select of hundreds of choices (a large ROC's 500 mentors): the options are written here in one go,
    not through a template each, which took most of the list page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        gekozen = set(self.format_value(value))
        opties = format_html_join("", '<option value="{}"{}>{}</option>', (
            (waarde, mark_safe(" selected") if str(waarde) in gekozen else "", label)
            for waarde, label in self.choices))
        return format_html("<select name=\"{}\"{}>{}</select>", name, flatatt(self.build_attrs(self.attrs, attrs)),
                           opties)


class ZoekForm(forms.Form):
    q = forms.CharField(label="Zoek op naam of studentnummer", required=False, max_length=100)
    opleiding = forms.TypedChoiceField(label="Opleiding", required=False, coerce=int, empty_value=None,
                                       widget=GroteKeuze)
    locatie = forms.TypedChoiceField(label="Locatie", required=False, coerce=int, empty_value=None,
                                     widget=GroteKeuze)
    mentor = forms.TypedChoiceField(label="Mentor / SLB-er", required=False, coerce=int, empty_value=None,
                                    widget=GroteKeuze)
    status = forms.ChoiceField(
        label="Status", required=False,
        choices=[("actief", "Actief"), ("uitgeschreven", "Uitgeschreven"), ("alle", "Alle")],
    )

    def __init__(self, *args, opleidingen, locaties, mentoren, op_studentnummer=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not op_studentnummer:
            self.fields["q"].label = "Zoek op naam"
        self.fields["opleiding"].choices = [("", "Alle opleidingen")] + [(o.pk, str(o)) for o in opleidingen]
        # None: the user does not see this of the students (an external partner), so there is no filter on it.
        if locaties is None:
            del self.fields["locatie"]
        else:
            self.fields["locatie"].choices = [("", "Alle locaties")] + [(loc.pk, loc.naam) for loc in locaties]
        if mentoren is None:
            del self.fields["mentor"]
        else:
            self.fields["mentor"].choices = [("", "Alle mentoren")] + [
                (m.pk, weergavenaam(m)) for m in mentoren
            ]


class ToegangslogFilterForm(forms.Form):
    van = forms.DateField(label="Van", required=False, widget=forms.DateInput(attrs={"placeholder": "dd-mm-jjjj"}))
    tot = forms.DateField(label="Tot en met", required=False,
                          widget=forms.DateInput(attrs={"placeholder": "dd-mm-jjjj"}))

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            raise forms.ValidationError("De begindatum ligt na de einddatum.")
        return data


class WerkaantekeningVerwijderForm(forms.Form):
    """Which of the user's own notes the delete button acts on: the id it carries."""

    verwijder = IdField(error_messages={"required": "Kies de werkaantekening die u wilt verwijderen."})
