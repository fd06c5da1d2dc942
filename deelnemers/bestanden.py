"""Uploaded files, read defensively before anything parses them further.

Images: the declared size is checked before any pixel is decoded (a few bytes can declare a
gigapixel image), the whole file must be intact. Office files (DOCX, XLSX) are zip archives:
their declared unpacked size is bounded (a zip bomb unpacks to gigabytes) and no XML part may
carry a DTD (entity expansion, external entities). Every refusal is an `OngeldigBestand` with a
Dutch message; the form turns it into a field error, the import into a file error.
"""

import re
import struct
import warnings
import zipfile
import zlib

from django.conf import settings
from PIL import Image, UnidentifiedImageError

# Far above any photo or scan a student's dossier needs; a bomb declares far more.
MAX_PIXELS = 50_000_000
MAX_ZIPDELEN = 2_000
# What a readable Office file of the maximum upload size unpacks to at most (XML compresses ~10-20×).
MAX_UITGEPAKT_FACTOR = 25
PROLOOG_LEZEN = 64 * 1024

# What the standard library raises on a malformed or hostile archive.
ZIPFOUTEN = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, KeyError, IndexError,
             NotImplementedError, RuntimeError, struct.error, zlib.error, UnicodeDecodeError)
# What Pillow raises on a malformed image (DecompressionBombError is a subclass of Exception only).
BEELDFOUTEN = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError,
               TypeError, KeyError, zlib.error, Image.DecompressionBombError, Image.DecompressionBombWarning)


class OngeldigBestand(Exception):
    """The upload is refused; the message says why, in Dutch."""


def max_uitgepakt() -> int:
    return MAX_UITGEPAKT_FACTOR * settings.MAX_UPLOAD_MB * 1024 * 1024


# ---------------------------------------------------------------- images

def controleer_afbeelding(bestand, formaat: str) -> None:
    """An intact PNG or JPEG of a sane size; `formaat` is what the extension promises."""
    bestand.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns (and raises beyond twice its limit) about bombs; other warnings say nothing here.
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(bestand, formats=[formaat]) as beeld:
                breedte, hoogte = beeld.size
                if breedte * hoogte > MAX_PIXELS:
                    raise Image.DecompressionBombError(f"{breedte}x{hoogte}")
                if formaat == "JPEG":
                    # Decode at 1/8 scale: reads every byte (a truncated file fails) at little memory.
                    beeld.draft("RGB", (max(1, breedte // 8), max(1, hoogte // 8)))
                    beeld.load()
                else:
                    beeld.verify()  # every chunk's checksum, up to the end marker
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise OngeldigBestand(
            f"De afbeelding is te groot (meer dan {MAX_PIXELS // 1_000_000} miljoen pixels). Verklein haar of "
            "sla haar op als PDF.") from None
    except BEELDFOUTEN:
        raise OngeldigBestand("De afbeelding is beschadigd of past niet bij de extensie; het bestand is niet "
                              "opgeslagen.") from None
    finally:
        bestand.seek(0)


# ---------------------------------------------------------------- Office files (zip)

_KOMMENTAAR = re.compile(rb"<!--.*?-->", re.DOTALL)
_INSTRUCTIE = re.compile(rb"<\?.*?\?>", re.DOTALL)


def _proloog_veilig(begin: bytes) -> bool:
    """True when the XML starts with its root element after the declaration, instructions and
    comments: no DTD (<!DOCTYPE, <!ENTITY) before it. UTF-16 parts are read as such."""
    if begin.startswith((b"\xff\xfe", b"\xfe\xff")):
        begin = begin.decode("utf-16", errors="replace").encode("utf-8")
    rest = begin.lstrip(b"\xef\xbb\xbf")
    while True:
        rest = rest.lstrip()
        for patroon in (_INSTRUCTIE, _KOMMENTAAR):
            gevonden = patroon.match(rest)
            if gevonden:
                rest = rest[gevonden.end():]
                break
        else:
            break
    eerste = rest[1:2]
    return rest[:1] == b"<" and (eerste.isalpha() or eerste in (b"_", b":") or eerste >= b"\x80")


def controleer_office(bestand, *, verplicht: str, soort: str, onleesbaar: str = "") -> None:
    """A DOCX or XLSX archive that is safe to open: `verplicht` is the part it must contain
    (word/document.xml, xl/workbook.xml); `soort` names it in the messages; `onleesbaar` replaces
    the message for a file that is no such archive at all."""
    onleesbaar = onleesbaar or f"Het {soort} is beschadigd of geen echt {soort}; het kan niet worden gelezen."
    bestand.seek(0)
    try:
        with zipfile.ZipFile(bestand) as archief:
            delen = archief.infolist()
            if len(delen) > MAX_ZIPDELEN:
                raise OngeldigBestand(f"Het {soort} bevat te veel onderdelen om veilig te openen.")
            # zipfile never unpacks more than the declared size (a lie fails the checksum).
            if sum(deel.file_size for deel in delen) > max_uitgepakt():
                raise OngeldigBestand(f"Het {soort} is uitgepakt te groot om veilig te openen (mogelijk een "
                                      "zip-bom). Sla het opnieuw op of kies CSV.")
            if verplicht not in archief.namelist():
                raise OngeldigBestand(onleesbaar)
            for deel in delen:
                if deel.filename.lower().endswith((".xml", ".rels")):
                    with archief.open(deel) as xml:
                        begin = xml.read(PROLOOG_LEZEN)
                    if begin.strip() and not _proloog_veilig(begin):
                        raise OngeldigBestand(f"Het {soort} bevat een documentdefinitie (DTD). Zulke bestanden "
                                              "worden om veiligheidsredenen niet geopend. Sla het opnieuw op "
                                              "vanuit Word of Excel.")
    except ZIPFOUTEN:
        raise OngeldigBestand(onleesbaar) from None
    finally:
        bestand.seek(0)
