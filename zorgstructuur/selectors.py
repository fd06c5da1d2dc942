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
    # Issue 4: unread notifications (texts name no student) and docent signals for the mentor.
    from aanmelding.selectors import meldingen_voor, signalen_voor_mentor, werk_overzicht

    context["meldingen"] = meldingen_voor(user)
    if mag(user, "deelnemers"):
        context["signalen"] = signalen_voor_mentor(user)
    if mag(user, "aanmeldingen"):
        context.update(werk_overzicht(user))
    context["mag_signaleren"] = mag(user, "signaleren")
    context["mag_importeren"] = mag(user, "importeren")
    context["mag_beheren"] = mag(user, "beheer")
    context["mag_rapportage"] = mag(user, "rapportage")
    return context
