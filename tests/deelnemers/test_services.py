"""The dossier services write their own audit trail: the timeline line and the access-log row, in their
own transaction, whoever calls them (a view, a command, the demo)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from deelnemers import services
from deelnemers.models import DossierItem, Gebeurtenis
from privacy.actor import Actor
from tests.conftest import laatste_logregel, logregels_sinds
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Conflict, Functie

pytestmark = pytest.mark.django_db




@pytest.fixture
def verslag(actors, eigen_deelnemer):
    return DossierItem.objects.filter(deelnemer=eigen_deelnemer, auteur=actors["mentor"],
                                      soort=DossierItem.Soort.GESPREKSVERSLAG).first()


def test_dossieritem_toevoegen_schrijft_tijdlijn_en_logregel(actors, eigen_deelnemer):
    begin = laatste_logregel()
    item = services.dossieritem_toevoegen(
        deelnemer=eigen_deelnemer, door=Actor.systeemactor("test", actors["mentor"]), discipline=Functie.MENTOR,
        soort=DossierItem.Soort.NOTITIE, laag=Laag.BEGELEIDING, titel="Afspraak", tekst="Vertrouwelijk genoeg",
        datum=timezone.localdate() - timedelta(days=2))
    assert (item.auteur, item.history.get().history_user) == (actors["mentor"], actors["mentor"])
    regel = Gebeurtenis.objects.get(object_id=item.pk, deelnemer=eigen_deelnemer)
    assert (regel.soort, regel.omschrijving, regel.laag, regel.actor) == (
        Gebeurtenis.Soort.NOTITIE, "Notitie: Afspraak", Laag.BEGELEIDING, actors["mentor"])
    assert [(r.actie, r.object_type, r.object_id, r.deelnemer_id, r.laag, r.gebruikersnaam, r.rol)
            for r in logregels_sinds(begin)] == [
        ("aanmaken", "dossieritem", str(item.pk), eigen_deelnemer.pk, Laag.BEGELEIDING, "mentor", "systeem (test)")]
    assert "Vertrouwelijk" not in logregels_sinds(begin)[0].omschrijving  # that data changed, not the data


def test_dossieritem_wijzigen_schrijft_zelf_zijn_logregel(actors, verslag):
    begin = laatste_logregel()
    gewijzigd = services.dossieritem_wijzigen(item=verslag, door=Actor.systeemactor("test", actors["mentor"]),
                                              versie=verslag.versie, titel="Nieuwe titel", laag=Laag.BASIS)
    assert (gewijzigd.titel, gewijzigd.versie) == ("Nieuwe titel", verslag.versie + 1)
    assert [(r.actie, r.uitkomst, r.object_type, r.object_id, r.deelnemer_id, r.laag, r.gebruikersnaam)
            for r in logregels_sinds(begin)] == [
        ("wijzigen", "toegestaan", "dossieritem", str(verslag.pk), verslag.deelnemer_id, Laag.BASIS, "mentor")]
    # The timeline line follows the entry: its title and its layer (which decides who sees it).
    regel = Gebeurtenis.objects.get(object_id=verslag.pk, soort=Gebeurtenis.Soort.GESPREKSVERSLAG)
    assert (regel.omschrijving, regel.laag) == ("Gespreksverslag: Nieuwe titel", Laag.BASIS)
    assert gewijzigd.history.first().history_user == actors["mentor"]


def test_dossieritem_wijzigen_vanaf_een_oude_versie_geeft_conflict_met_wat_er_veranderde(actors, verslag):
    door = Actor.systeemactor("test", actors["mentor"])
    services.dossieritem_wijzigen(item=verslag, door=door, versie=verslag.versie, titel="Eerst")
    begin = laatste_logregel()
    with pytest.raises(Conflict) as fout:
        services.dossieritem_wijzigen(item=verslag, door=door, versie=verslag.versie, titel="Later")
    assert ("Titel", verslag.titel, "Eerst") in fout.value.wijzigingen
    verslag.refresh_from_db()
    assert verslag.titel == "Eerst" and logregels_sinds(begin) == []


def test_alleen_de_auteur_wijzigt_een_dossieritem(actors, verslag):
    begin = laatste_logregel()
    with pytest.raises(ValidationError):
        services.dossieritem_wijzigen(item=verslag, door=Actor.systeemactor("test", actors["zorgcoordinator"]),
                                      versie=verslag.versie, titel="Overschreven")
    verslag.refresh_from_db()
    assert verslag.titel != "Overschreven" and logregels_sinds(begin) == []


def test_auteur_en_discipline_zijn_niet_te_wijzigen(actors, verslag):
    with pytest.raises(TypeError):
        services.dossieritem_wijzigen(item=verslag, door=Actor.systeemactor("test", actors["mentor"]),
                                      versie=verslag.versie, discipline=Functie.SMW)
