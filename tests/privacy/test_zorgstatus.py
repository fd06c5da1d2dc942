"""What each role may learn of where a case stands, and which basic data an external partner sees
(privacy.policy.zorgstatus)."""

import pytest

from aanmelding.models import Toestemming
from privacy import policy
from privacy.policy.zorgstatus import (
    ALLE_BASISGEGEVENS,
    PARTNER_BASISGEGEVENS,
    door_toestemming_genoemd,
    zorglaag_q,
)
from tests.conftest import ROLLEN
from tests.factories import als
from zorgstructuur import services as zorgtraject
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Zorgniveau

pytestmark = pytest.mark.django_db
F = policy.Statusfeit


@pytest.mark.parametrize("rol, feiten", [
    ("mentor", {F.EIGEN_AANMELDINGEN}),  # no zorg layer: only what their own aanmeldingen led to
    ("docent", set()),  # only the basis layer: nothing of the care status
    ("taakdocent", {F.TRAJECT, F.EIGEN_AANMELDINGEN}),
    ("zorgcoordinator", {F.TRAJECT, F.EIGEN_AANMELDINGEN}),
    ("smw", {F.TRAJECT, F.EIGEN_AANMELDINGEN}),  # internal member of the ZAT that has the case
    ("partner", {F.ZAT_UITNODIGING}),  # invited: the question, the consent, the end of their access
    ("manager", set()),
    ("beheerder", set()),
])
def test_welke_statusfeiten_elke_rol_ziet(rol, feiten, actors, eigen_deelnemer):
    inz = policy.inzage(actors[rol], eigen_deelnemer)
    assert policy.zorgstatus_zicht(actors[rol], inz) == feiten


def test_mentor_die_casemanager_is_ziet_het_traject(actors, nieuwe_deelnemer):
    basis = Zorgniveau.objects.get(instelling=nieuwe_deelnemer.instelling, soort="basis")
    zorgtraject.traject_starten(deelnemer=nieuwe_deelnemer, door=als(actors["taakdocent"]), niveau=basis,
                                casemanager=actors["mentor"], reden="Teamoverleg")
    inz = policy.inzage(actors["mentor"], nieuwe_deelnemer)
    assert F.TRAJECT in policy.zorgstatus_zicht(actors["mentor"], inz)


@pytest.mark.parametrize("rol", ROLLEN)
def test_zorglaag_in_de_lijst_volgt_dezelfde_regel_als_het_dossier(rol, actors):
    """The list's column (one query) and the dossier (inzage per student) give the zorg layer to the same
    students."""
    user = actors[rol]
    zichtbaar = list(policy.deelnemers_voor(user).select_related("opleiding", "locatie", "mentor"))
    per_dossier = {d.pk for d in zichtbaar if Laag.ZORG in policy.inzage(user, d).lagen}
    in_lijst = set(policy.deelnemers_voor(user).filter(zorglaag_q(user)).values_list("pk", flat=True))
    assert in_lijst == per_dossier


@pytest.mark.parametrize("rol, zichtbaar", [
    ("mentor", True), ("taakdocent", True), ("zorgcoordinator", True), ("smw", True), ("partner", True),
    ("docent", False), ("manager", False), ("beheerder", False),
])
def test_wie_de_zorgstatuskolom_krijgt(rol, zichtbaar, actors):
    assert policy.toont_zorgstatus(actors[rol]) is zichtbaar


def test_partner_ziet_een_vaste_kleine_set_basisgegevens_plus_wat_de_toestemming_noemt(actors, eigen_deelnemer):
    partner = actors["partner"]
    inz = policy.inzage(partner, eigen_deelnemer)
    toestemming = policy.partner_toestemmingen(partner, eigen_deelnemer).first()
    toestemming.informatie = "De uitkomsten van het intern zorgteam."
    assert policy.basisgegevens(partner, inz, toestemming) == PARTNER_BASISGEGEVENS == {"leeftijd", "opleiding",
                                                                                        "niveau"}
    toestemming.informatie = "Schoolgegevens, verzuim en de uitkomsten van het intern zorgteam."
    assert policy.basisgegevens(partner, inz, toestemming) == PARTNER_BASISGEGEVENS | {"verzuim"}
    assert policy.basisgegevens(partner, inz, None) == PARTNER_BASISGEGEVENS
    assert policy.lijstgegevens(partner) == PARTNER_BASISGEGEVENS


@pytest.mark.parametrize("rol", ["mentor", "docent", "taakdocent", "zorgcoordinator", "smw"])
def test_werkrelatie_ziet_alle_basisgegevens(rol, actors, eigen_deelnemer):
    inz = policy.inzage(actors[rol], eigen_deelnemer)
    assert policy.basisgegevens(actors[rol], inz) == ALLE_BASISGEGEVENS
    assert policy.lijstgegevens(actors[rol]) == ALLE_BASISGEGEVENS


@pytest.mark.parametrize("tekst, velden", [
    ("NAW-gegevens en verzuim", {"adres", "verzuim"}),
    ("Adres, woonsituatie en vooropleiding", {"adres", "woonsituatie", "vooropleiding"}),
    ("Schoolgegevens en de uitkomsten van het IZ", set()),
    ("Alles behalve het adres", set()),  # a text that excludes something opens nothing extra
    ("Geen verzuimgegevens", set()),
    ("", set()),
])
def test_toestemmingstekst_opent_alleen_wat_zij_noemt(tekst, velden):
    assert door_toestemming_genoemd(tekst) == velden


def test_partner_toestemming_moet_de_eigen_organisatie_noemen(actors, eigen_deelnemer):
    partner = actors["partner"]
    assert policy.partner_toestemmingen(partner, eigen_deelnemer).exists()
    for t in Toestemming.objects.filter(deelnemer=eigen_deelnemer):
        t.partners.clear()
    assert not policy.partner_toestemmingen(partner, eigen_deelnemer).exists()
