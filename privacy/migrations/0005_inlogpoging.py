"""django-axes' failed logins under our own name and permissions, for the beheerder to lift a lockout."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('axes', '0010_accessattemptexpiration'),
        ('privacy', '0004_toegangslog_keten'),
    ]

    operations = [
        migrations.CreateModel(
            name='Inlogpoging',
            fields=[],
            options={
                'verbose_name': 'mislukte inlogpoging',
                'verbose_name_plural': 'mislukte inlogpogingen (blokkades)',
                'proxy': True,
                'default_permissions': ('view', 'delete'),
                'indexes': [],
                'constraints': [],
            },
            bases=('axes.accessattempt',),
        ),
    ]
