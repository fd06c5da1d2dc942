import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgstructuur.settings")
application = get_wsgi_application()
if not settings.SECRET_KEY:  # Django raises here already when it is empty: never serve without a key
    raise RuntimeError("SECRET_KEY ontbreekt.")
