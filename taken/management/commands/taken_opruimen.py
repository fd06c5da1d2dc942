from django.core.management.base import BaseCommand

from taken.uitvoeren import opruimen


class Command(BaseCommand):
    help = ("Verwijdert verlopen achtergrondtaken met hun bestanden (na 24 uur). De worker doet dit ook zelf "
            "voor elke nieuwe taak; voor cron of herinneringen.")

    def handle(self, *args, **options):
        aantal = opruimen()
        self.stdout.write(f"{aantal} verlopen {'taak' if aantal == 1 else 'taken'} verwijderd.")
