"""Settings for Zorgstructuur, read from the environment (see README, "Productie")."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# Required outside DEBUG: left empty, Django refuses loudly as soon as anything needs it (sessions,
# signing, serving), while commands that need no key (makemigrations, migrate) still run.
SECRET_KEY = os.environ.get("SECRET_KEY") or ("alleen-voor-lokale-ontwikkeling-" + "x" * 40 if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "guardian",
    "simple_history",
    "axes",  # before privacy: its login signals run first, so our log row knows about a lockout
    "zorgstructuur",
    "privacy",
    "deelnemers",
    "aanmelding",
    "overleg",
    "rapportage",
    "django_tasks",
    "django_tasks_db",
    "taken",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zorgstructuur.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "privacy.middleware.GeenCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zorgstructuur.invoer.NulBytesMiddleware",  # before anything that queries or logs the request
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "privacy.middleware.WeigeringLogMiddleware",
    "privacy.middleware.SessieVerloopMiddleware",
    "privacy.middleware.DenyByDefaultMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "zorgstructuur.invoer.BeheerInvoerMiddleware",  # last: it runs the admin's view in a savepoint
]

ROOT_URLCONF = "zorgstructuur.urls"
WSGI_APPLICATION = "zorgstructuur.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "privacy.context_processors.navigatie",
            ],
        },
    },
]

# Without DATABASE_URL an SQLite file: the embedded default for a first run on a laptop.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'zorgstructuur.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The task worker writes beside the server (make run): wait for the other's write instead of failing after
    # SQLite's 5 seconds (a dry run of a large import holds its transaction longer).
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 30
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The computed management overviews (rapportage.maken) are kept for 10 minutes in a database table, shared by
# every app server (the app is stateless); the table is made by rapportage's migration. "default" stays
# Django's per-process memory cache.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "rapportage": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "rapportage_cache",
                   "OPTIONS": {"MAX_ENTRIES": 2000}},
}

# django-axes first: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# django-guardian is used only through its direct foreign-key models with our own end date;
# its object backend is deliberately not installed, so an expired grant can never pass has_perm.
ANONYMOUS_USER_NAME = None
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]
GUARDIAN_RAISE_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "mijn_werk"
LOGOUT_REDIRECT_URL = "login"

# Sessions: end after an idle period (privacy.middleware) and after 12 hours in all.
SESSIE_INACTIEF_MINUTEN = env_int("SESSIE_INACTIEF_MINUTEN", 30)
SESSIE_MAXIMAAL_UREN = env_int("SESSIE_MAXIMAAL_UREN", 12)
SESSION_COOKIE_AGE = SESSIE_MAXIMAAL_UREN * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Password guessing (django-axes): an account is locked after INLOG_MAX_POGINGEN failures, from any address;
# an address after INLOG_MAX_POGINGEN_ADRES failures, for any account — higher, because a whole school often
# shares one address. Locked even for the right password, until INLOG_BLOKKADE_MINUTEN have passed without
# a try, or the functioneel beheerder lifts it (admin, "mislukte inlogpogingen").
INLOG_MAX_POGINGEN = env_int("INLOG_MAX_POGINGEN", 5)
INLOG_MAX_POGINGEN_ADRES = env_int("INLOG_MAX_POGINGEN_ADRES", 20)
INLOG_BLOKKADE_MINUTEN = env_int("INLOG_BLOKKADE_MINUTEN", 30)
AXES_FAILURE_LIMIT = INLOG_MAX_POGINGEN
AXES_COOLOFF_TIME = timedelta(minutes=INLOG_BLOKKADE_MINUTEN)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "privacy.inloggen.InlogpogingHandler"  # the address's own limit
AXES_CLIENT_IP_CALLABLE = "privacy.actor.adres"  # the access log's address (ACHTER_PROXY)
AXES_LOCKOUT_CALLABLE = "privacy.inloggen.geblokkeerd"  # Dutch page, HTTP 429
AXES_RESET_ON_SUCCESS = False  # a login of one's own must not reset the count against others from that address
AXES_DISABLE_ACCESS_LOG = True  # logins and logouts go to the Toegangslog (privacy.inloggen)
AXES_ENABLE_ADMIN = False  # the beheerder unlocks through privacy's Dutch admin

LANGUAGE_CODE = "nl"  # the UI is Dutch whatever the browser asks: no LocaleMiddleware
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%Y-%m-%d"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploads live outside static/ and are never served directly: only a view that asks the policy.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Background tasks (README, "Achtergrondtaken"): Django's Tasks API (the django-tasks backport of Django 6's
# django.tasks), by default on the database, run by `manage.py db_worker` beside the web server. Another
# backend (Celery, RQ) is a change of this setting only.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zorgstructuur@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Notifications on Mijn werk also go out as an e-mail with only a link (off for the demo load).
MELDINGEN_PER_EMAIL = env_bool("MELDINGEN_PER_EMAIL", True)

# django-simple-history: no reverting, history screens need explicit permission.
SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS = True

# Behind a TLS-terminating load balancer (see README).
ACHTER_PROXY = env_bool("ACHTER_PROXY", False)  # also: the access log takes the client from X-Forwarded-For
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if ACHTER_PROXY else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
