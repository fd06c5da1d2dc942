from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Privacy en toegang"

    def ready(self):
        from . import inloggen  # noqa: F401 (connects the login signals to the access log)
