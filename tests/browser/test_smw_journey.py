"""Browser journey of schoolmaatschappelijk werk: the SMW accepts a referral, registers two contacts with time,
closes with outcome and satisfaction; the referrer answers the one satisfaction question; the manager then
finds the day's SMW time and satisfaction in the SMW overview, on screen and in the Excel download, with small
numbers hidden and no student named."""

import re
from datetime import date, datetime

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from aanmelding import services, services_smw
from aanmelding.models import Problematiek, SMWContactsoort, SMWInterventie, SMWTraject
from rapportage.overzichten.smw import MAANDEN
from tests.aanmelding.conftest import VOLLEDIG
from tests.factories import DeelnemerFactory, als

pytestmark = pytest.mark.browser


def test_smw_registreert_en_sluit_af_manager_ziet_tijd_en_tevredenheid(inloggen, actors, nieuwe_deelnemer):
    deelnemer = nieuwe_deelnemer
    mentor = actors["mentor"]
    a = services.aanmelding_aanmaken(deelnemer=deelnemer, door=als(mentor), bestemming="smw",
                                     problematiek=[Problematiek.objects.first()], **VOLLEDIG)
    services.aanmelding_indienen(aanmelding=a, door=als(mentor), versie=a.versie)

    page = inloggen("smw")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Aanmeldingen").click()
    page.get_by_role("region", name="Te beoordelen").get_by_role("link", name=deelnemer.naam).click()
    page.get_by_role("link", name="Beoordelen").click()
    page.get_by_label("Accepteren").check()
    page.get_by_role("button", name="Besluit vastleggen").click()

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="SMW").click()
    expect(page.get_by_role("heading", name="SMW-caseload")).to_be_visible()
    page.get_by_role("link", name=deelnemer.naam).click()
    vandaag = timezone.localdate().strftime("%d-%m-%Y")
    for minuten, soort, verslag in [(45, "Individueel gesprek", "Eerste gesprek: zorgen over geld."),
                                    (20, "Telefonisch", "")]:
        page.get_by_role("link", name="Contact vastleggen").click()
        page.get_by_label("Datum").fill(vandaag)
        page.get_by_label("Duur in minuten").fill(str(minuten))
        page.get_by_label("Soort contact").select_option(label=soort)
        page.get_by_label("Aard van de interventie").select_option(label="Psychosociale begeleiding")
        if verslag:
            page.get_by_label("Kort verslag").fill(verslag)
            page.get_by_label("Vertrouwelijk (alleen SMW)").check()
        page.get_by_role("button", name="Contact vastleggen").click()
        expect(page.get_by_text(f"Contact vastgelegd: {minuten} minuten.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("65 minuten")
    expect(page.locator("main")).to_contain_text("Eerste gesprek: zorgen over geld.")

    page.get_by_role("link", name="Afsluiten").click()
    page.get_by_label("Opgelost").check()
    page.get_by_role("group", name=re.compile("Tevredenheid van de deelnemer")).get_by_label("4").check()
    page.get_by_label("Opmerking van de deelnemer").fill("Fijn dat er iemand meedacht.")
    page.get_by_role("button", name="Afsluiten").click()
    expect(page.get_by_text("Het SMW-traject is afgesloten: opgelost.")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    page = inloggen("mentor")
    page.get_by_role("region", name="Meldingen").get_by_role("link", name=re.compile("SMW-traject")).click()
    page.get_by_label("3").check()
    page.get_by_label("Opmerking").fill("Snel opgepakt.")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", name="Dank u wel")).to_be_visible()

    traject = SMWTraject.objects.get(deelnemer=deelnemer)
    assert (traject.uitkomst, traject.tevredenheid_deelnemer, traject.tevredenheid_aanmelder) == ("opgelost", 4, 3)
    assert sorted(traject.contacten.values_list("minuten", flat=True)) == [20, 45]
    page.get_by_role("button", name="Uitloggen").click()

    # Four more students of the same opleiding walked in today, had one conversation and were closed: with five
    # clients the day's time may be shown, the time of the one phone call (one client) not.
    extra = inloopclienten(actors["smw"], deelnemer, scores=(5, 5, 4, 3))
    manager_ziet_smw_overzicht(inloggen("manager"), deelnemer, [deelnemer, *extra])


def inloopclienten(smw, zoals, scores):
    """Walk-in SMW clients of `zoals`'s opleiding, each with one individual conversation of 30 minutes today,
    closed today as solved with the student's satisfaction score (no referrer to ask)."""
    vandaag = timezone.localdate()
    soort = SMWContactsoort.objects.get(instelling=zoals.instelling, naam="Individueel gesprek")
    aard = SMWInterventie.objects.get(instelling=zoals.instelling, naam="Psychosociale begeleiding")
    uit = []
    for score in scores:
        d = DeelnemerFactory(mentor=zoals.mentor, opleiding=zoals.opleiding)
        t = services_smw.eigen_aanmelding(deelnemer=d, door=als(smw), reden="Komt zelf langs met vragen.")
        services_smw.contact_vastleggen(smw_traject=t, door=als(smw), datum=vandaag, minuten=30, soort=soort,
                                        aard=aard)
        t.refresh_from_db()
        services_smw.smw_afsluiten(smw_traject=t, door=als(smw), versie=t.versie, uitkomst="opgelost",
                                   tevredenheid_deelnemer=score)
        uit.append(d)
    return uit


def manager_ziet_smw_overzicht(page, deelnemer, clienten):
    """The manager narrows the SMW overview to today, the students' locatie and opleiding (so only this
    test's clients count), reads time and satisfaction on screen, downloads the Excel and finds the same."""
    vandaag = timezone.localdate()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapportages").click()
    expect(page.get_by_role("heading", name="Rapportages")).to_be_visible()
    page.get_by_role("link", name="Schoolmaatschappelijk werk").click()
    page.get_by_label("Van", exact=True).fill(vandaag.isoformat())
    page.get_by_label("Tot en met").fill(vandaag.isoformat())
    page.get_by_label("Locatie").select_option(str(deelnemer.locatie_id))
    page.get_by_label("Opleiding").select_option(str(deelnemer.opleiding_id))
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_role("heading", name="Tijd per maand (minuten)")).to_be_visible()

    scherm = schermtabellen(page)
    maand = f"{MAANDEN[vandaag.month - 1]} {vandaag.year}"
    # The day's time: 45 + 20 minutes of the journey and 4 × 30 of the walk-ins, of five clients.
    assert scherm["Tijd per maand (minuten)"] == {"kolommen": [deelnemer.locatie.naam], "rijen": {maand: ["185"]}}
    # The phone call is one client's time: hidden, and the conversations with it, since the total would tell.
    assert scherm["Tijd per soort contact (minuten)"]["rijen"] == {
        "Individueel gesprek": ["x"], "Telefonisch": ["x"], "Totaal": ["185"]}
    assert scherm["Interventies naar aard"]["rijen"] == {"Psychosociale begeleiding": ["5", "6"]}
    # Satisfaction: five students answered (4, 5, 5, 4, 3), one referrer (3): that one only as "<5".
    assert scherm["Tevredenheid SMW: gemiddelde"]["rijen"] == {"Deelnemer": ["5", "4,2"], "Aanmelder": ["<5", ""]}
    verdeling = [w for rij in scherm["Tevredenheid SMW: verdeling"]["rijen"].values() for w in rij]
    assert "<5" in verdeling and not {"1", "2", "3", "4"} & set(verdeling)
    tekst = page.locator("main").inner_text()
    for d in clienten:
        assert d.naam not in tekst and d.achternaam not in tekst and d.studentnummer not in tekst

    # The export runs as a background task (immediate in the tests): its page offers the file.
    page.get_by_role("button", name="Download Excel").click()
    with page.expect_download() as wachten:
        page.get_by_role("link", name=re.compile(r"^Download smw_.*\.xlsx$")).click()
    download = wachten.value
    assert download.suggested_filename == f"smw_{vandaag:%Y%m%d}-{vandaag:%Y%m%d}.xlsx"
    with open(download.path(), "rb") as bestand:  # Playwright's file has no extension
        wb = load_workbook(bestand)
    voorblad = {r[0]: r[1] for r in wb["Voorblad"].iter_rows(values_only=True) if r and r[0]}
    assert voorblad["Periode"] == f"{vandaag:%d-%m-%Y} t/m {vandaag:%d-%m-%Y}"
    assert voorblad["Opleiding"] == str(deelnemer.opleiding)
    # One sheet per table, in the screen's order (sheet names are shortened), with the same figures and markers.
    bladen = wb.worksheets[1:]
    assert len(bladen) == len(scherm)
    excel = {}
    for ws, titel in zip(bladen, scherm, strict=True):
        assert ws.title == re.sub(r"[\[\]:*?/\\]", " ", titel).strip()[:28], titel
        excel[titel] = exceltabel(ws)
        assert als_tekst(excel[titel]) == scherm[titel], titel
    # Typed: minutes and counts are numbers, the mean a decimal number, a hidden cell the text "<5" or "x".
    assert excel["Tijd per maand (minuten)"]["rijen"][maand] == [185]
    assert excel["Tijd per soort contact (minuten)"]["rijen"]["Telefonisch"] == ["x"]
    assert excel["Tevredenheid SMW: gemiddelde"]["rijen"] == {"Deelnemer": [5, 4.2], "Aanmelder": ["<5", None]}
    cellen = [str(c) for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for c in r if c is not None]
    for d in clienten:
        assert not [c for c in cellen if d.achternaam in c or d.studentnummer in c]


TABEL_JS = """secties => secties.map(s => ({
    titel: s.querySelector("h2").textContent.trim(),
    kolommen: [...s.querySelectorAll("thead th")].slice(1).map(th => th.textContent.trim()),
    rijen: [...s.querySelectorAll("tbody tr")].filter(tr => tr.querySelector("th")).map(tr => [
        tr.querySelector("th").textContent.trim(), [...tr.querySelectorAll("td")].map(td => td.textContent.trim())]),
}))"""


def schermtabellen(page) -> dict:
    """{titel: {"kolommen": [...], "rijen": {label: [cell texts]}}} of every table on the overview page."""
    return {t["titel"]: {"kolommen": t["kolommen"], "rijen": dict(t["rijen"])}
            for t in page.locator("section.rapport-tabel").evaluate_all(TABEL_JS)}


def exceltabel(ws) -> dict:
    """The same from one sheet: its first row the headings, then the rows up to the blank line before the note."""
    kop, *rest = ws.iter_rows(values_only=True)
    rijen = {}
    for r in rest:
        if all(c is None for c in r):
            break
        rijen[r[0]] = list(r[1:])
    return {"kolommen": list(kop[1:]), "rijen": rijen}


def als_tekst(tabel) -> dict:
    """Excel values as the screen shows them (Dutch decimal comma, empty for None)."""
    def tekst(w):
        if w is None:
            return ""
        if isinstance(w, float):
            return f"{w:g}".replace(".", ",")
        if isinstance(w, datetime | date):
            return f"{w:%d-%m-%Y}"
        return str(w)

    return {"kolommen": [tekst(k) for k in tabel["kolommen"]],
            "rijen": {tekst(label): [tekst(w) for w in rij] for label, rij in tabel["rijen"].items()}}
