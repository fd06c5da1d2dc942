"""The demo's meetings (issue 10 point 12), read as the users would meet them: through the selectors and the
access policy, on the demo the session loaded (tests/conftest.py). No counts copied from the output: each
test asks for a state and finds at least one case in it."""


import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from deelnemers.models import DossierItem
from overleg import selectors
from overleg.models import Actie, Agendapunt, Overleg, Uitnodiging
from privacy import policy
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Team

pytestmark = pytest.mark.django_db
R = Agendapunt.Reden


def _team(naam):
    return Team.objects.get(naam=naam)


def _volgend(naam):
    return Overleg.objects.filter(team=_team(naam), status=Overleg.Status.GEPLAND,
                                  datum__gte=timezone.localdate()).order_by("datum", "begintijd").first()


@pytest.fixture
def volgend_iz(db):
    return _volgend("Intern zorgteam Gouda")


@pytest.fixture
def volgend_zat(db):
    return _volgend("ZAT ROC Groene Hart")


@pytest.fixture
def gehouden_iz(db):
    """The IZ held about three weeks ago (the last one held)."""
    return Overleg.objects.filter(team=_team("Intern zorgteam Gouda"), status=Overleg.Status.GEHOUDEN).order_by(
        "-datum").first()


def _redenen(overleg):
    """{reason: [(student, Kandidaat or Agendapunt)]} over the agenda and the candidates."""
    uit = {}
    for punt in selectors.agenda(overleg):
        uit.setdefault(punt.reden, []).append(("agenda", punt))
    for kandidaat in selectors.kandidaten(overleg):
        for reden in kandidaat.redenen:
            uit.setdefault(reden, []).append(("kandidaat", kandidaat))
    return uit


def test_er_is_een_reeks_van_het_intern_zorgteam_en_het_volgende_overleg_hoort_erbij(volgend_iz):
    reeks = volgend_iz.reeks
    assert reeks is not None and reeks.overleggen.count() > 1
    data = list(reeks.overleggen.order_by("datum").values_list("datum", flat=True))
    assert {(b - a).days for a, b in zip(data, data[1:], strict=False)} == {7 * reeks.interval_weken}


def test_gehouden_iz_van_ongeveer_drie_weken_terug_met_verslag_plan_en_advies(gehouden_iz, actors):
    vandaag = timezone.localdate()
    assert 14 <= (vandaag - gehouden_iz.datum).days <= 28
    besproken = [p for p in selectors.agenda(gehouden_iz) if p.besproken]
    assert besproken and all(p.analyse and p.besluit and p.volgende_evaluatie > gehouden_iz.datum
                             for p in besproken)
    met_advies = [p for p in besproken if p.handelingsadvies]
    assert met_advies and all(p.advies_item.laag == Laag.BASIS for p in met_advies)
    assert {p.niveaubesluit for p in besproken} == {Agendapunt.Niveaubesluit.BLIJFT}
    acties = [a for p in besproken for a in p.acties.all()]
    open_ = [a for a in acties if a.status == Actie.Status.OPEN]
    assert any(a.deadline < vandaag for a in open_), "some actions are overdue"
    assert any(a.deadline >= vandaag for a in open_), "and some are not"
    assert any(a.status == Actie.Status.GEDAAN for a in acties)
    assert actors["taakdocent"].pk in {a.eigenaar_id for a in open_}


def test_volgend_iz_heeft_elke_kandidaatstaat_op_de_agenda_of_als_kandidaat(volgend_iz):
    redenen = _redenen(volgend_iz)
    assert {R.AANMELDING, R.EVALUATIE, R.DOORGESCHOVEN} <= set(redenen)
    # Some on the agenda, some left as candidates.
    assert ("agenda", R.AANMELDING) in {(waar, r) for r, rijen in redenen.items() for waar, _ in rijen}
    assert any(waar == "kandidaat" for waar, _ in redenen[R.AANMELDING])
    kandidaten = selectors.kandidaten(volgend_iz)
    assert any(k.reden == R.EVALUATIE and k.te_laat for k in kandidaten), "an overdue evaluation, flagged"
    assert any(k.reden == R.DOORGESCHOVEN and k.vorig_agendapunt.overleg.status == Overleg.Status.GEHOUDEN
               for k in kandidaten)


def test_een_evaluatie_valt_op_het_volgende_iz_en_staat_op_de_agenda(volgend_iz):
    punt = next(p for p in selectors.agenda(volgend_iz) if p.reden == R.EVALUATIE)
    vorige = Agendapunt.objects.filter(deelnemer=punt.deelnemer, besproken=True).order_by("-overleg__datum").first()
    assert timezone.localdate() <= vorige.volgende_evaluatie <= volgend_iz.datum  # due, not overdue


def test_volgend_zat_heeft_crisis_nazorg_en_een_anoniem_punt(volgend_zat):
    redenen = _redenen(volgend_zat)
    assert {R.CRISIS, R.NAZORG, R.AANMELDING} <= set(redenen)
    assert any(p.anoniem for p in selectors.agenda(volgend_zat))
    nazorg = next(k for k in selectors.kandidaten(volgend_zat) if k.reden == R.NAZORG)
    assert nazorg.vervaldatum <= volgend_zat.datum


def test_partner_is_uitgenodigd_met_geldige_toestemming_en_ziet_alleen_dat_punt(volgend_zat, actors):
    partner = actors["partner"]
    zichtbaar = list(policy.agendapunten_voor(partner, volgend_zat))
    assert len(zichtbaar) == 1 and not zichtbaar[0].anoniem and zichtbaar[0].zs_extern
    uitnodiging = Uitnodiging.objects.get(agendapunt=zichtbaar[0], partner=partner)
    assert uitnodiging.organisatie.naam == "GGZ Midden-Holland"
    assert uitnodiging in policy.geldige_uitnodigingen(partner)  # end date and consent naming GGZ
    # The other items of that ZAT do not exist for the partner.
    anders = [p.pk for p in selectors.agenda(volgend_zat) if p.pk != zichtbaar[0].pk]
    assert anders and not policy.agendapunten_zichtbaar(partner).filter(pk__in=anders).exists()


def test_er_is_een_verlopen_uitnodiging_die_niets_meer_opent(actors):
    partner = actors["partner"]
    verlopen = Uitnodiging.objects.filter(partner=partner, geldig_tot__lt=timezone.localdate()).select_related(
        "agendapunt__overleg")
    assert verlopen.exists()
    for uitnodiging in verlopen:
        assert uitnodiging not in policy.geldige_uitnodigingen(partner)
        assert not policy.overleggen_voor(partner).filter(pk=uitnodiging.agendapunt.overleg_id).exists()


def test_mentor_ziet_het_handelingsadvies_in_het_dossier(gehouden_iz, actors, client_als):
    punt = next(p for p in selectors.agenda(gehouden_iz)
                if p.handelingsadvies and p.deelnemer.mentor_id == actors["mentor"].pk)
    client = client_als(actors["mentor"])
    pagina = client.get(reverse("deelnemers:dossier", args=[punt.deelnemer.pk])).content.decode()
    assert DossierItem.objects.get(pk=punt.advies_item_id).titel in pagina
    assert not policy.overleggen_voor(actors["mentor"]).exists()  # the advice, not the meeting


def test_eigenaar_ziet_de_actie_ook_als_die_te_laat_is(actors):
    taakdocent = actors["taakdocent"]
    eigen = policy.acties_voor(taakdocent).filter(eigenaar=taakdocent, status=Actie.Status.OPEN)
    assert eigen.filter(deadline__lt=timezone.localdate()).exists()


def test_demo_nog_eens_draaien_verandert_niets():
    voor = (Overleg.objects.count(), Agendapunt.objects.count(), Actie.objects.count(), Uitnodiging.objects.count())
    call_command("demo", force=True, verbosity=0)
    assert (Overleg.objects.count(), Agendapunt.objects.count(), Actie.objects.count(),
            Uitnodiging.objects.count()) == voor


def test_geen_overleg_van_de_demo_ligt_in_een_onmogelijke_volgorde():
    """Items were put on the agenda before their meeting, actions are due after it."""
    for punt in Agendapunt.objects.select_related("overleg"):
        if punt.volgende_evaluatie:
            assert punt.volgende_evaluatie > punt.overleg.datum
    for actie in Actie.objects.select_related("agendapunt__overleg"):
        assert actie.deadline >= actie.agendapunt.overleg.datum
        assert actie.afgerond_op is None or actie.afgerond_op >= actie.agendapunt.overleg.datum
    assert not Overleg.objects.filter(status=Overleg.Status.GEHOUDEN, datum__gt=timezone.localdate()).exists()
    assert not Overleg.objects.filter(status=Overleg.Status.GEPLAND,
                                      datum__lt=timezone.localdate()).exists()
