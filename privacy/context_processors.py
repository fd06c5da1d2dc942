from django.urls import reverse

from .policy import mag

MENU = [
    ("Mijn werk", "mijn_werk", None),
    ("Deelnemers", "deelnemers:lijst", "deelnemers"),
    ("Aanmeldingen", "aanmelding:lijst", "aanmeldingen"),
    ("SMW", "aanmelding:smw_caseload", "smw"),  # schoolmaatschappelijk werk (issue 11)
    ("Importeren", "deelnemers:importeren", "importeren"),
    ("Beheer", "admin:index", "beheer"),
]


def navigatie(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    pad = request.path
    items = []
    for label, naam, recht in MENU:
        if recht is None or mag(user, recht):
            url = reverse(naam)
            actief = pad == url if url == "/" else pad.startswith(url)
            items.append({"label": label, "url": url, "actief": actief})
    return {"menu": items}
