"""The functioneel beheerder's screens: organisation, teams, the ladder and the sociale kaart.

Case content is deliberately not registered here (DESIGN §5: beheer reads no content).
"""

from django import forms
from django.contrib import admin
from django.db import models

from .models import Instelling, Lidmaatschap, Locatie, Opleiding, Partnerorganisatie, Team, Zorgniveau


class LocatieInline(admin.TabularInline):
    model = Locatie
    extra = 0


class ZorgniveauInline(admin.TabularInline):
    model = Zorgniveau
    extra = 0


@admin.register(Instelling)
class InstellingAdmin(admin.ModelAdmin):
    list_display = ["naam", "etnische_afkomst_registreren"]

    def get_inlines(self, request, obj):
        # A new instelling gets the mbo ladder on save; it is adapted afterwards.
        return [LocatieInline, ZorgniveauInline] if obj else [LocatieInline]


@admin.register(Locatie)
class LocatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "instelling"]
    list_filter = ["instelling"]
    search_fields = ["naam"]


@admin.register(Opleiding)
class OpleidingAdmin(admin.ModelAdmin):
    list_display = ["naam", "crebo", "locatie"]
    list_filter = ["locatie"]
    search_fields = ["naam", "crebo"]
    list_select_related = ["locatie"]


class LidmaatschapInline(admin.TabularInline):
    model = Lidmaatschap
    extra = 1
    autocomplete_fields = ["gebruiker"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "instelling"]
    list_filter = ["soort", "instelling"]
    search_fields = ["naam"]
    filter_horizontal = ["locaties", "opleidingen"]
    inlines = [LidmaatschapInline]


@admin.register(Lidmaatschap)
class LidmaatschapAdmin(admin.ModelAdmin):
    list_display = ["gebruiker", "functie", "team", "organisatie", "begin", "einde"]
    list_filter = ["functie", "team__soort"]
    search_fields = ["gebruiker__username", "gebruiker__last_name", "team__naam"]
    list_select_related = ["gebruiker", "team", "organisatie"]
    autocomplete_fields = ["gebruiker", "team"]


@admin.register(Partnerorganisatie)
class PartnerorganisatieAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}}
    list_display = ["naam", "soort", "contactpersoon", "telefoon", "email"]
    list_filter = ["soort"]
    search_fields = ["naam", "aanbod"]


@admin.register(Zorgniveau)
class ZorgniveauAdmin(admin.ModelAdmin):
    list_display = ["volgorde", "naam", "soort", "toestemming_vereist", "instelling"]
    list_filter = ["instelling"]
