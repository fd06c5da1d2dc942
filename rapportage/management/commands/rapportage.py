"""`python manage.py rapportage NAAM --formaat xlsx|pdf [--van … --tot … --locatie …] [--instelling …] -o BESTAND`:
one overview from the command line, for a scheduled mailing. It runs as the system (no user): the figures
cover every locatie of the instelling (or the one chosen), are suppressed like on screen, and the run is
one access-log line (export, no student). An overview with names cannot be run this way."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from privacy.actor import Actor
from privacy.log import schrijf
from privacy.models import Toegangslog
from rapportage import excel, exporters, maken, pdf
from rapportage.exporters import Filter, schooljaar
from rapportage.forms import MAX_JAREN
from zorgstructuur.models import Instelling, Locatie


def _datum(tekst):
    try:
        return date.fromisoformat(tekst)
    except ValueError as fout:
        raise CommandError(f"Geen geldige datum: {tekst!r} (gebruik JJJJ-MM-DD).") from fout


class Command(BaseCommand):
    help = "Maak één rapportage als Excel of PDF (voor een geplande verzending)."

    def add_arguments(self, parser):
        parser.add_argument("naam", help="het overzicht, bijvoorbeeld zorg")
        parser.add_argument("--formaat", choices=["xlsx", "pdf"], default="xlsx")
        parser.add_argument("--van")
        parser.add_argument("--tot")
        parser.add_argument("--locatie", help="naam of id van de locatie")
        parser.add_argument("--instelling", help="naam of id van de instelling (nodig bij meer dan één)")
        parser.add_argument("-o", "--uitvoer", required=True, help="het bestand om te schrijven")

    def handle(self, naam, formaat, van, tot, locatie, instelling, uitvoer, **opties):
        exporter = exporters.zoek(naam)
        if exporter is None:
            namen = ", ".join(e.naam for e in exporters.alle())
            raise CommandError(f"Onbekend overzicht {naam!r}; kies uit: {namen}.")
        if exporter.toont_namen:
            raise CommandError("Dit overzicht toont namen en is alleen op het scherm voor de zorgcoördinator.")
        instellingen = Instelling.objects.all()
        if instelling:
            instellingen = instellingen.filter(pk=int(instelling)) if instelling.isdigit() else \
                instellingen.filter(naam=instelling)
        if instellingen.count() != 1:
            raise CommandError("Kies met --instelling één bestaande instelling.")
        inst = instellingen.get()
        locaties = Locatie.objects.filter(instelling=inst)
        gekozen = None
        if locatie:
            gekozen = (locaties.filter(pk=int(locatie)) if locatie.isdigit() else locaties.filter(naam=locatie)).first()
            if gekozen is None:
                raise CommandError(f"Locatie {locatie!r} hoort niet bij {inst}.")
        standaard_van, standaard_tot = schooljaar(date.today())
        van_d = _datum(van) if van else standaard_van
        tot_d = _datum(tot) if tot else (schooljaar(van_d)[1] if van else standaard_tot)
        if tot_d < van_d:
            raise CommandError("De einddatum ligt vóór de begindatum.")
        if (tot_d - van_d).days > MAX_JAREN * 366:
            raise CommandError(f"Kies een periode van hoogstens {MAX_JAREN} jaar.")
        filter = Filter(van=van_d, tot=tot_d, instelling=inst, locatie=gekozen,
                        locatie_ids=(gekozen.pk,) if gekozen else tuple(locaties.values_list("pk", flat=True)))
        rapport = maken.maak(exporter, filter, grafieken=formaat == "pdf")
        inhoud = excel.werkboek(rapport) if formaat == "xlsx" else pdf.document(rapport)
        with open(uitvoer, "wb") as f:
            f.write(inhoud)
        schrijf(Actor.systeemactor("rapportage (opdrachtregel)"), Toegangslog.Actie.EXPORTEREN,
                object_type="rapportage", object_id=naam, omschrijving=maken.log_omschrijving(rapport, formaat))
        self.stdout.write(f"{rapport.titel} geschreven naar {uitvoer}.")
