"""The "Overleggen" entry of the main menu, for who the policy offers meetings to (no query: the profile)."""

from django import template
from django.urls import reverse

from privacy import policy

register = template.Library()


@register.inclusion_tag("overleg/_agenda_menu.html", takes_context=True)
def overleg_menu(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not policy.toont_overleggen(user):
        return {"url": None}
    url = reverse("overleg:lijst")
    return {"url": url, "actief": request.path.startswith(url)}
