"""The table of the computed overviews (settings.CACHES["rapportage"]): made here, so that every place that
migrates (make run, CI, a deployment) has it, as the owner of the tables; the app role gets its rights from
maak_app_rol like every table."""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def maak_tabel(apps, schema_editor):
    call_command("createcachetable", settings.CACHES["rapportage"]["LOCATION"],
                 database=schema_editor.connection.alias, verbosity=0)


def verwijder_tabel(apps, schema_editor):
    tabel = schema_editor.quote_name(settings.CACHES["rapportage"]["LOCATION"])
    schema_editor.execute(f"DROP TABLE IF EXISTS {tabel}")


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(maak_tabel, verwijder_tabel)]
