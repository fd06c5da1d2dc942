from django.db import migrations

# A frozen copy of the seeds' defaults (the models' lists may change later).
CONTACTSOORTEN = ["Individueel gesprek", "Gesprek met ouders", "Huisbezoek", "Telefonisch", "Consultatie docent",
                  "Groepsbijeenkomst", "Overleg met extern"]
INTERVENTIES = ["Psychosociale begeleiding", "Kortdurende hulpverlening", "Bemiddeling", "Verwijzing",
                "Crisisinterventie"]


def standaard(apps, schema_editor):
    Instelling = apps.get_model("zorgstructuur", "Instelling")
    for model, namen in [("SMWContactsoort", CONTACTSOORTEN), ("SMWInterventie", INTERVENTIES)]:
        Model = apps.get_model("aanmelding", model)
        for instelling in Instelling.objects.all():
            for volgorde, naam in enumerate(namen, start=1):
                Model.objects.get_or_create(instelling=instelling, naam=naam, defaults={"volgorde": volgorde * 10})


class Migration(migrations.Migration):
    dependencies = [("aanmelding", "0007_smw")]
    operations = [migrations.RunPython(standaard, migrations.RunPython.noop)]
