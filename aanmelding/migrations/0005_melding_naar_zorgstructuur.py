from django.db import migrations


class Migration(migrations.Migration):
    """Melding now lives in zorgstructuur, which took over its table (zorgstructuur 0004)."""

    dependencies = [
        ('aanmelding', '0004_invoergrenzen'),
        ('zorgstructuur', '0004_melding_extern'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name='Melding')]),
    ]
