"""Settings from the environment, with safe defaults.

``NABIJ_ENV=production`` makes the settings strict: a ``SECRET_KEY`` is required and
``DJANGO_DEBUG`` must be off. Every setting is documented in ``.env.example``.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


NABIJ_ENV = os.environ.get("NABIJ_ENV", "development")
PRODUCTION = NABIJ_ENV == "production"
DATA_DIR = Path(os.environ.get("NABIJ_DATA_DIR", Path.cwd() / "var")).resolve()

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if PRODUCTION:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when NABIJ_ENV=production.")
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_DEBUG must be off when NABIJ_ENV=production.")
elif not SECRET_KEY:
    # Development and tests only; `nabij serve` stores a random key in the data directory.
    SECRET_KEY = "insecure-development-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Before the admin, so its templates (admin/base_site.html: Nabij beheer) take precedence.
    "nabij.core",
    # Django's admin with Nabij's site: the administrator role decides, not is_staff/superuser.
    "nabij.access.admin_apps.NabijAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "ninja",
    # DigiD (Maykin's django-digid-eherkenning) and what it stores its configuration with.
    # Mijn Nabij comes first, so its templates replace the library's mock IdP pages.
    "nabij.portal",
    "solo",
    "privates",
    "simple_certmanager",
    "digid_eherkenning",
    "nabij.areas",
    "nabij.access",
    "nabij.people",
    "nabij.assessment",
    "nabij.plans",
    "nabij.costs",
    "nabij.funds",
    "nabij.matching",
    "nabij.conversations",
    "nabij.outcomes",
    "nabij.reports",
    "nabij.initiatives",
    "nabij.budgets",
    "nabij.demo",
    "nabij.jobs",
    "nabij.signals",
    "nabij.learning",
    "nabij.practices",
    "nabij.referrals",
    "django_tasks",
    "django_tasks_db",
]

# Background jobs (nabij.jobs) through Django's tasks framework (the django-tasks backport).
# Default: the database backend, in the same database (SQLite or PostgreSQL), no extra service;
# `nabij serve` starts its worker itself, `nabij worker` runs one on its own. "redis": the RQ
# backend (install the extra: uv sync --extra redis) on NABIJ_TASKS_REDIS_URL.
TASKS_BACKEND_KIND = os.environ.get("NABIJ_TASKS_BACKEND", "database").strip().lower()
TASKS_REDIS_URL = os.environ.get("NABIJ_TASKS_REDIS_URL", "redis://127.0.0.1:6379/0")
if TASKS_BACKEND_KIND == "redis":
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": TASKS_REDIS_URL, "DEFAULT_TIMEOUT": -1}}
elif TASKS_BACKEND_KIND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured("NABIJ_TASKS_BACKEND must be 'database' or 'redis'.")
# A running job writes its heartbeat this often; one silent for JOBS_STALE_SECONDS was left by
# a worker that died, and is tried again, at most JOBS_MAX_ATTEMPTS times in all.
JOBS_HEARTBEAT_SECONDS = float(os.environ.get("NABIJ_JOBS_HEARTBEAT_SECONDS", "5"))
JOBS_STALE_SECONDS = int(os.environ.get("NABIJ_JOBS_STALE_SECONDS", "120"))
JOBS_MAX_ATTEMPTS = int(os.environ.get("NABIJ_JOBS_MAX_ATTEMPTS", "3"))

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "nabij.access.middleware.ResidentSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "nabij.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "nabij.config.urls"
WSGI_APPLICATION = "nabij.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nabij.access.context_processors.nabij",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'nabij.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"
# Failed logins per account, per device cookie and (4x) per client address before a lock-out;
# see nabij.access.throttle.
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", "900"))
# How long a browser that logged in is recognised by its device cookie, in days.
LOGIN_DEVICE_COOKIE_DAYS = int(os.environ.get("LOGIN_DEVICE_COOKIE_DAYS", "180"))
# Reverse proxies whose X-Forwarded-For is believed: addresses or networks (CIDR).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network."
        ) from exc
# Residents log in with DigiD only (never a password): the library's SAML backend in production,
# its mock IdP (a BSN chosen on a page inside Nabij) in the demo and the tests. The SAML
# configuration comes from the environment: see `nabij manage digid_configure`.
DIGID_MOCK = env_bool("DIGID_MOCK", not PRODUCTION)
if PRODUCTION and DIGID_MOCK and not env_bool("DIGID_MOCK_IN_PRODUCTION", False):
    raise ImproperlyConfigured("DIGID_MOCK must be off when NABIJ_ENV=production.")
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "nabij.access.digid.MockDigiDBackend" if DIGID_MOCK else "nabij.access.digid.DigiDBackend",
]
# The level of assurance asked of DigiD (at least this one: comparison "minimum"). Default
# substantieel: Mijn Nabij shows special categories of personal data (care, youth care, debts).
DIGID_LOA_LEVELS = {
    "basis": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
    "midden": "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract",
    "substantieel": "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard",
    "hoog": "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI",
}
_loa = os.environ.get("DIGID_LOA", "").strip() or "substantieel"
DIGID_LOA = DIGID_LOA_LEVELS.get(_loa.lower(), _loa)
if DIGID_LOA not in DIGID_LOA_LEVELS.values():
    raise ImproperlyConfigured(
        f"DIGID_LOA: {_loa!r} is not a DigiD level: use {', '.join(DIGID_LOA_LEVELS)} "
        "or the level's URN."
    )
DIGID_MOCK_APP_TITLE = "Mijn Nabij"
DIGID_MOCK_RETURN_URL = "portal:home"
DIGID_MOCK_CANCEL_URL = "portal:login"
# The DigiD norm (DigiDCheck T14): a resident's session ends after 15 idle minutes.
RESIDENT_IDLE_SECONDS = int(os.environ.get("RESIDENT_IDLE_SECONDS", str(15 * 60)))
DIGID_SESSION_AGE = RESIDENT_IDLE_SECONDS
# An export of all personal data asks for a DigiD login no older than this.
RESIDENT_FRESH_LOGIN_SECONDS = int(os.environ.get("RESIDENT_FRESH_LOGIN_SECONDS", str(5 * 60)))
# Shared by every web worker (and every server on the database): the DigiD library keeps the
# id of each SAML AuthnRequest here until the IdP answers, possibly to another worker.
# `nabij serve` creates the table (`nabij manage createcachetable` for other deployments).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "nabij_cache",
    }
}
# Where django-privates keeps the DigiD certificates (never served as static or media files).
PRIVATE_MEDIA_ROOT = str(DATA_DIR / "private")
PRIVATE_MEDIA_URL = "/private-media/"
SENDFILE_BACKEND = "django_sendfile.backends.simple"
SENDFILE_ROOT = PRIVATE_MEDIA_ROOT

# Citizen initiatives (issue 12). An application up to this amount is decided by the coordinator
# of a team working in the initiative's district; above it by the functional administrator.
INITIATIVES_COORDINATOR_LIMIT_CENTS = int(
    os.environ.get("INITIATIVES_COORDINATOR_LIMIT_CENTS", str(2_500_00))
)
# Days from submission to the decision: small amounts in four weeks, larger ones within the
# eight weeks after which the Awb's "redelijke termijn" has in any case passed (art. 4:13 lid 2).
# A challenge (uitdaagrecht) gets eight weeks too; the coordinator may set a later date in talks.
# Vroegsignalering (issue 14): working days within which a signal case gets its first contact
# attempt, and how long signals that led to nothing are kept (see docs/signals.md for the source).
# The practice library (issue 14): this installation's name in exported stories and in local
# stories' municipality tag; the largest practices file an import reads (bytes).
NABIJ_INSTALLATION_NAME = os.environ.get("NABIJ_INSTALLATION_NAME", "Gemeente Leeuwarden").strip()
PRACTICES_IMPORT_MAX_BYTES = int(os.environ.get("PRACTICES_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
SIGNALS_OUTREACH_WORKING_DAYS = int(os.environ.get("SIGNALS_OUTREACH_WORKING_DAYS", "10"))
# Attempts before a case may be closed as "not reached"; months after which signals and cases
# that led to nothing are deleted (Wgs; docs/signals.md, "Bewaartermijn" gives the source).
SIGNALS_MAX_ATTEMPTS = int(os.environ.get("SIGNALS_MAX_ATTEMPTS", "3"))
SIGNALS_RETENTION_MONTHS = int(os.environ.get("SIGNALS_RETENTION_MONTHS", "12"))
# The upload limit of the signal import page (a delivery is a month of one creditor's signals).
SIGNALS_IMPORT_MAX_UPLOAD_MB = int(os.environ.get("SIGNALS_IMPORT_MAX_UPLOAD_MB", "20"))
INITIATIVES_DECISION_DAYS = int(os.environ.get("INITIATIVES_DECISION_DAYS", "28"))
INITIATIVES_DECISION_DAYS_LARGE = int(os.environ.get("INITIATIVES_DECISION_DAYS_LARGE", "56"))
INITIATIVES_CHALLENGE_DECISION_DAYS = int(
    os.environ.get("INITIATIVES_CHALLENGE_DECISION_DAYS", "56")
)

# Notifications say only that something changed, never what: the demo prints them (console).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mijn Nabij <noreply@nabij.example>")

# Two-factor login (django-otp): the name authenticator apps show beside the code. django-otp's
# own back-off per device (1, 2, 4… seconds after each wrong code) stays on beside the throttle.
OTP_TOTP_ISSUER = "Nabij"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Short dates that never break across lines (nabij/core/formats); the rest is Django's.
FORMAT_MODULE_PATH = ["nabij.core.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Only for deployments that run collectstatic; WhiteNoise serves from the app folders otherwise.
STATIC_ROOT = os.environ.get("STATIC_ROOT") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Secure headers. HTTPS-only settings are on in production and can be switched off when a
# proxy terminates TLS in a way Django cannot see.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "nabij.core.views.csrf_failure"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"kv": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "kv"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# Disclosure control: aggregates over fewer households than this are suppressed.
SMALL_CELL_THRESHOLD = 10
# The rules analysis flags a rule as a candidate for change when it was set aside at least this
# many times, and at least this share (per cent) of those with a known outcome were solved with
# the household's goal holding (docs/rules-analysis.md).
RULES_CANDIDATE_MIN_TIMES = int(os.environ.get("RULES_CANDIDATE_MIN_TIMES", "10"))
RULES_CANDIDATE_MIN_GOOD_PERCENT = int(os.environ.get("RULES_CANDIDATE_MIN_GOOD_PERCENT", "60"))
# Largest cost-line file the upload page accepts, in megabytes; checked before the body is read.
COSTS_IMPORT_MAX_UPLOAD_MB = int(os.environ.get("COSTS_IMPORT_MAX_UPLOAD_MB", "100"))
# Compressed uploads (an XLSX is a ZIP), checked in nabij.core.uploads before anything is
# unpacked: everything unpacked together, one part that the parser reads whole (an XLSX's
# shared strings; its worksheets are streamed), the compression ratio of a part, the parts.
UPLOAD_MAX_UNCOMPRESSED_MB = int(os.environ.get("UPLOAD_MAX_UNCOMPRESSED_MB", "1000"))
UPLOAD_MAX_MEMBER_MB = int(os.environ.get("UPLOAD_MAX_MEMBER_MB", "100"))
UPLOAD_MAX_ZIP_RATIO = int(os.environ.get("UPLOAD_MAX_ZIP_RATIO", "100"))
UPLOAD_MAX_ZIP_MEMBERS = int(os.environ.get("UPLOAD_MAX_ZIP_MEMBERS", "1000"))
# `nabij serve`: a worker is replaced after this many requests (plus up to 10% jitter).
SERVER_MAX_REQUESTS = int(os.environ.get("SERVER_MAX_REQUESTS", "1000"))
# Task workers `nabij serve` starts and supervises next to the web server (0: run `nabij worker`).
SERVE_TASK_WORKERS = int(os.environ.get("NABIJ_SERVE_WORKERS", "1"))
NINJA_PAGINATION_PER_PAGE = 25
NINJA_PAGINATION_MAX_LIMIT = 100
