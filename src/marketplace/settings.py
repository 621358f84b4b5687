"""Django settings, all from the environment (see README "Settings").

The embedded default is safe for one machine: DEBUG off, SQLite under var/, e-mail to files.
A production deployment sets MARKETPLACE_ENV=production, DATABASE_URL, MARKETPLACE_SECRET_KEY
and MARKETPLACE_ALLOWED_HOSTS; the web tier keeps no state of its own, so any number of
app servers can run behind a load balancer.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from marketplace import env
from marketplace.core.states import STATES
from marketplace.core.time_zones import state_time_zone

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(env.text("MARKETPLACE_VAR_DIR", str(REPO_DIR / "var")))

ENVIRONMENT = env.choice("MARKETPLACE_ENV", "local", {"local", "test", "production"})
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env.boolean("MARKETPLACE_DEBUG", False)


def _secret_key() -> str:
    key = env.text("MARKETPLACE_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise env.SettingError("MARKETPLACE_SECRET_KEY must be set when MARKETPLACE_ENV=production")
    # Local use: one random key, kept under var/ so sessions survive a restart.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.csv_list("MARKETPLACE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env.csv_list("MARKETPLACE_CSRF_TRUSTED_ORIGINS", "")

# The state this deployment serves (one state per deployment).
MARKETPLACE_STATE = env.choice("MARKETPLACE_STATE", "MA", set(STATES))
# The plan year shown by default; 0 means "the latest year in the catalog".
MARKETPLACE_PLAN_YEAR = env.integer("MARKETPLACE_PLAN_YEAR", 0)
# The Marketplace identifier the IRS assigned the state (Form 1095-A Part I line 1 and the
# annual data file); empty: a placeholder in the same shape (form1095a/statement.py).
MARKETPLACE_1095A_ID = env.text("MARKETPLACE_1095A_ID", "").strip()
# Where the scheduled Form 1095-A runs write the annual data file, a folder per year
# (form1095a/schedule.py; `marketplace form-1095a --out DIR` writes where it is told).
FORM1095A_DIR = Path(env.text("MARKETPLACE_FORM1095A_DIR", str(VAR_DIR / "form1095a")))

# The served state's time zone (core/time_zones.py): the exchange's dates, and the times it
# shows people, are in it.
TIME_ZONE = state_time_zone(MARKETPLACE_STATE)

# The exchange's one clock (core/clock.py; docs/adr/0006-one-clock-and-the-plan-year.md).
# MARKETPLACE_TODAY=YYYY-MM-DD moves it for demo, training and tests: from start-up the date
# is that day and the time of day keeps running. A production exchange runs on today.
MARKETPLACE_TODAY = env.day("MARKETPLACE_TODAY")
if MARKETPLACE_TODAY is not None and PRODUCTION:
    raise env.SettingError(
        "MARKETPLACE_TODAY must not be set when MARKETPLACE_ENV=production: "
        "a production exchange runs on today's date"
    )
if env.text("MARKETPLACE_ENROLLMENT_DATE").strip():
    raise env.SettingError(
        "MARKETPLACE_ENROLLMENT_DATE was replaced by MARKETPLACE_TODAY (YYYY-MM-DD), "
        "which moves the whole exchange's clock: rename the variable"
    )
#: The real date in the state's zone when the settings were read: a moved clock counts its
#: days from here (so the date still turns at midnight).
MARKETPLACE_CLOCK_STARTED = datetime.now(ZoneInfo(TIME_ZONE)).date()

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "marketplace.core",
    "marketplace.audit",
    "marketplace.jobs",
    "marketplace.catalog",
    "marketplace.shopping",
    "marketplace.api",
    "marketplace.accounts",
    "marketplace.applications",
    "marketplace.determinations",
    "marketplace.notices",
    "marketplace.dataservices",
    "marketplace.verifications",
    "marketplace.enrollment",
    "marketplace.edi",
    "marketplace.form1095a",
    "marketplace.changes",
    "marketplace.renewals",
    "marketplace.readiness",
    "marketplace.providers_and_drugs",
    "marketplace.casework",
    "marketplace.assisters",
    "marketplace.appeals",
    "marketplace.operations",
    "marketplace.reports",
]

MIDDLEWARE = [
    "marketplace.operations.middleware.RequestInstrumentationMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "marketplace.core.middleware.SecurityHeadersMiddleware",
    # Django's, answering 409 (not a 500) when the session write meets a deadlock (ADR 1704).
    "marketplace.operations.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "marketplace.operations.middleware.WaitingRoomMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "marketplace.accounts.middleware.SessionActivityMiddleware",
    "marketplace.accounts.middleware.StaffMFARequiredMiddleware",
    # After authentication: a helper's requests for a household run as that household.
    "marketplace.assisters.middleware.HelpingMiddleware",
    "marketplace.reports.visits.VisitCounterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it is asked first about a view's exception: a deadlock left after the tries
    # answers 409 "send it again", never a 500 (ADR 0816).
    "marketplace.operations.middleware.ConflictAnswerMiddleware",
]

# Accounts (issue 5; docs/adr/0300-accounts.md).
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["marketplace.accounts.backends.RolePermissionBackend"]
PASSWORD_HASHERS = [
    "marketplace.accounts.hashers.OWASPArgon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "marketplace.accounts.passwords.LengthValidator"},
    {"NAME": "marketplace.accounts.passwords.BreachedPasswordValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["email"]},
    },
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour
# How many proxies in front of the app append to X-Forwarded-For (0: use REMOTE_ADDR).
ACCOUNTS_TRUSTED_PROXY_COUNT = env.integer("MARKETPLACE_TRUSTED_PROXIES", 0)
# At most this many registrations from one address per hour (0: no limit); throttle.py.
ACCOUNTS_REGISTRATIONS_PER_ADDRESS_PER_HOUR = env.integer(
    "MARKETPLACE_REGISTRATIONS_PER_ADDRESS_PER_HOUR", 20
)
if ACCOUNTS_REGISTRATIONS_PER_ADDRESS_PER_HOUR < 0:
    raise env.SettingError("MARKETPLACE_REGISTRATIONS_PER_ADDRESS_PER_HOUR must be 0 or more")
# "simulated" is the only provider so far; a real one is a new adapter plus this switch.
IDENTITY_PROOFING_SERVICE = env.text(
    "MARKETPLACE_IDENTITY_PROOFING",
    "marketplace.accounts.identity.SimulatedIdentityProofing",
)


def _site_url() -> str:
    """The address people use to reach the exchange, for links in e-mails the background
    worker writes (it has no request to take the host from). Default: where `make run`
    listens; in production, https:// and the first allowed host name."""
    raw = env.text("MARKETPLACE_SITE_URL").strip().rstrip("/")
    if not raw:
        if PRODUCTION and ALLOWED_HOSTS:
            return f"https://{ALLOWED_HOSTS[0]}"
        return "http://" + env.text("MARKETPLACE_BIND", "127.0.0.1:8000")
    parsed = urlparse(raw)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        raise env.SettingError(
            f"MARKETPLACE_SITE_URL must be an address like https://health.example.gov, not {raw!r}"
        )
    return raw


MARKETPLACE_SITE_URL = _site_url()

# Notices, data services and verifications (issue 6; docs/adr/0700-notices-and-verification.md).
MARKETPLACE_MAIL_HOUSE = env.text(
    "MARKETPLACE_MAIL_HOUSE", "marketplace.notices.mailhouse.SimulatedMailHouse"
)
MAILHOUSE_DIR = Path(env.text("MARKETPLACE_MAILHOUSE_DIR", str(VAR_DIR / "mailhouse")))
MARKETPLACE_DATA_SERVICES = env.choice("MARKETPLACE_DATA_SERVICES", "simulated", {"simulated"})
MARKETPLACE_INCOME_TOLERANCE_PERCENT = env.integer("MARKETPLACE_INCOME_TOLERANCE_PERCENT", 25)
MARKETPLACE_INCOME_TOLERANCE_DOLLARS = env.integer("MARKETPLACE_INCOME_TOLERANCE_DOLLARS", 6000)
# The Medicaid account transfer carries the full SSN only when the state agency's agreement
# allows it; otherwise the last four digits.
MARKETPLACE_TRANSFER_FULL_SSN = env.boolean("MARKETPLACE_TRANSFER_FULL_SSN", False)
VERIFICATION_UPLOAD_MAX_BYTES = env.integer("MARKETPLACE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)

# Enrollment and 834s (issue 7; docs/adr/0800-enrollment-and-834.md).
EDI_DIR = Path(env.text("MARKETPLACE_EDI_DIR", str(VAR_DIR / "edi")))
# Each file is checked before it is marked sent: "pyx12" (the TR3 validator plus our
# companion-guide checks), "companion" (read back + companion-guide checks) or "fast"
# (the companion-guide checks on the transactions written). See the ADR for the trade-off.
EDI_VALIDATION = env.choice("MARKETPLACE_EDI_VALIDATION", "pyx12", {"pyx12", "companion", "fast"})
EDI_TRANSACTIONS_PER_FILE = env.integer("MARKETPLACE_EDI_TRANSACTIONS_PER_FILE", 5000)
EDI_USAGE = env.choice("MARKETPLACE_EDI_USAGE", "T", {"T", "P"})  # ISA15 test / production
# The issuers' file delivery; the simulator (a directory per issuer) is the embedded default.
ISSUER_TRANSPORT = env.text(
    "MARKETPLACE_ISSUER_TRANSPORT", "marketplace.edi.transport.SimulatedIssuerTransport"
)

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "marketplace.core.context_processors.exchange",
                "marketplace.accounts.context_processors.session_expiry",
                "marketplace.assisters.context_processors.helping",
            ],
        },
    },
]

DATABASES = {
    "default": env.database(env.text("DATABASE_URL"), str(VAR_DIR / "marketplace.sqlite3")),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions live in the database so that any app server can answer any request.
# Database sessions whose write runs again after a deadlock (ADR 1704).
SESSION_ENGINE = "marketplace.core.sessions"
SESSION_COOKIE_AGE = env.integer("MARKETPLACE_SESSION_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# An expired form gets a page in the person's language, not Django's technical one.
CSRF_FAILURE_VIEW = "marketplace.core.csrf.csrf_failure"

HTTPS = env.boolean("MARKETPLACE_HTTPS", PRODUCTION)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env.boolean("MARKETPLACE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
# Numbers and money read the same in both languages (formats/es/formats.py, ADR 0601).
FORMAT_MODULE_PATH = ["marketplace.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "marketplace_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.text(
            "MARKETPLACE_STATIC_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# Identity and verification documents are personal data: 0600 files in 0700 folders
# (Django's default is 0644 / 0755; core/files.py).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
WHITENOISE_MAX_AGE = 3600

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "marketplace",
    }
}

EMAIL_BACKEND = env.text(
    "MARKETPLACE_EMAIL_BACKEND", "marketplace.core.mail.PrivateFileEmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env.text("MARKETPLACE_SMTP_HOST", "localhost")
EMAIL_PORT = env.integer("MARKETPLACE_SMTP_PORT", 25)
EMAIL_HOST_USER = env.text("MARKETPLACE_SMTP_USER")
EMAIL_HOST_PASSWORD = env.text("MARKETPLACE_SMTP_PASSWORD")
EMAIL_USE_TLS = env.boolean("MARKETPLACE_SMTP_TLS", False)
DEFAULT_FROM_EMAIL = env.text(
    "MARKETPLACE_FROM_EMAIL", "Marketplace <no-reply@marketplace.localhost>"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "marketplace.core.logging.RedactPersonalData"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "marketplace.core.jsonlog.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]},
        "events": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": env.text("MARKETPLACE_LOG_LEVEL", "INFO")},
    "loggers": {
        # One JSON line per request and per job (core/jsonlog.py, docs/howto/logs.md).
        "marketplace.events": {
            "handlers": ["events"],
            "level": env.text("MARKETPLACE_EVENT_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        "django.request": {"level": "ERROR"},
        # WeasyPrint logs every rendering step at INFO; keep only its warnings.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Hostile input and faults (issue 12; docs/adr/0008-batch-exceptions-and-private-data.md)
# Field encryption (SSNs, TOTP secrets): production refuses to start without a valid
# MARKETPLACE_FIELD_KEY, and a malformed key stops any start-up, naming the variable.
from marketplace.core import crypto as _crypto  # noqa: E402

_crypto.check_setting(PRODUCTION)
# Load balancers check /healthz over plain HTTP: it is never redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# --- end of issue 12 settings

# --- Operations (issue 16; docs/adr/1600-metrics-logs-and-health.md)
# /metrics answers only to `Authorization: Bearer <token>`; unset, it answers 404 to all.
MARKETPLACE_METRICS_TOKEN = env.text("MARKETPLACE_METRICS_TOKEN")
# /readyz: a worker must have checked in within this many seconds, and no due job may have
# waited longer than this many seconds.
MARKETPLACE_READY_WORKER_SECONDS = env.integer("MARKETPLACE_READY_WORKER_SECONDS", 120)
MARKETPLACE_READY_QUEUE_SECONDS = env.integer("MARKETPLACE_READY_QUEUE_SECONDS", 900)
# The waiting room (ADR 1601): new arrivals queue when this many requests are in service
# across the site (0: never; with sync workers, set it a little under the total number of
# web workers); the queue page checks again every REFRESH seconds for a person who asked it
# to (ADR 1603), and the API's 503 says Retry-After REFRESH.
MARKETPLACE_WAITING_ROOM_AT = env.number("MARKETPLACE_WAITING_ROOM_AT", 0.0)
MARKETPLACE_WAITING_ROOM_REFRESH_SECONDS = env.integer(
    "MARKETPLACE_WAITING_ROOM_REFRESH_SECONDS", 10
)
MARKETPLACE_WAITING_ROOM_SECONDS_PER_PLACE = env.integer(
    "MARKETPLACE_WAITING_ROOM_SECONDS_PER_PLACE", 2
)
MARKETPLACE_WAITING_ROOM_ADMISSION_HOURS = env.integer(
    "MARKETPLACE_WAITING_ROOM_ADMISSION_HOURS", 4
)
# The officials' dashboard counts closed days from a rollup recounted by a job this often
# (ADR 1604); today and any day after the last count come from the records themselves.
MARKETPLACE_REPORTS_ROLLUP_MINUTES = env.integer("MARKETPLACE_REPORTS_ROLLUP_MINUTES", 10)
# --- end of issue 16 settings

# WhiteNoise looks for STATIC_ROOT at start-up; make it exist before collectstatic runs.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
