from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from privacy.toegang import ingelogd

from . import views

admin.site.site_header = "Zorgstructuur — beheer"
admin.site.site_title = "Zorgstructuur beheer"
admin.site.index_title = "Functioneel beheer"

urlpatterns = [
    path("", views.mijn_werk, name="mijn_werk"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", ingelogd(auth_views.LogoutView.as_view()), name="logout"),
    path("deelnemers/", include("deelnemers.urls")),
    path("", include("aanmelding.urls")),
    path("beheer/", admin.site.urls),
]

handler403 = "zorgstructuur.views.geen_toegang"
handler404 = "zorgstructuur.views.niet_gevonden"
