"""ZAT and IZ overview (issue 11, management overview 3): cases, times discussed, interventions, outcomes,
satisfaction from aftercare and throughput times. Aggregates only; the framework suppresses small counts.

The small helpers at the top (`samenvatten`, `Dagen`, `tevredenheid`, `tijden`) are shared by the Rendement
and SMW overviews: they aggregate in the database, a fixed number of queries whatever the number of students.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncDate

from aanmelding.models import Aanmelding
from overleg.models import Agendapunt, Nazorg
from zorgstructuur.models import Functie, Niveauwijziging, Team, Zorgtraject

from ..exporters import Exporter, Filter, Tabel, registreer

SOORTEN = {Team.Soort.INTERN_ZORGTEAM: "Intern zorgteam", Team.Soort.ZAT: "ZAT"}
MEER = 4  # the distribution of times discussed ends in "4 keer of vaker"
SCORES = range(1, 6)


class Dagen(Func):
    """Whole days from the second date to the first (both DateField expressions)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)",
                           arg_joiner=") - julianday(", **extra)


def samenvatten(qs, select: str, groep: str) -> list[tuple]:
    """Aggregate over an aggregated queryset in one query (e.g. a distribution of per-case counts):
    SELECT groep, select FROM (qs) GROUP BY groep. Column names are the queryset's annotation names."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {groep}, {select} FROM ({sql}) AS t GROUP BY {groep}", params)
        return cursor.fetchall()


def _percentiel(waarden: list[int], p: float) -> float:
    """Linear interpolation as PostgreSQL's percentile_cont (for SQLite, where it does not exist)."""
    waarden = sorted(waarden)
    plek = p * (len(waarden) - 1)
    onder = int(plek)
    boven = min(onder + 1, len(waarden) - 1)
    return waarden[onder] + (waarden[boven] - waarden[onder]) * (plek - onder)


def tijden(qs, *kolommen: str) -> dict[str, dict[str, tuple[int, float | None, float | None]]]:
    """Per integer column of `kolommen`, per `soort` (an annotation of qs): (number, median, 90th percentile),
    NULLs left out. One query; on PostgreSQL computed in the database."""
    uit: dict[str, dict] = {k: {} for k in kolommen}
    if connection.vendor == "postgresql":
        select = ", ".join(f"COUNT({k}), PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY {k}), "
                           f"PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY {k})" for k in kolommen)
        for soort, *waarden in samenvatten(qs, select, "soort"):
            for i, k in enumerate(kolommen):
                uit[k][soort] = tuple(waarden[3 * i:3 * i + 3])
        return uit
    per_soort: dict[tuple[str, str], list[int]] = {}
    for rij in qs:
        for k in kolommen:
            if rij[k] is not None:
                per_soort.setdefault((k, rij["soort"]), []).append(rij[k])
    for (k, soort), w in per_soort.items():
        uit[k][soort] = (len(w), _percentiel(w, 0.5), _percentiel(w, 0.9))
    return uit


def onder_drempel(filter: Filter, n: int) -> bool:
    return 0 < n < filter.drempel


def geguard(filter: Filter, n: int, *waarden) -> list:
    """A count with values derived from it (mean, median): below the threshold the count shows "<N" and the
    derived values stay empty, so a mean of two answers never identifies anyone."""
    if n == 0:
        return [0, *[None] * len(waarden)]
    if onder_drempel(filter, n):
        return [f"<{filter.drempel}", *[None] * len(waarden)]
    return [n, *[round(w, 1) if w is not None else None for w in waarden]]


def tevredenheid(filter: Filter, qs, velden: dict[str, str], titel: str) -> list[Tabel]:
    """Satisfaction on a 1–5 scale: the distribution (counts, suppressed by the framework) and per field the
    response count and mean (guarded here). `velden`: {column label: field name}. One query."""
    telling = {}
    for veld in velden.values():
        telling[f"n_{veld}"] = Count("pk", filter=Q(**{f"{veld}__isnull": False}))
        telling[f"som_{veld}"] = Sum(veld)
        for score in SCORES:
            telling[f"s{score}_{veld}"] = Count("pk", filter=Q(**{veld: score}))
    uitkomst = qs.aggregate(**telling)
    verdeling = Tabel(f"{titel}: verdeling", kop="Score (1–5)", kolommen=list(velden), grafiek="gestapeld",
                      rijen=[(str(s), [uitkomst[f"s{s}_{v}"] for v in velden.values()]) for s in SCORES])
    samenvatting = []
    for label, veld in velden.items():
        n = uitkomst[f"n_{veld}"]
        som = uitkomst[f"som_{veld}"] or 0
        samenvatting.append((label, geguard(filter, n, som / n if n else None)))
    gemiddeld = Tabel(f"{titel}: gemiddelde", kop="Wie", kolommen=["Aantal reacties", "Gemiddelde"],
                      rijen=samenvatting, aantallen=False, grafiek="", hoofd=False,
                      toelichting=f"Het gemiddelde staat er alleen bij {filter.drempel} of meer reacties.")
    return [verdeling, gemiddeld]


def keuzerijen(keuzes, telling: dict, kolommen: list, leeg: str | None = None) -> list:
    """Rows for every choice (in the model's order), with per column the count from {(keuze, kolom): n}."""
    rijen = [(label, [telling.get((waarde, k), 0) for k in kolommen]) for waarde, label in keuzes]
    if leeg is not None:
        rijen.append((leeg, [telling.get(("", k), 0) for k in kolommen]))
    return rijen


def soorten_voor(filter: Filter) -> list[str]:
    """The team kinds this overview covers under the level filter (IZ, ZAT, or both)."""
    niveau = getattr(filter.niveau, "soort", None)
    return [s for s in SOORTEN if niveau is None or niveau == s]


@registreer
class ZatOverzicht(Exporter):
    naam = "zat"
    titel = "ZAT en intern zorgteam"
    beschrijving = ("Casussen, besprekingen per casus, interventies, uitkomsten, tevredenheid na nazorg en "
                    "doorlooptijden.")
    functies = frozenset({Functie.MANAGEMENT, Functie.ZORGCOORDINATOR})
    volgorde = 30

    def tabellen(self, filter: Filter) -> list[Tabel]:
        soorten = soorten_voor(filter)
        if not soorten:
            return [Tabel("Casussen", kolommen=["Aantal"], rijen=[], grafiek="",
                          toelichting="Dit overzicht gaat over het intern zorgteam en het ZAT; kies een van die "
                                      "niveaus of geen niveau.")]
        kolommen = [SOORTEN[s] for s in soorten]
        punten = Agendapunt.objects.filter(
            filter.deelnemer_q("deelnemer"), besproken=True, overleg__team__soort__in=soorten,
            overleg__datum__range=(filter.van, filter.tot)).order_by()
        return [
            self._casussen(punten, soorten),
            self._keer_besproken(punten, soorten, kolommen),
            self._interventies(punten, soorten, kolommen),
            self._besluiten(filter, soorten, kolommen),
            self._uitkomsten(filter, soorten, kolommen),
            *self._tevredenheid(filter, soorten),
            self._doorlooptijden(filter, soorten),
        ]

    def _casussen(self, punten, soorten) -> Tabel:
        per_soort = {r["soort"]: r for r in punten.values(soort=F("overleg__team__soort")).annotate(
            casussen=Count("deelnemer_id", distinct=True), besprekingen=Count("pk"),
            aanmeldingen=Count("pk", filter=Q(reden=Agendapunt.Reden.AANMELDING)))}
        velden = ["casussen", "besprekingen", "aanmeldingen"]
        return Tabel("Casussen", kop="Overleg",
                     kolommen=["Casussen besproken", "Besprekingen", "Nieuwe aanmeldingen besproken"],
                     rijen=[(SOORTEN[s], [per_soort.get(s, {}).get(v, 0) for v in velden]) for s in soorten],
                     toelichting="Een casus is een deelnemer die in de periode minstens één keer is besproken.")

    def _keer_besproken(self, punten, soorten, kolommen) -> Tabel:
        # Per case the times discussed (overleg.selectors.besprekingen counts the same: items recorded as
        # besproken), then the cases per number: one query, aggregated in the database.
        per_casus = punten.values("deelnemer_id", soort=F("overleg__team__soort")).annotate(n=Count("pk"))
        telling = {(k, s): aantal for s, k, aantal in samenvatten(
            per_casus, "COUNT(*)", f"soort, CASE WHEN n >= {MEER} THEN {MEER} ELSE n END")}
        rijen = [(f"{k} keer" if k < MEER else f"{MEER} keer of vaker", [telling.get((k, s), 0) for s in soorten])
                 for k in range(1, MEER + 1)]
        return Tabel("Besprekingen per casus", kop="Keer besproken", kolommen=kolommen, rijen=rijen, totalen=True)

    def _interventies(self, punten, soorten, kolommen) -> Tabel:
        telling = {(r["niveaubesluit"], r["soort"]): r["n"] for r in punten.values(
            "niveaubesluit", soort=F("overleg__team__soort")).annotate(n=Count("pk"))}
        return Tabel("Interventies naar aard", kop="Besluit over het niveau", kolommen=kolommen,
                     rijen=keuzerijen(Agendapunt.Niveaubesluit.choices, telling, soorten, "Geen niveaubesluit"),
                     totalen=True, grafiek="gestapeld")

    def _besluiten(self, filter, soorten, kolommen) -> Tabel:
        # Every decision on the level of an IZ or ZAT case, also those taken outside a meeting (a crisis).
        telling = {(r["soort"], r["van_niveau__soort"]): r["n"] for r in Niveauwijziging.objects.filter(
            filter.deelnemer_q("zorgtraject__deelnemer"), zorgtraject__route=Zorgtraject.Route.LADDER,
            van_niveau__soort__in=soorten, datum__range=(filter.van, filter.tot),
        ).order_by().values("soort", "van_niveau__soort").annotate(n=Count("pk"))}
        keuzes = [(w, label) for w, label in Niveauwijziging.Soort.choices if w != Niveauwijziging.Soort.START]
        return Tabel("Besluiten over het niveau", kop="Besluit", kolommen=kolommen, totalen=True,
                     grafiek="gestapeld", hoofd=False, rijen=keuzerijen(keuzes, telling, soorten),
                     toelichting="Alle niveaubesluiten in de periode over casussen op dit niveau, ook buiten "
                                 "het overleg (zoals crisis).")

    def _uitkomsten(self, filter, soorten, kolommen) -> Tabel:
        # Closed in the period on the IZ or ZAT level (a closed traject keeps the level it was closed on).
        telling = {(r["uitkomst"], r["niveau__soort"]): r["n"] for r in Zorgtraject.objects.filter(
            filter.deelnemer_q("deelnemer"), route=Zorgtraject.Route.LADDER, status=Zorgtraject.Status.AFGESLOTEN,
            afgesloten_op__range=(filter.van, filter.tot), niveau__soort__in=soorten,
        ).order_by().values("uitkomst", "niveau__soort").annotate(n=Count("pk"))}
        return Tabel("Uitkomsten van afgesloten casussen", kop="Uitkomst", kolommen=kolommen, totalen=True,
                     rijen=keuzerijen(Zorgtraject.Uitkomst.choices, telling, soorten, "Geen uitkomst vastgelegd"))

    def _tevredenheid(self, filter, soorten) -> list[Tabel]:
        if Team.Soort.ZAT not in soorten:
            return []
        nazorg = Nazorg.objects.filter(filter.deelnemer_q("deelnemer"), vastgelegd_op__range=(filter.van, filter.tot))
        return tevredenheid(filter, nazorg, {"Deelnemer": "tevredenheid_deelnemer",
                                             "Aanmelder": "tevredenheid_aanmelder"}, "Tevredenheid na nazorg (ZAT)")

    def _doorlooptijden(self, filter, soorten) -> Tabel:
        aanmeldingen = Aanmelding.objects.filter(
            filter.deelnemer_q("deelnemer"), bestemming__in=soorten, ingediend_op__isnull=False).order_by()
        eerste = Subquery(Agendapunt.objects.filter(aanmelding=OuterRef("pk"), besproken=True)
                          .order_by("overleg__datum").values("overleg__datum")[:1])
        aanmeldingen = aanmeldingen.annotate(eerste=eerste, aangemeld=TruncDate("ingediend_op"))
        # Aanmelding → first discussion: discussed (for the first time) in the period.
        tot_bespreking = tijden(aanmeldingen.filter(eerste__range=(filter.van, filter.tot)).values(
            soort=F("bestemming"), dagen=Dagen(F("eerste"), F("aangemeld"))), "dagen")["dagen"]
        # First discussion → closure and aanmelding → closure: closed in the period.
        afgesloten = aanmeldingen.filter(zorgtraject__afgesloten_op__range=(filter.van, filter.tot)).values(
            soort=F("bestemming"), na_bespreking=Dagen(F("zorgtraject__afgesloten_op"), F("eerste")),
            totaal=Dagen(F("zorgtraject__afgesloten_op"), F("aangemeld")))
        afsluiting = tijden(afgesloten, "na_bespreking", "totaal")
        tot_afsluiting, doorlooptijd = afsluiting["na_bespreking"], afsluiting["totaal"]
        rijen = []
        for soort in soorten:
            for label, uitkomst in (("aanmelding → eerste bespreking", tot_bespreking),
                                    ("eerste bespreking → afsluiting", tot_afsluiting),
                                    ("aanmelding → afsluiting", doorlooptijd)):
                rijen.append((f"{SOORTEN[soort]}: {label}", geguard(filter, *uitkomst.get(soort, (0, None, None)))))
        return Tabel("Doorlooptijden (dagen)", kop="Traject", kolommen=["Aantal", "Mediaan", "90e percentiel"],
                     rijen=rijen, aantallen=False, grafiek="", hoofd=False,
                     toelichting=f"Mediaan en 90e percentiel staan er alleen bij {filter.drempel} of meer casussen.")
