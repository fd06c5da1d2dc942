"""The deelnemers app's panels on Mijn werk (registered in DeelnemersConfig.ready)."""

from django.utils.formats import number_format

from privacy import policy
from privacy.log import log
from zorgstructuur.models import Functie
from zorgstructuur.paginering import GRENS
from zorgstructuur.panelen import Paneel, paneel

from . import selectors


@paneel(60)
def mijn_deelnemers(request):
    if not policy.mag(request.user, "deelnemers"):
        return None
    eigen, aantal = selectors.mijn_deelnemers(request.user)
    if eigen:  # names on a list are basis data: one summary line
        log(request, "inzien", object_type="mijn werk", omschrijving="lijst van eigen deelnemers op Mijn werk")
    is_mentor = Functie.MENTOR in policy.profiel(request.user).functies
    return Paneel("deelnemers/paneel_mijn_deelnemers.html", {
        "eigen": eigen, "aantal": aantal, "is_mentor": is_mentor,
        "meer_dan": number_format(GRENS, force_grouping=True) if aantal > GRENS else None})


@paneel(80)
def importeren(request):
    return Paneel("deelnemers/paneel_importeren.html") if policy.mag(request.user, "importeren") else None
