"""WCAG 2.1 AA checks with axe-core (vendored, MPL 2.0) on the main pages of every role. They only read:
the demo's first student of the mentor, with entries in every layer and an open traject."""

from pathlib import Path

import pytest

from deelnemers.models import Deelnemer, DossierItem

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
REGELS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def schendingen(page):
    page.evaluate(AXE)
    resultaat = page.evaluate("opties => axe.run(document, opties)", REGELS)
    assert resultaat["passes"], "axe-core heeft niets gecontroleerd"
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in resultaat["violations"]]


@pytest.fixture
def pagina_s():
    d = Deelnemer.objects.filter(mentor__username="mentor").order_by("studentnummer").first()
    item = DossierItem.objects.filter(deelnemer=d, soort="gespreksverslag").first()
    return {
        "mentor": ["/", "/deelnemers/", f"/deelnemers/{d.pk}/", f"/deelnemers/{d.pk}/nieuw/",
                   f"/deelnemers/{d.pk}/items/{item.pk}/", f"/deelnemers/{d.pk}/aanmelden/", "/aanmeldingen/",
                   f"/deelnemers/{d.pk}/werkaantekeningen/"],
        "zorgcoordinator": ["/", "/deelnemers/", f"/deelnemers/{d.pk}/", f"/deelnemers/{d.pk}/zorgtraject/",
                            f"/deelnemers/{d.pk}/zorgtraject/afschalen/", f"/deelnemers/{d.pk}/toestemming/",
                            f"/deelnemers/{d.pk}/toegangslog/"],
        "taakdocent": ["/aanmeldingen/"],
        "docent": [f"/deelnemers/{d.pk}/signaal/"],
        "beheerder": ["/deelnemers/importeren/"],
        "partner": ["/deelnemers/", f"/deelnemers/{d.pk}/"],  # the invited student: Zorgstatus and basic data
    }


def test_inlogpagina_is_toegankelijk(page, live_server):
    page.goto(f"{live_server.url}/login/")
    assert schendingen(page) == []


@pytest.mark.parametrize("rol", ["mentor", "zorgcoordinator", "taakdocent", "docent", "beheerder", "partner"])
def test_hoofdpaginas_zijn_toegankelijk(rol, inloggen, live_server, pagina_s):
    page = inloggen(rol)
    gevonden = []
    for pad in pagina_s[rol]:
        antwoord = page.goto(live_server.url + pad)
        assert antwoord.status == 200, f"{pad}: {antwoord.status}"  # a 404 page would pass axe as well
        gevonden += [f"{pad}: {s}" for s in schendingen(page)]
    assert gevonden == []


def test_axe_vindt_een_invoerveld_zonder_label(page, live_server):
    """The check itself works: a field without a label is reported."""
    page.goto(f"{live_server.url}/login/")
    page.evaluate("document.querySelector('label[for=id_username]').remove()")
    assert any(s.startswith("label") for s in schendingen(page))
