"""Session lifetime and deny-by-default for views."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.shortcuts import redirect


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
