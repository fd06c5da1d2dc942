"""Server time of the meeting pages at the large-ROC size (issue 10, Benchmark), beside the trivial logged-in
page in the same run, and the agenda PDF of 30 items. Prints `name: value unit` lines.

Run through `make bench` (after bench_paginas.py, on the same database: see there; `demo --groot` adds the
meetings over five years once). Targets: the agenda builder and the meeting page within 3× the trivial
page, the PDF under 3 s.
"""

import os
import statistics
import time

# Importing it points Django at the bench database and sets it up; Django's modules are imported after.
from gemeen import VOORBEREID, mediaan_ms, triviaal_ingelogd_ms, voorbereiden

PDF_PUNTEN = 30
PDF_HERHALINGEN = 5


def _pdf_van_30_punten(zc, overleg) -> float:
    """The median time of overleg.afdruk.agenda_pdf for the meeting with 30 items; the items are added in a
    transaction that is rolled back, so the bench data stays as demo --groot made it."""
    from django.db import transaction

    from deelnemers.models import Deelnemer
    from overleg.afdruk import agenda_pdf
    from overleg.models import Agendapunt

    tijden = []
    with transaction.atomic():
        al = set(overleg.agendapunten.values_list("deelnemer_id", flat=True))
        nodig = PDF_PUNTEN - len(al)
        deelnemers = (Deelnemer.objects.filter(locatie__in=overleg.team.locaties.all()).exclude(pk__in=al)
                      .order_by("pk")[:nodig])
        Agendapunt.objects.bulk_create([
            Agendapunt(overleg=overleg, deelnemer=d, reden=Agendapunt.Reden.EVALUATIE, volgorde=len(al) + n)
            for n, d in enumerate(deelnemers, start=1)])
        assert overleg.agendapunten.count() == PDF_PUNTEN
        for _ in range(PDF_HERHALINGEN):
            begin = time.perf_counter()
            inhoud = agenda_pdf(zc, overleg)
            tijden.append(time.perf_counter() - begin)
            assert inhoud.startswith(b"%PDF")
        transaction.set_rollback(True)
    return statistics.median(tijden)


def verhoudingen_los(regels: list[str]) -> None:
    """Run on its own: each page's `verhouding_<pagina>: <x> x` to the trivial logged-in page (under run.py,
    which prints them from the same lines after the script, not twice)."""
    if not os.environ.get(VOORBEREID):
        from run import verhoudingen

        print("\n".join(verhoudingen(regels)), flush=True)


def main():
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from overleg import selectors
    from overleg.models import Overleg

    voorbereiden()  # the meetings once (demo --groot); quick when they exist

    User = get_user_model()
    print(f"overleggen: {Overleg.objects.count()} aantal")
    triviaal_ingelogd = triviaal_ingelogd_ms()
    client = Client()
    zc = User.objects.get(username="zorgcoordinator")
    client.force_login(zc)
    vandaag = timezone.localdate()
    # The next IZ of the demo school: candidates from five years of cases.
    volgend = Overleg.objects.filter(team__naam="Intern zorgteam Gouda", status=Overleg.Status.GEPLAND,
                                     datum__gte=vandaag).order_by("datum").first()
    # The held meeting with the most items and actions.
    gehouden = (Overleg.objects.filter(status=Overleg.Status.GEHOUDEN).annotate(n=Count("agendapunten"))
                .order_by("-n", "-datum").first())
    # An item of that meeting with the most actions: the item page with its plan van aanpak and the forms.
    punt = gehouden.agendapunten.annotate(n=Count("acties")).order_by("-n", "volgorde").first()
    paginas = {
        "agendabouwer": reverse("overleg:agenda_bewerken", args=[volgend.pk]),
        "overleg": reverse("overleg:overleg", args=[gehouden.pk]),
        "agendapunt": reverse("overleg:agendapunt", args=[punt.pk]),
        "overleglijst": reverse("overleg:lijst"),
        "acties": reverse("overleg:acties"),
        "nazorg": reverse("overleg:nazorg"),
    }
    print(f"overleg_agendabouwer_kandidaten: {len(selectors.kandidaten(volgend))} aantal")
    print(f"overleg_pagina_agendapunten: {gehouden.n} aantal")
    regels = [f"pagina_triviaal_ingelogd_overlegrun: {triviaal_ingelogd:.1f} ms"]
    regels += [f"pagina_{naam}: {mediaan_ms(client, url):.1f} ms" for naam, url in paginas.items()]
    print("\n".join(regels), flush=True)
    verhoudingen_los(regels)
    print(f"agenda_pdf_30_punten: {_pdf_van_30_punten(zc, volgend):.2f} s")


if __name__ == "__main__":
    main()
