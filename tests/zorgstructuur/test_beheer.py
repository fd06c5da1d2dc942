"""The admin (/beheer/) is no way into the dossiers (DESIGN §5, issue 7 §1).

Each way in is tried as the demo beheerder, with the HTTP requests the admin's own forms send:
their own access cannot widen, they set no one's password, deleting shows no dossier objects,
people who leave are deactivated (and logged out at once), and membership changes reach the access log.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.utils import timezone

from aanmelding.models import Toestemming
from deelnemers.models import Deelnemer, DossierItem
from privacy.models import Toegangslog
from zorgstructuur.beheer import BeheerAdmin, controleer_admins, neem_over
from zorgstructuur.models import Functie, Lidmaatschap, Locatie, Partnerorganisatie, Team

User = get_user_model()
pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(actors, client):
    client.force_login(actors["beheerder"])
    return client


def iz_gouda():
    return Team.objects.get(naam="Intern zorgteam Gouda")


def lidmaatschap_data(gebruiker, team, functie=Functie.ZORGCOORDINATOR, **extra):
    return {"gebruiker": gebruiker.pk, "team": team.pk, "functie": functie, "organisatie": "",
            "begin": timezone.localdate().isoformat(), "einde": "", **extra}


def team_data(team, nieuw=(), wijzig=None, verwijder=()):
    """The change form of a team as the browser sends it: the team's fields and every membership row.
    `wijzig` {membership pk: {field: value}}; `verwijder` membership pks ticked for deletion."""
    wijzig = wijzig or {}
    data = {"naam": team.naam, "soort": team.soort, "instelling": team.instelling_id,
            "locaties": [loc.pk for loc in team.locaties.all()], "opleidingen": [o.pk for o in team.opleidingen.all()]}
    leden = list(team.lidmaatschappen.order_by("pk"))
    rijen = [{"id": lid.pk, **lidmaatschap_data(lid.gebruiker, team, lid.functie, begin=lid.begin.isoformat(),
                                                  einde=lid.einde.isoformat() if lid.einde else ""),
              **({"op_afroep": "on"} if lid.op_afroep else {}), **wijzig.get(lid.pk, {}),
              **({"DELETE": "on"} if lid.pk in verwijder else {})} for lid in leden]
    rijen += [lidmaatschap_data(gebruiker, team, functie) for gebruiker, functie in nieuw]
    for i, rij in enumerate(rijen):
        data.update({f"lidmaatschappen-{i}-{veld}": waarde for veld, waarde in rij.items()})
    data.update({"lidmaatschappen-TOTAL_FORMS": len(rijen), "lidmaatschappen-INITIAL_FORMS": len(leden),
                 "lidmaatschappen-MIN_NUM_FORMS": 0, "lidmaatschappen-MAX_NUM_FORMS": 1000})
    return data


def account_data(user, **extra):
    """The fields of the account change form that a beheerder may edit on their own account (on someone
    else's also is_active and is_staff: pass is_active="on" to keep it)."""
    return {"username": user.username, "first_name": user.first_name, "last_name": user.last_name, **extra}


def dossiernamen(deelnemers):
    """What must never appear in the admin: students' names and numbers, titles of their dossier entries."""
    deelnemers = list(deelnemers)
    assert deelnemers
    titels = DossierItem.objects.filter(deelnemer__in=deelnemers).values_list("titel", flat=True)
    return ({d.studentnummer for d in deelnemers} | {f"{d.voornaam} {d.achternaam}" for d in deelnemers}
            | {t for t in titels if len(t) > 8})


def zonder_dossiernamen(html, namen):
    gevonden = [naam for naam in namen if naam in html]
    assert gevonden == []


# ---------------------------------------------------------------- no membership for oneself

def test_beheerder_geeft_zichzelf_geen_lidmaatschap(beheerder, actors):
    voor = Lidmaatschap.objects.count()
    response = beheerder.post("/beheer/zorgstructuur/lidmaatschap/add/",
                              lidmaatschap_data(actors["beheerder"], iz_gouda()))
    assert response.status_code == 200
    assert "U kunt uzelf geen lidmaatschap geven" in response.content.decode()
    assert Lidmaatschap.objects.count() == voor


def test_beheerder_geeft_zichzelf_geen_lidmaatschap_via_het_team(beheerder, actors):
    team = iz_gouda()
    voor = Lidmaatschap.objects.count()
    response = beheerder.post(f"/beheer/zorgstructuur/team/{team.pk}/change/",
                              team_data(team, nieuw=[(actors["beheerder"], Functie.ZORGCOORDINATOR)]))
    assert response.status_code == 200
    assert "U kunt uzelf geen lidmaatschap geven" in response.content.decode()
    assert Lidmaatschap.objects.count() == voor
    assert not Lidmaatschap.objects.filter(gebruiker=actors["beheerder"], team=team).exists()


def test_beheerder_wijzigt_het_eigen_lidmaatschap_niet(beheerder, actors):
    eigen = Lidmaatschap.objects.get(gebruiker=actors["beheerder"])
    response = beheerder.post(f"/beheer/zorgstructuur/lidmaatschap/{eigen.pk}/change/",
                              lidmaatschap_data(actors["beheerder"], iz_gouda()))
    assert response.status_code == 403
    # ... nor in the team's inline, nor by removing it there
    team = eigen.team
    response = beheerder.post(f"/beheer/zorgstructuur/team/{team.pk}/change/",
                              team_data(team, wijzig={eigen.pk: {"functie": Functie.ZORGCOORDINATOR}}))
    assert "U kunt uw eigen lidmaatschap niet wijzigen" in response.content.decode()
    response = beheerder.post(f"/beheer/zorgstructuur/team/{team.pk}/change/", team_data(team, verwijder=[eigen.pk]))
    assert "U kunt uw eigen lidmaatschap niet verwijderen" in response.content.decode()
    assert beheerder.get(f"/beheer/zorgstructuur/lidmaatschap/{eigen.pk}/delete/").status_code == 403
    eigen.refresh_from_db()
    assert (eigen.functie, eigen.team, eigen.einde) == (Functie.BEHEERDER, team, None)


def test_beheerder_zet_het_lidmaatschap_van_een_ander_niet_op_eigen_naam(beheerder, actors):
    lid = Lidmaatschap.objects.get(gebruiker=actors["zorgcoordinator"], team=iz_gouda())
    response = beheerder.post(f"/beheer/zorgstructuur/lidmaatschap/{lid.pk}/change/",
                              lidmaatschap_data(actors["beheerder"], lid.team, lid.functie,
                                                begin=lid.begin.isoformat()))
    assert "U kunt uzelf geen lidmaatschap geven" in response.content.decode()
    lid.refresh_from_db()
    assert lid.gebruiker == actors["zorgcoordinator"]


def test_beheerder_verbreedt_het_eigen_team_niet(beheerder, actors):
    team = Lidmaatschap.objects.get(gebruiker=actors["beheerder"]).team
    data = team_data(team)
    data.update(soort=Team.Soort.INTERN_ZORGTEAM, locaties=list(Locatie.objects.values_list("pk", flat=True)))
    response = beheerder.post(f"/beheer/zorgstructuur/team/{team.pk}/change/", data)
    assert "U bent zelf lid van dit team" in response.content.decode()
    team.refresh_from_db()
    assert team.soort == Team.Soort.ORGANISATIE and not team.locaties.exists()


def test_superuser_mag_wel_een_eigen_lidmaatschap_geven(admin_client, admin_user):
    response = admin_client.post("/beheer/zorgstructuur/lidmaatschap/add/", lidmaatschap_data(admin_user, iz_gouda()))
    assert response.status_code == 302
    assert Lidmaatschap.objects.filter(gebruiker=admin_user, functie=Functie.ZORGCOORDINATOR).exists()


# ---------------------------------------------------------------- no flags, groups or rights for oneself

@pytest.mark.parametrize("veld", [{"is_superuser": "on"}, {"is_staff": "on"}, {"groups": ["GROEP"]},
                                  {"user_permissions": ["RECHT"]}])
def test_beheerder_geeft_het_eigen_account_geen_rechten(beheerder, actors, veld):
    zelf = actors["beheerder"]
    groep = Group.objects.create(name="Alles")
    recht = zelf.user_permissions.model.objects.get(codename="view_toegangslog")
    data = {k: [groep.pk] if v == ["GROEP"] else [recht.pk] if v == ["RECHT"] else v for k, v in veld.items()}
    response = beheerder.post(f"/beheer/auth/user/{zelf.pk}/change/", account_data(zelf, **data))
    assert response.status_code == 200
    assert "U kunt uw eigen account geen beheertoegang, superuserstatus, groepen" in response.content.decode()
    zelf.refresh_from_db()
    assert not zelf.is_superuser
    assert not zelf.groups.filter(pk=groep.pk).exists() and not zelf.user_permissions.exists()
    assert not zelf.has_perm("privacy.view_toegangslog")


def test_beheerder_zet_het_eigen_account_niet_uit_of_de_stafvlag_niet_af(beheerder, actors):
    zelf = actors["beheerder"]
    beheerder.post(f"/beheer/auth/user/{zelf.pk}/change/", {**account_data(zelf), "is_active": ""})
    zelf.refresh_from_db()
    assert zelf.is_active and zelf.is_staff


def test_alleen_een_superuser_geeft_een_ander_groepen_of_superuserstatus(beheerder, actors, admin_client):
    docent, groep = actors["docent"], Group.objects.get(name="Functioneel beheer")
    for data in ({"groups": [groep.pk]}, {"is_superuser": "on"}):
        response = beheerder.post(f"/beheer/auth/user/{docent.pk}/change/",
                                  account_data(docent, is_active="on", **data))
        assert "Alleen een superuser kent superuserstatus, groepen of rechten toe" in response.content.decode()
    docent.refresh_from_db()
    assert not docent.is_superuser and not docent.groups.exists()
    assert beheerder.get("/beheer/auth/group/").status_code == 403
    assert beheerder.get(f"/beheer/auth/group/{groep.pk}/change/").status_code == 403

    # The superuser can; the change of rights lands in the access log.
    response = admin_client.post(f"/beheer/auth/user/{docent.pk}/change/",
                                 account_data(docent, email=docent.email, is_active="on", is_staff="on",
                                              groups=[groep.pk], date_joined_0="01-01-2024",
                                              date_joined_1="08:00:00"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert docent.groups.filter(pk=groep.pk).exists()
    regel = Toegangslog.objects.get(object_type="gebruiker", object_id=str(docent.pk))
    assert regel.gebruikersnaam == "admin" and "groepen: Functioneel beheer" in regel.omschrijving
    assert "beheertoegang (staf) aan" in regel.omschrijving


def test_beheerder_wijzigt_geen_superuseraccount(beheerder, admin_user):
    response = beheerder.post(f"/beheer/auth/user/{admin_user.pk}/change/", account_data(admin_user, is_staff=""))
    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.is_staff


# ---------------------------------------------------------------- no one else's password

def test_beheerder_stelt_geen_wachtwoord_van_een_ander_in(beheerder, actors):
    mentor = actors["mentor"]
    hash_voor = mentor.password
    assert beheerder.get(f"/beheer/auth/user/{mentor.pk}/password/").status_code == 403
    response = beheerder.post(f"/beheer/auth/user/{mentor.pk}/password/",
                              {"password1": "Nieuw-wachtwoord-123", "password2": "Nieuw-wachtwoord-123",
                               "usable_password": "true"})
    assert response.status_code == 403
    # The change form offers no way to it, and a posted password is refused.
    html = beheerder.get(f"/beheer/auth/user/{mentor.pk}/change/").content.decode()
    assert "/password/" not in html and "Stuur een link om het wachtwoord in te stellen" in html
    response = beheerder.post(f"/beheer/auth/user/{mentor.pk}/change/",
                              account_data(mentor, is_active="on", password1="Nieuw-wachtwoord-123",
                                           password2="Nieuw-wachtwoord-123"))
    assert "U kunt geen wachtwoord instellen" in response.content.decode()
    # Nor by sending a password link to an address of their own choosing.
    response = beheerder.post(f"/beheer/auth/user/{mentor.pk}/change/",
                              account_data(mentor, is_active="on", email="beheerder@elders.example"))
    assert "Alleen een superuser wijzigt het e-mailadres" in response.content.decode()
    mentor.refresh_from_db()
    assert mentor.password == hash_voor and mentor.email == "mentor@groenehart.example"


def test_superuser_stelt_wel_een_wachtwoord_in(admin_client, actors):
    mentor = actors["mentor"]
    response = admin_client.post(f"/beheer/auth/user/{mentor.pk}/password/",
                                 {"password1": "Nieuw-wachtwoord-123", "password2": "Nieuw-wachtwoord-123",
                                  "usable_password": "true"})
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.check_password("Nieuw-wachtwoord-123")
    assert Toegangslog.objects.filter(gebruikersnaam="admin", object_type="gebruiker", object_id=str(mentor.pk),
                                      omschrijving__contains="wachtwoord ingesteld").exists()


def test_beheerder_stuurt_een_link_en_de_gebruiker_kiest_zelf_een_wachtwoord(beheerder, actors, client):
    mentor = actors["mentor"]
    response = beheerder.post("/beheer/auth/user/",
                              {"action": "wachtwoordlink_sturen", "_selected_action": [mentor.pk]})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["mentor@groenehart.example"]
    assert "Nieuw-wachtwoord" not in mail.outbox[0].body
    link = re.search(r"https?://[^/\s]+(/wachtwoord/\S+)", mail.outbox[0].body).group(1)
    assert Toegangslog.objects.filter(gebruikersnaam="beheerder", object_type="gebruiker", object_id=str(mentor.pk),
                                      omschrijving__contains="link om het wachtwoord").exists()

    anoniem = Client()
    response = anoniem.get(link, follow=True)
    html = response.content.decode()
    assert "Wachtwoord instellen" in html and "Deze link werkt niet" not in html
    response = anoniem.post(response.redirect_chain[-1][0],
                            {"new_password1": "Eigen-gekozen-42", "new_password2": "Eigen-gekozen-42"})
    assert response.status_code == 302 and response["Location"] == "/wachtwoord/ingesteld/"
    mentor.refresh_from_db()
    assert mentor.check_password("Eigen-gekozen-42")
    # One use only.
    assert "Deze link werkt niet" in anoniem.get(link, follow=True).content.decode()


def test_knop_op_het_account_stuurt_de_link(beheerder, actors):
    docent = actors["docent"]
    response = beheerder.post(f"/beheer/auth/user/{docent.pk}/wachtwoordlink/", account_data(docent, is_active="on"))
    assert response.status_code == 302 and len(mail.outbox) == 1 and mail.outbox[0].to == [docent.email]
    assert beheerder.get(f"/beheer/auth/user/{docent.pk}/wachtwoordlink/").status_code == 405


def test_nieuw_account_krijgt_geen_wachtwoord_van_de_beheerder(beheerder):
    response = beheerder.post("/beheer/auth/user/add/", {
        "username": "j.nieuw", "first_name": "Jet", "last_name": "Nieuw", "email": "j.nieuw@groenehart.example",
        "password1": "Bekend-bij-beheer-1", "password2": "Bekend-bij-beheer-1"})
    assert "U kunt geen wachtwoord instellen" in response.content.decode()
    assert not User.objects.filter(username="j.nieuw").exists()

    response = beheerder.post("/beheer/auth/user/add/", {
        "username": "j.nieuw", "first_name": "Jet", "last_name": "Nieuw", "email": "j.nieuw@groenehart.example"})
    assert response.status_code == 302
    nieuw = User.objects.get(username="j.nieuw")
    assert not nieuw.has_usable_password() and not nieuw.is_staff
    assert [m.to for m in mail.outbox] == [["j.nieuw@groenehart.example"]]


# ---------------------------------------------------------------- delete confirmations show no dossier objects

def test_verwijderen_van_een_partnerorganisatie_met_dossiergegevens_toont_geen_deelnemers(beheerder):
    ggz = Partnerorganisatie.objects.get(naam="GGZ Midden-Holland")
    deelnemers = Deelnemer.objects.filter(toestemmingen__in=Toestemming.objects.filter(partners=ggz)).distinct()
    namen = dossiernamen(deelnemers) | {"Lidmaatschap:", "Toestemming van"}
    response = beheerder.get(f"/beheer/zorgstructuur/partnerorganisatie/{ggz.pk}/delete/")
    html = response.content.decode()
    assert "kan niet worden verwijderd" in html and "Beëindig de lidmaatschappen" in html
    zonder_dossiernamen(html, namen)
    beheerder.post(f"/beheer/zorgstructuur/partnerorganisatie/{ggz.pk}/delete/", {"post": "yes"})
    assert Partnerorganisatie.objects.filter(pk=ggz.pk).exists()


def test_verwijderen_van_een_locatie_toont_geen_deelnemers_ook_niet_in_bulk(beheerder):
    gouda = Locatie.objects.get(naam="Gouda")
    namen = dossiernamen(Deelnemer.objects.filter(locatie=gouda))
    html = beheerder.get(f"/beheer/zorgstructuur/locatie/{gouda.pk}/delete/").content.decode()
    assert "kan niet worden verwijderd" in html
    zonder_dossiernamen(html, namen)
    alle = list(Locatie.objects.values_list("pk", flat=True))
    for data in ({"action": "delete_selected", "_selected_action": alle},
                 {"action": "delete_selected", "_selected_action": alle, "post": "yes"}):
        response = beheerder.post("/beheer/zorgstructuur/locatie/", data)
        assert "kunnen niet worden verwijderd" in response.content.decode()
        zonder_dossiernamen(response.content.decode(), namen)
    assert Locatie.objects.filter(pk__in=alle).count() == len(alle)


def test_een_locatie_weghalen_in_de_instelling_noemt_geen_deelnemers(beheerder):
    # Django's inline names what protects a row ("deelnemer Naam (studentnummer)"); ours does not.
    gouda = Locatie.objects.get(naam="Gouda")
    instelling = gouda.instelling
    locaties, niveaus = list(instelling.locaties.order_by("pk")), list(instelling.zorgniveaus.order_by("pk"))
    data = {"naam": instelling.naam, "etnische_afkomst_registreren": "on" if instelling.etnische_afkomst_registreren
            else "", "locaties-TOTAL_FORMS": len(locaties), "locaties-INITIAL_FORMS": len(locaties),
            "zorgniveaus-TOTAL_FORMS": len(niveaus), "zorgniveaus-INITIAL_FORMS": len(niveaus)}
    for i, loc in enumerate(locaties):
        data.update({f"locaties-{i}-id": loc.pk, f"locaties-{i}-instelling": instelling.pk,
                     f"locaties-{i}-naam": loc.naam, **({f"locaties-{i}-DELETE": "on"} if loc == gouda else {})})
    for i, niveau in enumerate(niveaus):
        data.update({f"zorgniveaus-{i}-{veld}": waarde for veld, waarde in {
            "id": niveau.pk, "instelling": instelling.pk, "volgorde": niveau.volgorde, "naam": niveau.naam,
            "soort": niveau.soort, **({"toestemming_vereist": "on"} if niveau.toestemming_vereist else {})}.items()})
    response = beheerder.post(f"/beheer/zorgstructuur/instelling/{instelling.pk}/change/", data)
    html = response.content.decode()
    assert response.status_code == 200 and "‘Gouda’ kan niet worden verwijderd" in html
    zonder_dossiernamen(html, dossiernamen(Deelnemer.objects.filter(locatie=gouda)))
    assert Locatie.objects.filter(pk=gouda.pk).exists()


def test_verwijderen_van_een_gebruiker_kan_niet_en_toont_niets(beheerder, actors, admin_client):
    mentor = actors["mentor"]
    namen = dossiernamen(Deelnemer.objects.filter(mentor=mentor))
    for client in (beheerder, admin_client):
        response = client.get(f"/beheer/auth/user/{mentor.pk}/delete/")
        assert response.status_code == 403
        zonder_dossiernamen(response.content.decode(), namen)
        client.post(f"/beheer/auth/user/{mentor.pk}/delete/", {"post": "yes"})
        html = client.get("/beheer/auth/user/").content.decode()
        assert 'value="delete_selected"' not in html and 'value="deactiveren"' in html
    assert User.objects.filter(pk=mentor.pk).exists()


def test_team_met_overleggen_wordt_niet_verwijderd_en_noemt_geen_deelnemers(beheerder):
    team = iz_gouda()  # the demo's IZ meetings with their agendas hang on it
    namen = set(Deelnemer.objects.filter(agendapunten__overleg__team=team).values_list("achternaam", flat=True))
    assert namen
    html = beheerder.get(f"/beheer/zorgstructuur/team/{team.pk}/delete/").content.decode()
    assert "kan niet worden verwijderd" in html
    zonder_dossiernamen(html, namen)
    beheerder.post(f"/beheer/zorgstructuur/team/{team.pk}/delete/", {"post": "yes"})
    assert Team.objects.filter(pk=team.pk).exists()


def test_bevestiging_toont_alleen_aantallen_als_er_geen_dossiergegevens_aan_hangen(beheerder, actors):
    team = Team.objects.get(naam="Intern zorgteam Alphen")  # no meetings
    leden = list(team.lidmaatschappen.select_related("gebruiker"))
    html = beheerder.get(f"/beheer/zorgstructuur/team/{team.pk}/delete/").content.decode()
    assert f"Lidmaatschappen: {len(leden)}" in html
    zonder_dossiernamen(html, {lid.gebruiker.last_name for lid in leden})
    # Deleting it is allowed; every membership it removes is logged.
    response = beheerder.post(f"/beheer/zorgstructuur/team/{team.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    regels = Toegangslog.objects.filter(object_type="lidmaatschap", actie="verwijderen", gebruikersnaam="beheerder")
    assert {r.object_id for r in regels} == {str(lid.pk) for lid in leden}
    assert all("team verwijderd" in r.omschrijving for r in regels)


def test_elke_admin_gebruikt_beheeradmin_en_toont_geen_dossiermodel():
    assert controleer_admins() == []
    assert all(isinstance(ma, BeheerAdmin) for ma in admin.site._registry.values())

    # An admin another app registers (such as django-axes) is taken over.
    site = admin.AdminSite(name="proef")
    site.register(LogEntry, admin.ModelAdmin)
    neem_over(site)
    model_admin = site.get_model_admin(LogEntry)
    assert isinstance(model_admin, BeheerAdmin) and isinstance(model_admin, admin.ModelAdmin)


# ---------------------------------------------------------------- people who leave

def test_deactiveren_beeindigt_lidmaatschappen_en_sessie_direct(beheerder, actors):
    smw = actors["smw"]
    andere = Client()
    andere.force_login(smw)
    assert andere.get("/").status_code == 200
    lopend = set(Lidmaatschap.objects.geldig().filter(gebruiker=smw).values_list("pk", flat=True))
    assert lopend

    response = beheerder.post("/beheer/auth/user/", {"action": "deactiveren", "_selected_action": [smw.pk]})
    assert response.status_code == 302
    smw.refresh_from_db()
    assert not smw.is_active
    vandaag = timezone.localdate()
    assert set(Lidmaatschap.objects.filter(gebruiker=smw, einde=vandaag).values_list("pk", flat=True)) == lopend
    response = andere.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    regels = Toegangslog.objects.filter(gebruikersnaam="beheerder", object_type="lidmaatschap", actie="wijzigen")
    assert {r.object_id for r in regels} == {str(pk) for pk in lopend}
    assert all("beëindigde het lidmaatschap van Karim Bennani (smw)" in r.omschrijving for r in regels)


def test_een_gedeactiveerd_account_is_bij_het_volgende_verzoek_uitgelogd(actors):
    # Also when the sessions were not removed: the configured backends refuse an inactive user.
    docent = actors["docent"]
    andere = Client()
    andere.force_login(docent)
    User.objects.filter(pk=docent.pk).update(is_active=False)
    response = andere.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_beheerder_deactiveert_zichzelf_niet(beheerder, actors):
    beheerder.post("/beheer/auth/user/", {"action": "deactiveren", "_selected_action": [actors["beheerder"].pk]})
    actors["beheerder"].refresh_from_db()
    assert actors["beheerder"].is_active


# ---------------------------------------------------------------- membership changes in the access log

def test_lidmaatschap_voor_een_ander_komt_in_het_toegangslog(beheerder, actors):
    docent = actors["docent"]
    response = beheerder.post("/beheer/zorgstructuur/lidmaatschap/add/", lidmaatschap_data(docent, iz_gouda()))
    assert response.status_code == 302
    lid = Lidmaatschap.objects.get(gebruiker=docent, team=iz_gouda())
    regel = Toegangslog.objects.get(object_type="lidmaatschap", object_id=str(lid.pk))
    assert (regel.actie, regel.gebruikersnaam, regel.gebruiker_id) == ("aanmaken", "beheerder", actors["beheerder"].pk)
    assert "beheerder gaf Peter Vermeer (docent)" in regel.omschrijving
    assert "Zorgcoördinator in Intern zorgteam Gouda" in regel.omschrijving
    assert regel.deelnemer_id is None

    # Ending it later says what changed.
    response = beheerder.post(f"/beheer/zorgstructuur/lidmaatschap/{lid.pk}/change/",
                              lidmaatschap_data(docent, iz_gouda(), einde=timezone.localdate().isoformat()))
    assert response.status_code == 302
    regel = Toegangslog.objects.get(object_type="lidmaatschap", object_id=str(lid.pk), actie="wijzigen")
    assert f"einde leeg → {timezone.localdate():%d-%m-%Y}" in regel.omschrijving


def test_lidmaatschap_via_het_team_komt_in_het_toegangslog(beheerder, actors):
    team, docent = iz_gouda(), actors["docent"]
    response = beheerder.post(f"/beheer/zorgstructuur/team/{team.pk}/change/",
                              team_data(team, nieuw=[(docent, Functie.TAAKDOCENT)]))
    assert response.status_code == 302, response.content.decode()[:3000]
    regel = Toegangslog.objects.get(object_type="lidmaatschap", actie="aanmaken")
    assert regel.gebruikersnaam == "beheerder"
    assert "Peter Vermeer (docent) het lidmaatschap Taakdocent zorg in Intern zorgteam Gouda" in regel.omschrijving
