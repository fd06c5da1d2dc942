"""The one way a form view runs a service: the service's ValidationError lands on the form, its
Conflict becomes the conflict message with what the other person changed. Nothing is lost: the form
keeps what the user typed."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from .models import Conflict

CONFLICT_MELDING = ("Iemand anders heeft dit intussen gewijzigd. Uw wijziging is niet opgeslagen; hieronder ziet u "
                    "wat er veranderde. Controleer uw invoer en sla opnieuw op.")


def fouten_naar_form(form, fout: ValidationError) -> None:
    if hasattr(fout, "error_dict"):
        for veld, lijst in fout.error_dict.items():
            form.add_error(veld if veld in form.fields else None, lijst)
    else:
        form.add_error(None, fout)


def uitvoeren(request, form, handeling):
    """Run `handeling()` (one service call) and return (resultaat, conflict). When the service refuses,
    resultaat is None: the errors are on the form, or `conflict` says what changed in between."""
    try:
        return handeling(), None
    except Conflict as conflict:
        messages.error(request, CONFLICT_MELDING)
        return None, conflict
    except ValidationError as fout:
        fouten_naar_form(form, fout)
        return None, None
