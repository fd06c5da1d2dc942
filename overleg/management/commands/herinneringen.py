from django.core.management.base import BaseCommand, CommandError

from overleg.services import herinneringen_versturen


class Command(BaseCommand):
    help = (
        "Stuurt herinneringen (alleen een link, geen gegevens van deelnemers) voor open acties uit een plan van "
        "aanpak waarvan de deadline binnen de termijn van de instelling valt of al voorbij is. Veilig om elke "
        "dag te draaien: dezelfde herinnering gaat nooit twee keer uit; een verschoven deadline telt als nieuw."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dagen", type=int, metavar="N",
                            help="Herinner N dagen voor de deadline (anders de instelling van elke instelling).")

    def handle(self, *args, dagen=None, **options):
        if dagen is not None and not 0 <= dagen <= 30:
            raise CommandError("--dagen is een aantal van 0 tot en met 30.")
        aantal = herinneringen_versturen(dagen=dagen)
        self.stdout.write(f"{aantal} herinnering{'' if aantal == 1 else 'en'} verstuurd.")
