from django.urls import path

from . import views, views_import

app_name = "deelnemers"
urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("importeren/", views_import.importeren, name="importeren"),
    path("importeren/toepassen/", views_import.toepassen, name="importeren_toepassen"),
    path("<int:pk>/", views.dossier, name="dossier"),
    path("<int:pk>/nieuw/", views.item_nieuw, name="item_nieuw"),
    path("<int:pk>/items/<int:item_pk>/", views.item, name="item"),
    path("<int:pk>/items/<int:item_pk>/wijzigen/", views.item_wijzigen, name="item_wijzigen"),
    path("<int:pk>/items/<int:item_pk>/download/", views.item_download, name="item_download"),
    path("<int:pk>/werkaantekeningen/", views.werkaantekeningen, name="werkaantekeningen"),
    path("<int:pk>/toegangslog/", views.toegangslog, name="toegangslog"),
]
