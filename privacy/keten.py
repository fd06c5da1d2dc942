"""The access log's hash chain: each row carries the hash of the previous row and its own.

A row's hash is sha256 over the previous row's hash and the row's content in one canonical text, so a
row changed, removed or slipped in afterwards breaks the chain from there on. On PostgreSQL the
database computes it (a BEFORE INSERT trigger, `append_only.py`, built from `KETEN_VELDEN` below),
so the app's own account cannot write a row outside the chain; on SQLite (development) the app does
it here. `controleer` recomputes every hash in Python, independent of anything stored in the database.
"""

import hashlib
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC

from django.db import connections
from django.utils import timezone

NUL_HASH = "0" * 64
# The fields a hash covers, in this order; the PostgreSQL trigger is generated from the same list.
KETEN_VELDEN = ["volgnummer", "tijdstip", "actie", "uitkomst", "gebruiker_id", "gebruikersnaam", "rol", "namens",
                "ip_adres", "deelnemer_id", "object_type", "object_id", "laag", "omschrijving"]


def _tekst(waarde) -> str:
    # Length-prefixed, so no value can imitate a separator; NULL differs from every string.
    if waarde is None:
        return "-"
    if hasattr(waarde, "astimezone"):
        waarde = waarde.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
    waarde = str(waarde)
    return f"{len(waarde)}:{waarde}"


def bereken_hash(vorige_hash: str, waarden) -> str:
    """The hash of a row from the previous row's hash and its values in KETEN_VELDEN order."""
    tekst = vorige_hash + "|" + "|".join(_tekst(w) for w in waarden)
    return hashlib.sha256(tekst.encode()).hexdigest()


def in_database(using: str) -> bool:
    """PostgreSQL keeps the chain itself (trigger); elsewhere the app does."""
    return connections[using].vendor == "postgresql"


def queries_vooraf(using="default") -> int:
    """Queries that writing log rows costs before its INSERT: on SQLite the app reads the last row."""
    return 0 if in_database(using) else 1


_slot = threading.Lock()  # SQLite: one writer per process between reading the last hash and the INSERT


@contextmanager
def schrijven(model, regels, using):
    """Around the INSERT of new log rows: outside PostgreSQL give them time, place and hash here.

    The caller's tijdstip is overwritten either way: the time of a log row is when it was written."""
    if in_database(using):
        yield
        return
    with _slot:
        laatste = model._base_manager.using(using).order_by("-volgnummer").values_list("volgnummer", "hash").first()
        nummer, vorige = laatste or (0, NUL_HASH)
        velden = [model._meta.get_field(naam) for naam in KETEN_VELDEN]
        for regel in regels:
            nummer += 1
            regel.volgnummer, regel.tijdstip, regel.vorige_hash = nummer, timezone.now(), vorige
            for veld in velden:  # hash what will be stored and read back (e.g. a normalised IPv6 address)
                waarde = veld.get_prep_value(getattr(regel, veld.attname))
                if veld.get_internal_type() == "GenericIPAddressField":
                    waarde = waarde or None  # stored as NULL
                setattr(regel, veld.attname, waarde)
            regel.hash = vorige = bereken_hash(vorige, (getattr(regel, naam) for naam in KETEN_VELDEN))
        yield


def _waar(regel_id, waarden) -> str:
    return f"regel {waarden[0]} (id {regel_id}, {timezone.localtime(waarden[1]):%d-%m-%Y %H:%M:%S})"


@dataclass
class Uitkomst:
    aantal: int
    laatste_volgnummer: int | None = None
    laatste_hash: str | None = None
    fout: str | None = None


def controleer(model, using="default", *, anker: tuple[int, str] | None = None, chunk=10_000) -> Uitkomst:
    """Walk the whole chain in order and stop at the first broken link. Streams: constant memory,
    one pass, so it also runs on millions of rows."""
    rijen = (model._base_manager.using(using).order_by("volgnummer")
             .values_list("id", "vorige_hash", "hash", *KETEN_VELDEN).iterator(chunk_size=chunk))
    aantal, vorige, verwacht = 0, NUL_HASH, 1
    anker_gezien = anker is None
    for regel_id, vorige_hash, opgeslagen, *waarden in rijen:
        volgnummer = waarden[0]
        if volgnummer != verwacht:
            fout = f"de regels {verwacht} tot en met {volgnummer - 1} ontbreken (verwijderd)"
        elif vorige_hash != vorige:
            fout = f"verwijst niet naar de hash van regel {verwacht - 1} (een regel ertussen vervangen of ingevoegd)"
        elif bereken_hash(vorige_hash, waarden) != opgeslagen:
            fout = "de inhoud past niet bij de opgeslagen hash (de regel is achteraf gewijzigd)"
        elif anker is not None and volgnummer == anker[0] and opgeslagen != anker[1]:
            fout = "de hash verschilt van het anker (de keten is tot en met deze regel opnieuw opgebouwd)"
        else:
            fout = None
        if fout:
            return Uitkomst(aantal, fout=f"Keten gebroken bij {_waar(regel_id, waarden)}: {fout}.")
        anker_gezien = anker_gezien or volgnummer == anker[0]
        aantal, vorige, verwacht = aantal + 1, opgeslagen, verwacht + 1
    if not anker_gezien:
        return Uitkomst(aantal, fout=f"Keten gebroken: regel {anker[0]} van het anker bestaat niet meer "
                                     f"(de laatste regels van het log zijn verwijderd).")
    return Uitkomst(aantal, verwacht - 1 if aantal else None, vorige if aantal else None)
