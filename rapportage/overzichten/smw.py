"""SMW overview (issue 11, management overview 2): time per month, locatie and kind of contact; interventions
by nature; clients started and closed with their outcomes; satisfaction of students and referrers.

Management and the zorgcoördinator see the SMW work of the locaties in their reach; an SMW who reaches this
overview only through the SMW functie sees their own work (contacts they registered, clients they manage).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth

from aanmelding.models import SMWContact, SMWTraject
from deelnemers.models import Deelnemer
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
    # The student's locatie looked up per contact, as deelnemer_q does: grouping by deelnemer__locatie_id joined
    # (and hashed) every student of the instelling.
    locatie = Deelnemer.objects.filter(pk=OuterRef("deelnemer_id")).order_by().values("locatie_id")[:1]
    return qs.annotate(zs_locatie=Subquery(locatie)).order_by()


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
        return [
            *self._contacttabellen(filter, contacten(filter), locaties),
            *self._clienten(filter),
            *tevredenheid(filter, trajecten(filter).filter(afgesloten_op__range=(filter.van, filter.tot)),
                          {"Deelnemer": "tevredenheid_deelnemer", "Aanmelder": "tevredenheid_aanmelder"},
                          "Tevredenheid SMW"),
        ]

    def _contacttabellen(self, filter, qs, locaties) -> list[Tabel]:
        """Time per month and per kind of contact, and the interventions, from ONE query grouped per client,
        month, locatie, kind and nature (at most a row per contact of the period): every cell and total, with
        its clients counted distinct, is summed from those rows (it was seven queries over the contacts)."""
        rijen = list(qs.annotate(maand=TruncMonth("datum")).values(
            "deelnemer_id", "maand", "zs_locatie", "soort__volgorde", "soort__naam", "aard__volgorde", "aard__naam",
        ).annotate(minuten=Sum("minuten"), contacten=Count("pk")))

        def som(sleutel, *, aantal="minuten") -> dict:
            """{key: (clients, minutes or contacts)}, clients counted once per key."""
            clienten, totaal = defaultdict(set), defaultdict(int)
            for r in rijen:
                clienten[sleutel(r)].add(r["deelnemer_id"])
                totaal[sleutel(r)] += r[aantal] or 0
            return {k: (len(v), totaal[k]) for k, v in clienten.items()}

        per_locatie = som(lambda r: r["zs_locatie"])
        totalen = (per_locatie, som(lambda r: None).get(None, (0, 0)))
        per_maand = minuten_tabel(
            filter, "Tijd per maand (minuten)", "Maand",
            [(m, f"{MAANDEN[m.month - 1]} {m.year}") for m in maanden(filter.van, filter.tot)], locaties,
            som(lambda r: (r["maand"], r["zs_locatie"])), som(lambda r: r["maand"]), *totalen, grafiek="lijn")
        soorten = {naam: naam for _, naam in sorted({(r["soort__volgorde"], r["soort__naam"]) for r in rijen})}
        per_soort = minuten_tabel(
            filter, "Tijd per soort contact (minuten)", "Soort contact", list(soorten.items()), locaties,
            som(lambda r: (r["soort__naam"], r["zs_locatie"])), som(lambda r: r["soort__naam"]), *totalen,
            grafiek="gestapeld", hoofd=False)
        interventies = som(lambda r: (r["aard__volgorde"], r["aard__naam"]), aantal="contacten")
        return [per_maand, per_soort, Tabel(
            "Interventies naar aard", kop="Aard van de interventie", kolommen=["Cliënten", "Contacten"],
            rijen=[(naam, list(interventies[(v, naam)])) for v, naam in sorted(interventies)], grafiek="staaf")]

    def _clienten(self, filter) -> list[Tabel]:
        periode = (filter.van, filter.tot)
        alle = trajecten(filter)
        # Only the clients started or closed in the period count: the others need not be read.
        aantallen = alle.filter(Q(gestart__range=periode) | Q(afgesloten_op__range=periode)).aggregate(
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
