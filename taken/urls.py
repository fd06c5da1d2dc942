from django.urls import path

from . import views

app_name = "taken"
urlpatterns = [
    path("<uuid:taak_pk>/", views.taak, name="taak"),
    path("<uuid:taak_pk>/voortgang/", views.voortgang, name="voortgang"),
    path("<uuid:taak_pk>/bestand/", views.bestand, name="bestand"),
]
