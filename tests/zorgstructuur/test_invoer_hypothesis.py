"""Property-based: generated input at every form and every URL parameter, for every demo role.

The URLs come from the URLconf, as in the authorisation sweep; the POST fields are the fields of
the forms on each page (read from its HTML) plus made-up ones. Whatever comes in — NUL bytes,
Unicode digits, ids beyond the database's range, dates in year 1 or 9999, very long strings,
markup, hostile uploads — the answer is never a 500 and the marker tag never appears unescaped.
"""

import re
import string
from datetime import date
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROLLEN
from tests.deelnemers.test_bestanden import DTD, docx, jpeg, met_dtd, png, png_bom, xlsx
from tests.deelnemers.test_import import rij
from tests.zorgstructuur.test_autorisatie_sweep import alle_urls, parameters, voorbeeld  # noqa: F401
from zorgstructuur.invoer import IdConverter

pytestmark = pytest.mark.django_db

MARKER = "<zs-x>"
INSTELLINGEN = settings(
    max_examples=12, deadline=None, derandomize=True, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
TE_GROOT = "99999999999999999999"


def _datum(d: date) -> str:
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


VASTE_ONZIN = [
    "\x00", "a\x00b", "²", "٣", "１２", "𝟙", TE_GROOT, str(2**63), str(2**63 - 1), "-1", "0", "1e309", "NaN",
    "0001-01-01", "01-01-0001", "9999-12-31", "31-12-9999", "31-02-2026", "29-02-2100", "1-1-1",
    "<script>alert(1)</script>", MARKER, f'"><{MARKER[1:]}', f"'{MARKER}", "%00", "(", "[", "*", "\\",
    "' OR 1=1 --", "x" * 25_000, MARKER * 3_000, "", " ", "on", "true", "ja", "=1+1", "@SUM(A1)",
]
onzin = st.one_of(
    st.sampled_from(VASTE_ONZIN),
    st.text(max_size=30),
    st.text(alphabet=string.digits + "²٣-.,", max_size=25),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(_datum),
    st.text(max_size=10).map(lambda t: MARKER + t),
)
# Where an id is expected: beyond the database's range, Unicode digits, not a number at all.
id_onzin = st.sampled_from([TE_GROOT, str(2**63), str(2**63 - 1), "²", "٣", "-1", "0", "1.5", "1,2", ""])
# Ids in a URL besides the sample: the edges of the database's range, and anything longer.
url_id = st.one_of(
    st.sampled_from(["0", "1", str(2**63 - 1), str(2**63), TE_GROOT, "0" * 30 + "7"]),
    st.integers(min_value=0, max_value=10**25).map(str),
)
BEKENDE_GET = ["q", "pagina", "items", "tijdlijn", "intake", "mijn", "bestemming", "soort", "route", "van", "tot",
               "status", "opleiding", "locatie", "mentor", "next", "versie"]


def _bestanden():
    return [
        ("bom.png", png_bom()), ("half.png", png()[:-20]), ("foto.jpg", jpeg()), ("half.jpg", jpeg()[:200]),
        ("dtd.docx", docx(DTD + b"<w:document/>")), ("export.xlsx", xlsx([rij(1)], bewerk=met_dtd)),
        ("export.csv", b"Studentnummer;Roepnaam\r\n1;\x00\r\n"), ("x.pdf", b"%PDF-1.4\n" + b"\x00" * 50),
        ("zonder-extensie", b"\xff" * 64),
    ]


bestand = st.builds(
    lambda keuze, naam: SimpleUploadedFile(naam or keuze[0], keuze[1]),
    st.sampled_from(_bestanden()),
    st.one_of(st.none(), st.sampled_from(["a.png", "b.docx", "c.xlsx", "d.csv", "e.pdf", f"{MARKER}.pdf"])),
)


class Velden(HTMLParser):
    """The names of a page's form fields, with the values its choices and hidden fields offer."""

    def __init__(self):
        super().__init__()
        self.waarden: dict[str, set[str]] = {}
        self.bestanden: set[str] = set()
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("name"):
            naam = attrs["name"]
            self.waarden.setdefault(naam, set())
            if tag == "input" and attrs.get("type") == "file":
                self.bestanden.add(naam)
            elif tag == "input" and attrs.get("value") is not None:
                self.waarden[naam].add(attrs["value"])
            self._select = naam if tag == "select" else None
        elif tag == "option" and self._select and attrs.get("value") is not None:
            self.waarden[self._select].add(attrs["value"])


def _velden(client, url):
    response = client.get(url)
    parser = Velden()
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        parser.feed(response.content.decode())
    parser.waarden.pop("csrfmiddlewaretoken", None)
    return parser


def _controleer(response, wat):
    assert response.status_code < 500, wat
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)  # the client's wrapper closes it (calling close() would drop the db)
        return
    if "html" in response.get("Content-Type", ""):
        assert MARKER.encode() not in response.content, f"{wat}: ongeëscapete invoer in de pagina"


# Every page outside the admin, by name (logging out would end the run); each gets its own examples.
PAGINAS = [naam for naam, _ in alle_urls() if not naam.startswith("admin:") and naam != "logout"]
ROLLEN_EN_ANONIEM = [*ROLLEN, "anoniem"]


@pytest.fixture
def urls(voorbeeld):  # noqa: F811
    """name → (URL with a placeholder per parameter, {placeholder: (converter, sample value)}); the
    samples are the sweep's."""
    uitkomst = {}
    for naam, pattern in alle_urls():
        if naam not in PAGINAS:
            continue
        converters = pattern.pattern.converters
        plekhouders = {p: _plekhouder(c, i) for i, (p, c) in enumerate(converters.items())}
        url = reverse(naam, kwargs=plekhouders)
        uitkomst[naam] = (url, {plekhouders[p]: (c, str(voorbeeld[p])) for p, c in converters.items()})
    return uitkomst


def _plekhouder(converter, i):
    """A value the converter accepts and that occurs nowhere else in the URL."""
    kandidaten = (f"7770{i}7770", f"zsplek{i}", f"77700000-0000-4000-8000-{i:012d}")  # the last for <uuid:>
    return next(k for k in kandidaten if re.fullmatch(converter.regex, k))


def _geldig(url, plekhouders):
    for plek, (_, geldig) in plekhouders.items():
        url = url.replace(plek, geldig, 1)
    return url


def _inloggen(client, actors, rol):
    if rol == "anoniem":  # the login and password pages, and the redirects to them
        client.logout()
    else:
        client.force_login(actors[rol])


def _als(data, client, actors, rollen=ROLLEN_EN_ANONIEM) -> str:
    rol = data.draw(st.sampled_from(rollen), label="rol")
    _inloggen(client, actors, rol)
    return rol


def _invullen(data, url, plekhouders):
    """Every URL parameter: the sample, or anything its converter lets through (for ids also the
    edges of the database's range)."""
    for plek, (converter, geldig) in plekhouders.items():
        anders = st.from_regex(converter.regex, fullmatch=True)
        if isinstance(converter, IdConverter):
            anders = st.one_of(url_id, anders)
        waarde = data.draw(st.one_of(st.none(), anders), label=plek)
        url = url.replace(plek, quote(waarde, safe="") if waarde is not None else geldig, 1)
    return url


@pytest.mark.parametrize("naam", PAGINAS)
@INSTELLINGEN
@given(data=st.data())
def test_url_parameters_en_querystrings(naam, data, actors, client, urls):
    rol = _als(data, client, actors)
    url = _invullen(data, *urls[naam])
    params = data.draw(st.dictionaries(st.one_of(st.sampled_from(BEKENDE_GET), st.text(max_size=8)), onzin,
                                       max_size=4), label="GET")
    _controleer(client.get(url, params), f"{rol} GET {url} {params!r}")


_formulieren: dict = {}


def _velden_per_rol(client, actors, url) -> dict[str, Velden]:
    """The page's own fields per role, read once per run (refusals are the sweep's business)."""
    if url not in _formulieren:
        _formulieren[url] = {}
        for rol in ROLLEN_EN_ANONIEM:
            _inloggen(client, actors, rol)
            _formulieren[url][rol] = _velden(client, url)
    return _formulieren[url]


@pytest.mark.parametrize("naam", PAGINAS)
@INSTELLINGEN
@given(data=st.data())
def test_formulieren_met_onzin(naam, data, actors, client, urls):
    url = _geldig(*urls[naam])
    velden_per_rol = _velden_per_rol(client, actors, url)
    met_formulier = [rol for rol, velden in velden_per_rol.items() if velden.waarden] or ROLLEN_EN_ANONIEM
    rol = _als(data, client, actors, met_formulier)
    post = _invullen_formulier(data, velden_per_rol[rol])
    _controleer(client.post(url, post), f"{rol} POST {url} {sorted(post)}")


@pytest.mark.parametrize("waarde", [TE_GROOT, "²"])
def test_id_buiten_bereik_in_elk_keuzeveld_van_elk_formulier(waarde, actors, client, urls):
    """Not left to chance: every field that offers choices (ids of categories, partners, levels,
    casemanagers; the hidden versie) gets an id beyond the database's range or in Unicode digits."""
    for naam in PAGINAS:
        url = _geldig(*urls[naam])
        for rol, velden in _velden_per_rol(client, actors, url).items():
            if not velden.waarden:
                continue
            _inloggen(client, actors, rol)
            post = {veld: [waarde] if keuzes else "Tekst" for veld, keuzes in velden.waarden.items()}
            _controleer(client.post(url, post), f"{rol} POST {url} {post!r}")


def _invullen_formulier(data, velden: Velden) -> dict:
    """The page's fields, mostly filled in with one of its own choices or with junk, plus made-up ones."""
    post = {}
    for veld, waarden in velden.waarden.items():
        keuze = st.one_of(st.sampled_from(sorted(waarden)), id_onzin, onzin) if waarden else onzin
        if data.draw(st.integers(0, 9), label=f"{veld}?"):  # mostly filled in, sometimes left out
            post[veld] = data.draw(st.one_of(keuze, st.lists(keuze, max_size=3)), label=veld)
    for veld in velden.bestanden:
        post[veld] = data.draw(bestand, label=veld)
    post.update(data.draw(st.dictionaries(st.text(min_size=1, max_size=8), onzin, max_size=2), label="extra"))
    return post


@pytest.fixture
def beheerders(actors):
    superuser = get_user_model().objects.create_superuser("hypo.super", "hypo@example.com", "x" * 12)
    return {"beheerder": actors["beheerder"], "superuser": superuser}


LOOKUPS = ["", "exact", "iexact", "regex", "iregex", "contains", "startswith", "in", "range", "isnull", "gt", "gte",
           "lt", "lte", "year", "month", "day", "week_day", "iso_year", "quarter", "hour", "date", "time", "search",
           "year__gt", "unaccent", "len"]


@pytest.mark.parametrize("wie", ["beheerder", "superuser"])
@INSTELLINGEN
@given(data=st.data())
def test_beheer_met_vreemde_filters(wie, data, beheerders, client):
    """The admin takes any lookup on a model's own fields from the querystring."""
    client.force_login(beheerders[wie])
    modellen = sorted(admin.site._registry, key=lambda m: m._meta.label)
    model = data.draw(st.sampled_from(modellen), label="model")
    info = (model._meta.app_label, model._meta.model_name)
    velden = [v.name for v in model._meta.concrete_fields]
    sleutel = st.builds(lambda v, lookup: f"{v}__{lookup}" if lookup else v, st.sampled_from(velden),
                        st.sampled_from(LOOKUPS))
    params = data.draw(st.dictionaries(st.one_of(sleutel, st.sampled_from(["q", "o", "p", "e", "_facets", "all"])),
                                       st.one_of(id_onzin, onzin), min_size=1, max_size=3), label="GET")
    url = reverse("admin:{}_{}_changelist".format(*info))
    pagina = data.draw(st.sampled_from(["lijst", "wijzigen", "toevoegen"]), label="pagina")
    if pagina == "wijzigen":
        object_id = data.draw(st.one_of(st.sampled_from(["1", TE_GROOT, "²", "-1"]), st.text(min_size=1, max_size=8)),
                              label="object_id")
        url += quote(object_id, safe="") + "/change/"
    elif pagina == "toevoegen":  # the add form, filled in with its own choices and junk
        url += "add/"
        if (wie, url) not in _formulieren:
            _formulieren[(wie, url)] = _velden(client, url)
        post = _invullen_formulier(data, _formulieren[(wie, url)])
        _controleer(client.post(url, post), f"{wie} POST {url} {sorted(post)}")
        return
    _controleer(client.get(url, params), f"{wie} GET {url} {params!r}")
