"""The functioneel beheerder's screens: organisation, teams, memberships, accounts, the ladder, the sociale kaart.

Case content is deliberately not registered here (DESIGN §5: beheer reads no content), and the beheerder
can never widen their own access: no membership, staff or superuser flag, group or right on their own
account, and no password of someone else (they mail a link instead). Every admin uses
zorgstructuur.beheer.BeheerAdmin, whose delete confirmation names no related objects.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from privacy.log import log

from .beheer import (
    BeheerAdmin,
    BeheerTabularInline,
    account_deactiveren,
    log_account,
    log_lidmaatschappen,
    sessies_beeindigen,
    stuur_wachtwoordlink,
)
from .models import Instelling, Lidmaatschap, Locatie, Opleiding, Partnerorganisatie, Team, Zorgniveau

User = get_user_model()


class LocatieInline(BeheerTabularInline):
    model = Locatie
    extra = 0


class ZorgniveauInline(BeheerTabularInline):
    model = Zorgniveau
    extra = 0


@admin.register(Instelling)
class InstellingAdmin(BeheerAdmin):
    list_display = ["naam", "etnische_afkomst_registreren", "evaluatie_weken", "nazorg_maanden"]
    inlines = [LocatieInline, ZorgniveauInline]

    def get_inlines(self, request, obj):
        # A new instelling gets the mbo ladder on save; it is adapted afterwards.
        return self.inlines if obj else [LocatieInline]


@admin.register(Locatie)
class LocatieAdmin(BeheerAdmin):
    list_display = ["naam", "instelling"]
    list_filter = ["instelling"]
    search_fields = ["naam"]
    in_plaats_van_verwijderen = "Er staan of stonden deelnemers op deze locatie; wijzig de naam als dat nodig is."


@admin.register(Opleiding)
class OpleidingAdmin(BeheerAdmin):
    list_display = ["naam", "crebo", "locatie"]
    list_filter = ["locatie"]
    search_fields = ["naam", "crebo"]
    list_select_related = ["locatie"]
    in_plaats_van_verwijderen = "Er staan of stonden deelnemers in deze opleiding; wijzig de naam als dat nodig is."


# ---------------------------------------------------------------- memberships: the main access path

class DoorInFormulier:
    """Gives the form the acting user (`form.door`), for the rules about one's own access."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"door": request.user})


def eigen_lidmaatschap_fout(door, lid, gebruiker, gewijzigd: bool) -> str | None:
    """Why `door` may not save this membership, or None. A superuser may do what Django allows."""
    if door is None or door.is_superuser:
        return None
    if lid.pk and lid.gebruiker_id == door.pk and gewijzigd:
        return "U kunt uw eigen lidmaatschap niet wijzigen; dat doet een andere beheerder."
    if gebruiker is not None and gebruiker.pk == door.pk and gewijzigd:
        return "U kunt uzelf geen lidmaatschap geven: dat zou u toegang tot dossiers kunnen geven. " \
               "Vraag een andere beheerder."
    return None


class LidmaatschapForm(forms.ModelForm):
    door = None  # the acting user, set per request by the admin

    def clean(self):
        cleaned = super().clean()
        # self.instance still holds the stored values here (the form copies them over after clean()).
        fout = eigen_lidmaatschap_fout(self.door, self.instance, cleaned.get("gebruiker"), self.has_changed())
        if fout:
            raise ValidationError(fout)
        return cleaned


class LidmaatschapFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        door = self.form.door
        if door is not None and not door.is_superuser:
            if any(form.instance.pk and form.instance.gebruiker_id == door.pk and self._should_delete_form(form)
                   for form in self.forms):
                raise ValidationError("U kunt uw eigen lidmaatschap niet verwijderen; dat doet een andere beheerder.")


class LidmaatschapInline(BeheerTabularInline):
    model = Lidmaatschap
    form = LidmaatschapForm
    formset = LidmaatschapFormSet
    extra = 1
    autocomplete_fields = ["gebruiker"]

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = type(self.form.__name__, (self.form,), {"door": request.user})
        return super().get_formset(request, obj, **kwargs)


def _zoals_opgeslagen(pks):
    return Lidmaatschap.objects.select_related("gebruiker", "team", "organisatie").in_bulk([pk for pk in pks if pk])


class TeamForm(forms.ModelForm):
    door = None  # the acting user, set per request by the admin

    def clean(self):
        cleaned = super().clean()
        # What a team covers decides what its members see: not for a team the beheerder is in themselves.
        bereik = {"soort", "locaties", "opleidingen"} & set(self.changed_data)
        if (bereik and self.instance.pk and self.door is not None and not self.door.is_superuser
                and Lidmaatschap.objects.filter(team=self.instance, gebruiker=self.door)
                .filter(Q(einde__isnull=True) | Q(einde__gte=timezone.localdate())).exists()):
            raise ValidationError("U bent zelf lid van dit team: wat het team omvat (soort, locaties, opleidingen) "
                                  "wijzigt een andere beheerder.")
        return cleaned


@admin.register(Team)
class TeamAdmin(DoorInFormulier, BeheerAdmin):
    form = TeamForm
    list_display = ["naam", "soort", "instelling"]
    list_filter = ["soort", "instelling"]
    search_fields = ["naam"]
    filter_horizontal = ["locaties", "opleidingen"]
    inlines = [LidmaatschapInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Lidmaatschap:
            return super().save_formset(request, form, formset, change)
        oud = _zoals_opgeslagen(f.instance.pk for f in formset.forms)
        # Logged before they go: a deleted instance loses its pk.
        log_lidmaatschappen(request, verwijderd=[oud[f.instance.pk] for f in formset.deleted_forms
                                                 if f.instance.pk in oud])
        super().save_formset(request, form, formset, change)
        log_lidmaatschappen(request, nieuw=formset.new_objects, gewijzigd=[lid for lid, _ in formset.changed_objects],
                            oud=oud)

    def delete_model(self, request, obj):
        self.delete_queryset(request, Team.objects.filter(pk=obj.pk))

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        leden = Lidmaatschap.objects.filter(team__in=queryset).select_related("gebruiker", "team", "organisatie")
        log_lidmaatschappen(request, verwijderd=leden, reden="team verwijderd")
        super().delete_queryset(request, queryset)


@admin.register(Lidmaatschap)
class LidmaatschapAdmin(DoorInFormulier, BeheerAdmin):
    form = LidmaatschapForm
    list_display = ["gebruiker", "functie", "team", "organisatie", "begin", "einde"]
    list_filter = ["functie", "team__soort"]
    search_fields = ["gebruiker__username", "gebruiker__last_name", "team__naam"]
    list_select_related = ["gebruiker", "team", "organisatie"]
    autocomplete_fields = ["gebruiker", "team"]

    def _eigen(self, request, obj):
        return obj is not None and obj.gebruiker_id == request.user.pk and not request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return not self._eigen(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._eigen(request, obj) and super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if request.method == "GET" and self._eigen(request, obj):
            messages.info(request, "Dit is uw eigen lidmaatschap: dat beheert een andere beheerder.")
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        oud = _zoals_opgeslagen([obj.pk]) if change else {}
        super().save_model(request, obj, form, change)
        if change:
            log_lidmaatschappen(request, gewijzigd=[obj], oud=oud)
        else:
            log_lidmaatschappen(request, nieuw=[obj])

    def delete_model(self, request, obj):
        self.delete_queryset(request, Lidmaatschap.objects.filter(pk=obj.pk))

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        log_lidmaatschappen(request, verwijderd=queryset.select_related("gebruiker", "team", "organisatie"))
        super().delete_queryset(request, queryset)


@admin.register(Partnerorganisatie)
class PartnerorganisatieAdmin(BeheerAdmin):
    formfield_overrides = {models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}}
    list_display = ["naam", "soort", "contactpersoon", "telefoon", "email"]
    list_filter = ["soort"]
    search_fields = ["naam", "aanbod"]
    in_plaats_van_verwijderen = "Beëindig de lidmaatschappen van hun medewerkers; de organisatie blijft op de kaart."


@admin.register(Zorgniveau)
class ZorgniveauAdmin(BeheerAdmin):
    list_display = ["volgorde", "naam", "soort", "toestemming_vereist", "instelling"]
    list_filter = ["instelling"]
    in_plaats_van_verwijderen = "Er lopen of liepen trajecten op dit niveau; wijzig de naam als dat nodig is."


# ---------------------------------------------------------------- accounts and groups

WACHTWOORDVELDEN = {"password", "password1", "password2", "usable_password"}
ALLEEN_SUPERUSER = {"is_superuser", "groups", "user_permissions"}


class AccountFormMixin:
    """For a non-superuser these fields are read-only on the page; a request that posts them anyway
    (crafted, or from a stale form) gets an error instead of being silently ignored."""

    door = None  # the acting user, set per request by the admin

    def clean(self):
        cleaned = super().clean()
        if self.door is None or self.door.is_superuser:
            return cleaned
        gepost = set(self.data)
        if gepost & WACHTWOORDVELDEN:
            self.add_error(None, "U kunt geen wachtwoord instellen. Stuur de gebruiker een link om het "
                                 "wachtwoord zelf in te stellen.")
        if self.instance.pk == self.door.pk and gepost & (ALLEEN_SUPERUSER | {"is_staff", "is_active"}):
            self.add_error(None, "U kunt uw eigen account geen beheertoegang, superuserstatus, groepen of rechten "
                                 "geven of afnemen; dat doet een superuser.")
        elif gepost & ALLEEN_SUPERUSER:
            self.add_error(None, "Alleen een superuser kent superuserstatus, groepen of rechten toe.")
        if self.instance.pk and "email" in gepost:
            self.add_error(None, "Alleen een superuser wijzigt het e-mailadres van een bestaand account: de link om "
                                 "het wachtwoord in te stellen gaat naar dat adres.")
        return cleaned


class BeheerAccountForm(AccountFormMixin, UserChangeForm):
    password = None  # the hash and its "set password" link are the superuser's


class NieuwAccountForm(AccountFormMixin, forms.ModelForm):
    """A new account without a password: its holder sets one through the link mailed to them."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = "Hierheen gaat de link waarmee de gebruiker zelf een wachtwoord kiest."

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError("Er bestaat al een account met deze gebruikersnaam.")
        return username

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


admin.site.unregister(User)


@admin.register(User)
class GebruikerAdmin(DoorInFormulier, BeheerAdmin, DjangoUserAdmin):
    """Accounts. The beheerder creates, edits and deactivates them; passwords, superuser status, groups
    and rights are the superuser's. Nobody deletes an account here: the access log refers to it."""

    add_form_template = "admin/beheer/account_toevoegen.html"
    actions = ["deactiveren", "wachtwoordlink_sturen"]
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_staff"]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        if obj is None:
            return [(None, {"fields": ["username", "first_name", "last_name", "email"]})]
        return [
            (None, {"fields": ["username", "wachtwoord"]}),
            ("Persoonlijke gegevens", {"fields": ["first_name", "last_name", "email"]}),
            ("Toegang", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
            ("Datums", {"fields": ["last_login", "date_joined"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser or obj is None:
            return super().get_readonly_fields(request, obj)
        alleen_lezen = ["wachtwoord", "email", *sorted(ALLEEN_SUPERUSER), "last_login", "date_joined"]
        if obj.pk == request.user.pk:
            alleen_lezen += ["is_staff", "is_active"]
        return alleen_lezen

    def get_form(self, request, obj=None, **kwargs):
        if not request.user.is_superuser:
            kwargs["form"] = NieuwAccountForm if obj is None else BeheerAccountForm
        return super().get_form(request, obj, **kwargs)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "wachtwoord_via_link": not request.user.is_superuser}
        return super().add_view(request, form_url, extra_context)

    @admin.display(description="wachtwoord")
    def wachtwoord(self, obj):
        status = "ingesteld" if obj.has_usable_password() else "nog niet ingesteld"
        if obj.is_superuser or not obj.email:
            return status
        return format_html(
            '{} <button type="submit" class="button" formaction="{}" formnovalidate>Stuur een link om het wachtwoord '
            'in te stellen</button><div class="help">De gebruiker kiest zelf een wachtwoord; niemand anders ziet '
            "het.</div>",
            status, reverse("admin:auth_user_wachtwoordlink", args=[obj.pk]),
        )

    def get_urls(self):
        return [
            path("<id>/wachtwoordlink/", self.admin_site.admin_view(self.wachtwoordlink_view),
                 name="auth_user_wachtwoordlink"),
            *super().get_urls(),
        ]

    def user_change_password(self, request, id, form_url=""):
        # Setting someone's password lets the beheerder log in as them: the superuser's alone.
        if not request.user.is_superuser:
            raise PermissionDenied
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # saved
            log_account(request, "wijzigen", self.get_object(request, unquote(id)), "wachtwoord ingesteld")
        return response

    def wachtwoordlink_view(self, request, id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        gebruiker = self.get_object(request, unquote(id))
        if gebruiker is None:
            raise Http404
        if not self.has_change_permission(request, gebruiker):
            raise PermissionDenied
        self._stuur_links(request, [gebruiker])
        return HttpResponseRedirect(reverse("admin:auth_user_change", args=[gebruiker.pk]))

    def _stuur_links(self, request, gebruikers):
        for gebruiker in gebruikers:
            if stuur_wachtwoordlink(request, gebruiker):
                self.message_user(request, f"Er is een link om het wachtwoord in te stellen gemaild naar {gebruiker}.")
            else:
                self.message_user(request, f"Geen link gestuurd aan {gebruiker}: het account is niet actief of heeft "
                                           "geen (geldig) e-mailadres.", messages.WARNING)

    @admin.action(description="Stuur een link om het wachtwoord in te stellen", permissions=["change"])
    def wachtwoordlink_sturen(self, request, queryset):
        toegestaan = [g for g in queryset if self.has_change_permission(request, g)]
        if len(toegestaan) < len(queryset):
            self.message_user(request, "Aan superuseraccounts stuurt alleen een superuser een link.", messages.WARNING)
        self._stuur_links(request, toegestaan)

    @admin.action(description="Deactiveren (vertrek): account uit, lidmaatschappen en sessies beëindigd",
                  permissions=["change"])
    def deactiveren(self, request, queryset):
        for gebruiker in queryset:
            if gebruiker.pk == request.user.pk:
                self.message_user(request, "U kunt uw eigen account niet deactiveren.", messages.ERROR)
            elif not self.has_change_permission(request, gebruiker):
                self.message_user(request, f"{gebruiker}: alleen een superuser deactiveert een superuser.",
                                  messages.ERROR)
            else:
                aantal = account_deactiveren(request, gebruiker)
                self.log_change(request, gebruiker, "Gedeactiveerd (vertrek).")
                self.message_user(request, f"{gebruiker} is gedeactiveerd; {aantal} lidmaatschap(pen) beëindigd en "
                                           "uitgelogd.")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "is_active" in form.changed_data and not obj.is_active:
            sessies_beeindigen(obj)  # blocked now, not at the end of their session

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        wat = [] if change else ["account aangemaakt"]
        for veld, label in (("is_active", "actief"), ("is_staff", "beheertoegang (staf)"),
                            ("is_superuser", "superuser")):
            if veld in form.changed_data:
                wat.append(f"{label} {'aan' if form.cleaned_data[veld] else 'uit'}")
        if "groups" in form.changed_data:
            wat.append("groepen: " + (", ".join(g.name for g in form.cleaned_data["groups"]) or "geen"))
        if "user_permissions" in form.changed_data:
            rechten = [p.codename for p in form.cleaned_data["user_permissions"]]
            wat.append(f"rechten: {len(rechten)} ({', '.join(rechten)})")
        if wat:
            log_account(request, "wijzigen" if change else "aanmaken", form.instance, "; ".join(wat))
        if not change and not request.user.is_superuser:
            self._stuur_links(request, [form.instance])


admin.site.unregister(Group)


@admin.register(Group)
class GroepAdmin(BeheerAdmin, DjangoGroupAdmin):
    """A group carries rights: only a superuser sees or changes groups."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "permissions" in form.changed_data:
            rechten = [p.codename for p in form.cleaned_data["permissions"]]
            log(request, "wijzigen" if change else "aanmaken", object_type="groep", object_id=form.instance.pk,
                omschrijving=f"{request.user.get_username()}: rechten van groep {form.instance.name}: "
                             f"{len(rechten)} ({', '.join(rechten)})")
