from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zorgstructuur.demo import maak_demo, maak_groot


class Command(BaseCommand):
    help = "Maakt de fictieve demoschool met een demo-account per rol (wachtwoord 'demo'). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Ook uitvoeren als DEBUG uit staat.")
        parser.add_argument("--groot", action="store_true",
                            help="Vul aan tot de omvang van een groot ROC (40.000 deelnemers, 5 jaar historie).")
        parser.add_argument("--aantal", type=int, default=40_000, help="Aantal deelnemers bij --groot.")

    def handle(self, *args, force=False, groot=False, aantal=40_000, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG staat uit: dit lijkt een echte installatie. De demo maakt accounts met wachtwoord 'demo'. "
                "Gebruik --force als u dit echt wilt."
            )
        if groot:
            tellingen = maak_groot(aantal=aantal, stdout=self.stdout if options["verbosity"] > 1 else None)
        else:
            tellingen = maak_demo(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo klaar: {tellingen['deelnemers']} deelnemers."))
