from django.apps import AppConfig
from django.core import checks


class ZorgstructuurConfig(AppConfig):
    name = "zorgstructuur"
    verbose_name = "Organisatie en zorgstructuur"

    def ready(self):
        from . import beheer, panelen, zoeken  # noqa: F401  (panelen: Mijn werk's own panels; zoeken: SQLite's zs_zoeknaam)

        # The admin's autodiscovery has run (django.contrib.admin comes first): admins that other apps
        # registered (django-axes, …) get BeheerAdmin's delete confirmation too; the check catches later ones.
        beheer.neem_over()
        checks.register(beheer.controleer_admins, checks.Tags.admin)
