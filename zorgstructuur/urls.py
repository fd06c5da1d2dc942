from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, reverse_lazy

from privacy.toegang import ingelogd

from . import (
    invoer,  # noqa: F401  (registers the <id:…> converter)
    views,
)
from .inloggen import BeheerInlogForm, InlogForm

admin.site.site_header = "Zorgstructuur — beheer"
admin.site.site_title = "Zorgstructuur beheer"
admin.site.index_title = "Functioneel beheer"
admin.site.login_form = BeheerInlogForm

urlpatterns = [
    path("", views.mijn_werk, name="mijn_werk"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=InlogForm),
         name="login"),
    path("logout/", ingelogd(auth_views.LogoutView.as_view()), name="logout"),
    # The link the beheerder has mailed (zorgstructuur.beheer.stuur_wachtwoordlink): the holder sets their own password.
    path("wachtwoord/<uidb64>/<token>/", login_not_required(auth_views.PasswordResetConfirmView.as_view(
        template_name="registration/wachtwoord_instellen.html", success_url=reverse_lazy("wachtwoord_ingesteld"))),
        name="wachtwoord_instellen"),
    path("wachtwoord/ingesteld/", login_not_required(auth_views.PasswordResetCompleteView.as_view(
        template_name="registration/wachtwoord_ingesteld.html")), name="wachtwoord_ingesteld"),
    path("meldingen/<id:melding_pk>/", views.melding, name="melding"),
    path("meldingen/<id:melding_pk>/gelezen/", views.melding_gelezen, name="melding_gelezen"),
    path("meldingen/gelezen/", views.meldingen_gelezen, name="meldingen_gelezen"),
    path("deelnemers/", include("deelnemers.urls")),
    path("deelnemers/", include("zorgstructuur.urls_zorgtraject")),
    path("", include("aanmelding.urls")),
    path("overleg/", include("overleg.urls")),
    path("rapportage/", include("rapportage.urls")),
    path("taken/", include("taken.urls")),
    path("beheer/", admin.site.urls),
]

handler403 = "zorgstructuur.views.geen_toegang"
handler404 = "zorgstructuur.views.niet_gevonden"
