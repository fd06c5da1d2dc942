from django.urls import path

from . import views

app_name = "aanmelding"
urlpatterns = [
    path("aanmeldingen/", views.lijst, name="lijst"),
    path("aanmeldingen/nieuw/", views.kiezen_aanmelden, name="kiezen"),
    path("aanmeldingen/<int:aanmelding_pk>/", views.detail, name="detail"),
    path("aanmeldingen/<int:aanmelding_pk>/wijzigen/", views.wijzigen, name="wijzigen"),
    path("aanmeldingen/<int:aanmelding_pk>/beoordelen/", views.beoordelen, name="beoordelen"),
    path("signalen/nieuw/", views.kiezen_signaal, name="kiezen_signaal"),
    path("meldingen/<int:melding_pk>/", views.melding, name="melding"),
    path("deelnemers/<int:pk>/aanmelden/", views.aanmelden, name="aanmelden"),
    path("deelnemers/<int:pk>/zorgtraject/", views.zorgtraject, name="zorgtraject"),
    path("deelnemers/<int:pk>/zorgtraject/starten/", views.zorgtraject_starten, name="zorgtraject_starten"),
    path("deelnemers/<int:pk>/zorgtraject/wijzigen/", views.zorgtraject_wijzigen, name="zorgtraject_wijzigen"),
    path("deelnemers/<int:pk>/toestemming/", views.toestemming, name="toestemming"),
    path("deelnemers/<int:pk>/toestemming/<int:toestemming_pk>/intrekken/", views.toestemming_intrekken,
         name="toestemming_intrekken"),
    path("deelnemers/<int:pk>/signaal/", views.signaal, name="signaal"),
]
