"""Small fail-loud helpers to read settings from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

WAAR = {"1", "true", "yes", "on", "ja"}
ONWAAR = {"0", "false", "no", "off", "nee", ""}


def env_bool(naam: str, standaard: bool) -> bool:
    waarde = os.environ.get(naam)
    if waarde is None:
        return standaard
    if waarde.strip().lower() in WAAR:
        return True
    if waarde.strip().lower() in ONWAAR:
        return False
    raise ImproperlyConfigured(f"{naam}={waarde!r}: gebruik 1/0, true/false of ja/nee.")


def env_int(naam: str, standaard: int) -> int:
    waarde = os.environ.get(naam)
    if waarde is None or waarde.strip() == "":
        return standaard
    try:
        return int(waarde)
    except ValueError:
        raise ImproperlyConfigured(f"{naam}={waarde!r} is geen geheel getal.") from None


def env_list(naam: str, standaard: list[str]) -> list[str]:
    waarde = os.environ.get(naam)
    if waarde is None:
        return standaard
    return [deel.strip() for deel in waarde.split(",") if deel.strip()]
