"""Functioneel beheer configures the categories of problematiek; case content is not registered here."""

from django.contrib import admin

from .models import Problematiek


@admin.register(Problematiek)
class ProblematiekAdmin(admin.ModelAdmin):
    list_display = ["naam", "volgorde", "actief"]
    list_editable = ["volgorde", "actief"]
    list_filter = ["actief"]
