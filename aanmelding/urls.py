from django.urls import path

from zorgstructuur import invoer  # noqa: F401  (registers the <id:…> converter)

from . import views

app_name = "aanmelding"
urlpatterns = [
    path("aanmeldingen/", views.lijst, name="lijst"),
    path("aanmeldingen/nieuw/", views.kiezen_aanmelden, name="kiezen"),
    path("aanmeldingen/<id:aanmelding_pk>/", views.detail, name="detail"),
    path("aanmeldingen/<id:aanmelding_pk>/wijzigen/", views.wijzigen, name="wijzigen"),
    path("aanmeldingen/<id:aanmelding_pk>/beoordelen/", views.beoordelen, name="beoordelen"),
    path("signalen/nieuw/", views.kiezen_signaal, name="kiezen_signaal"),
    path("deelnemers/<id:pk>/aanmelden/", views.aanmelden, name="aanmelden"),
    path("deelnemers/<id:pk>/toestemming/", views.toestemming, name="toestemming"),
    path("deelnemers/<id:pk>/toestemming/<id:toestemming_pk>/intrekken/", views.toestemming_intrekken,
         name="toestemming_intrekken"),
    path("deelnemers/<id:pk>/signaal/", views.signaal, name="signaal"),
    path("deelnemers/<id:pk>/signaal/<id:signaal_pk>/afgehandeld/", views.signaal_afhandelen,
         name="signaal_afhandelen"),
]
