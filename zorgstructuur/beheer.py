"""Rules for every page of the admin (/beheer/): it is no way into the dossiers (DESIGN §5).

- `BeheerAdmin` is the base of every registered ModelAdmin (`BeheerTabularInline` of every inline). Its
  delete confirmation names no related objects: it refuses when dossier data hangs on the object and
  otherwise shows counts only; removing an inline row follows the same rule.
- `neem_over()` puts admins that other apps register (django-axes, …) under the same base;
  `controleer_admins` is a system check that every registered admin uses it.
- `log_lidmaatschappen()` / `log_account()`: membership and account changes open dossiers, so they go
  to the access log — who gave whom which functie in which team, never student data.
- `account_deactiveren()` for people who leave and `stuur_wachtwoordlink()` instead of setting a password.
"""

from importlib import import_module
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.forms import PasswordResetForm
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import Q
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils import timezone
from django.utils.text import capfirst

from privacy.log import log

from .models import Lidmaatschap

# Apps whose models hold case content; plus the care route's models in zorgstructuur.
DOSSIER_APPS = {"deelnemers", "aanmelding", "privacy", "overleg"}
DOSSIER_MODELLEN = {"zorgstructuur.zorgtraject", "zorgstructuur.niveauwijziging"}
# Records in those apps that belong to beheer and hold no case content.
GEEN_DOSSIER = {"deelnemers.import", "aanmelding.problematiek", "privacy.toegangslog", "privacy.inlogpoging",
                "aanmelding.smwcontactsoort", "aanmelding.smwinterventie"}  # the SMW's lists per instelling


def is_dossiergegeven(model) -> bool:
    # A history model (django-simple-history) is as sensitive as what it copies, a proxy as what it shows.
    model = getattr(model, "instance_type", model)._meta.concrete_model
    label = model._meta.label_lower
    if label in GEEN_DOSSIER:
        return False
    return model._meta.app_label in DOSSIER_APPS or label in DOSSIER_MODELLEN


def _aantal(model, n: int) -> str:
    opts = model._meta
    return f"{n} {opts.verbose_name if n == 1 else opts.verbose_name_plural}"


DOSSIER_BEZWAAR = ("Er hangen dossiergegevens van deelnemers aan (zoals dossieritems, aanmeldingen, toestemmingen "
                   "of toegang); die zouden mee verdwijnen of hun betekenis verliezen, dus dit kan niet worden "
                   "verwijderd.")


def verwijderen_verkennen(objs, advies=""):
    """What deleting `objs` would touch, and why it may not (Dutch sentences that name no object;
    `advies` says what to do instead when dossier data hangs on them).

    Returns (collector, bezwaren). Counted as touched: what is deleted along, what protects against it,
    and what it would set to NULL (a dossier that loses its author or mentor loses meaning too).
    """
    collector = NestedObjects(using=router.db_for_write(objs[0]._meta.model), origin=objs)
    collector.collect(objs)
    geraakt = {model for model, gevonden in collector.model_objs.items() if gevonden}
    geraakt |= {obj._meta.model for obj in collector.protected}
    geraakt |= {veld.model for (veld, _waarde), rijen in collector.field_updates.items() if any(rijen)}
    if any(is_dossiergegeven(model) for model in geraakt):
        return collector, [f"{DOSSIER_BEZWAAR} {advies}".strip()]
    per_model = {}
    for obj in collector.protected:
        per_model[obj._meta.model] = per_model.get(obj._meta.model, 0) + 1
    return collector, [f"Eerst moeten deze gekoppelde gegevens weg of naar iets anders verwijzen: {_aantal(model, n)}."
                       for model, n in per_model.items()]


class BeheerAdmin(admin.ModelAdmin):
    """Base of every ModelAdmin: a delete confirmation shows no related objects by name."""

    delete_confirmation_template = "admin/beheer/verwijderen.html"
    delete_selected_confirmation_template = "admin/beheer/verwijderen_selectie.html"
    # What to do instead of deleting, shown when dossier data hangs on the object.
    in_plaats_van_verwijderen = "Beëindig de lidmaatschappen of zet het op inactief."

    def get_deleted_objects(self, objs, request):
        """Django lists every related object by name here (students, dossier titles, …). We return the
        chosen objects themselves and counts; with dossier data attached the deletion is refused."""
        objs = list(objs)
        if not objs:
            return [], {}, set(), []
        collector, bezwaren = verwijderen_verkennen(objs, self.in_plaats_van_verwijderen)
        if bezwaren:
            return [], {}, set(), bezwaren
        perms_needed = set()
        for model, gevonden in collector.model_objs.items():
            model_admin = self.admin_site._registry.get(model)
            if model_admin and not all(model_admin.has_delete_permission(request, obj) for obj in gevonden):
                perms_needed.add(model._meta.verbose_name)
        model_count = {model._meta.verbose_name_plural: len(gevonden)
                       for model, gevonden in collector.model_objs.items() if gevonden}
        gekozen = [f"{capfirst(obj._meta.verbose_name)}: {obj}" for obj in objs]
        return gekozen, model_count, perms_needed, []


class BeheerInlineMixin:
    """For every inline: removing a row (its DELETE box) follows the same rule. Django's own check would
    name the protected objects in the error (a locatie's students, say)."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        eigen_admin = self.admin_site._registry.get(self.model)
        advies = getattr(eigen_admin, "in_plaats_van_verwijderen", "")

        class Form(formset.form):
            def hand_clean_DELETE(self):
                if self.cleaned_data.get(DELETION_FIELD_NAME) and not self.instance._state.adding:
                    _collector, bezwaren = verwijderen_verkennen([self.instance], advies)
                    if bezwaren:
                        raise ValidationError(f"‘{self.instance}’ kan niet worden verwijderd. {' '.join(bezwaren)}")

        formset.form = Form
        return formset


class BeheerTabularInline(BeheerInlineMixin, admin.TabularInline):
    pass


def neem_over(site=admin.site):
    """Put admins registered by other apps under BeheerAdmin (runs after autodiscovery, in ready())."""
    for model, model_admin in list(site._registry.items()):
        if not isinstance(model_admin, BeheerAdmin):
            eigen = type(model_admin)
            klasse = type(f"Beheer{eigen.__name__}", (BeheerAdmin, eigen), {"__module__": eigen.__module__})
            site.unregister(model)
            site.register(model, klasse)


def controleer_admins(app_configs=None, **kwargs):
    """System check: every admin and inline uses our base, and none shows a dossier model (or has it inline)."""
    fouten = []
    for model, model_admin in admin.site._registry.items():
        naam = f"{type(model_admin).__name__} ({model._meta.label})"
        if not isinstance(model_admin, BeheerAdmin):
            fouten.append(checks.Error(f"{naam} gebruikt BeheerAdmin niet.", obj=type(model_admin),
                                       hint="Erf van zorgstructuur.beheer.BeheerAdmin.", id="zorgstructuur.E001"))
        if is_dossiergegeven(model):
            fouten.append(checks.Error(f"{naam} toont dossiergegevens in de beheeromgeving.", obj=type(model_admin),
                                       id="zorgstructuur.E002"))
        for inline in model_admin.inlines:
            if not issubclass(inline, BeheerInlineMixin):
                fouten.append(checks.Error(f"{naam}: inline {inline.__name__} gebruikt BeheerInlineMixin niet.",
                                           obj=type(model_admin), id="zorgstructuur.E004"))
            if is_dossiergegeven(inline.model):
                fouten.append(checks.Error(f"{naam} toont dossiergegevens inline ({inline.model._meta.label}).",
                                           obj=type(model_admin), id="zorgstructuur.E003"))
    return fouten


# ---------------------------------------------------------------- the access log of beheer

def naam(user) -> str:
    volledig = user.get_full_name()
    return f"{volledig} ({user.get_username()})" if volledig else user.get_username()


def lidmaatschap_tekst(lid) -> str:
    tekst = f"{lid.get_functie_display()} in {lid.team}"
    if lid.organisatie_id:
        tekst += f" namens {lid.organisatie}"
    periode = f"vanaf {lid.begin:%d-%m-%Y}" + (f" tot en met {lid.einde:%d-%m-%Y}" if lid.einde else "")
    return f"{tekst}, {periode}" + (", op afroep" if lid.op_afroep else "")


def _waarde(lid, veld) -> str:
    if veld == "functie":
        return lid.get_functie_display()
    if veld == "gebruiker":
        return naam(lid.gebruiker)
    waarde = getattr(lid, veld)
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if hasattr(waarde, "strftime"):
        return f"{waarde:%d-%m-%Y}"
    return str(waarde) if waarde is not None else "leeg"


def _verschil(oud, nieuw) -> str:
    delen = []
    for veld in ("gebruiker", "functie", "team", "organisatie", "begin", "einde", "op_afroep"):
        attname = oud._meta.get_field(veld).attname  # compare ids: no query for an unchanged relation
        if getattr(oud, attname) != getattr(nieuw, attname):
            delen.append(f"{veld} {_waarde(oud, veld)} → {_waarde(nieuw, veld)}")
    return "; ".join(delen) or "geen inhoudelijke wijziging"


def log_lidmaatschappen(request, *, nieuw=(), gewijzigd=(), verwijderd=(), beeindigd=(), oud=None, reden=""):
    """One access-log row per membership change by request.user (the giver is the row's user).

    `gewijzigd` needs `oud`: {pk: the membership as it was}. `beeindigd`: ended by an action (reden says why).
    """
    door = request.user.get_username()
    for lid in nieuw:
        log(request, "aanmaken", object_type="lidmaatschap", object_id=lid.pk,
            omschrijving=f"{door} gaf {naam(lid.gebruiker)} het lidmaatschap {lidmaatschap_tekst(lid)}")
    for lid in gewijzigd:
        vorig = oud[lid.pk]
        log(request, "wijzigen", object_type="lidmaatschap", object_id=lid.pk,
            omschrijving=f"{door} wijzigde het lidmaatschap van {naam(vorig.gebruiker)} "
                         f"({vorig.get_functie_display()} in {vorig.team}): {_verschil(vorig, lid)}")
    for lid in beeindigd:
        log(request, "wijzigen", object_type="lidmaatschap", object_id=lid.pk,
            omschrijving=f"{door} beëindigde het lidmaatschap van {naam(lid.gebruiker)}: "
                         f"{lidmaatschap_tekst(lid)}" + (f" ({reden})" if reden else ""))
    for lid in verwijderd:
        log(request, "verwijderen", object_type="lidmaatschap", object_id=lid.pk,
            omschrijving=f"{door} verwijderde het lidmaatschap van {naam(lid.gebruiker)}: {lidmaatschap_tekst(lid)}"
                         + (f" ({reden})" if reden else ""))


def log_account(request, actie, gebruiker, wat: str):
    """An account change that widens or narrows access (staff, superuser, groups, rights, active)."""
    log(request, actie, object_type="gebruiker", object_id=gebruiker.pk,
        omschrijving=f"{request.user.get_username()}: account {naam(gebruiker)} — {wat}")


# ---------------------------------------------------------------- accounts: leaving, and a password link

def sessies_beeindigen(gebruiker) -> int:
    """Delete the user's sessions, so they are logged out at once (not only at the next request)."""
    engine = import_module(settings.SESSION_ENGINE)
    if not hasattr(engine.SessionStore, "get_model_class"):
        return 0  # cache or cookie sessions: the inactive account is still refused on its next request
    aantal = 0
    for sessie in engine.SessionStore.get_model_class().objects.filter(expire_date__gt=timezone.now()).iterator():
        if sessie.get_decoded().get(SESSION_KEY) == str(gebruiker.pk):
            engine.SessionStore(session_key=sessie.session_key).delete()
            aantal += 1
    return aantal


@transaction.atomic
def account_deactiveren(request, gebruiker) -> int:
    """Someone leaves: the account is switched off, not deleted (the access log keeps its meaning), their
    running memberships end today and their sessions end now. Returns the number of memberships ended."""
    vandaag = timezone.localdate()
    lopend = list(Lidmaatschap.objects.filter(gebruiker=gebruiker).filter(Q(einde__isnull=True) | Q(einde__gt=vandaag))
                  .select_related("gebruiker", "team", "organisatie"))
    for lid in lopend:
        lid.einde = vandaag
    Lidmaatschap.objects.bulk_update(lopend, ["einde"])
    if gebruiker.is_active:
        gebruiker.is_active = False
        gebruiker.save(update_fields=["is_active"])
    sessies = sessies_beeindigen(gebruiker)
    log_lidmaatschappen(request, beeindigd=lopend, reden="account gedeactiveerd")
    log_account(request, "wijzigen", gebruiker,
                f"gedeactiveerd; {len(lopend)} lidmaatschap(pen) beëindigd, {sessies} sessie(s) beëindigd")
    return len(lopend)


class WachtwoordLinkForm(PasswordResetForm):
    """Django's reset mail, to exactly the one chosen account (also a new one without a usable password)."""

    def __init__(self, gebruiker):
        super().__init__(data={"email": gebruiker.email})
        self.gebruiker = gebruiker

    def get_users(self, email):
        return [self.gebruiker]


def stuur_wachtwoordlink(request, gebruiker) -> bool:
    """Mail the account holder a one-time link to set their own password: the beheerder never knows it."""
    form = WachtwoordLinkForm(gebruiker)
    if not gebruiker.is_active or not form.is_valid():
        return False
    # The configured address, not the request's Host header (which a client chooses).
    site = urlsplit(settings.SITE_URL)
    form.save(
        domain_override=site.netloc,
        use_https=site.scheme == "https",
        subject_template_name="registration/wachtwoord_link_onderwerp.txt",
        email_template_name="registration/wachtwoord_link_email.txt",
        extra_email_context={"geldig_dagen": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)},
    )
    log_account(request, "wijzigen", gebruiker, "link om het wachtwoord zelf in te stellen gemaild")
    return True
