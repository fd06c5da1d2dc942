"""The access log's time comes from the database and its rows form a hash chain (privacy/keten.py);
logins, failed logins and logouts are new actions. Existing rows are chained in id order."""

from django.db import migrations, models

import privacy.models
from privacy import append_only, keten

ACTIES = [('inzien', 'Inzien'), ('zoeken', 'Zoeken'), ('aanmaken', 'Aanmaken'), ('wijzigen', 'Wijzigen'),
          ('verwijderen', 'Verwijderen'), ('afdrukken', 'Afdrukken'), ('exporteren', 'Exporteren'),
          ('inloggen', 'Inloggen'), ('inloggen_mislukt', 'Inloggen mislukt'), ('uitloggen', 'Uitloggen')]


def keten_aanleggen(apps, schema_editor):
    """Drop the refusing triggers (this is the one UPDATE the log ever gets) and chain what is there."""
    append_only.verwijder(apps, schema_editor)
    Toegangslog = apps.get_model("privacy", "Toegangslog")
    tabel = schema_editor.quote_name(Toegangslog._meta.db_table)
    velden = [veld for veld in keten.KETEN_VELDEN if veld != "volgnummer"]
    vorige, nummer, laatste_id = keten.NUL_HASH, 0, 0
    with schema_editor.connection.cursor() as cursor:
        while True:  # in id ranges: no server-side cursor over a table that is being updated
            rijen = list(Toegangslog.objects.filter(id__gt=laatste_id).order_by("id")
                         .values_list("id", *velden)[:5000])
            if not rijen:
                break
            updates = []
            for regel_id, *waarden in rijen:
                nummer += 1
                hash_ = keten.bereken_hash(vorige, [nummer, *waarden])
                updates.append((nummer, vorige, hash_, regel_id))
                vorige, laatste_id = hash_, regel_id
            cursor.executemany(f"UPDATE {tabel} SET volgnummer = %s, vorige_hash = %s, hash = %s WHERE id = %s",
                               updates)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0003_toegang_discipline")]

    operations = [
        # Undoing this migration ends with the refusing triggers of 0002 back in place.
        migrations.RunPython(migrations.RunPython.noop, append_only.maak_weigering),
        migrations.AlterField(
            model_name='toegangslog',
            name='actie',
            field=models.CharField(choices=ACTIES, max_length=20),
        ),
        migrations.AlterField(
            model_name='toegangslog',
            name='tijdstip',
            field=privacy.models.DatabaseTijdstip(db_index=True, editable=False),
        ),
        migrations.AddField(
            model_name='toegangslog',
            name='volgnummer',
            field=privacy.models.DatabaseVolgnummer(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='toegangslog',
            name='vorige_hash',
            field=privacy.models.DatabaseHash(default='', editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='toegangslog',
            name='hash',
            field=privacy.models.DatabaseHash(default='', editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(keten_aanleggen, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='toegangslog',
            name='volgnummer',
            field=privacy.models.DatabaseVolgnummer(editable=False, unique=True),
        ),
        # Last: on SQLite the AlterFields above rebuild the table, which takes its triggers with it.
        migrations.RunPython(append_only.maak, append_only.verwijder),
    ]
