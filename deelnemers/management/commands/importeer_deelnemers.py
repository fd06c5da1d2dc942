from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from deelnemers.importeren import importeer, rapport
from privacy.actor import Actor
from zorgstructuur.models import Instelling


class Command(BaseCommand):
    help = (
        "Leest deelnemers in uit het exportbestand van de administratie (CSV of Excel). Zonder --dry-run "
        "wordt het bestand toegepast; een bestand met fouten wijzigt niets. Het toegangslog krijgt dezelfde "
        "regels als bij een import in de browser, op naam van de systeemactor 'importeer_deelnemers'."
    )

    def add_arguments(self, parser):
        parser.add_argument("pad", help="Het exportbestand (.csv of .xlsx).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Proefdraai: laat zien wat er zou veranderen, zonder iets te wijzigen.")
        parser.add_argument("--gedeeltelijk", action="store_true",
                            help="Gedeeltelijk bestand: wie ontbreekt, wordt niet uitgeschreven.")
        parser.add_argument("--instelling", help="Naam van de instelling (verplicht als er meer dan één is).")
        parser.add_argument("--door", metavar="GEBRUIKERSNAAM",
                            help="Namens wie de import draait (komt in het toegangslog en bij de import).")

    def handle(self, *args, pad, dry_run=False, gedeeltelijk=False, instelling=None, door=None, **options):
        bestand = Path(pad)
        if not bestand.is_file():
            raise CommandError(f"Bestand '{pad}' bestaat niet.")
        gekozen = self._instelling(instelling)
        actor = Actor.systeemactor("importeer_deelnemers", self._gebruiker(door) if door else None)
        with bestand.open("rb") as inhoud:
            resultaat = importeer(inhoud, bestandsnaam=bestand.name, instelling=gekozen, door=actor,
                                  proefdraai=dry_run, gedeeltelijk=gedeeltelijk)
        self.stdout.write("\n".join(rapport(resultaat)))
        if resultaat.fouten:
            raise CommandError(f"{len(resultaat.fouten)} fout(en) in het bestand; er is niets gewijzigd.")

    def _gebruiker(self, gebruikersnaam: str):
        try:
            gebruiker = get_user_model().objects.get_by_natural_key(gebruikersnaam)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Gebruiker '{gebruikersnaam}' bestaat niet.") from None
        if not gebruiker.is_active:
            raise CommandError(f"Gebruiker '{gebruikersnaam}' is gedeactiveerd.")
        return gebruiker

    def _instelling(self, naam: str | None) -> Instelling:
        if naam:
            try:
                return Instelling.objects.get(naam__iexact=naam)
            except Instelling.DoesNotExist:
                raise CommandError(f"Instelling '{naam}' bestaat niet.") from None
        instellingen = list(Instelling.objects.all()[:2])
        if not instellingen:
            raise CommandError("Er is nog geen instelling; maak die eerst aan in het beheer.")
        if len(instellingen) > 1:
            namen = ", ".join(Instelling.objects.values_list("naam", flat=True))
            raise CommandError(f"Er zijn meerdere instellingen ({namen}); kies er één met --instelling.")
        return instellingen[0]
