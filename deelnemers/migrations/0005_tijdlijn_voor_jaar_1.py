"""Repair timeline lines that an entry dated in year 1 put before year 1 in UTC (PostgreSQL stored the
moment, no reader could load it again, and the whole dossier answered 500). They move to noon UTC on
1 January of year 1; new entries can no longer get there (invoer.controleer_dossierdatum and
services.tijdlijnmoment). SQLite never stored such a moment: the save itself failed."""

from django.db import migrations


def herstel(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    tabel = schema_editor.quote_name(apps.get_model("deelnemers", "Gebeurtenis")._meta.db_table)
    schema_editor.execute(
        f"UPDATE {tabel} SET tijdstip = '0001-01-01 12:00:00+00' WHERE tijdstip < '0001-01-01 00:00:00+00'")


class Migration(migrations.Migration):
    dependencies = [("deelnemers", "0004_gebeurtenissoort_importtelling")]

    operations = [migrations.RunPython(herstel, migrations.RunPython.noop)]
