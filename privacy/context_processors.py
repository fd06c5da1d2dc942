from django.urls import reverse

from .policy import mag

# (label, URL name, the right of privacy.policy.rechten that shows it; Overleggen: any care professional can be a
# team member or an invited partner, and the list shows only what the policy gives)
MENU = [
    ("Mijn werk", "mijn_werk", None),
    ("Deelnemers", "deelnemers:lijst", "deelnemers"),
    ("Aanmeldingen", "aanmelding:lijst", "aanmeldingen"),
    ("Overleggen", "overleg:lijst", "deelnemers"),
    ("SMW", "aanmelding:smw_caseload", "smw"),
    ("Rapportages", "rapportage:index", "rapportage"),
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
