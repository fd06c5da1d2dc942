from django.core.management.base import BaseCommand, CommandError

from aanmelding import services_smw
from overleg.services import herinneringen_versturen
from privacy.actor import Actor


class Command(BaseCommand):
    help = (
        "De herinneringen van elke dag (alleen een link, geen gegevens van deelnemers): open acties uit een plan "
        "van aanpak waarvan de deadline binnen de termijn van de instelling valt of al voorbij is, en de "
        "tevredenheidsvraag over een afgesloten SMW-traject die een week onbeantwoord is. Veilig om elke dag te "
        "draaien: dezelfde herinnering gaat nooit twee keer uit; een verschoven deadline telt als nieuw."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dagen", type=int, metavar="N",
                            help="Herinner N dagen voor de deadline (anders de instelling van elke instelling).")

    def handle(self, *args, dagen=None, **options):
        if dagen is not None and not 0 <= dagen <= 30:
            raise CommandError("--dagen is een aantal van 0 tot en met 30.")
        acties = herinneringen_versturen(dagen=dagen)
        smw = services_smw.herinneringen_versturen(door=Actor.systeemactor("herinneringen"))
        self.stdout.write(f"{acties} herinnering{'' if acties == 1 else 'en'} voor acties, {smw} voor de "
                          "tevredenheidsvraag over het SMW verstuurd.")
