from django.apps import AppConfig


class OverlegConfig(AppConfig):
    name = "overleg"

    def ready(self):
        from . import panelen  # noqa: F401  (registers the Mijn werk panels; needs the loaded app registry)
