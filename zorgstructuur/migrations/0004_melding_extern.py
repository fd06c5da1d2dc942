import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Notifications move from aanmelding to zorgstructuur (every app notifies): the table is taken over
    and renamed, no row is copied. Decisions gain the kind "extern" and who takes the care over."""

    dependencies = [
        ('zorgstructuur', '0003_invoergrenzen'),
        ('aanmelding', '0004_invoergrenzen'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='niveauwijziging',
            name='organisatie',
            field=models.ForeignKey(blank=True, help_text='Bij extern en crisis: de organisatie die de zorg overneemt.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='zorgstructuur.partnerorganisatie', verbose_name='overgenomen door'),
        ),
        migrations.AlterField(
            model_name='niveauwijziging',
            name='soort',
            field=models.CharField(choices=[('start', 'Start'), ('opschalen', 'Opschalen'), ('afschalen', 'Afschalen'), ('extern', 'Overdragen aan extern'), ('crisis', 'Crisis (direct externe hulp)'), ('afsluiten', 'Afsluiten')], max_length=12),
        ),
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='Melding',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('soort', models.CharField(choices=[('nieuwe_aanmelding', 'Nieuwe aanmelding'), ('teruggestuurd', 'Aanmelding teruggestuurd'), ('geaccepteerd', 'Aanmelding geaccepteerd'), ('crisis', 'Crisis: bespreken in het ZAT'), ('signaal', 'Signaal van een docent')], max_length=20)),
                    ('tekst', models.CharField(max_length=200)),
                    ('url', models.CharField(max_length=200)),
                    ('aangemaakt', models.DateTimeField(default=django.utils.timezone.now)),
                    ('gelezen_op', models.DateTimeField(blank=True, null=True)),
                    ('ontvanger', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meldingen', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'melding',
                    'verbose_name_plural': 'meldingen',
                    'ordering': ['-aangemaakt', '-id'],
                    'db_table': 'aanmelding_melding',
                    'indexes': [models.Index(fields=['ontvanger', 'gelezen_op'], name='aanmelding__ontvang_cd54f2_idx')],
                },
            ),
        ]),
        migrations.AlterModelTable(name='melding', table=None),
        migrations.RenameIndex(model_name='melding', new_name='zorgstructu_ontvang_f6a5c6_idx',
                               old_name='aanmelding__ontvang_cd54f2_idx'),
    ]
