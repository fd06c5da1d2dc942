"""The student list's rows, written in Python: rendering 50 rows cell by cell through the template language
(an `{% if %}` per column and an include per care status) was half of the list page's time at a large ROC
(issue 12). Same HTML as the template it replaces; every value escaped by format_html."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from zorgstructuur.models import weergavenaam

STREEP = "–"


def _zorgstatus(d) -> str:
    """One cell of the care-status column: privacy.policy.met_zorgstatus left null what this user may not see."""
    delen = []
    if d.zs_niveau:
        delen.append(format_html('<span class="laag">{}</span> ', d.zs_niveau))
    if d.zs_smw:
        delen.append(mark_safe('<span class="laag">SMW</span> '))
    if d.zs_aangemeld:
        delen.append(format_html("aangemeld ({}) ", d.zs_aangemeld))
    if d.zs_toegang_tot:
        delen.append(format_html("ZAT-uitnodiging, toegang tot {}", d.zs_toegang_tot.strftime("%d-%m-%Y")))
    return mark_safe("".join(delen)) if delen else STREEP


def _cellen(d, kolommen, toon_zorgstatus):
    naam = f"{d.achternaam}, {d.voornaam}" + (f" {d.tussenvoegsel}" if d.tussenvoegsel else "")
    yield format_html('<a href="{}">{}</a>', reverse("deelnemers:dossier", args=[d.pk]), naam)
    if "studentnummer" in kolommen:
        yield d.studentnummer
    yield d.opleiding.naam
    yield d.niveau or STREEP
    yield d.leerjaar or STREEP
    if "locatie" in kolommen:
        yield d.locatie.naam
    if "mentor" in kolommen:
        yield weergavenaam(d.mentor) if d.mentor else STREEP
    if "inschrijving" in kolommen:
        yield d.get_status_display()
    if toon_zorgstatus:
        yield _zorgstatus(d)


def lijstrijen(deelnemers, kolommen, toon_zorgstatus) -> str:
    """The <tr>s of one page of the list; the columns as policy.lijstgegevens allows."""
    return format_html_join("\n", "<tr>{}</tr>", (
        (format_html_join("", "<td>{}</td>", ((cel,) for cel in _cellen(d, kolommen, toon_zorgstatus))),)
        for d in deelnemers))
