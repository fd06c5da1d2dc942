"""Rendement overview (issue 11, management overview 4): time invested per level, cases closed with their
result, and returns to a higher level within a year. Aggregates only, a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, DateField, Exists, ExpressionWrapper, OuterRef, Q, Sum

from overleg.models import Agendapunt
from zorgstructuur.models import Functie, Niveauwijziging, Team, Zorgniveau, Zorgtraject

from ..exporters import Exporter, Filter, Tabel, registreer
from .smw import contacten
from .zat import geguard, keuzerijen

# The meetings that spend time on each level of the ladder.
OVERLEG_NIVEAU = {Team.Soort.TEAMOVERLEG: Zorgniveau.Soort.BASIS,
                  Team.Soort.INTERN_ZORGTEAM: Zorgniveau.Soort.INTERN_ZORGTEAM, Team.Soort.ZAT: Zorgniveau.Soort.ZAT}
TERUG_BINNEN = timedelta(days=365)
# A decision that brings a student (back) to a higher level: up the ladder, a crisis, or a new traject.
HOGER = [Niveauwijziging.Soort.OPSCHALEN, Niveauwijziging.Soort.CRISIS, Niveauwijziging.Soort.START]


def smw_tijd(filter: Filter) -> tuple[int, int]:
    """(students, minutes) of SMW contacts in the period; SMW registration lives in aanmelding (one query)."""
    uitkomst = contacten(filter).aggregate(n=Count("deelnemer_id", distinct=True), minuten=Sum("minuten"))
    return uitkomst["n"], uitkomst["minuten"] or 0


@registreer
class RendementOverzicht(Exporter):
    naam = "rendement"
    titel = "Rendement"
    beschrijving = "Tijd per niveau, afgesloten casussen met hun resultaat en terugkeer naar een hoger niveau."
    functies = frozenset({Functie.MANAGEMENT, Functie.ZORGCOORDINATOR})
    volgorde = 40

    def tabellen(self, filter: Filter) -> list[Tabel]:
        niveaus = [(s, label) for s, label in Zorgniveau.Soort.choices
                   if filter.niveau is None or filter.niveau.soort == s]
        return [self._tijd(filter), self._afgesloten(filter, niveaus), self._terugkeer(filter)]

    def _tijd(self, filter: Filter) -> Tabel:
        soorten = [t for t, n in OVERLEG_NIVEAU.items() if filter.niveau is None or filter.niveau.soort == n]
        per_soort = {r["overleg__team__soort"]: r for r in Agendapunt.objects.filter(
            filter.deelnemer_q("deelnemer"), besproken=True, overleg__team__soort__in=soorten,
            overleg__datum__range=(filter.van, filter.tot),
        ).order_by().values("overleg__team__soort").annotate(n=Count("deelnemer_id", distinct=True),
                                                            minuten=Sum("minuten"))}
        rijen = []
        for soort in soorten:
            r = per_soort.get(soort, {"n": 0, "minuten": 0})
            rijen.append((f"{Team.Soort(soort).label}", self._rij(filter, r["n"], r["minuten"] or 0)))
        if filter.niveau is None:  # SMW is a route beside the ladder, not a level
            rijen.append(("Schoolmaatschappelijk werk (contacten)", self._rij(filter, *smw_tijd(filter))))
        return Tabel("Tijd per niveau", kop="Niveau", kolommen=["Casussen", "Minuten", "Minuten per casus"],
                     rijen=rijen, aantallen=False, grafiek="staaf",
                     toelichting="Overleg: de geplande minuten van elk besproken agendapunt; SMW: de geregistreerde "
                                 f"contacttijd. Minuten alleen bij {filter.drempel} of meer casussen.")

    @staticmethod
    def _rij(filter: Filter, casussen: int, minuten: int) -> list:
        # The time of fewer than `drempel` cases is not shown either: in a narrow filter it would tell that
        # those few students were discussed (or saw the SMW).
        n, uit, per_casus = geguard(filter, casussen, minuten, minuten / casussen if casussen else None)
        return [n, uit if casussen else 0, per_casus]

    def _afgesloten(self, filter: Filter, niveaus) -> Tabel:
        telling = {(r["uitkomst"], r["niveau__soort"]): r["n"] for r in Zorgtraject.objects.filter(
            filter.deelnemer_q("deelnemer"), route=Zorgtraject.Route.LADDER, status=Zorgtraject.Status.AFGESLOTEN,
            afgesloten_op__range=(filter.van, filter.tot), niveau__soort__in=[s for s, _ in niveaus],
        ).order_by().values("uitkomst", "niveau__soort").annotate(n=Count("pk"))}
        return Tabel("Afgesloten casussen naar resultaat", kop="Resultaat", kolommen=[label for _, label in niveaus],
                     rijen=keuzerijen(Zorgtraject.Uitkomst.choices, telling, [s for s, _ in niveaus],
                                      "Geen uitkomst vastgelegd"),
                     totalen=True, grafiek="gestapeld",
                     toelichting="Zorgtrajecten afgesloten in de periode, naar het niveau waarop ze afgesloten zijn.")

    def _terugkeer(self, filter: Filter) -> Tabel:
        # A step down or a closure in the period, and whether the same student went (back) up within a year.
        terug = Niveauwijziging.objects.filter(
            zorgtraject__deelnemer_id=OuterRef("zorgtraject__deelnemer_id"), soort__in=HOGER,
            datum__gt=OuterRef("datum"),
            datum__lte=ExpressionWrapper(OuterRef("datum") + TERUG_BINNEN, output_field=DateField()))
        besluiten = Niveauwijziging.objects.filter(
            filter.deelnemer_q("zorgtraject__deelnemer"), zorgtraject__route=Zorgtraject.Route.LADDER,
            soort__in=[Niveauwijziging.Soort.AFSCHALEN, Niveauwijziging.Soort.AFSLUITEN],
            datum__range=(filter.van, filter.tot))
        if filter.niveau is not None:
            besluiten = besluiten.filter(van_niveau=filter.niveau)
        per_soort = {r["soort"]: r for r in besluiten.order_by().values("soort").annotate(
            n=Count("pk"), terug=Count("pk", filter=Q(Exists(terug))))}
        rijen = [(label, [per_soort.get(s, {}).get("n", 0), per_soort.get(s, {}).get("terug", 0)])
                 for s, label in ((Niveauwijziging.Soort.AFSCHALEN, "Afgeschaald"),
                                  (Niveauwijziging.Soort.AFSLUITEN, "Afgesloten"))]
        return Tabel("Terugkeer naar een hoger niveau binnen een jaar", kop="Besluit in de periode",
                     kolommen=["Besluiten", "Binnen een jaar weer hoger"], rijen=rijen, grafiek="staaf",
                     toelichting="Weer hoger: opgeschaald, crisis of een nieuw zorgtraject binnen 365 dagen "
                                 "na het besluit.")
