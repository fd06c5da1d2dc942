"""The overviews: one exporter class per overview, registered in one place (pretix's exporters are the model).

A new overview is one class, in its own module `rapportage/overzichten/<naam>.py` (loaded by `laad()`):

    @registreer
    class ZatOverzicht(Exporter):
        naam = "zat"                       # URL /rapportage/zat/, `manage.py rapportage zat`
        titel = "ZAT en IZ"
        beschrijving = "Casussen, besprekingen, interventies, uitkomsten, doorlooptijden."
        functies = {Functie.MANAGEMENT, Functie.ZORGCOORDINATOR}   # who reaches it (the policy reads this)

        def tabellen(self, filter: Filter) -> list[Tabel]:
            trajecten = Zorgtraject.objects.filter(filter.deelnemer_q("deelnemer"), geopend__lte=filter.tot)
            ...
            return [Tabel("Casussen per niveau", kolommen=["IZ", "ZAT"], rijen=[("Niveau 1", [3, 7]), ...],
                          grafiek="staaf")]

The exporter only computes numbers. Everything else is the framework's: access (privacy.policy.rapportage,
from `functies`), the filter form and its checks, suppression of small numbers (`onderdrukking`, applied to
every table with `aantallen=True` before it leaves the framework — an exporter never shows raw counts), the
screen page with SVG charts, Excel, PDF, the command and the access-log line.

Rules for exporters:
- count with aggregate queries (values/annotate), a fixed number per table: the query count must not grow
  with the number of students;
- never put a name, studentnummer or id in a table, except in an exporter with `toont_namen = True`
  (only the zorgcoördinator reaches those; the policy refuses them to management);
- restrict every queryset with `filter.deelnemer_q(pad)` (locaties the user may see, chosen locatie,
  opleiding, team) and the period `filter.van`–`filter.tot`; the level with `filter.niveau` where it applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import ClassVar

from django.db.models import OuterRef, Q, Subquery
from django.db.models.lookups import IsNull

from zorgstructuur.models import Functie

Waarde = int | float | Decimal | str | date | None


def schooljaar(dag: date) -> tuple[date, date]:
    """The schooljaar (1 August – 31 July) that contains `dag`."""
    begin = date(dag.year if dag.month >= 8 else dag.year - 1, 8, 1)
    return begin, date(begin.year + 1, 7, 31)


@dataclass(frozen=True)
class Filter:
    """What every exporter receives: the checked filters of one request (see `forms.FilterFormulier`).

    - `van`, `tot`: the period, both inclusive; by default the current schooljaar (1 Aug – 31 Jul);
    - `instelling`: the school (its `kleine_aantallen` is the suppression threshold);
    - `locatie_ids`: the locaties the figures cover: the chosen locatie, or else every locatie of the instelling
      the user may see (management: all of their instelling; zorgcoördinator: their own);
    - `locatie`, `opleiding`, `team`: the narrowing the user chose, or None;
    - `niveau`: a `Zorgniveau` or None (only trajecten on that level);
    - `gebruiker`: who asked (for exporters whose rows depend on the user, e.g. the SMW's own overview).
    Use `deelnemer_q(pad)` to restrict a queryset; `omschrijving()` gives the filters as text for cover
    sheets and PDF headers.
    """

    van: date
    tot: date
    instelling: object
    locatie_ids: tuple[int, ...]
    locatie: object = None
    opleiding: object = None
    team: object = None
    niveau: object = None
    gebruiker: object = None

    @property
    def drempel(self) -> int:
        """Cells under this number are suppressed (Instelling.kleine_aantallen, default 5)."""
        return getattr(self.instelling, "kleine_aantallen", None) or 5

    def deelnemer_q(self, pad: str = "") -> Q:
        """Q restricting a queryset to the students these filters cover; `pad` is the lookup path from the
        queryset's model to Deelnemer ("" for Deelnemer itself, "deelnemer", "zorgtraject__deelnemer", …)."""
        q = Q(instelling=self.instelling, locatie_id__in=self.locatie_ids)
        if self.opleiding is not None:
            q &= Q(opleiding=self.opleiding)
        if self.team is not None:
            q &= Q(opleiding__in=self.team.opleidingen.all())
        if not pad:
            return q
        # Another table (contacts, items, trajecten: far fewer rows than students): its student is looked up per
        # row by primary key. A join let PostgreSQL hash every student of the instelling for each table.
        from deelnemers.models import Deelnemer

        student = Deelnemer.objects.filter(q, pk=OuterRef(f"{pad}_id")).order_by().values("pk")[:1]
        return Q(IsNull(Subquery(student), False))

    def omschrijving(self) -> list[tuple[str, str]]:
        """The filters as (label, text), for the cover sheet, the PDF header and the screen."""
        regels = [("Instelling", str(self.instelling)),
                  ("Periode", f"{self.van:%d-%m-%Y} t/m {self.tot:%d-%m-%Y}"),
                  ("Locatie", str(self.locatie) if self.locatie else "alle locaties")]
        if self.opleiding:
            regels.append(("Opleiding", str(self.opleiding)))
        if self.team:
            regels.append(("Team", str(self.team)))
        if self.niveau:
            regels.append(("Niveau", str(self.niveau)))
        return regels


@dataclass
class Tabel:
    """One table of an overview: what every exporter returns, and what screen, Excel and PDF render.

    - `titel`: the table's heading (also the Excel sheet name, shortened);
    - `kolommen`: the headings of the value columns; `kop`: the heading of the label column;
    - `rijen`: (label, values) with one value per column: int/float/Decimal/date/str or None (empty);
    - `totalen`: add a "Totaal" column (per row) and a "Totaal" row (per column) computed from the values,
      before suppression (so the totals are true, and suppression protects the cells behind them);
    - `aantallen`: the values are counts of students/cases: cells under the threshold are suppressed
      ("<5") with complementary suppression (`onderdrukking`); set False for minutes, means, percentages
      the exporter already guarded itself (e.g. a mean only when the response count reaches the threshold);
    - `grafiek`: the main chart kind: "staaf" (bars per row), "gestapeld" (stacked bars), "taart", "lijn"
      or "" (no chart); `hoofd`: this is a main table (gets a native chart in Excel);
    - `toelichting`: one line under the table;
    - `aandeel`: add a column "Aandeel (%)": the first column as a share of the row total, shown only where
      neither is suppressed.
    After `onderdrukking.toepassen` the values of suppressed cells are the string "<N" and `onderdrukt` holds
    their (row, column) positions (the totals row/column included).
    """

    titel: str
    kolommen: list[str]
    rijen: list[tuple[str, list[Waarde]]]
    kop: str = ""
    totalen: bool = False
    aantallen: bool = True
    grafiek: str = "staaf"
    hoofd: bool = True
    toelichting: str = ""
    onderdrukt: set[tuple[int, int]] = field(default_factory=set)
    totaal_rij: tuple[str, list[Waarde]] | None = None
    aandeel: bool = False
    svg: str = ""  # the chart, drawn by the framework (svg.grafiek) after suppression

    @property
    def alle_kolommen(self) -> list[str]:
        kolommen = [*self.kolommen, "Totaal"] if self.totalen and len(self.kolommen) > 1 else list(self.kolommen)
        return [*kolommen, "Aandeel (%)"] if self.aandeel else kolommen

    @property
    def alle_rijen(self) -> list[tuple[str, list[Waarde]]]:
        return [*self.rijen, self.totaal_rij] if self.totaal_rij else list(self.rijen)


class Exporter:
    """Base class of every overview; subclass, set the attributes, implement `tabellen`, add `@registreer`."""

    naam: ClassVar[str] = ""
    titel: ClassVar[str] = ""
    beschrijving: ClassVar[str] = ""
    # Which functies reach this overview (privacy.policy.rapportage decides with it, with the locaties).
    functies: ClassVar[frozenset[str]] = frozenset({Functie.MANAGEMENT, Functie.ZORGCOORDINATOR})
    # Rows about individual cases (names): only for the zorgcoördinator, never for management.
    toont_namen: ClassVar[bool] = False
    volgorde: ClassVar[int] = 50

    def tabellen(self, filter: Filter) -> list[Tabel]:
        raise NotImplementedError

    def bestandsnaam(self, filter: Filter, extensie: str) -> str:
        return f"{self.naam}_{filter.van:%Y%m%d}-{filter.tot:%Y%m%d}.{extensie}"


EXPORTERS: dict[str, type[Exporter]] = {}


def registreer(cls: type[Exporter]) -> type[Exporter]:
    """Class decorator: add an overview to the one registry (its `naam` must be unique)."""
    if not cls.naam or cls.naam in EXPORTERS and EXPORTERS[cls.naam] is not cls:
        raise ValueError(f"Exporter zonder of met dubbele naam: {cls.naam!r}")
    EXPORTERS[cls.naam] = cls
    return cls


def alle() -> list[type[Exporter]]:
    """Every registered overview, in menu order."""
    laad()
    return sorted(EXPORTERS.values(), key=lambda c: (c.volgorde, c.titel))


def zoek(naam: str) -> type[Exporter] | None:
    laad()
    return EXPORTERS.get(naam)


def laad() -> None:
    """Import the modules that register overviews (the `overzichten` package, one module per overview)."""
    import importlib
    import pkgutil

    from . import overzichten

    for module in pkgutil.iter_modules(overzichten.__path__):
        importlib.import_module(f"{overzichten.__name__}.{module.name}")
