from django.apps import AppConfig


class ZorgstructuurConfig(AppConfig):
    name = "zorgstructuur"
    verbose_name = "Organisatie en zorgstructuur"
