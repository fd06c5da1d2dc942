"""Who sees an IZ or ZAT meeting of the demo school and who edits its agenda, per demo role."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from privacy import policy
from privacy.models import Toegangslog
from tests.conftest import ROLLEN
from tests.factories import AgendapuntFactory, OverlegFactory
from zorgstructuur.models import Team

ZIET_IZ_GOUDA = {"taakdocent", "zorgcoordinator", "smw", "specialist"}
ZIET_ZAT = {"zorgcoordinator", "smw"}  # the partner's op-afroep membership shows no meeting


@pytest.fixture
def iz_gouda(db):
    return OverlegFactory(team=Team.objects.get(naam="Intern zorgteam Gouda"))


@pytest.fixture
def zat(db):
    return OverlegFactory(team=Team.objects.get(naam="ZAT ROC Groene Hart"))


@pytest.mark.parametrize("rol", ROLLEN)
def test_wie_ziet_welk_overleg(actors, iz_gouda, zat, rol):
    user = actors[rol]
    zichtbaar = set(policy.overleggen_voor(user).filter(pk__in=[iz_gouda.pk, zat.pk]).values_list("pk", flat=True))
    assert (iz_gouda.pk in zichtbaar) == (rol in ZIET_IZ_GOUDA)
    assert (zat.pk in zichtbaar) == (rol in ZIET_ZAT)
    assert policy.mag_overleg_zien(user, iz_gouda) == (rol in ZIET_IZ_GOUDA)


@pytest.mark.parametrize("rol", ROLLEN)
def test_alleen_de_zorgcoordinator_of_de_voorzitter_bewerkt_de_agenda(actors, iz_gouda, zat, rol):
    assert policy.mag_agenda_bewerken(actors[rol], iz_gouda) == (rol == "zorgcoordinator")
    assert policy.mag_agenda_bewerken(actors[rol], zat) == (rol == "zorgcoordinator")
    iz_gouda.voorzitter = actors["smw"]
    assert policy.mag_agenda_bewerken(actors[rol], iz_gouda) == (rol in {"zorgcoordinator", "smw"})


def test_notulist_legt_vast_maar_bewerkt_de_agenda_niet(actors, iz_gouda):
    iz_gouda.notulist = actors["specialist"]
    assert policy.mag_agendapunt_vastleggen(actors["specialist"], iz_gouda)
    assert not policy.mag_agenda_bewerken(actors["specialist"], iz_gouda)


def test_partner_ziet_nog_geen_agendapunten(actors, zat, eigen_deelnemer):
    AgendapuntFactory(overleg=zat, deelnemer=eigen_deelnemer)
    assert not policy.agendapunten_voor(actors["partner"], zat).exists()
    assert policy.agendapunten_voor(actors["smw"], zat).count() == 1


def test_mentor_krijgt_404_en_de_weigering_wordt_gelogd(actors, iz_gouda):
    request = RequestFactory().get("/")
    request.user = actors["mentor"]
    with pytest.raises(Http404):
        policy.overleg_of_404(request, iz_gouda.pk)
    assert Toegangslog.objects.filter(gebruiker_id=actors["mentor"].pk, object_type="overleg",
                                      object_id=str(iz_gouda.pk), uitkomst=Toegangslog.Uitkomst.GEWEIGERD).exists()
    request.user = actors["zorgcoordinator"]
    assert policy.overleg_of_404(request, iz_gouda.pk) == iz_gouda


@pytest.mark.parametrize("rol", ROLLEN)
def test_wie_plant_overleggen(actors, rol):
    teams = {t.naam: t for t in Team.objects.filter(
        naam__in=["Intern zorgteam Gouda", "ZAT ROC Groene Hart", "Team Zorg en Welzijn"])}
    assert policy.mag_overleg_plannen(actors[rol], teams["Intern zorgteam Gouda"]) == (rol == "zorgcoordinator")
    assert policy.mag_overleg_plannen(actors[rol], teams["ZAT ROC Groene Hart"]) == (rol == "zorgcoordinator")
    assert policy.mag_overleg_plannen(actors[rol], teams["Team Zorg en Welzijn"]) == (rol == "taakdocent")
