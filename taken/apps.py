from django.apps import AppConfig


class TakenConfig(AppConfig):
    name = "taken"
    verbose_name = "Achtergrondtaken"
