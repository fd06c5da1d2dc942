"""The default categories of problematiek, from the seeds (000: leer-, keuze- en psychosociale
problemen; 001 ch. 5: ontwikkelingsstoornissen, gedrags- en opvoedingsproblemen, verslaving,
schulden, huisvesting; DESIGN §3: verzuim). The functioneel beheerder can change them."""

from django.db import migrations

STANDAARD = [
    "Leerproblemen",
    "Keuzeproblemen (opleiding en loopbaan)",
    "Psychosociale problemen",
    "Verzuim",
    "Gedrags- en opvoedingsproblemen",
    "Ontwikkelingsstoornis",
    "Thuissituatie en gezin",
    "Verslaving",
    "Schulden en geldzaken",
    "Huisvesting",
    "Lichamelijke gezondheid",
    "Anders",
]


def vul(apps, schema_editor):
    Problematiek = apps.get_model("aanmelding", "Problematiek")
    for volgorde, naam in enumerate(STANDAARD, start=1):
        Problematiek.objects.get_or_create(naam=naam, defaults={"volgorde": volgorde * 10})


def leeg(apps, schema_editor):
    apps.get_model("aanmelding", "Problematiek").objects.filter(naam__in=STANDAARD).delete()


class Migration(migrations.Migration):
    dependencies = [("aanmelding", "0001_initial")]
    operations = [migrations.RunPython(vul, leeg)]
