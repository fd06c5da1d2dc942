from django.urls import path

from zorgstructuur import invoer  # noqa: F401  (registers the <id:…> converter)

from . import views, views_import

app_name = "deelnemers"
urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("importeren/", views_import.importeren, name="importeren"),
    path("importeren/toepassen/", views_import.toepassen, name="importeren_toepassen"),
    path("importeren/proefdraai/<id:pk>/", views_import.proefdraai, name="importeren_proefdraai"),
    path("<id:pk>/", views.dossier, name="dossier"),
    path("<id:pk>/nieuw/", views.item_nieuw, name="item_nieuw"),
    path("<id:pk>/items/<id:item_pk>/", views.item, name="item"),
    path("<id:pk>/items/<id:item_pk>/wijzigen/", views.item_wijzigen, name="item_wijzigen"),
    path("<id:pk>/items/<id:item_pk>/download/", views.item_download, name="item_download"),
    path("<id:pk>/werkaantekeningen/", views.werkaantekeningen, name="werkaantekeningen"),
    path("<id:pk>/toegangslog/", views.toegangslog, name="toegangslog"),
]
