"""View guards. Every view declares who may use it; the middleware closes views that do not."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from .policy import mag


def vereist(recht: str):
    """Open the view to users with this right (privacy.policy.RECHTEN); others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not mag(request.user, recht):
                raise PermissionDenied("U heeft geen toegang tot dit onderdeel.")
            return view(request, *args, **kwargs)

        wrapper.zs_toegang = recht
        return wrapper

    return decorator


def ingelogd(view):
    """Open the view to every logged-in user (it shows only what the policy gives them)."""
    view.zs_toegang = "ingelogd"
    return view
