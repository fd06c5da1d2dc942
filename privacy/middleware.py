"""Session lifetime and deny-by-default for views."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from zorgstructuur.invoer import als_id

from .log import log


class SessieVerloopMiddleware:
    """Log out after SESSIE_INACTIEF_MINUTEN idle and SESSIE_MAXIMAAL_UREN in all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            nu = time.time()
            sessie = request.session
            begonnen = sessie.setdefault("zs_begonnen", nu)
            laatst = sessie.get("zs_laatst_actief", nu)
            te_lang_stil = nu - laatst > settings.SESSIE_INACTIEF_MINUTEN * 60
            te_lang = nu - begonnen > settings.SESSIE_MAXIMAAL_UREN * 3600
            if te_lang_stil or te_lang:
                logout(request)
                messages.info(request, "Uw sessie is verlopen. Log opnieuw in.")
                return redirect(settings.LOGIN_URL)
            # Write at most once a minute: every write is a database round trip.
            if nu - laatst > 60 or "zs_laatst_actief" not in sessie:
                sessie["zs_laatst_actief"] = nu
        return self.get_response(request)


class DenyByDefaultMiddleware:
    """A view is closed unless it declares its access (privacy.toegang) or is the Django admin
    (which has its own permissions) or is public on purpose (login, healthz)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "zs_toegang", None):
            return None
        if not getattr(view_func, "login_required", True):
            return None
        match = request.resolver_match
        if match and match.namespace == "admin":
            return None
        if settings.DEBUG:
            raise ImproperlyConfigured(f"View {match.view_name if match else view_func} declareert geen toegang.")
        raise PermissionDenied("Deze pagina is niet vrijgegeven.")


# In every URL of this app the kwarg "pk" is the student (deelnemers/<pk>/…).
DEELNEMER_KWARG = "pk"


class WeigeringLogMiddleware:
    """Every refused attempt of a logged-in user leaves a row in the access log (NEN 7513), whatever
    refused it: a view guard (403), the deny-by-default middleware, a policy getter or a URL with an id
    the user may not see (404). Views that log their own refusal (with a reason) are not logged twice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (403, 404) and request.user.is_authenticated \
                and not getattr(request, "zs_weigering_gelogd", False):
            match = request.resolver_match
            kwargs = match.kwargs if match else {}
            log(request, "inzien" if request.method in ("GET", "HEAD") else "wijzigen",
                deelnemer_id=als_id(kwargs.get(DEELNEMER_KWARG)), uitkomst="geweigerd",
                object_type=match.view_name if match else "onbekende pagina",
                object_id=next((v for k, v in kwargs.items() if k != DEELNEMER_KWARG), ""),
                omschrijving=f"geweigerd ({response.status_code}): {request.path}"[:300])
        return response


class GeenCacheMiddleware:
    """Pages are never stored by the browser: after logging out on a shared computer the back button
    must not show a dossier. Static files are served before this middleware and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response
