from django.urls import path

from . import invoer  # noqa: F401  (registers the <id:…> converter)
from . import views_zorgtraject as views

app_name = "zorgtraject"
urlpatterns = [
    path("<id:pk>/zorgtraject/", views.overzicht, name="overzicht"),
    path("<id:pk>/zorgtraject/starten/", views.starten, name="starten"),
    path("<id:pk>/zorgtraject/<slug:soort>/", views.besluit, name="besluit"),
]
