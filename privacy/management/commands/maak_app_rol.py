import os
import secrets

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections, transaction

from privacy import databaserol


class Command(BaseCommand):
    help = ("PostgreSQL: maakt (of herstelt) de databaserol waarmee de app draait: alle rechten op de tabellen, "
            "maar op het toegangslog alleen toevoegen en lezen. Uit te voeren als de eigenaar van de tabellen "
            "(de rol die migrate draait), na elke migrate. Wachtwoord uit DATABASE_APP_WACHTWOORD.")

    def add_arguments(self, parser):
        parser.add_argument("--rol", help="Naam van de rol; standaard <databasenaam>_app.")
        parser.add_argument("--url", action="store_true",
                            help="Geef de DATABASE_URL voor de app. Zonder DATABASE_APP_WACHTWOORD krijgt de rol "
                                 "daarvoor een nieuw willekeurig wachtwoord (voor make run en CI).")
        parser.add_argument("--database", default="default")

    def handle(self, *args, rol=None, url=False, database="default", **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            # stdout stays empty: `make run` then keeps its own DATABASE_URL (SQLite).
            self.stderr.write("Geen PostgreSQL: een aparte databaserol is niet nodig.")
            return
        rol = rol or f"{connection.settings_dict['NAME']}_app"
        try:
            databaserol.geldige_naam(rol)
        except ValueError as fout:
            raise CommandError(str(fout)) from None
        wachtwoord = os.environ.get("DATABASE_APP_WACHTWOORD") or (secrets.token_urlsafe(24) if url else None)
        try:
            with transaction.atomic(using=database), connection.cursor() as cursor:
                if rol == connection.settings_dict["USER"]:
                    raise CommandError(f"{rol} is de rol van deze verbinding; de app heeft een eigen rol nodig.")
                if not databaserol.bestaat(cursor, rol):
                    databaserol.aanmaken(cursor, rol)
                if wachtwoord:
                    databaserol.wachtwoord_zetten(cursor, rol, wachtwoord)
                databaserol.rechten_geven(cursor, rol)
                bezwaren = databaserol.bezwaren(cursor, rol)
                if bezwaren:
                    raise CommandError(" ".join(bezwaren))
        except DatabaseError as fout:
            raise CommandError(
                f"Kon de rol {rol} niet inrichten ({fout}). Voer dit uit als de eigenaar van de tabellen; "
                f"mag die geen rollen maken, laat dan de databasebeheerder eerst CREATE ROLE {rol} LOGIN doen."
            ) from None
        self.stderr.write(f"Databaserol {rol}: rechten op alle tabellen, op het toegangslog alleen toevoegen en lezen.")
        if url:
            self.stdout.write(databaserol.url(connection.settings_dict, rol, wachtwoord))
