"""The dossier layers (DESIGN §5): the classification every model of the care route carries. Kept free
of model imports so every app can use them; privacy.policy decides who reads which."""

from django.db import models


class Laag(models.TextChoices):
    BASIS = "basis", "Basis"
    BEGELEIDING = "begeleiding", "Begeleiding"
    ZORG = "zorg", "Zorg"
    ZAT = "zat", "ZAT"
    VERTROUWELIJK = "vertrouwelijk", "Vertrouwelijk"


LAAG_UITLEG = {
    Laag.BASIS: "iedereen met een werkrelatie met de deelnemer",
    Laag.BEGELEIDING: "mentor, taakdocent zorg van het team en zorgcoördinator",
    Laag.ZORG: "intern zorgteam van de casus, casemanager en zorgcoördinator",
    Laag.ZAT: "ZAT-leden; externe partners alleen als zij zijn uitgenodigd",
    Laag.VERTROUWELIJK: "alleen de eigen discipline van de auteur en wie expliciet toegang kreeg",
}
