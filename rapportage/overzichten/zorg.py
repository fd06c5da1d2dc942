"""Overview Zorg (issue 11 point 1; seed 000 "basisgegevens" and "aard van de problematiek").

Students in care in the period (a zorgtraject open on some day of it, SMW route included) beside those not
in care, by basic data; the nature of the problems of the aanmeldingen in the period, per hulpvraag (IZ, ZAT,
SMW); the open cases per level and the moves between levels. Aggregates only: one GROUP BY query per table,
so the query count does not depend on the number of students."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.db.models import Case, CharField, Count, F, Q, Value, When

from aanmelding.models import Aanmelding
from deelnemers.models import Deelnemer
from zorgstructuur.models import Niveauwijziging, Zorgniveau, Zorgtraject

from ..exporters import Exporter, Filter, Tabel, registreer

ONBEKEND = "Onbekend"
MAX_RIJEN = 15  # free-text dimensions (woonsituatie, vooropleiding): the largest, the rest as "Overig"
IN_ZORG, NIET = "In zorg", "Niet in zorg"
HULPVRAGEN = list(Aanmelding.Bestemming.choices)


def _jaren_terug(dag: date, jaren: int) -> date:
    try:
        return dag.replace(year=dag.year - jaren)
    except ValueError:  # 29 February
        return dag.replace(year=dag.year - jaren, day=28)


def _leeftijdsband(peildatum: date):
    """The age band on the last day of the period, in SQL (bands as overleg.afdruk.leeftijdsgroep)."""
    return Case(
        When(geboortedatum__isnull=True, then=Value(ONBEKEND)),
        When(geboortedatum__gt=_jaren_terug(peildatum, 16), then=Value("jonger dan 16 jaar")),
        When(geboortedatum__gt=_jaren_terug(peildatum, 18), then=Value("16–17 jaar")),
        When(geboortedatum__gt=_jaren_terug(peildatum, 21), then=Value("18–20 jaar")),
        default=Value("21 jaar of ouder"), output_field=CharField())


def _verzuimband():
    return Case(
        When(ongeoorloofd_verzuim_uren__isnull=True, then=Value(ONBEKEND)),
        When(ongeoorloofd_verzuim_uren=0, then=Value("geen")),
        When(ongeoorloofd_verzuim_uren__lte=16, then=Value("1–16 uur")),
        When(ongeoorloofd_verzuim_uren__lte=40, then=Value("17–40 uur")),
        default=Value("meer dan 40 uur"), output_field=CharField())


def trajecten_in_periode(filter: Filter, pad: str = ""):
    """Q for zorgtrajecten open on some day of the period (and on the chosen level)."""
    p = f"{pad}__" if pad else ""
    q = Q(**{f"{p}geopend__lte": filter.tot}) & (
        Q(**{f"{p}afgesloten_op__isnull": True}) | Q(**{f"{p}afgesloten_op__gte": filter.van}))
    if filter.niveau is not None:
        q &= Q(**{f"{p}niveau": filter.niveau})
    return q


def _tellingen_per_dimensie(deelnemers, dimensies: dict, in_zorg: Q) -> dict[str, list[tuple]]:
    """Per dimension its groups as (group, in care, all), in ONE query: on PostgreSQL one scan of the students
    with GROUPING SETS (a query per dimension scanned all students once per table), elsewhere a UNION ALL of
    one GROUP BY per dimension. The students' query itself is the ORM's, with its parameters."""
    namen = list(dimensies)
    kolommen = [f"zs_{n}" for n in namen]
    basis = deelnemers.annotate(**dict(zip(kolommen, dimensies.values(), strict=True)),
                                zs_zorg=Case(When(in_zorg, then=Value(1)), default=Value(0))).order_by().values(
        *kolommen, "zs_zorg")
    sql, params = basis.query.sql_with_params()
    if connection.vendor == "postgresql":
        lijst = ", ".join(kolommen)
        query = (f"SELECT GROUPING({lijst}), {lijst}, SUM(zs_zorg), COUNT(*) FROM ({sql}) zs_d "
                 f"GROUP BY GROUPING SETS ({', '.join(f'({k})' for k in kolommen)})")
    else:  # the same rows, each marked with the mask GROUPING() would give it
        query = " UNION ALL ".join(
            f"SELECT {(1 << len(kolommen)) - 1 - (1 << (len(kolommen) - 1 - i))}, "
            + ", ".join(k if k == kolom else "NULL" for k in kolommen)
            + f", SUM(zs_zorg), COUNT(*) FROM ({sql}) zs_d GROUP BY {kolom}" for i, kolom in enumerate(kolommen))
        params = params * len(kolommen)
    uit = {n: [] for n in namen}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for gegroepeerd, *waarden, zorg, alle in cursor.fetchall():
            # GROUPING() has a 0 bit (the first column the highest) for the one column this row is grouped by.
            i = next(i for i in range(len(namen)) if not gegroepeerd >> (len(namen) - 1 - i) & 1)
            uit[namen[i]].append((waarden[i], int(zorg or 0), alle))
    return uit


@registreer
class ZorgOverzicht(Exporter):
    naam = "zorg"
    titel = "Zorg"
    beschrijving = ("Deelnemers in zorg naar basisgegevens, aard van de problematiek, hulpvraag en niveau, "
                    "en de bewegingen tussen de niveaus.")
    volgorde = 10

    def tabellen(self, filter: Filter) -> list[Tabel]:
        deelnemers = (Deelnemer.objects.filter(filter.deelnemer_q())
                      .filter(Q(inschrijfdatum__isnull=True) | Q(inschrijfdatum__lte=filter.tot),
                              Q(uitschrijfdatum__isnull=True) | Q(uitschrijfdatum__gte=filter.van)))
        # IN over the period's routes (one hashed set), not EXISTS per student: over 40,000 students that plan
        # was estimated dear enough for PostgreSQL's JIT, which then cost more than the count itself.
        in_zorg = Q(pk__in=Zorgtraject.objects.filter(trajecten_in_periode(filter)).values("deelnemer_id"))

        dimensies = {"geslacht": F("geslacht"), "leeftijd": _leeftijdsband(filter.tot),
                     "woonsituatie": F("woonsituatie"), "opleiding": F("opleiding__naam"),
                     "vooropleiding": F("vooropleiding"), "niveau": F("niveau"), "verzuim": _verzuimband()}
        if getattr(filter.instelling, "etnische_afkomst_registreren", False):
            dimensies["etnische_afkomst"] = F("etnische_afkomst")
        per_dimensie = _tellingen_per_dimensie(deelnemers, dimensies, in_zorg)

        def verdeling(titel, kop, dimensie, labels=None, *, vrij=False):
            tellingen = {}
            for groep, zorg, alle in per_dimensie[dimensie]:
                label = (labels or {}).get(groep, groep) if groep not in (None, "") else ONBEKEND
                z, a = tellingen.get(label, (0, 0))
                tellingen[label] = (z + zorg, a + alle)
            if labels:  # a fixed list: every category, also the empty ones, in its own order
                volgorde = [*labels.values(), *(k for k in tellingen if k not in labels.values())]
            else:
                volgorde = sorted(tellingen, key=lambda k: (k == ONBEKEND, -tellingen[k][1], str(k)))
            if vrij and len(volgorde) > MAX_RIJEN:
                overig = volgorde[MAX_RIJEN - 1:]
                volgorde = volgorde[:MAX_RIJEN - 1]
                tellingen["Overig"] = tuple(sum(tellingen[k][i] for k in overig) for i in (0, 1))
                volgorde.append("Overig")
            return Tabel(titel, kop=kop, kolommen=[IN_ZORG, NIET], totalen=True, aandeel=True,
                         rijen=[(k, [tellingen.get(k, (0, 0))[0], tellingen.get(k, (0, 0))[1]
                                     - tellingen.get(k, (0, 0))[0]]) for k in volgorde],
                         grafiek="staaf", hoofd=False)

        basis = [
            verdeling("Deelnemers in zorg naar geslacht", "Geslacht", "geslacht", dict(Deelnemer.Geslacht.choices)),
            verdeling("Naar leeftijd", "Leeftijd", "leeftijd",
                      {b: b for b in ["jonger dan 16 jaar", "16–17 jaar", "18–20 jaar", "21 jaar of ouder"]}),
            verdeling("Naar woonsituatie", "Woonsituatie", "woonsituatie", vrij=True),
            verdeling("Naar opleiding", "Opleiding", "opleiding"),
            verdeling("Naar vooropleiding", "Vooropleiding", "vooropleiding", vrij=True),
            verdeling("Naar niveau (1–4)", "Niveau", "niveau", {n: f"Niveau {n}" for n in (1, 2, 3, 4)}),
            verdeling("Naar ongeoorloofd verzuim", "Verzuim", "verzuim",
                      {b: b for b in ["geen", "1–16 uur", "17–40 uur", "meer dan 40 uur"]}),
        ]
        basis[0].hoofd = True
        if "etnische_afkomst" in dimensies:
            basis.append(verdeling("Naar etnische afkomst", "Etnische afkomst", "etnische_afkomst", vrij=True))
        return [*basis, *self._problematiek(filter), *self._niveaus(filter)]

    def _problematiek(self, filter: Filter) -> list[Tabel]:
        """The aanmeldingen submitted in the period, per hulpvraag (IZ, ZAT, SMW): counted as students."""
        aanmeldingen = Aanmelding.objects.filter(
            filter.deelnemer_q("deelnemer"), ingediend_op__date__gte=filter.van, ingediend_op__date__lte=filter.tot)
        if filter.niveau is not None:
            aanmeldingen = aanmeldingen.filter(zorgtraject__niveau=filter.niveau)
        kolommen = [label for _, label in HULPVRAGEN]

        def kruis(titel, kop, veld, labels=None, *, totalen=True, hoofd=False):
            tellingen: dict = {}
            for r in (aanmeldingen.order_by().values(veld, "bestemming")
                      .annotate(n=Count("deelnemer", distinct=True))):
                label = (labels or {}).get(r[veld], r[veld]) if r[veld] not in (None, "") else ONBEKEND
                tellingen.setdefault(label, dict.fromkeys(kolommen, 0))
                tellingen[label][dict(HULPVRAGEN).get(r["bestemming"], r["bestemming"])] += r["n"]
            volgorde = [*(labels or {}).values()] + sorted(k for k in tellingen if k not in (labels or {}).values())
            return Tabel(titel, kop=kop, kolommen=kolommen, totalen=totalen, hoofd=hoofd, grafiek="staaf",
                         rijen=[(k, list(tellingen.get(k, dict.fromkeys(kolommen, 0)).values())) for k in volgorde])

        soort = kruis("Hulpvraag naar soort problematiek", "Soort problematiek", "problematiek__naam",
                      totalen=False)
        soort.toelichting = "Eén aanmelding kan meer soorten problematiek noemen: de rijen tellen niet op."
        return [
            kruis("Hulpvraag (IZ, ZAT, SMW)", "Soort vraag", "soort_vraag", dict(Aanmelding.SoortVraag.choices),
                  hoofd=True),
            soort,
            kruis("Hoe lang bestaat het probleem", "Duur", "duur", dict(Aanmelding.Duur.choices)),
            kruis("Gemeld bij de verwijsindex (VIR)", "VIR", "vir_gemeld", dict(Aanmelding.JaNeeOnbekend.choices)),
        ]

    def _niveaus(self, filter: Filter) -> list[Tabel]:
        niveaus = list(Zorgniveau.objects.filter(instelling=filter.instelling).order_by("volgorde")
                       .values_list("pk", "naam", "volgorde"))
        naam = {pk: n for pk, n, _ in niveaus}
        trajecten = Zorgtraject.objects.filter(filter.deelnemer_q("deelnemer"), trajecten_in_periode(filter))
        per_niveau = {r["niveau"]: r["n"] for r in trajecten.order_by().values("niveau")
                      .annotate(n=Count("deelnemer", distinct=True))}
        rijen = [(n, [per_niveau.get(pk, 0)]) for pk, n, _ in niveaus]
        if per_niveau.get(None):
            rijen.append(("Zonder niveau (SMW)", [per_niveau[None]]))
        niveau_tabel = Tabel("Deelnemers per niveau", kop="Niveau", kolommen=["Deelnemers"], rijen=rijen,
                             totalen=True, grafiek="staaf")
        # Moves in the period, per level they left: up, down, out (extern, crisis, closed).
        soorten = {Niveauwijziging.Soort.OPSCHALEN: "Omhoog", Niveauwijziging.Soort.AFSCHALEN: "Omlaag",
                   Niveauwijziging.Soort.EXTERN: "Uit de route", Niveauwijziging.Soort.CRISIS: "Uit de route",
                   Niveauwijziging.Soort.AFSLUITEN: "Uit de route"}
        kolommen = ["Omhoog", "Omlaag", "Uit de route"]
        wijzigingen = Niveauwijziging.objects.filter(
            filter.deelnemer_q("zorgtraject__deelnemer"), datum__gte=filter.van, datum__lte=filter.tot,
            soort__in=list(soorten))
        if filter.niveau is not None:
            wijzigingen = wijzigingen.filter(van_niveau=filter.niveau)
        tellingen: dict = {}
        for r in (wijzigingen.order_by().values("van_niveau", "soort")
                  .annotate(n=Count("zorgtraject__deelnemer", distinct=True))):
            rij = tellingen.setdefault(r["van_niveau"], dict.fromkeys(kolommen, 0))
            rij[soorten[r["soort"]]] += r["n"]
        stroom = Tabel("Bewegingen tussen niveaus", kop="Van niveau", kolommen=kolommen, totalen=True,
                       grafiek="staaf", rijen=[(naam.get(pk, "Zonder niveau"), list(t.values()))
                                               for pk, t in sorted(tellingen.items(), key=lambda kv: (
                                                   [v for p, _, v in niveaus if p == kv[0]] or [99])[0])],
                       toelichting="Per deelnemer die in de periode een niveau verliet; een deelnemer kan "
                                   "meer dan eens bewegen.")
        return [niveau_tabel, stroom]
