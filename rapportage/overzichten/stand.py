"""Overview "Stand van zaken per cliënt" (seed 000; issue 11 point 5): one row per open case with its level,
casemanager, last discussion, next evaluation and open actions — names, so for the zorgcoördinator only
(`toont_namen`: the policy never gives it to management), over their own locaties and only students they
have a relation with. One query, whatever the number of cases; the view logs a read per shown student."""

from __future__ import annotations

from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

from overleg.models import Actie, Agendapunt
from privacy import policy
from zorgstructuur.models import Functie, Zorgtraject

from ..exporters import Exporter, Filter, Tabel, registreer


@registreer
class StandVanZaken(Exporter):
    naam = "stand"
    titel = "Stand van zaken per cliënt"
    beschrijving = "Elke open casus met niveau, casemanager, laatste bespreking, volgende evaluatie en open acties."
    functies = frozenset({Functie.ZORGCOORDINATOR})
    toont_namen = True
    volgorde = 90

    def tabellen(self, filter: Filter) -> list[Tabel]:
        punten = Agendapunt.objects.filter(deelnemer_id=OuterRef("deelnemer_id")).order_by()
        trajecten = (Zorgtraject.objects
                     .filter(filter.deelnemer_q("deelnemer"), status=Zorgtraject.Status.OPEN,
                             deelnemer__in=policy.deelnemers_voor(filter.gebruiker))
                     .select_related("deelnemer", "niveau", "casemanager")
                     .annotate(
                         zs_laatst=Subquery(punten.filter(besproken=True).values("deelnemer_id")
                                            .annotate(d=Max("overleg__datum")).values("d")),
                         zs_evaluatie=Subquery(punten.filter(volgende_evaluatie__isnull=False)
                                               .values("deelnemer_id").annotate(d=Max("volgende_evaluatie"))
                                               .values("d")),
                         zs_acties=Coalesce(Subquery(
                             Actie.objects.filter(agendapunt__deelnemer_id=OuterRef("deelnemer_id"),
                                                  status=Actie.Status.OPEN).order_by()
                             .values("agendapunt__deelnemer_id").annotate(n=Count("pk")).values("n")), 0))
                     .order_by("deelnemer__achternaam", "deelnemer__voornaam", "pk"))
        if filter.niveau is not None:
            trajecten = trajecten.filter(niveau=filter.niveau)
        self.getoond = list(trajecten)
        rijen = [(t.deelnemer.naam, [
            t.deelnemer.studentnummer,
            t.niveau.naam if t.niveau else t.get_route_display(),
            (t.casemanager.get_full_name() or t.casemanager.username) if t.casemanager else "",
            t.zs_laatst, t.zs_evaluatie, t.zs_acties,
        ]) for t in self.getoond]
        return [Tabel("Open casussen", kop="Deelnemer", rijen=rijen, aantallen=False, grafiek="", totalen=False,
                      kolommen=["Studentnummer", "Niveau", "Casemanager", "Laatste bespreking",
                                "Volgende evaluatie", "Open acties"])]
