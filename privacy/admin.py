from django.contrib import admin

from zorgstructuur.beheer import BeheerAdmin

from .models import Toegangslog

# Werkaantekening is deliberately not registered: not even a superuser reads them here.


@admin.register(Toegangslog)
class ToegangslogAdmin(BeheerAdmin):
    """Read-only: the log is append-only (also enforced by database triggers)."""

    list_display = ["tijdstip", "gebruikersnaam", "rol", "actie", "uitkomst", "deelnemer_id", "object_type", "laag"]
    list_filter = ["actie", "uitkomst", "laag"]
    search_fields = ["gebruikersnaam", "=deelnemer_id"]
    date_hierarchy = "tijdstip"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
