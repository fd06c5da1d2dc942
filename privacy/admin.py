from django.conf import settings
from django.contrib import admin

from zorgstructuur.beheer import BeheerAdmin

from .models import Inlogpoging, Toegangslog

# Werkaantekening is deliberately not registered: not even a superuser reads them here.


@admin.register(Toegangslog)
class ToegangslogAdmin(BeheerAdmin):
    """Read-only: the log is append-only (also enforced by database triggers)."""

    list_display = ["tijdstip", "gebruikersnaam", "rol", "actie", "uitkomst", "deelnemer_id", "object_type", "laag",
                    "ip_adres"]
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


@admin.register(Inlogpoging)
class InlogpogingAdmin(BeheerAdmin):
    """django-axes' failure counts per account, address and browser. The beheerder lifts a lockout by
    removing its rows ("Blokkade opheffen"); the rows hold no password and no dossier data."""

    list_display = ["username", "ip_address", "pogingen", "geblokkeerd", "attempt_time"]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    fields = readonly_fields = ["username", "ip_address", "user_agent", "failures_since_start", "attempt_time"]
    actions = ["blokkade_opheffen"]

    @admin.display(description="mislukte pogingen", ordering="failures_since_start")
    def pogingen(self, obj):
        return obj.failures_since_start

    @admin.display(description="grens bereikt", boolean=True)
    def geblokkeerd(self, obj):
        return obj.failures_since_start >= settings.AXES_FAILURE_LIMIT

    @admin.action(description="Blokkade opheffen (pogingen wissen)", permissions=["delete"])
    def blokkade_opheffen(self, request, queryset):
        wie = sorted({f"{p.username or '(leeg)'} ({p.ip_address or 'onbekend adres'})" for p in queryset})
        self.log_deletions(request, queryset)
        aantal, _ = queryset.delete()
        self.message_user(request, f"Blokkade opgeheven voor {', '.join(wie)}." if aantal else "Niets geselecteerd.")

    def get_actions(self, request):
        acties = super().get_actions(request)
        acties.pop("delete_selected", None)  # the action above says what it does
        return acties

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Only through the action on the list: a single row's delete page would add nothing.
        return obj is None and super().has_delete_permission(request)
