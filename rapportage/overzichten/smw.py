"""SMW overview (issue 11, management overview 2): time per month, locatie and kind of contact; interventions
by nature; clients started and closed with their outcomes; satisfaction of students and referrers.

Management and the zorgcoördinator see the SMW work of the locaties in their reach; an SMW who reaches this
overview only through the SMW functie sees their own work (contacts they registered, clients they manage).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from aanmelding.models import SMWContact, SMWTraject
from privacy import policy
from zorgstructuur.models import Functie, Locatie

from ..exporters import Exporter, Filter, Tabel, registreer
from ..onderdrukking import herleidbaar
from .zat import keuzerijen, tevredenheid

MAANDEN = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def alleen_eigen(filter: Filter):
    """The SMW whose own work these figures are limited to, or None: the policy decides
    (privacy.policy.rapportage: who reaches the overview, over which locaties, and whose SMW work)."""
    return policy.smw_alleen_eigen_werk(filter.gebruiker)


def contacten(filter: Filter):
    """SMW contacts in the period for the students (and, for an SMW, the own work) the filters cover."""
    qs = SMWContact.objects.filter(filter.deelnemer_q("deelnemer"), datum__range=(filter.van, filter.tot))
    eigen = alleen_eigen(filter)
    if eigen is not None:
        qs = qs.filter(medewerker=eigen)
    return qs.order_by()


def trajecten(filter: Filter):
    qs = SMWTraject.objects.filter(filter.deelnemer_q("deelnemer"))
    eigen = alleen_eigen(filter)
    if eigen is not None:
        qs = qs.filter(zorgtraject__casemanager=eigen)
    return qs.order_by()


def minuten_tabel(filter: Filter, titel: str, kop: str, rijen: list[tuple[object, str]],
                  kolommen: list[tuple[object, str]], cellen: dict, rijtotalen: dict, koltotalen: dict, totaal,
                  **extra) -> Tabel:
    """A table of minutes that never shows the time of fewer than `drempel` clients: {key: (clients, minutes)}
    per cell and per total (clients counted distinct). A cell or total of 1…N-1 clients is hidden ("x"), and, as
    for counts, more cells where the totals would let someone compute a hidden one (onderdrukking.herleidbaar)."""
    n, m = len(rijen), len(kolommen)
    rt, kt = m > 1, n > 1
    leeg = (0, 0)
    # The extended table: cells, a total column (index m) and a total row (index n), as onderdrukking has it.
    waarde = {(i, j): cellen.get((r, k), leeg) for i, (r, _) in enumerate(rijen) for j, (k, _) in enumerate(kolommen)}
    if rt:
        waarde.update({(i, m): rijtotalen.get(r, leeg) for i, (r, _) in enumerate(rijen)})
    if kt:
        waarde.update({(n, j): koltotalen.get(k, leeg) for j, (k, _) in enumerate(kolommen)})
    if rt and kt:
        waarde[(n, m)] = totaal
    verborgen = {c for c, (clienten, _) in waarde.items() if 0 < clienten < filter.drempel}
    while bloot := herleidbaar(n, m, verborgen):
        # Hide the smallest shown time in a line of a recomputable cell.
        kandidaten = [c for c in waarde if c not in verborgen and waarde[c][1]
                      and any(c[0] == i or c[1] == j for i, j in bloot)]
        if not kandidaten:
            break
        verborgen.add(min(kandidaten, key=lambda c: (c[0] == n or c[1] == m, waarde[c][1], c)))

    def toon(c):
        return "x" if c in verborgen else waarde[c][1]

    uit = [(label, [toon((i, j)) for j in range(m + rt)]) for i, (_, label) in enumerate(rijen)]
    tabel = Tabel(titel, kop=kop, kolommen=[label for _, label in kolommen] + (["Totaal"] if rt else []),
                  rijen=uit, aantallen=False,
                  toelichting=f"x: tijd van minder dan {filter.drempel} cliënten, of daaruit af te leiden.", **extra)
    if kt:
        tabel.totaal_rij = ("Totaal", [toon((n, j)) for j in range(m + rt)])
    tabel.onderdrukt = {c for c in verborgen if c[0] < n + kt}
    return tabel


def maanden(van: date, tot: date) -> list[date]:
    """The first day of every month from `van` to `tot`."""
    uit, dag = [], van.replace(day=1)
    while dag <= tot:
        uit.append(dag)
        dag = date(dag.year + dag.month // 12, dag.month % 12 + 1, 1)
    return uit


@registreer
class SmwOverzicht(Exporter):
    naam = "smw"
    titel = "Schoolmaatschappelijk werk"
    beschrijving = ("Tijd per maand, locatie en soort contact; interventies; cliënten gestart en afgesloten, "
                    "uitkomsten en tevredenheid.")
    functies = frozenset({Functie.MANAGEMENT, Functie.ZORGCOORDINATOR, Functie.SMW})
    volgorde = 20

    def tabellen(self, filter: Filter) -> list[Tabel]:
        # An SMW route is not on the ladder: a level filter leaves no SMW figures.
        if filter.niveau is not None:
            return [Tabel("Schoolmaatschappelijk werk", kolommen=["Aantal"], rijen=[], grafiek="",
                          toelichting="SMW is een route naast de ladder; kies geen niveau voor dit overzicht.")]
        locaties = list(Locatie.objects.filter(pk__in=filter.locatie_ids).order_by("naam").values_list("pk", "naam"))
        qs = contacten(filter)
        totalen = self._totalen(qs)
        return [
            self._per_maand(filter, qs, locaties, totalen),
            self._per_soort(filter, qs, locaties, totalen),
            self._interventies(qs),
            *self._clienten(filter),
            *tevredenheid(filter, trajecten(filter).filter(afgesloten_op__range=(filter.van, filter.tot)),
                          {"Deelnemer": "tevredenheid_deelnemer", "Aanmelder": "tevredenheid_aanmelder"},
                          "Tevredenheid SMW"),
        ]

    def _totalen(self, qs) -> tuple[dict, tuple[int, int]]:
        """Per locatie and over all: (clients, minutes); two queries shared by both time tables."""
        per_locatie = {r["deelnemer__locatie_id"]: (r["n"], r["minuten"]) for r in qs.values(
            "deelnemer__locatie_id").annotate(n=Count("deelnemer_id", distinct=True), minuten=Sum("minuten"))}
        alles = qs.aggregate(n=Count("deelnemer_id", distinct=True), minuten=Sum("minuten"))
        return per_locatie, (alles["n"], alles["minuten"] or 0)

    def _per_maand(self, filter, qs, locaties, totalen) -> Tabel:
        qs = qs.annotate(maand=TruncMonth("datum"))
        cellen = {(r["maand"], r["deelnemer__locatie_id"]): (r["n"], r["minuten"]) for r in qs.values(
            "maand", "deelnemer__locatie_id").annotate(n=Count("deelnemer_id", distinct=True), minuten=Sum("minuten"))}
        per_maand = {r["maand"]: (r["n"], r["minuten"]) for r in qs.values("maand").annotate(
            n=Count("deelnemer_id", distinct=True), minuten=Sum("minuten"))}
        return minuten_tabel(filter, "Tijd per maand (minuten)", "Maand",
                             [(m, f"{MAANDEN[m.month - 1]} {m.year}") for m in maanden(filter.van, filter.tot)],
                             locaties, cellen, per_maand, *totalen, grafiek="lijn")

    def _per_soort(self, filter, qs, locaties, totalen) -> Tabel:
        cellen, soorten = {}, {}
        for r in qs.values("soort__volgorde", "soort__naam", "deelnemer__locatie_id").annotate(
                n=Count("deelnemer_id", distinct=True), minuten=Sum("minuten")
        ).order_by("soort__volgorde", "soort__naam"):
            soorten[r["soort__naam"]] = r["soort__naam"]
            cellen[(r["soort__naam"], r["deelnemer__locatie_id"])] = (r["n"], r["minuten"])
        per_soort = {r["soort__naam"]: (r["n"], r["minuten"]) for r in qs.values("soort__naam").annotate(
            n=Count("deelnemer_id", distinct=True), minuten=Sum("minuten"))}
        return minuten_tabel(filter, "Tijd per soort contact (minuten)", "Soort contact", list(soorten.items()),
                             locaties, cellen, per_soort, *totalen, grafiek="gestapeld", hoofd=False)

    def _interventies(self, qs) -> Tabel:
        rijen = [(r["aard__naam"], [r["cliënten"], r["contacten"]]) for r in qs.values(
            "aard__volgorde", "aard__naam").annotate(**{"cliënten": Count("deelnemer_id", distinct=True)},
                                                     contacten=Count("pk")).order_by("aard__volgorde", "aard__naam")]
        return Tabel("Interventies naar aard", kop="Aard van de interventie", kolommen=["Cliënten", "Contacten"],
                     rijen=rijen, grafiek="staaf")

    def _clienten(self, filter) -> list[Tabel]:
        periode = (filter.van, filter.tot)
        alle = trajecten(filter)
        aantallen = alle.aggregate(
            n_gestart=Count("pk", filter=Q(gestart__range=periode)),
            n_eigen=Count("pk", filter=Q(gestart__range=periode, eigen_aanmelding=True)),
            n_afgesloten=Count("pk", filter=Q(afgesloten_op__range=periode)))
        telling = {(r["uitkomst"], "n"): r["n"] for r in alle.filter(afgesloten_op__range=periode).values(
            "uitkomst").annotate(n=Count("pk"))}
        return [
            Tabel("Cliënten gestart en afgesloten", kop="In de periode", kolommen=["Cliënten"], grafiek="staaf",
                  rijen=[("Gestart", [aantallen["n_gestart"]]),
                         ("waarvan eigen aanmelding", [aantallen["n_eigen"]]),
                         ("Afgesloten", [aantallen["n_afgesloten"]])]),
            Tabel("Uitkomsten van afgesloten cliënten", kop="Uitkomst", kolommen=["Cliënten"], grafiek="taart",
                  rijen=keuzerijen(SMWTraject.Uitkomst.choices, telling, ["n"], "Geen uitkomst vastgelegd")),
        ]
