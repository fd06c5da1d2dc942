"""The HTML of an overview's tables (screen and PDF), written in Python: the template's loops over every cell
were most of the time of a kept overview (the Zorg overview has hundreds of cells). The same markup the
template gave, values shown as the template shows them (localised: 19,3; dates in Dutch; None empty)."""

import html

from django.conf import settings
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime


def _waarde(w) -> str:
    """A cell as the template's {{ w|default_if_none:"" }}: escaped, localised; counts and texts directly
    (Django's localisation per cell was most of the rendering time)."""
    if w is None:
        return ""
    if type(w) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(w)
    if type(w) is str:  # not a SafeString: that one conditional_escape leaves alone
        return html.escape(w)
    return conditional_escape(localize(template_localtime(w)))


def tabel_html(tabel, nummer: int) -> SafeString:
    kolommen = tabel.alle_kolommen
    koppen = format_html_join("", '<th scope="col" class="getal">{}</th>', ((k,) for k in kolommen))
    # Each label and value escaped by _waarde (a label None shows as the template showed it).
    rijen = ['<tr><th scope="row">{}</th>{}</tr>'.format(
        _waarde(label) if label is not None else "None",
        "".join(f'<td class="getal">{_waarde(w)}</td>' for w in waarden)) for label, waarden in tabel.alle_rijen]
    if not rijen:
        rijen = [format_html('<tr><td colspan="{}">Geen gegevens in deze periode.</td></tr>', len(kolommen) + 1)]
    delen = [format_html('<section class="blok rapport-tabel" aria-labelledby="tabel-{0}">\n'
                         '  <h2 id="tabel-{0}">{1}</h2>\n  <table>\n'
                         '    <thead><tr><th scope="col">{2}</th>{3}</tr></thead>\n    <tbody>\n',
                         nummer, tabel.titel, tabel.kop, koppen),
             mark_safe("\n".join(rijen)),  # noqa: S308  (every label and value escaped by _waarde)
             mark_safe("\n    </tbody>\n  </table>\n")]  # noqa: S308
    if tabel.toelichting:
        delen.append(format_html('  <p class="toelichting">{}</p>\n', tabel.toelichting))
    if tabel.svg:
        delen.append(format_html('  <figure class="grafiek">{}</figure>\n', tabel.svg))
    delen.append(mark_safe("</section>\n"))  # noqa: S308
    return mark_safe("".join(delen))  # noqa: S308  (every part escaped above)


def tabellen_html(rapport) -> SafeString:
    return mark_safe("".join(tabel_html(t, i) for i, t in enumerate(rapport.tabellen, 1)))  # noqa: S308
