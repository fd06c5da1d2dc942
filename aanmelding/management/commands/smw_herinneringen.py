from django.core.management.base import BaseCommand

from aanmelding.services_smw import herinneringen_versturen
from privacy.actor import Actor


class Command(BaseCommand):
    help = (
        "Stuurt aanmelders van een afgesloten SMW-traject één herinnering (alleen een link) voor de "
        "tevredenheidsvraag, een week nadat die werd gesteld. Veilig om elke dag te draaien: nooit twee keer."
    )

    def handle(self, *args, **options):
        aantal = herinneringen_versturen(door=Actor.systeemactor("smw_herinneringen"))
        self.stdout.write(f"{aantal} herinnering{'' if aantal == 1 else 'en'} verstuurd.")
