from django.apps import AppConfig


class DeelnemersConfig(AppConfig):
    name = "deelnemers"
    verbose_name = "Deelnemers en dossier"

    def ready(self):
        from . import panelen  # noqa: F401  (registers the Mijn werk panels; needs the loaded app registry)
