"""Run one overview: the exporter's tables, suppressed, with their charts. Screen, Excel, PDF and the command
all go through `maak`, so none of them can show a number the others hide.

Screen and downloads ask `bewaard_of_maak`: a management overview need not be real-time, so its computed
tables are kept BEWAARTIJD in the database cache (settings.CACHES["rapportage"], shared by every app server).
What is kept: only the tables after suppression and their charts (aggregates; never a raw small count, never
a name), and the time they were made. The key holds everything that decides the numbers: the overview, the
checked filters, the instelling's settings that change a table, and what the policy gives this user (their
locaties in this overview, and whose SMW work), so users with a different scope never share an entry. An
overview with names (`toont_namen`) is never kept."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import caches
from django.utils import timezone

from privacy import policy

from . import onderdrukking, svg
from .exporters import Exporter, Filter, Tabel


@dataclass
class Rapport:
    exporter: Exporter
    filter: Filter
    tabellen: list[Tabel]
    gemaakt: datetime = field(default_factory=timezone.localtime)
    bewaard: bool = False  # kept for BEWAARTIJD: the page says when it was computed and offers a recompute

    @property
    def titel(self) -> str:
        return self.exporter.titel

    @property
    def filters(self) -> list[tuple[str, str]]:
        return self.filter.omschrijving()

    @property
    def drempel(self) -> int:
        return self.filter.drempel


def maak(exporter_cls: type[Exporter], filter: Filter, *, grafieken: bool = True) -> Rapport:
    exporter = exporter_cls()
    tabellen = exporter.tabellen(filter)
    for tabel in tabellen:
        onderdrukking.toepassen(tabel, filter.drempel)
        tabel.svg = svg.grafiek(tabel) if grafieken else ""
    return Rapport(exporter, filter, tabellen)


BEWAARTIJD = timedelta(minutes=10)
# Part of every key: raise it when what is kept (Tabel, the tables of an overview) changes shape.
VERSIE = 1


def _pk(obj):
    return getattr(obj, "pk", None)


def sleutel(exporter_cls: type[Exporter], filter: Filter, bereik: dict[int, frozenset[int]]) -> str:
    """The cache key of this overview for these filters and this user's scope (`bereik` from the policy)."""
    instelling = filter.instelling
    eigen_werk = _pk(policy.smw_alleen_eigen_werk(filter.gebruiker))
    delen = (VERSIE, exporter_cls.naam, filter.van, filter.tot, _pk(instelling), tuple(filter.locatie_ids),
             _pk(filter.locatie), _pk(filter.opleiding), _pk(filter.team), _pk(filter.niveau),
             filter.drempel, bool(getattr(instelling, "etnische_afkomst_registreren", False)),
             tuple(sorted((i, tuple(sorted(locaties))) for i, locaties in bereik.items())), eigen_werk)
    return f"rapport:{exporter_cls.naam}:{hashlib.sha256(repr(delen).encode()).hexdigest()}"


def bewaard_of_maak(exporter_cls: type[Exporter], filter: Filter, bereik: dict[int, frozenset[int]]) -> Rapport:
    """The overview as kept within BEWAARTIJD, or computed now (and kept)."""
    if exporter_cls.toont_namen:
        return maak(exporter_cls, filter)
    cache, key = caches["rapportage"], sleutel(exporter_cls, filter, bereik)
    bewaard = cache.get(key)
    if bewaard is not None:
        return Rapport(exporter_cls(), filter, bewaard["tabellen"], bewaard["gemaakt"], bewaard=True)
    rapport = maak(exporter_cls, filter)
    cache.set(key, {"gemaakt": rapport.gemaakt, "tabellen": rapport.tabellen}, BEWAARTIJD.total_seconds())
    rapport.bewaard = True
    return rapport


def vergeten(exporter_cls: type[Exporter], filter: Filter, bereik: dict[int, frozenset[int]]) -> None:
    """Drop the kept overview (the button "Nu opnieuw berekenen"): the next view computes it afresh."""
    caches["rapportage"].delete(sleutel(exporter_cls, filter, bereik))


def log_omschrijving(rapport: Rapport, vorm: str) -> str:
    """The access-log line of a view or download: which overview, in which form, with which filters."""
    filters = "; ".join(f"{k}: {v}" for k, v in rapport.filters)
    return f"Rapportage {rapport.titel} ({vorm}) — {filters}"
