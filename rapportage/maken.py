"""Run one overview: the exporter's tables, suppressed, with their charts. Screen, Excel, PDF and the command
all go through `maak`, so none of them can show a number the others hide."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from . import onderdrukking, svg
from .exporters import Exporter, Filter, Tabel


@dataclass
class Rapport:
    exporter: Exporter
    filter: Filter
    tabellen: list[Tabel]
    gemaakt: datetime = field(default_factory=timezone.localtime)

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


def log_omschrijving(rapport: Rapport, vorm: str) -> str:
    """The access-log line of a view or download: which overview, in which form, with which filters."""
    filters = "; ".join(f"{k}: {v}" for k, v in rapport.filters)
    return f"Rapportage {rapport.titel} ({vorm}) — {filters}"
