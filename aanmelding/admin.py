"""Functioneel beheer configures the categories of problematiek; case content is not registered here."""

from django.contrib import admin

from zorgstructuur.beheer import BeheerAdmin

from .models import Problematiek, SMWContactsoort, SMWInterventie


@admin.register(Problematiek)
class ProblematiekAdmin(BeheerAdmin):
    list_display = ["naam", "volgorde", "actief"]
    list_editable = ["volgorde", "actief"]
    list_filter = ["actief"]


@admin.register(SMWContactsoort, SMWInterventie)
class SMWKeuzelijstAdmin(BeheerAdmin):
    """The SMW's configurable lists per instelling; a kind in use is set inactive, not deleted."""

    list_display = ["naam", "instelling", "volgorde", "actief"]
    list_editable = ["volgorde", "actief"]
    list_filter = ["instelling", "actief"]
    in_plaats_van_verwijderen = "Er zijn SMW-contacten mee vastgelegd: zet het op inactief."
