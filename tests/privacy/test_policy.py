"""The access policy core: memberships give access, expired grants give none, the log is append-only."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from deelnemers.models import Deelnemer
from privacy import policy
from privacy.models import DeelnemerToegang, Toegangslog
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Functie, Lidmaatschap, Team

pytestmark = pytest.mark.django_db


def nieuwe_gebruiker(naam):
    return get_user_model().objects.create_user(naam, password="x" * 12)


def test_lidmaatschap_als_taakdocent_geeft_toegang_tot_het_team(eigen_deelnemer, vreemde_deelnemer):
    user = nieuwe_gebruiker("nieuwe_taakdocent")
    assert not policy.deelnemers_voor(user).exists()
    team = Team.objects.get(naam="Team Zorg en Welzijn")
    Lidmaatschap.objects.create(team=team, gebruiker=user, functie=Functie.TAAKDOCENT)
    user = get_user_model().objects.get(pk=user.pk)  # fresh profiel
    zichtbaar = policy.deelnemers_voor(user)
    assert zichtbaar.filter(pk=eigen_deelnemer.pk).exists()
    assert not zichtbaar.filter(pk=vreemde_deelnemer.pk).exists()
    assert policy.inzage(user, eigen_deelnemer).lagen == {Laag.BASIS, Laag.BEGELEIDING, Laag.ZORG}


def test_beeindigd_lidmaatschap_geeft_geen_toegang(eigen_deelnemer):
    user = nieuwe_gebruiker("oud_lid")
    Lidmaatschap.objects.create(team=Team.objects.get(naam="Team Zorg en Welzijn"), gebruiker=user,
                                functie=Functie.TAAKDOCENT, begin=timezone.localdate() - timedelta(days=100),
                                einde=timezone.localdate() - timedelta(days=1))
    assert not policy.deelnemers_voor(user).exists()
    assert not policy.inzage(user, eigen_deelnemer)


def test_verlopen_guardian_toegang_geeft_niets(eigen_deelnemer, actors):
    specialist = actors["specialist"]
    permission = Permission.objects.get(codename="dossier_zorg")
    toegang = DeelnemerToegang.objects.create(
        user=specialist, permission=permission, content_object=eigen_deelnemer,
        geldig_tot=timezone.localdate(), reden="test")
    assert policy.deelnemers_voor(specialist).filter(pk=eigen_deelnemer.pk).exists()
    assert Laag.ZORG in policy.inzage(specialist, eigen_deelnemer).lagen

    toegang.geldig_tot = timezone.localdate() - timedelta(days=1)
    toegang.save()
    specialist = get_user_model().objects.get(pk=specialist.pk)
    assert not policy.deelnemers_voor(specialist).filter(pk=eigen_deelnemer.pk).exists()
    assert not policy.inzage(specialist, eigen_deelnemer)


def test_partner_ziet_alleen_zat_laag_van_uitgenodigde_casus(actors, eigen_deelnemer):
    inz = policy.inzage(actors["partner"], eigen_deelnemer)
    assert inz.lagen == {Laag.BASIS, Laag.ZAT}
    assert policy.deelnemers_voor(actors["partner"]).count() == 1  # the expired demo grant counts for nothing


def test_management_en_beheer_zien_geen_deelnemers(actors, eigen_deelnemer):
    for rol in ("manager", "beheerder"):
        assert not policy.deelnemers_voor(actors[rol]).exists()
        assert not policy.inzage(actors[rol], eigen_deelnemer)


def test_mentor_ziet_alleen_eigen_deelnemers(actors):
    mentor = actors["mentor"]
    zichtbaar = policy.deelnemers_voor(mentor)
    assert zichtbaar.count() == 20
    assert not zichtbaar.exclude(mentor=mentor).exists()


def _log():
    return Toegangslog.objects.create(actie="inzien", gebruikersnaam="test", deelnemer_id=1)


def test_toegangslog_weigert_wijzigen_en_verwijderen_in_python():
    regel = _log()
    regel.omschrijving = "vervalst"
    with pytest.raises(PermissionError):
        regel.save()
    with pytest.raises(PermissionError):
        regel.delete()


def test_toegangslog_weigert_update_en_delete_in_de_database():
    regel = _log()
    with pytest.raises(DatabaseError), transaction.atomic():
        Toegangslog.objects.filter(pk=regel.pk).update(omschrijving="vervalst")
    with pytest.raises(DatabaseError), transaction.atomic():
        Toegangslog.objects.filter(pk=regel.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_toegangslog")
    assert Toegangslog.objects.filter(pk=regel.pk, omschrijving="").exists()


def test_toegangslog_is_in_de_admin_alleen_leesbaar(admin_client):
    regel = _log()
    assert admin_client.get(f"/beheer/privacy/toegangslog/{regel.pk}/delete/").status_code == 403
    response = admin_client.post(f"/beheer/privacy/toegangslog/{regel.pk}/change/", {"omschrijving": "x"})
    assert response.status_code == 403
    assert admin_client.get("/beheer/privacy/toegangslog/add/").status_code == 403


def test_partner_verliest_toegang_als_toestemming_wordt_ingetrokken(actors, eigen_deelnemer):
    from aanmelding.models import Toestemming

    partner = actors["partner"]
    assert policy.deelnemers_voor(partner).filter(pk=eigen_deelnemer.pk).exists()
    Toestemming.objects.filter(deelnemer=eigen_deelnemer).update(ingetrokken_op=timezone.localdate())
    partner = get_user_model().objects.get(pk=partner.pk)
    assert not policy.deelnemers_voor(partner).filter(pk=eigen_deelnemer.pk).exists()
    assert not policy.inzage(partner, eigen_deelnemer)


def test_partner_zonder_zijn_organisatie_in_de_toestemming_ziet_niets(actors, eigen_deelnemer):
    from aanmelding.models import Toestemming

    for toestemming in Toestemming.objects.filter(deelnemer=eigen_deelnemer):
        toestemming.partners.clear()
    assert not policy.deelnemers_voor(actors["partner"]).filter(pk=eigen_deelnemer.pk).exists()


def test_toegangslog_neemt_het_adres_van_de_eigen_load_balancer(client, actors, eigen_deelnemer, settings):
    settings.ACHTER_PROXY = True
    client.force_login(actors["mentor"])
    client.get(f"/deelnemers/{eigen_deelnemer.pk}/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert Toegangslog.objects.filter(gebruikersnaam="mentor").first().ip_adres == "203.0.113.7"
    client.get(f"/deelnemers/{eigen_deelnemer.pk}/", HTTP_X_FORWARDED_FOR="onzin")
    assert Toegangslog.objects.filter(gebruikersnaam="mentor").first().ip_adres is None


def test_dossier_opent_voor_precies_wie_de_deelnemer_in_zijn_lijst_heeft(actors):
    """deelnemer_of_404 reads the student by id and lets inzage() decide: a relation (a role in the inzage) for
    exactly the students deelnemers_voor lists, for every demo role: all students with a traject or a grant
    (the relations with single students) and every tenth other one (teams and locaties)."""
    bijzonder = Q(zorgtrajecten__isnull=False) | Q(toegangen__isnull=False)
    steekproef = list(Deelnemer.objects.filter(bijzonder).distinct()) + list(Deelnemer.objects.order_by("pk")[::10])
    for user in actors.values():
        zichtbaar = set(policy.deelnemers_voor(user).filter(pk__in=[d.pk for d in steekproef])
                        .values_list("pk", flat=True))
        met_relatie = {d.pk for d in steekproef if policy.inzage(user, d).rollen}
        assert met_relatie == zichtbaar, user.username
