"""Qorgau settings: every value comes from the environment through the small typed helpers below."""

import base64
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_secret(name: str) -> str:
    """A secret from `NAME`, or from the file named by `NAME_FILE` (container secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, "")


def env_secret_list(name: str) -> list[str]:
    """Secrets from `NAME` (separated by commas) or from the file named by `NAME_FILE` (one a
    line, or separated by commas)."""
    return [item for item in env_secret(name).replace(",", " ").split() if item]


QORGAU_ENV = env_str("QORGAU_ENV", "development")
if QORGAU_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"QORGAU_ENV must be development, test or production, not {QORGAU_ENV!r}"
    )
PRODUCTION = QORGAU_ENV == "production"

VAR_DIR = Path(env_str("QORGAU_VAR_DIR", str(BASE_DIR / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _local_secret_key() -> str:
    """Generated once into var/ so local runs keep their sessions across restarts."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = env_secret("SECRET_KEY")
SECRET_KEY_GENERATED = not SECRET_KEY
if SECRET_KEY_GENERATED:
    SECRET_KEY = _local_secret_key()

DEBUG = env_bool("DEBUG", default=QORGAU_ENV == "development")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1],testserver"
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "qorgau.core.views.csrf_failure"

if PRODUCTION:
    problems = []
    if DEBUG:
        problems.append("DEBUG is on")
    if SECRET_KEY_GENERATED:
        problems.append("SECRET_KEY (or SECRET_KEY_FILE) is not set")
    if not ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS is empty")
    if problems:
        raise ImproperlyConfigured(
            "Refusing to start in production: "
            + "; ".join(problems)
            + ". See docs/configuration.md."
        )

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "ninja",
    "qorgau.core",
    "qorgau.accounts",
    "qorgau.library",
    "qorgau.checkup",
    "qorgau.monitoring",
    "qorgau.network",
    "qorgau.helpdesk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "qorgau.core.middleware.request_size_limit",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "qorgau.core.middleware.fetch_metadata_origin",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "qorgau.accounts.middleware.keypair_cookie",
    "qorgau.accounts.middleware.staff_session",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "qorgau.core.middleware.security_headers",
    "qorgau.core.middleware.language_fallback",
]

ROOT_URLCONF = "qorgau.urls"
WSGI_APPLICATION = "qorgau.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "qorgau" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qorgau.core.context_processors.platform",
            ],
        },
    },
]

# --- Database: SQLite (WAL) under var/ by default, anything dj-database-url reads otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'qorgau.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A writer waits up to 20 s for the lock rather than failing: under a burst of submissions
    # (each seconds of Argon2id and encryption on a few cores) a lock holder may be descheduled
    # for longer than SQLite's 5 s, and a write that fails after a request is stored would lose
    # the requester's receipt code.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# --- Cache: locmem:// (default), redis://host:port/db, dummy://
def _cache(url: str) -> dict[str, object]:
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url.startswith("dummy://"):
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if url.startswith("locmem://"):
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": url[9:] or "qorgau",
        }
    raise ImproperlyConfigured(
        f"CACHE_URL must start with locmem://, redis:// or dummy://, not {url!r}"
    )


CACHES = {"default": _cache(env_str("CACHE_URL", "locmem://"))}

# --- Background tasks: the database queue by default; Redis (RQ) when TASKS_BACKEND=rq.
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate" if QORGAU_ENV == "test" else "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": env_str("REDIS_URL", "redis://127.0.0.1:6379/0")}}

# --- Files: everything local lives under QORGAU_VAR_DIR.
MEDIA_ROOT = VAR_DIR / "files"
MEDIA_URL = "/files/"  # never served directly: modules stream files through permission checks
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- Requests: refuse oversized bodies before anything reads them.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
# Uploads are held in memory only, never in a plaintext temporary file (qorgau/core/uploads.py).
FILE_UPLOAD_HANDLERS = ["qorgau.core.uploads.MemoryOnlyUploadHandler"]

# --- Passwords and sign-in (OWASP ASVS 5.0: length, breached-list check, no composition rules).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "qorgau.accounts.passwords.MaximumLengthValidator"},
    {"NAME": "qorgau.accounts.passwords.BreachedPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
STAFF_IDLE_SECONDS = env_int("STAFF_IDLE_SECONDS", 60 * 60)
REAUTH_SECONDS = env_int("REAUTH_SECONDS", 10 * 60)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Qorgau")
WEBAUTHN_RP_ID = env_str("WEBAUTHN_RP_ID", "")  # empty: the host of the request
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600)

_MAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS: dict[str, dict[str, object]] = {"default": {"BACKEND": _MAIL_BACKEND}}
if _MAIL_BACKEND.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_secret("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS"),
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Qorgau <noreply@localhost>")
ONION_ADDRESS = env_str("ONION_ADDRESS")  # e.g. abc…xyz.onion: announced to Tor Browser users
SECURITY_CONTACT = env_str("SECURITY_CONTACT", "mailto:security@localhost")

# --- Transport and browser security.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# --- Languages: Kazakh first; URLs carry the language.
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["qorgau.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Almaty")

# --- Logging: to the console, never a client address or user agent.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_client_details": {"()": "qorgau.core.logging.NoClientDetails"}},
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_client_details"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Never below INFO, whatever LOG_LEVEL says: at DEBUG, django.template logs the whole
        # context of a failed variable lookup (decrypted content included) and Pillow logs the
        # EXIF values of uploaded photos (tests/test_encryption_proof.py finds both).
        "django.template": {"level": "INFO"},
        "PIL": {"level": "INFO"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50


# --- Encryption (qorgau.core.crypto, docs/security.md).
def _local_server_key() -> str:
    """The P1 server key, generated once into var/ (0600) unless given by QORGAU_SERVER_KEY."""
    path = VAR_DIR / "server_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    return path.read_text().strip()


QORGAU_SERVER_KEY = env_secret("QORGAU_SERVER_KEY") or _local_server_key()
# Server keys replaced by QORGAU_SERVER_KEY, newest first (like SECRET_KEY_FALLBACKS): P1 fields
# still open under them, and receipts issued under them are still found. Keep each until
# `qorgau keys rotate-server-key` reports no request depends on it (docs/security.md).
QORGAU_SERVER_KEY_PREVIOUS = env_secret_list("QORGAU_SERVER_KEY_PREVIOUS")
# Base64 public half of the offline escrow key pair (`qorgau keys escrow-keygen`); empty: no escrow.
QORGAU_ESCROW_PUBLIC_KEY = env_str("QORGAU_ESCROW_PUBLIC_KEY")
# Base64 public half of the offline reporting key pair (`qorgau keys reporting-keygen`): the help
# request form asks its optional demographic questions only when it is set (docs/helpdesk.md).
QORGAU_REPORTING_PUBLIC_KEY = env_secret("QORGAU_REPORTING_PUBLIC_KEY")
# Argon2id cost for new password and recovery-key wraps (minimum, interactive or moderate); the
# cost is stored in each wrap, so changing it never locks anyone out.
QORGAU_KDF_COST = env_str(
    "QORGAU_KDF_COST",
    {"test": "minimum", "development": "interactive", "production": "moderate"}[QORGAU_ENV],
)
# Argon2id cost of the one derivation behind a receipt (its lookup hash and the key its grant is
# wrapped under): changing it on a live site makes every stored receipt unfindable, so it is its
# own setting.
QORGAU_RECEIPT_KDF_COST = env_str(
    "QORGAU_RECEIPT_KDF_COST", "minimum" if QORGAU_ENV == "test" else "interactive"
)
for _cost_setting in ("QORGAU_KDF_COST", "QORGAU_RECEIPT_KDF_COST"):
    _allowed_costs = {"interactive", "moderate"} | (set() if PRODUCTION else {"minimum"})
    if globals()[_cost_setting] not in _allowed_costs:
        raise ImproperlyConfigured(
            f"{_cost_setting} must be one of {sorted(_allowed_costs)} (docs/configuration.md)"
        )

# --- Help desk intake (qorgau/helpdesk, docs/helpdesk.md).
HELPDESK_MAX_FILE_BYTES = env_int("HELPDESK_MAX_FILE_BYTES", 20 * 1024 * 1024)
HELPDESK_MAX_FILES = env_int("HELPDESK_MAX_FILES", 10)
# Failed receipt codes a browser session may type before waiting HELPDESK_RECEIPT_LOCK_SECONDS.
HELPDESK_RECEIPT_ATTEMPTS = env_int("HELPDESK_RECEIPT_ATTEMPTS", 5)
HELPDESK_RECEIPT_LOCK_SECONDS = env_int("HELPDESK_RECEIPT_LOCK_SECONDS", 15 * 60)
# Receipt checks (each a slow hash) across the whole site per minute, and per code per hour.
HELPDESK_RECEIPT_CHECKS_PER_MINUTE = env_int("HELPDESK_RECEIPT_CHECKS_PER_MINUTE", 120)
HELPDESK_RECEIPT_TRIES_PER_CODE = env_int("HELPDESK_RECEIPT_TRIES_PER_CODE", 20)
# A requester who typed their code stays in for this long without activity.
HELPDESK_RECEIPT_SESSION_SECONDS = env_int("HELPDESK_RECEIPT_SESSION_SECONDS", 30 * 60)
# Submissions per browser session per hour, and across the site per minute (0: no limit).
HELPDESK_SUBMISSIONS_PER_SESSION = env_int("HELPDESK_SUBMISSIONS_PER_SESSION", 10)
HELPDESK_SUBMISSIONS_PER_MINUTE = env_int("HELPDESK_SUBMISSIONS_PER_MINUTE", 300)
HELPDESK_FORM_MAX_AGE = env_int("HELPDESK_FORM_MAX_AGE", 24 * 3600)

# --- Help desk cases and retention (qorgau/helpdesk, docs/helpdesk.md "Retention").
# Unanswered, declined, referred or advice-only requests: days after their last activity.
HELPDESK_REQUEST_RETENTION_DAYS = env_int("HELPDESK_REQUEST_RETENTION_DAYS", 90)
# Requests accepted but never made a case (no lawyer found, the requester went silent): days
# after their last activity; then they are warned about and expire like unanswered ones.
HELPDESK_ACCEPTED_RETENTION_DAYS = env_int("HELPDESK_ACCEPTED_RETENTION_DAYS", 180)
# Closed cases: days after closing (five years by default, for appeals and donor audits).
HELPDESK_CASE_RETENTION_DAYS = env_int("HELPDESK_CASE_RETENTION_DAYS", 5 * 365)
HELPDESK_EXPIRY_WARNING_DAYS = env_int("HELPDESK_EXPIRY_WARNING_DAYS", 7)
# The address put in content-free notification mails (https://… or the onion address); empty:
# the address of the request that caused the mail, or https:// and the first of ALLOWED_HOSTS.
HELPDESK_SITE_URL = env_str("HELPDESK_SITE_URL", "")

# --- Monitoring workflow (qorgau/monitoring, docs/monitoring.md "Workflow").
# "Verified" set by one monitor counts only once a different monitor confirms it.
MONITORING_SECOND_SIGNOFF = env_bool("MONITORING_SECOND_SIGNOFF", False)
# Zero bits the report form's proof of work asks for (16: about a second in a phone's browser).
MONITORING_REPORT_POW_BITS = env_int("MONITORING_REPORT_POW_BITS", 16)

# --- Monitoring public figures (qorgau/monitoring/cube.py, docs/monitoring.md "Figures at scale").
# Above this many incidents, counts come from in-memory columns instead of SQL (-1: always SQL).
MONITORING_CUBE_ROWS = env_int("MONITORING_CUBE_ROWS", 20000)
# The columns are rebuilt after this many seconds even if no incident or event changed.
MONITORING_CUBE_SECONDS = env_int("MONITORING_CUBE_SECONDS", 900)

if QORGAU_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

PLATFORM_NAME = _("Qorgau")
