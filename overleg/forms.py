"""The forms of the meetings and their agenda: planning one meeting or a series, moving, cancelling,
attendance, and the agenda builder. The date rules themselves live in overleg.services; these forms
only check that what was typed is a date, a time or one of the offered people."""

from django import forms

from zorgstructuur.forms import DATUM
from zorgstructuur.invoer import IdField, controleer_looptijd, controleer_zorgdatum
from zorgstructuur.models import weergavenaam

from .models import Aanwezigheid, Agendapunt, Overlegreeks, Weekdag

TIJD = forms.TimeInput(format="%H:%M", attrs={"type": "time"})


class Ledenkeuze(forms.ChoiceField):
    """One of the team's internal members, chosen from a list built once per page (no query per form);
    cleaned to the user, or None when left empty."""

    def __init__(self, *, leden, required=False, empty_label="—", **kwargs):
        self.leden = {str(u.pk): u for u in leden}
        self.empty_label = empty_label  # for the plain-HTML form of the agenda builder
        keuzes = [("", empty_label)] + [(pk, weergavenaam(u)) for pk, u in self.leden.items()]
        super().__init__(choices=keuzes, required=required, **kwargs)

    def clean(self, value):
        waarde = super().clean(value)
        return self.leden.get(waarde) if waarde else None


class PlannenForm(forms.Form):
    """One meeting, or a series every N weeks on a weekday from a date up to and including a date."""

    EENMALIG, REEKS = "eenmalig", "reeks"
    soort = forms.ChoiceField(label="Wat plant u", widget=forms.RadioSelect, initial=EENMALIG,
                              choices=[(EENMALIG, "Eén overleg"), (REEKS, "Een vaste reeks (om de zoveel weken)")])
    datum = forms.DateField(label="Datum (één overleg)", required=False, widget=DATUM, help_text="dd-mm-jjjj",
                            validators=[controleer_zorgdatum])
    weekdag = forms.TypedChoiceField(label="Weekdag (reeks)", required=False, coerce=int, empty_value=None,
                                     choices=[("", "—")] + Weekdag.choices[:5])
    interval_weken = forms.IntegerField(label="Om de hoeveel weken (reeks)", required=False, min_value=1,
                                        max_value=52, initial=Overlegreeks._meta.get_field("interval_weken").default)
    vanaf = forms.DateField(label="Eerste datum van de reeks", required=False, widget=DATUM, help_text="dd-mm-jjjj",
                            validators=[controleer_zorgdatum])
    tot_en_met = forms.DateField(label="Tot en met", required=False, widget=DATUM, help_text="dd-mm-jjjj",
                                 validators=[controleer_looptijd])
    begintijd = forms.TimeField(label="Begintijd", widget=TIJD,
                                error_messages={"required": "Vul de begintijd in (uu:mm)."})
    eindtijd = forms.TimeField(label="Eindtijd", widget=TIJD,
                               error_messages={"required": "Vul de eindtijd in (uu:mm)."})
    plaats = forms.CharField(label="Plaats", required=False, max_length=200)

    def __init__(self, *args, leden, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voorzitter"] = Ledenkeuze(leden=leden, label="Voorzitter")
        self.fields["notulist"] = Ledenkeuze(leden=leden, label="Notulist")

    def clean(self):
        data = super().clean()
        if data.get("soort") == self.REEKS:
            for veld, melding in (("weekdag", "Kies de weekdag van de reeks."),
                                  ("interval_weken", "Geef aan om de hoeveel weken het overleg is."),
                                  ("vanaf", "Vul de eerste datum van de reeks in."),
                                  ("tot_en_met", "Vul de laatste datum van de reeks in.")):
                if data.get(veld) is None and veld not in self.errors:
                    self.add_error(veld, melding)
        elif data.get("datum") is None and "datum" not in self.errors:
            self.add_error("datum", "Vul de datum van het overleg in.")
        return data

    def voor_service(self) -> dict:
        """The arguments of overleg_plannen or reeks_aanmaken."""
        d = self.cleaned_data
        gedeeld = {k: d[k] for k in ("begintijd", "eindtijd", "plaats", "voorzitter", "notulist")}
        if d["soort"] == self.REEKS:
            return {**gedeeld, **{k: d[k] for k in ("weekdag", "interval_weken", "vanaf", "tot_en_met")}}
        return {**gedeeld, "datum": d["datum"]}


class VerplaatsenForm(forms.Form):
    datum = forms.DateField(label="Datum", widget=DATUM, help_text="dd-mm-jjjj", validators=[controleer_zorgdatum],
                            error_messages={"required": "Vul de datum van het overleg in."})
    begintijd = forms.TimeField(label="Begintijd", widget=TIJD,
                                error_messages={"required": "Vul de begintijd in (uu:mm)."})
    eindtijd = forms.TimeField(label="Eindtijd", widget=TIJD,
                               error_messages={"required": "Vul de eindtijd in (uu:mm)."})
    plaats = forms.CharField(label="Plaats", required=False, max_length=200)


class AnnulerenForm(forms.Form):
    reden = forms.CharField(label="Reden van annulering", max_length=300,
                            error_messages={"required": "Geef de reden van de annulering."})


class AanwezigheidForm(forms.Form):
    """One status per member on the attendance list (field `aanwezig_<user id>`)."""

    keuzes = Aanwezigheid.Status.choices  # for the plain-HTML form of the meeting page

    def __init__(self, *args, aanwezigheden, **kwargs):
        super().__init__(*args, **kwargs)
        self.rijen = []
        for rij in aanwezigheden:
            naam = f"aanwezig_{rij.gebruiker_id}"
            self.fields[naam] = forms.ChoiceField(label=weergavenaam(rij.gebruiker), choices=self.keuzes,
                                                  initial=rij.status)
            self.rijen.append(rij)

    def wijzigingen(self) -> list:
        """(user, new status) for each member whose status changed."""
        return [(rij.gebruiker, self.cleaned_data[f"aanwezig_{rij.gebruiker_id}"]) for rij in self.rijen
                if self.cleaned_data[f"aanwezig_{rij.gebruiker_id}"] != rij.status]

    def velden(self):
        return [self[f"aanwezig_{rij.gebruiker_id}"] for rij in self.rijen]


class ToevoegenForm(forms.Form):
    """Picking a candidate: which student (one of the computed candidates), minutes and anonymous."""

    deelnemer = IdField(widget=forms.HiddenInput)
    minuten = forms.IntegerField(label="Minuten", min_value=1, max_value=240, initial=10)
    anoniem = forms.BooleanField(label="Anoniem bespreken", required=False)


class AgendapuntForm(forms.Form):
    """One item of the agenda: its place, minutes, inbrenger and whether it is anonymous (versioned)."""

    volgorde = forms.IntegerField(label="Volgorde", min_value=0, max_value=999)
    minuten = forms.IntegerField(label="Minuten", min_value=1, max_value=240)
    anoniem = forms.BooleanField(label="Anoniem bespreken", required=False)
    versie = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, leden, punt: Agendapunt | None = None, **kwargs):
        if punt is not None:
            kwargs.setdefault("initial", {"volgorde": punt.volgorde, "minuten": punt.minuten,
                                          "anoniem": punt.anoniem, "versie": punt.versie,
                                          "inbrenger": punt.inbrenger_id or ""})
            kwargs.setdefault("prefix", f"punt{punt.pk}")
        super().__init__(*args, **kwargs)
        self.fields["inbrenger"] = Ledenkeuze(leden=self.inbrengers(leden, punt), label="Inbrenger",
                                              empty_label="— nog niemand —")

    @staticmethod
    def inbrengers(leden: list, punt: Agendapunt | None) -> list:
        """The inbrenger choice: the team's members, and who was set (e.g. the referrer) when not one of them,
        so saving does not clear it."""
        if punt is not None and punt.inbrenger is not None and punt.inbrenger not in leden:
            return [*leden, punt.inbrenger]
        return leden
