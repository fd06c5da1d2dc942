"""One normalised form of names and search words, so "ozturk" finds Öztürk and "de vries" finds
Jansen-de Vries. PostgreSQL computes the search name with the SQL function zs_zoeknaam (migration
deelnemers 0009, unaccent); on SQLite the function below is registered under the same name, so the
queryset (DeelnemerQuerySet.zoek) is the same on both."""

import re
import unicodedata

from django.db.backends.signals import connection_created
from django.dispatch import receiver

# Letters that are not "letter + accent" in Unicode, as PostgreSQL's unaccent rules write them.
LOS = str.maketrans({
    "ß": "ss", "ẞ": "SS", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH", "ı": "i", "ħ": "h", "Ħ": "H",
    "ŧ": "t", "Ŧ": "T", "ŀ": "l", "Ŀ": "L",
})


def normaliseer(tekst: str) -> str:
    """Lower case without accents, hyphens as spaces (unaccent + lower + translate, as zs_zoeknaam)."""
    ontleed = unicodedata.normalize("NFKD", tekst.translate(LOS))
    return "".join(teken for teken in ontleed if not unicodedata.combining(teken)).lower().replace("-", " ")


def zoekwoorden(zoekterm: str) -> list[tuple[str, list[str]]]:
    """The words of a search as typed (split on spaces and commas: "Berg, Fenna"), each with its normalised
    name parts ("Jansen-de" → jansen, de). The word as typed is what a studentnummer starts with."""
    woorden = [(woord, normaliseer(woord).split()) for woord in re.split(r"[\s,]+", zoekterm)]
    return [(woord, delen) for woord, delen in woorden if delen]  # a lone "-" is no word


def zoeknaam(voornaam, tussenvoegsel, achternaam) -> str | None:
    if voornaam is None or tussenvoegsel is None or achternaam is None:
        return None
    return " " + normaliseer(f"{voornaam} {tussenvoegsel} {achternaam}")


@receiver(connection_created)
def registreer_zoeknaam(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("zs_zoeknaam", 3, zoeknaam, deterministic=True)
