"""Settings for the archive of replies, configured from the environment.

Local use needs no variables at all: SQLite under data/, DEBUG on. Production sets
DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and usually DATABASE_URL.
"""
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from archive import sqlite_driver

# Before Django loads its SQLite backend: one driver (pysqlite3 when installed) for everything.
sqlite_driver.install()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()]
if DEBUG:
    SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver"]
elif not SECRET_KEY or not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_DEBUG=0 needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS to be set."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "archive",
    "archive.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

ROOT_URLCONF = "archive.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "archive.wsgi.application"

if not os.environ.get("DATABASE_URL"):
    # The default database's folder (kept in git by data/.gitkeep, but easy to delete): SQLite
    # cannot create the file in a folder that is not there.
    (BASE_DIR / "data").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'data' / 'archive.sqlite3'}",
        conn_max_age=60,
    )
}
sqlite_driver.check_version(DATABASES["default"]["ENGINE"])
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets searches read while an ingest writes; IMMEDIATE transactions plus a busy
    # timeout turn lock contention into waiting instead of "database is locked".
    # Connections are kept between requests (conn_max_age above), as for PostgreSQL: opening
    # one per request cost ~2–3 ms of CPU (Django's SQL functions, PRAGMAs, schema parsing)
    # plus a cold page cache, 5–15 ms of wall time per search request on the shared bench
    # machine. Requests run in autocommit, so an idle worker holds no read transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
    }


def page_cache_dir() -> str:
    """Where the pages' aggregates are shared by all workers (archive/pages/cache.py): files
    beside a SQLite database (or under data/), unless ARCHIVE_PAGE_CACHE_DIR says otherwise;
    "" (DEBUG, or ARCHIVE_PAGE_CACHE_DIR=off) keeps them in each process's memory."""
    configured = os.environ.get("ARCHIVE_PAGE_CACHE_DIR", "")
    if configured:
        return "" if configured.lower() == "off" else configured
    if DEBUG:
        return ""
    name = DATABASES["default"].get("NAME") or ""
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and name and not str(name).startswith(":"):
        return str(Path(name).with_suffix(".page-cache"))
    return str(BASE_DIR / "data" / "page-cache")


PAGE_CACHE_DIR = page_cache_dir()
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": (
        {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": PAGE_CACHE_DIR,
         "TIMEOUT": 300, "OPTIONS": {"MAX_ENTRIES": 5000}}
        if PAGE_CACHE_DIR
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "archive-pages",
              "OPTIONS": {"MAX_ENTRIES": 2000}}
    ),
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            # whitenoise's CompressedManifestStaticFilesStorage, tolerant of unshipped source maps
            "archive.storage.StaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Largest file ingest and upload accept; bigger files are refused with a message.
ARCHIVE_MAX_FILE_BYTES = 20 * 1024 * 1024
# Uploaded files wait here, named by a random token, between preview and save.
ARCHIVE_UPLOAD_STAGING_DIR = Path(
    os.environ.get("ARCHIVE_UPLOAD_STAGING_DIR") or BASE_DIR / "data" / "upload-staging"
)
# Form fields (not files) stay small; files above 2.5 MB stream to a temp file, never memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_HANDLERS = [
    # Stops keeping a file's bytes once it passes ARCHIVE_MAX_FILE_BYTES.
    "archive.upload.handlers.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Security. Secure defaults when DEBUG is off; see docs/security.md for each switch.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_flag("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS") or (0 if DEBUG else 31_536_000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# Sends the preload flag only; nothing happens until the domain is submitted to hstspreload.org.
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", not DEBUG)
if env_flag("DJANGO_BEHIND_TLS_PROXY", False):
    # Only behind a proxy that sets (and strips from clients) X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# django-csp 4: no inline script or style anywhere; JS and CSS come from /static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# django-axes: lock a username+address pair out after repeated failed logins.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT") or 5)
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES") or 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # stderr, so management commands (ingest, export_replies) keep stdout a clean report;
    # gunicorn.conf.py sets DJANGO_LOG_STREAM=stdout for the web server.
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout" if os.environ.get("DJANGO_LOG_STREAM") == "stdout" else "ext://sys.stderr",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
