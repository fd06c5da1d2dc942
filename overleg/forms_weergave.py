"""A light form renderer for the meeting pages: the few widget templates these pages use (inputs, textareas,
selects, radio options, error lists) written in Python, character for character what Django's own templates
give (tests/overleg/test_weergave.py compares them). Django renders every widget and every <option> through
the template engine; on the item page that was most of its time. Any other template goes to Django's renderer.

And `eenmaal`: a choice field whose choices are read with one plain query per form, not through a server-side
cursor (three round trips on PostgreSQL) at every render."""

from django.forms.models import ModelChoiceIterator
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

W = "django/forms/widgets/"


def _tekst(waarde) -> str:
    """`{{ waarde }}` in a template: localised, escaped unless already safe."""
    return conditional_escape(localize(waarde))


def _attrs(attrs) -> str:
    """django/forms/widgets/attrs.html"""
    uit = []
    for naam, waarde in attrs.items():
        if waarde is False:
            continue
        uit.append(f" {conditional_escape(naam)}" if waarde is True else
                   f' {conditional_escape(naam)}="{conditional_escape(waarde)}"')
    return "".join(uit)


def _input(w) -> str:
    """django/forms/widgets/input.html"""
    waarde = "" if w["value"] is None else f' value="{conditional_escape(w["value"])}"'
    soort, naam = conditional_escape(w["type"]), conditional_escape(w["name"])
    return f'<input type="{soort}" name="{naam}"{waarde}{_attrs(w["attrs"])}>'


def _input_optie(w) -> str:
    """django/forms/widgets/input_option.html (radio and checkbox options)"""
    if not w.get("wrap_label"):
        return _input(w)
    id_ = w["attrs"].get("id")
    voor = f' for="{conditional_escape(id_)}"' if id_ else ""
    return f"<label{voor}>{_input(w)}\n {_tekst(w['label'])}</label>"  # input.html's own newline, included


def _optie(w) -> str:
    """django/forms/widgets/select_option.html"""
    return f'<option value="{conditional_escape(w["value"])}"{_attrs(w["attrs"])}>{_tekst(w["label"])}</option>'


def _select(w) -> str:
    """django/forms/widgets/select.html (with select_option.html per option)"""
    uit = [f'<select name="{conditional_escape(w["name"])}"{_attrs(w["attrs"])}>']
    for groep, opties, _index in w["optgroups"]:
        if groep:
            uit.append(f'\n  <optgroup label="{_tekst(groep)}">')
        for optie in opties:
            uit.append(f"\n  {_optie(optie)}\n")
        if groep:
            uit.append("\n  </optgroup>")
    uit.append("\n</select>")
    return "".join(uit)


def _textarea(w) -> str:
    """django/forms/widgets/textarea.html"""
    inhoud = _tekst(w["value"]) if w["value"] else ""
    return f'<textarea name="{conditional_escape(w["name"])}"{_attrs(w["attrs"])}>\n{inhoud}</textarea>'


def _fouten(context) -> str:
    """django/forms/errors/list/ul.html"""
    fouten = context["errors"]
    if not fouten:
        return ""
    id_ = f' id="{conditional_escape(fouten.field_id)}_error"' if getattr(fouten, "field_id", None) else ""
    regels = "".join(f"<li>{_tekst(f)}</li>" for f in fouten)
    return f'<ul class="{conditional_escape(context["error_class"])}"{id_}>{regels}</ul>'


def _widget(maak):
    return lambda context: maak(context["widget"])


WEERGAVEN = {
    **{f"{W}{soort}.html": _widget(_input) for soort in ("input", "text", "number", "hidden", "date", "email",
                                                          "time", "password", "url", "checkbox")},
    f"{W}radio_option.html": _widget(_input_optie),
    f"{W}checkbox_option.html": _widget(_input_optie),
    f"{W}input_option.html": _widget(_input_optie),
    f"{W}select_option.html": _widget(_optie),
    f"{W}select.html": _widget(_select),
    f"{W}textarea.html": _widget(_textarea),
    "django/forms/errors/list/default.html": _fouten,
    "django/forms/errors/list/ul.html": _fouten,
}


class LichteWeergave(DjangoTemplates):
    """Django's template renderer, with the widgets above in Python (the output stripped, as Django does)."""

    def render(self, template_name, context, request=None):
        maak = WEERGAVEN.get(template_name)
        if maak is None:
            return super().render(template_name, context, request)
        return mark_safe(maak(context).strip())


LICHT = LichteWeergave()


class _EenmaalKeuzes(ModelChoiceIterator):
    """The choices from the field's queryset, evaluated once and cached on it: a plain query, not
    .iterator()'s server-side cursor. Checking a posted choice still asks the queryset (ModelChoiceField)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


def eenmaal(veld):
    """A ModelChoiceField whose choices are read once per form (see _EenmaalKeuzes)."""
    veld.iterator = _EenmaalKeuzes
    veld.widget.choices = veld.choices
    return veld
