"""Server time of the list and dossier pages at the large-ROC size, beside the trivial logged-in page.

Run through `make bench` (bench/run.py adds the ratio to the trivial page for every `pagina_` line). The
database and its preparation: bench/gemeen.py. Prints `name: value unit` lines.
"""

# Importing it points Django at the bench database and sets it up; Django's modules are imported after.
from gemeen import ingelogd, mediaan_ms, triviaal_ingelogd_ms, voorbereiden


def main():
    voorbereiden()
    from django.db.models import Count

    from deelnemers.models import Deelnemer

    print(f"deelnemers: {Deelnemer.objects.count()} aantal")
    triviaal_ingelogd = triviaal_ingelogd_ms()
    client = ingelogd("zorgcoordinator")
    zwaarste = Deelnemer.objects.annotate(n=Count("dossieritems")).order_by("-n").first()
    triviaal = mediaan_ms(client, "/healthz")
    mijn_werk = mediaan_ms(client, "/")  # the zorgcoördinator's: counts over 40,000 students
    lijst = mediaan_ms(client, "/deelnemers/")
    zoeken = mediaan_ms(client, "/deelnemers/?q=de+vries")
    dossier = mediaan_ms(client, f"/deelnemers/{zwaarste.pk}/")
    print(f"pagina_triviaal_healthz: {triviaal:.1f} ms")
    print(f"pagina_triviaal_ingelogd: {triviaal_ingelogd:.1f} ms")
    print(f"pagina_mijn_werk_zorgcoordinator: {mijn_werk:.1f} ms")
    print(f"pagina_deelnemerslijst: {lijst:.1f} ms")
    print(f"pagina_deelnemerslijst_zoeken: {zoeken:.1f} ms")
    print(f"pagina_dossier: {dossier:.1f} ms")
    print(f"pagina_deelnemerslijst_zoeken_naam: {mediaan_ms(client, '/deelnemers/?q=fenna+van+den+berg'):.1f} ms")
    print(f"pagina_deelnemerslijst_opleiding: {mediaan_ms(client, f'/deelnemers/?opleiding={zwaarste.opleiding_id}'):.1f} ms")  # noqa: E501
    print(f"pagina_deelnemerslijst_locatie: {mediaan_ms(client, f'/deelnemers/?locatie={zwaarste.locatie_id}'):.1f} ms")  # noqa: E501
    print(f"pagina_deelnemerslijst_mentor: {mediaan_ms(client, '/deelnemers/?mentor=' + str(Deelnemer.objects.exclude(mentor=None).first().mentor_id)):.1f} ms")  # noqa: E501
    print(f"pagina_deelnemerslijst_status_alle: {mediaan_ms(client, '/deelnemers/?status=alle'):.1f} ms")
    # The zorgcoördinator's intake, the access log of the busiest dossier, and the care-route pages.
    from aanmelding.models import Aanmelding
    from privacy.models import Toegangslog
    from zorgstructuur.models import Zorgtraject

    drukste = (Toegangslog.objects.exclude(deelnemer_id=None).values("deelnemer_id").annotate(n=Count("id"))
               .order_by("-n").first()["deelnemer_id"])
    aanmelding = Aanmelding.objects.exclude(status=Aanmelding.Status.CONCEPT).order_by("-id").first()
    traject = Zorgtraject.objects.open().order_by("-id").first()
    print(f"pagina_aanmeldingen_intake: {mediaan_ms(client, '/aanmeldingen/'):.1f} ms")
    print(f"pagina_toegangslog_drukste_dossier: {mediaan_ms(client, f'/deelnemers/{drukste}/toegangslog/'):.1f} ms")
    if aanmelding:
        print(f"pagina_aanmelding: {mediaan_ms(client, f'/aanmeldingen/{aanmelding.pk}/'):.1f} ms")
    if traject:
        print(f"pagina_zorgtraject: {mediaan_ms(client, f'/deelnemers/{traject.deelnemer_id}/zorgtraject/'):.1f} ms")
    print(f"pagina_signalen_dossier: {mediaan_ms(client, f'/deelnemers/{zwaarste.pk}/signaal/'):.1f} ms")
    print(f"pagina_toestemming: {mediaan_ms(client, f'/deelnemers/{zwaarste.pk}/toestemming/'):.1f} ms")


if __name__ == "__main__":
    main()
