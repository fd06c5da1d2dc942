"""What a user sees on "Mijn werk": only what the policy gives their roles."""

from aanmelding.selectors import meldingen_voor, signalen_voor_mentor, werk_overzicht
from privacy.policy import deelnemers_voor, mag, profiel


def mijn_werk(user) -> dict:
    p = profiel(user)
    context = {
        "profiel": p,
        "rol": p.rol,
        "meldingen": meldingen_voor(user),  # their texts name no student
        "mag_signaleren": mag(user, "signaleren"),
        "mag_importeren": mag(user, "importeren"),
        "mag_beheren": mag(user, "beheer"),
        "mag_rapportage": mag(user, "rapportage"),
    }
    if mag(user, "deelnemers"):
        context["mijn_deelnemers"] = deelnemers_voor(user).filter(mentor=user).actief().voor_lijst()[:10]
        context["aantal_deelnemers"] = deelnemers_voor(user).actief().count()
        context["signalen"] = signalen_voor_mentor(user)  # docent signals about the mentor's own students
    if mag(user, "aanmeldingen"):
        context.update(werk_overzicht(user))
    return context
