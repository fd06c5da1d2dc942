from django.urls import path

from . import views

app_name = "rapportage"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:naam>/", views.overzicht, name="overzicht"),
    path("<slug:naam>/excel/", views.download, {"formaat": "xlsx"}, name="excel"),
    path("<slug:naam>/pdf/", views.download, {"formaat": "pdf"}, name="pdf"),
]
