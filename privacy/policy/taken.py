"""Background tasks (taken.Taak): a task and its result are for the user who started it, and no one else.

A result is made under the policy of what it holds (an import, a report, a meeting), with the rights its
user had when it ran; the result is therefore only ever handed back to that same user, until it expires."""

from django.utils import timezone

from taken.models import Taak

from .dossier import weiger


def eigen_taak(user, pk) -> Taak | None:
    """One's own task by an id one kept (in the session), or None: for a page that follows up on it."""
    return Taak.objects.filter(pk=pk, gebruiker=user, verloopt__gt=timezone.now()).first()


def taak_of_404(request, pk) -> Taak:
    """One's own task, not yet expired; anyone else's (or an unknown id) is a 404, logged as refused."""
    taak = eigen_taak(request.user, pk)
    if taak is None:
        weiger(request, "inzien", "taak van een ander, verlopen of onbekend", object_type="taak", object_id=str(pk))
    return taak
