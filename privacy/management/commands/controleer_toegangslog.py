from argparse import ArgumentTypeError

from django.core.management.base import BaseCommand, CommandError

from privacy import keten
from privacy.models import Toegangslog


def _anker(waarde: str) -> tuple[int, str]:
    nummer, _, hash_ = waarde.partition(":")
    if not nummer.isdecimal() or len(hash_) != 64:
        raise ArgumentTypeError(f"{waarde!r}: verwacht VOLGNUMMER:HASH (een hash van 64 tekens)")
    return int(nummer), hash_.lower()


class Command(BaseCommand):
    help = ("Controleert de hashketen van het toegangslog: meldt de eerste gebroken schakel (exitcode 1) "
            "of hoeveel regels in orde zijn, met het anker (volgnummer:hash) om buiten de database te bewaren.")

    def add_arguments(self, parser):
        parser.add_argument("--anker", type=_anker, metavar="VOLGNUMMER:HASH",
                            help="Een eerder genoteerd anker: die regel moet nog bestaan en deze hash hebben "
                                 "(zo valt ook op dat de laatste regels zijn verwijderd of de hele keten "
                                 "opnieuw is opgebouwd).")
        parser.add_argument("--database", default="default")

    def handle(self, *args, anker=None, database="default", **options):
        uitkomst = keten.controleer(Toegangslog, database, anker=anker)
        if uitkomst.fout:
            raise CommandError(f"{uitkomst.fout} Regels daarvoor in orde: {uitkomst.aantal}.", returncode=1)
        if not uitkomst.aantal:
            self.stdout.write(self.style.SUCCESS("Toegangslog in orde: nog geen regels."))
            return
        self.stdout.write(self.style.SUCCESS(
            f"Toegangslog in orde: {uitkomst.aantal} {'regel' if uitkomst.aantal == 1 else 'regels'}, "
            f"keten ongebroken."))
        self.stdout.write(f"Anker om buiten de database te bewaren (--anker): "
                          f"{uitkomst.laatste_volgnummer}:{uitkomst.laatste_hash}")
