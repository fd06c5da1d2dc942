import re

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

AANMELDING_URL = re.compile(r"^/aanmeldingen/(\d+)/$")
DEELNEMER_URL = re.compile(r"^/deelnemers/(\d+)/")


def onderwerpen_invullen(apps, schema_editor):
    """Notifications written before zorgstructuur 0005 knew only their link: derive their student and
    subject from it, and close those whose subject was handled already (a judged aanmelding, a resubmitted
    form, a crisis discussed), so they leave Mijn werk. The texts are not touched."""
    Melding = apps.get_model("zorgstructuur", "Melding")
    Aanmelding = apps.get_model("aanmelding", "Aanmelding")
    Signaal = apps.get_model("aanmelding", "Signaal")
    Zorgtraject = apps.get_model("zorgstructuur", "Zorgtraject")
    nu = timezone.now()
    for m in Melding.objects.filter(object_id__isnull=True).iterator():
        velden = {}
        if (treffer := AANMELDING_URL.match(m.url)) and m.soort in ("nieuwe_aanmelding", "teruggestuurd",
                                                                    "geaccepteerd"):
            a = Aanmelding.objects.filter(pk=int(treffer[1])).values("deelnemer_id", "status").first()
            if a is None:
                continue
            velden = {"object_type": "aanmelding", "object_id": int(treffer[1]), "deelnemer_id": a["deelnemer_id"]}
            if (m.soort == "nieuwe_aanmelding" and a["status"] != "ingediend") or (
                    m.soort == "teruggestuurd" and a["status"] != "teruggestuurd"):
                velden["afgehandeld_op"] = nu
        elif (treffer := DEELNEMER_URL.match(m.url)) and m.soort in ("signaal", "crisis"):
            deelnemer_id = int(treffer[1])
            if m.soort == "signaal":  # the signal given just before the notification
                onderwerp = Signaal.objects.filter(deelnemer_id=deelnemer_id, aangemaakt__lte=m.aangemaakt).order_by(
                    "-aangemaakt", "-id").values("pk").first()
                velden = {"object_type": "signaal"}
            else:
                onderwerp = Zorgtraject.objects.filter(deelnemer_id=deelnemer_id, route="ladder").order_by(
                    "-geopend", "-id").values("pk", "zat_bespreken").first()
                velden = {"object_type": "zorgtraject"}
                if onderwerp is not None and not onderwerp["zat_bespreken"]:
                    velden["afgehandeld_op"] = nu
            velden["deelnemer_id"] = deelnemer_id
            if onderwerp is not None:
                velden["object_id"] = onderwerp["pk"]
            else:
                velden.pop("object_type")
        if velden:
            Melding.objects.filter(pk=m.pk).update(**velden)


class Migration(migrations.Migration):
    """Docent signals can be marked handled; existing notifications get their student and subject."""

    dependencies = [
        ('aanmelding', '0005_melding_naar_zorgstructuur'),
        ('zorgstructuur', '0005_melding_onderwerp'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='signaal',
            name='afgehandeld_door',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='signaal',
            name='afgehandeld_op',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(onderwerpen_invullen, migrations.RunPython.noop),
    ]
