from django.apps import AppConfig


class OverlegConfig(AppConfig):
    name = "overleg"
