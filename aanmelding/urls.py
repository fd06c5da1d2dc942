from django.urls import path

from zorgstructuur import invoer  # noqa: F401  (registers the <id:…> converter)

from . import views, views_smw

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
    # SMW (schoolmaatschappelijk werk, issue 11)
    path("smw/", views_smw.caseload, name="smw_caseload"),
    path("smw/eigen-aanmelding/", views_smw.eigen_aanmelding, name="smw_eigen_aanmelding"),
    path("smw/<id:smw_pk>/", views_smw.client, name="smw_client"),
    path("smw/<id:smw_pk>/contact/", views_smw.contact, name="smw_contact"),
    path("smw/<id:smw_pk>/afsluiten/", views_smw.afsluiten, name="smw_afsluiten"),
    path("smw/<id:smw_pk>/tevredenheid/", views_smw.tevredenheid, name="smw_tevredenheid"),
]
