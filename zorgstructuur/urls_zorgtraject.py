from django.urls import path

from . import invoer  # noqa: F401  (registers the <id:…> converter)
from . import views_zorgtraject as views

app_name = "zorgtraject"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("starten/", views.starten, name="starten"),
    path("<slug:soort>/", views.besluit, name="besluit"),
]
