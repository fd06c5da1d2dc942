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
from privacy.profiel import profiel
from zorgstructuur.models import Functie, Locatie

from ..exporters import Exporter, Filter, Tabel, registreer
from .zat import keuzerijen, tevredenheid

MAANDEN = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
ALLE_SMW = {Functie.MANAGEMENT, Functie.ZORGCOORDINATOR}


def alleen_eigen(filter: Filter):
    """The SMW whose figures these are when the user reaches the overview only as SMW, else None.
    (privacy.policy.rapportage decides who reaches the overview and over which locaties; this narrows the
    SMW's own overview to their own work, as seed 000 asks.)"""
    gebruiker = filter.gebruiker
    if gebruiker is None or profiel(gebruiker).functies & ALLE_SMW:
        return None
    return gebruiker


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
        return [
            self._per_maand(filter, qs, locaties),
            self._per_soort(qs, locaties),
            self._interventies(qs),
            *self._clienten(filter),
            *tevredenheid(filter, trajecten(filter).filter(afgesloten_op__range=(filter.van, filter.tot)),
                          {"Deelnemer": "tevredenheid_deelnemer", "Aanmelder": "tevredenheid_aanmelder"},
                          "Tevredenheid SMW"),
        ]

    def _per_maand(self, filter, qs, locaties) -> Tabel:
        telling = {(r["maand"], r["deelnemer__locatie_id"]): r["minuten"] for r in qs.annotate(
            maand=TruncMonth("datum")).values("maand", "deelnemer__locatie_id").annotate(minuten=Sum("minuten"))}
        rijen = [(f"{MAANDEN[m.month - 1]} {m.year}", [telling.get((m, pk), 0) for pk, _ in locaties])
                 for m in maanden(filter.van, filter.tot)]
        return Tabel("Tijd per maand (minuten)", kop="Maand", kolommen=[naam for _, naam in locaties], rijen=rijen,
                     totalen=True, aantallen=False, grafiek="lijn",
                     toelichting="De geregistreerde contacttijd, per locatie van de deelnemer.")

    def _per_soort(self, qs, locaties) -> Tabel:
        rijen: dict[str, dict[int, int]] = {}
        for r in qs.values("soort__volgorde", "soort__naam", "deelnemer__locatie_id").annotate(
                minuten=Sum("minuten")).order_by("soort__volgorde", "soort__naam"):
            rijen.setdefault(r["soort__naam"], {})[r["deelnemer__locatie_id"]] = r["minuten"]
        return Tabel("Tijd per soort contact (minuten)", kop="Soort contact", kolommen=[n for _, n in locaties],
                     rijen=[(soort, [per.get(pk, 0) for pk, _ in locaties]) for soort, per in rijen.items()],
                     totalen=True, aantallen=False, grafiek="gestapeld", hoofd=False)

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
