"""The access log is append-only in the database itself, not only in Python."""

from django.db import migrations

from privacy.append_only import maak_weigering, verwijder_weigering


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(maak_weigering, verwijder_weigering)]
