"""Functioneel beheer configures the categories of problematiek; case content is not registered here."""

from django.contrib import admin

from zorgstructuur.beheer import BeheerAdmin

from .models import Problematiek


@admin.register(Problematiek)
class ProblematiekAdmin(BeheerAdmin):
    list_display = ["naam", "volgorde", "actief"]
    list_editable = ["volgorde", "actief"]
    list_filter = ["actief"]
