import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Notifications keep their student, who caused them and their subject (aanmelding 0006 fills them in
    for existing ones), and when their subject was handled."""

    dependencies = [
        ('deelnemers', '0005_tijdlijn_voor_jaar_1'),
        ('zorgstructuur', '0004_melding_extern'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='melding',
            name='afgehandeld_op',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='melding',
            name='afzender',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='melding',
            name='deelnemer',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='deelnemers.deelnemer'),
        ),
        migrations.AddField(
            model_name='melding',
            name='object_id',
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='melding',
            name='object_type',
            field=models.CharField(blank=True, max_length=30),
        ),
        migrations.AddIndex(
            model_name='melding',
            index=models.Index(fields=['object_type', 'object_id'], name='zorgstructu_object__e49bed_idx'),
        ),
    ]
