"""What one recipient sees of a meeting's agenda and minutes (page and PDF), and the calendar (.ics).

The policy (`policy.agendapunten_voor`) decides WHICH items a user sees, and whether as an outsider
(`zs_extern`); this module decides WHAT of each item is shown:
- an internal member (or the zorgcoördinator) sees every item with the short case information: name,
  studentnummer, age, opleiding, the level of the care route, why it is on the agenda, the question;
- an invited partner sees an item of a valid invitation with name, age and opleiding (what the ZAT item
  needs, as privacy.policy.zorgstatus.PARTNER_BASISGEGEVENS), and an anonymous item as "Casus B (anoniem)"
  with an age band and the question — nothing that identifies the student.
The minutes add per item what the meeting recorded and the plan van aanpak. Nothing here reads dossier
entries or werkaantekeningen: the minutes are the item's own fields.
"""

from __future__ import annotations

import hashlib
import mimetypes
import posixpath
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst, slugify

from privacy import policy
from zorgstructuur.models import Zorgtraject, weergavenaam

from .models import Aanwezigheid, Actie, Agendapunt, Overleg
from .selectors import leeftijdsgroep, letter

AGENDA = "agenda"
VERSLAG = "verslag"

# The record of an item in the minutes, in the order of the meeting (issue 10 point 6).
VERSLAG_TEKSTEN = ["informatie", "analyse", "probleembeleving", "oplossingsrichtingen", "besluit"]
VERSLAG_AFSPRAKEN = ["contactpersoon", "terugkoppeling_deelnemer", "informeert_aanmelder"]


def _label(veld: str) -> str:
    return capfirst(Agendapunt._meta.get_field(veld).verbose_name)


@dataclass
class Punt:
    """One item as this recipient sees it."""

    punt: Agendapunt
    nummer: int
    kop: str
    anoniem_label: str  # "Casus B (anoniem)" for an anonymous item, to an insider too (the same name in the room)
    identificeerbaar: bool  # shown with the student's identity: one access-log line per download
    gegevens: list[tuple[str, str]]
    vraag: str
    verslag: list[tuple[str, str]] = field(default_factory=list)
    acties: list[Actie] = field(default_factory=list)
    niet_besproken: bool = False


@dataclass
class Afdruk:
    """The agenda or the minutes of one meeting for one recipient."""

    soort: str
    overleg: Overleg
    school: str
    titel: str
    extern: bool
    punten: list[Punt]
    voorzitter: str = ""
    notulist: str = ""
    aanwezigheid: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_verslag(self) -> bool:
        return self.soort == VERSLAG

    @property
    def getoond(self) -> list[Agendapunt]:
        """The items shown with a student's identity (what the access log records per student)."""
        return [p.punt for p in self.punten if p.identificeerbaar]

    @property
    def anoniem_getoond(self) -> list[Agendapunt]:
        """The items shown without identity (an anonymous case seen from outside the school): their content
        is still about the student, so the access log records them too, marked as such."""
        return [p.punt for p in self.punten if not p.identificeerbaar]

    @property
    def bestandsnaam(self) -> str:
        """No student data: the team and the date."""
        return f"{self.soort}-{slugify(self.overleg.team.naam)}-{self.overleg.datum:%Y-%m-%d}.pdf"


def _punten(user, overleg: Overleg, *, verslag: bool):
    """The policy's items, with in the same query the level of the open traject and the item's position
    among the meeting's anonymous items (its letter); the actions come in one more query for the minutes."""
    niveau = Zorgtraject.objects.open().filter(deelnemer_id=OuterRef("deelnemer_id"),
                                               route=Zorgtraject.Route.LADDER).values("niveau__naam")[:1]
    eerder_anoniem = (Agendapunt.objects.filter(overleg_id=OuterRef("overleg_id"), anoniem=True)
                      .filter(Q(volgorde__lt=OuterRef("volgorde")) | Q(volgorde=OuterRef("volgorde"),
                                                                       id__lt=OuterRef("id")))
                      .order_by().values("overleg_id").annotate(n=Count("id")).values("n"))
    qs = policy.agendapunten_voor(user, overleg).select_related("aanmelding").annotate(
        zs_niveau=Subquery(niveau),
        zs_anoniem_nr=Coalesce(Subquery(eerder_anoniem, output_field=IntegerField()), 0))
    if verslag:
        qs = qs.prefetch_related(Prefetch("acties", queryset=Actie.objects.select_related("eigenaar")))
    return list(qs)


def _punt(p: Agendapunt, nummer: int, op: date) -> Punt:
    d = p.deelnemer
    anoniem_label = f"Casus {letter(p.zs_anoniem_nr)} (anoniem)" if p.anoniem else ""
    vraag = policy.vraag_aan_overleg(p)
    if p.zs_extern and p.anoniem:
        # Outside the school an anonymous case has no name, birth date, number, address or opleiding.
        return Punt(punt=p, nummer=nummer, kop=anoniem_label, anoniem_label=anoniem_label, identificeerbaar=False,
                    vraag=vraag, gegevens=[("Leeftijd", leeftijdsgroep(d.leeftijd(op))),
                                           ("Op de agenda", p.get_reden_display()),
                                           ("Tijd", f"{p.minuten} minuten")])
    leeftijd = d.leeftijd(op)
    opleiding = d.opleiding.naam + (f", niveau {d.niveau}" if d.niveau else "")
    gegevens = [] if p.zs_extern else [("Studentnummer", d.studentnummer)]
    gegevens += [("Leeftijd", f"{leeftijd} jaar" if leeftijd is not None else "onbekend"),
                 ("Opleiding", opleiding)]
    if not p.zs_extern:
        gegevens += [("Zorgniveau", p.zs_niveau or "geen open zorgtraject"),
                     ("Locatie", d.locatie.naam)]
    gegevens += [("Op de agenda", p.get_reden_display()), ("Tijd", f"{p.minuten} minuten")]
    if p.inbrenger_id:
        gegevens.append(("Inbrenger", weergavenaam(p.inbrenger)))
    return Punt(punt=p, nummer=nummer, kop=d.naam, anoniem_label=anoniem_label, identificeerbaar=True,
                gegevens=gegevens, vraag=vraag)


def _verslag(punt: Punt) -> None:
    """What the meeting recorded for the item (only filled fields) and its plan van aanpak."""
    p = punt.punt
    regels = [(_label(v), getattr(p, v)) for v in VERSLAG_TEKSTEN if getattr(p, v)]
    if p.evaluatie_doelen:
        regels.append((_label("evaluatie_doelen"), p.get_evaluatie_doelen_display()))
    if p.niveaubesluit:
        regels.append(("Niveaubesluit", p.get_niveaubesluit_display()))
    # Who is the contact, who feeds back, who informs the referrer, the registration in the verwijsindex:
    # they point at the student's own mentor and family, so an anonymous case outside the school has none.
    if punt.identificeerbaar:
        regels += [(_label(v), getattr(p, v)) for v in VERSLAG_AFSPRAKEN if getattr(p, v)]
    if p.vir_besluit and punt.identificeerbaar:
        vir = p.get_vir_besluit_display()
        if p.vir_door:
            vir += f", door {p.vir_door}"
        if p.vir_datum:
            vir += f", op {p.vir_datum:%d-%m-%Y}"
        regels.append(("Melden bij de verwijsindex (VIR)", vir))
    if p.handelingsadvies:
        regels.append((_label("handelingsadvies"), p.handelingsadvies))
    if p.volgende_evaluatie:
        regels.append(("Volgende evaluatie", f"{p.volgende_evaluatie:%d-%m-%Y}"))
    punt.verslag = regels
    punt.acties = list(p.acties.all())
    punt.niet_besproken = not p.besproken


def _afdruk(user, overleg: Overleg, soort: str) -> Afdruk:
    verslag = soort == VERSLAG
    items = _punten(user, overleg, verslag=verslag)
    punten = [_punt(p, nummer, overleg.datum) for nummer, p in enumerate(items, start=1)]
    if verslag:
        for punt in punten:
            _verslag(punt)
    aanwezigheid = []
    if verslag:
        aanwezigheid = [(weergavenaam(a.gebruiker), a.get_status_display()) for a in
                        Aanwezigheid.objects.filter(overleg=overleg).select_related("gebruiker")
                        .order_by("gebruiker__last_name", "gebruiker__first_name", "gebruiker_id")]
    team = overleg.team
    titel = f"{'Verslag' if verslag else 'Agenda'} {team.naam} {overleg.datum:%d-%m-%Y}"
    # The policy marked each item; only an empty agenda needs asking.
    extern = items[0].zs_extern if items else not policy.is_intern_bij(user, overleg)
    return Afdruk(soort=soort, overleg=overleg, school=team.instelling.naam, titel=titel, extern=extern,
                  punten=punten, voorzitter=weergavenaam(overleg.voorzitter), notulist=weergavenaam(overleg.notulist),
                  aanwezigheid=aanwezigheid)


def agenda_voor(user, overleg: Overleg) -> Afdruk:
    """The agenda as this user may see it."""
    return _afdruk(user, overleg, AGENDA)


def verslag_voor(user, overleg: Overleg) -> Afdruk:
    """The minutes as this user may see them (call only for a held meeting)."""
    return _afdruk(user, overleg, VERSLAG)


# ------------------------------------------------------------------ PDF

class GeweigerdeBron(ValueError):
    """A URL a printed page may not fetch."""


def statische_bron(url: str) -> dict:
    """What WeasyPrint may fetch: only our own static files, read from disk. Anything else — another host,
    a file: URL, a path outside the static files — is refused, so rendering a page never goes on the network
    and never reads another file of the server."""
    deel = urlsplit(url)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if deel.scheme not in ("http", "https") or deel.netloc != urlsplit(settings.SITE_URL).netloc \
            or not deel.path.startswith(prefix) or deel.query:
        raise GeweigerdeBron(f"Een afdruk haalt alleen eigen statische bestanden op, niet {url!r}.")
    naam = posixpath.normpath(unquote(deel.path[len(prefix):]))
    if naam.startswith(("/", "..")) or "\\" in naam or "\0" in naam:
        raise GeweigerdeBron(f"Geen statisch bestand: {url!r}.")
    pad = None
    if staticfiles_storage.exists(naam):  # collected (production; hashed names)
        pad = staticfiles_storage.path(naam)
    else:
        pad = finders.find(naam)  # the app and project folders (development, tests)
    if not pad or not Path(pad).is_file():
        raise GeweigerdeBron(f"Geen statisch bestand: {url!r}.")
    return {"string": Path(pad).read_bytes(), "mime_type": mimetypes.guess_type(pad)[0] or "application/octet-stream"}


def _fetcher():
    """WeasyPrint 70 takes a URLFetcher instance: ours answers every URL through statische_bron."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class EigenStatischeBestanden(URLFetcher):
        def fetch(self, url, headers=None):
            bron = statische_bron(url)
            return URLFetcherResponse(url, bron["string"], {"Content-Type": bron["mime_type"]})

    return EigenStatischeBestanden()


def pdf_van_html(html: str) -> bytes:
    """An HTML page as PDF (WeasyPrint) that fetches only our own static files: the agenda and minutes here,
    the management overviews in rapportage."""
    from weasyprint import HTML  # heavy import: only where a PDF is made

    return HTML(string=html, base_url=settings.SITE_URL, url_fetcher=_fetcher()).write_pdf()


def pdf(afdruk: Afdruk) -> bytes:
    """The agenda or minutes as an A4 PDF: the school and the meeting in the header, "pagina X van Y" below."""
    return pdf_van_html(render_to_string("overleg/afdruk_pdf.html", {"afdruk": afdruk}))


def agenda_pdf(user, overleg: Overleg) -> bytes:
    """The agenda PDF of one meeting as this user may see it (the benchmark's entry; the view also logs)."""
    return pdf(agenda_voor(user, overleg))


# ------------------------------------------------------------------ iCalendar (RFC 5545)

def ics_tekst(waarde: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newlines escaped."""
    return (waarde.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def vouw(regel: str) -> str:
    """Fold a content line at 75 octets (UTF-8), never inside a character; continuation lines start with
    one space."""
    delen, huidig, lengte = [], [], 0
    for teken in regel:
        grootte = len(teken.encode("utf-8"))
        limiet = 75 if not delen else 74  # a continuation line's leading space counts
        if lengte + grootte > limiet:
            delen.append("".join(huidig))
            huidig, lengte = [], 0
        huidig.append(teken)
        lengte += grootte
    delen.append("".join(huidig))
    return "\r\n ".join(delen)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _uid(overleg: Overleg) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "zorgstructuur"
    return f"overleg-{overleg.pk}@{host}"


def samenvatting(overleg: Overleg, aantal: int) -> str:
    """"IZ Noord — 7 agendapunten": the team and a count, never a student."""
    return f"{overleg.team.naam} — {aantal} agendapunt{'' if aantal == 1 else 'en'}"


def _vevent(overleg: Overleg, aantal: int, nu: datetime) -> list[str]:
    link = settings.SITE_URL.rstrip("/") + reverse("overleg:agenda", args=[overleg.pk])
    regels = [
        "BEGIN:VEVENT",
        f"UID:{_uid(overleg)}",
        f"DTSTAMP:{_utc(nu)}",
        f"DTSTART:{_utc(overleg.begin)}",
        f"DTEND:{_utc(overleg.einde)}",
        f"SUMMARY:{ics_tekst(samenvatting(overleg, aantal))}",
    ]
    if overleg.plaats:
        regels.append(f"LOCATION:{ics_tekst(overleg.plaats)}")
    regels += [f"DESCRIPTION:{ics_tekst('De agenda staat in Zorgstructuur (na inloggen): ' + link)}",
               f"URL:{link}",
               "STATUS:" + ("CANCELLED" if overleg.status == Overleg.Status.GEANNULEERD else "CONFIRMED"),
               "END:VEVENT"]
    return regels


def ics(overleggen_met_aantal: list[tuple[Overleg, int]], *, naam: str = "Zorgstructuur") -> str:
    """A VCALENDAR with one VEVENT per meeting (times in UTC, so no VTIMEZONE is needed), CRLF line ends."""
    nu = timezone.now()
    regels = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Zorgstructuur//Overleg//NL", "CALSCALE:GREGORIAN",
              "METHOD:PUBLISH", f"X-WR-CALNAME:{ics_tekst(naam)}"]
    for overleg, aantal in overleggen_met_aantal:
        regels += _vevent(overleg, aantal, nu)
    regels.append("END:VCALENDAR")
    return "".join(vouw(r) + "\r\n" for r in regels)


def aantallen(user, overleggen) -> dict[int, int]:
    """Per meeting the number of items this user sees (a partner: their invited items), in one query."""
    rijen = (policy.agendapunten_zichtbaar(user).filter(overleg__in=[o.pk for o in overleggen]).order_by()
             .values("overleg_id").annotate(n=Count("id")).values_list("overleg_id", "n"))
    return dict(rijen)


# The personal feed: from 3 months back to 12 months ahead.
FEED_TERUG = timedelta(days=92)
FEED_VOORUIT = timedelta(days=366)


def feed_overleggen(user) -> list[Overleg]:
    vandaag = timezone.localdate()
    return list(policy.overleggen_voor(user).filter(datum__gte=vandaag - FEED_TERUG,
                                                    datum__lte=vandaag + FEED_VOORUIT))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
