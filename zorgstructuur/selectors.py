"""What a user sees on "Mijn werk": only what the policy gives their roles."""

from privacy.policy import deelnemers_voor, mag, profiel


def mijn_werk(user) -> dict:
    p = profiel(user)
    context = {"profiel": p, "rol": p.rol}
    if mag(user, "deelnemers"):
        context["mijn_deelnemers"] = (
            deelnemers_voor(user).filter(mentor=user).actief().voor_lijst()[:10]
        )
        context["aantal_deelnemers"] = deelnemers_voor(user).actief().count()
    context["mag_importeren"] = mag(user, "importeren")
    context["mag_beheren"] = mag(user, "beheer")
    context["mag_rapportage"] = mag(user, "rapportage")
    return context
