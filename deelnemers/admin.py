from django.contrib import admin

from zorgstructuur.beheer import BeheerAdmin

from .models import Import

# Deelnemer, DossierItem and Gebeurtenis are deliberately not registered: the functioneel
# beheerder configures the system but reads no case content (DESIGN §5).


@admin.register(Import)
class ImportAdmin(BeheerAdmin):
    list_display = ["tijdstip", "bestandsnaam", "door", "nieuw", "aantal_gewijzigd", "ongewijzigd", "uitgeschreven",
                    "fouten"]
    readonly_fields = [f.name for f in Import._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
