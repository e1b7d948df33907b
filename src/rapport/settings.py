"""Rapport's settings, read from environment variables (see README, "Configuration").

First run needs nothing: SQLite under ``var/``, development mode. With ``RAPPORT_ENV=production``
the settings refuse to start without a secret key and allowed hosts.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from rapport import __version__
from rapport.env import Env, cache_from_url
from rapport.ops.observability import init_error_reporting, logging_config

env = Env()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
DATA_DIR = Path(env.str("RAPPORT_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()

RAPPORT_ENV = env.choice("RAPPORT_ENV", ("development", "production"), "development")
PRODUCTION = RAPPORT_ENV == "production"

DEBUG = env.bool("RAPPORT_DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("RAPPORT_DEBUG must be off when RAPPORT_ENV=production.")

if PRODUCTION:
    SECRET_KEY = env.str("RAPPORT_SECRET_KEY", required=True)
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "RAPPORT_SECRET_KEY must be at least 50 random characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    ALLOWED_HOSTS = env.list("RAPPORT_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "RAPPORT_ALLOWED_HOSTS must be set when RAPPORT_ENV=production "
            "(comma-separated host names, e.g. rapport.example.org)."
        )
else:
    SECRET_KEY = env.str(
        "RAPPORT_SECRET_KEY", "development-only-key-never-use-in-production-0123456789abcdef"
    )
    ALLOWED_HOSTS = env.list("RAPPORT_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

SITE_URL = env.str("RAPPORT_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("RAPPORT_CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "rapport.ops",
    "rapport.console",
    "rapport.accounts",
    "rapport.audit",
    "rapport.mailbox",
    "rapport.disclosure",
    "rapport.customers",
    "rapport.plainlanguage",
    "rapport.catalog",
    "rapport.portfolio",
    "rapport.charter",
    "rapport.insights",
    "rapport.imports",
    "rapport.roadmap",
    "rapport.readiness",
    "rapport.feedback",
    "rapport.exports",
    "rapport.reports",
    "rapport.gdpr",
    "rapport.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything else reads the request: a refused client costs one cache increment.
    "rapport.feedback.ratelimit.PublicRateLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "rapport.console.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

# Content-Security-Policy, the same in every mode (docs/deploy.md): scripts and styles only
# from Rapport's own static files, never inline; no plug-ins, no framing by other sites.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}

ROOT_URLCONF = "rapport.urls"
WSGI_APPLICATION = "rapport.wsgi.application"

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
                "rapport.console.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    # Connections are kept between requests (RAPPORT_DB_CONN_MAX_AGE seconds, 0 = a new one per
    # request): opening one costs about 4 ms on PostgreSQL and 1 ms on SQLite (its PRAGMAs),
    # which is most of a survey answer (docs/architecture.md, "The respondent's fast path").
    "default": env.database(
        "DATABASE_URL",
        f"sqlite:///{DATA_DIR / 'rapport.sqlite3'}",
        conn_max_age=env.int("RAPPORT_DB_CONN_MAX_AGE", 60, minimum=0, maximum=3600),
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["rapport.accounts.backends.RoleBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "console:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

LANGUAGE_CODE = "en"
# The languages whose respondent catalogs are complete (survey and pulse pages, every email to a
# stakeholder): the public pages speak these, and stakeholders and customers can be given only
# these. Names are each language's own, as the public language switcher shows them.
RESPONDENT_LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("nl", "Nederlands"),
    ("it", "Italiano"),
    ("pt", "Português"),
]
LANGUAGES = RESPONDENT_LANGUAGES
# Catalogs (docs/i18n.md): the respondent side's first, so its words win.
LOCALE_PATHS = [BASE_DIR / "locale" / "respondent", BASE_DIR / "locale" / "console"]
TIME_ZONE = env.str("RAPPORT_TIME_ZONE", "UTC")
USE_I18N = True
# Dates in English as elsewhere in Rapport, "9 December 2026" (rapport/formats/en).
FORMAT_MODULE_PATH = ["rapport.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"
# Outside production, serve static files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Email: SMTP by default in production; the console in development so nothing leaves the machine.
EMAIL_BACKEND = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    # The demo mailbox (/mailbox/): stored with working survey links, so never in production.
    "mailbox": "rapport.mailbox.backend.MailboxBackend",
}[
    env.choice(
        "RAPPORT_EMAIL",
        ("smtp", "console", "file", "locmem", "mailbox"),
        "smtp" if PRODUCTION else "console",
    )
]
if PRODUCTION and EMAIL_BACKEND.startswith("rapport.mailbox."):
    raise ImproperlyConfigured(
        "RAPPORT_EMAIL=mailbox is for the demo: it stores emails with working survey links."
    )
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env.str("RAPPORT_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env.int("RAPPORT_EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env.str("RAPPORT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env.str("RAPPORT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env.bool("RAPPORT_EMAIL_TLS", default=False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env.str("RAPPORT_FROM_EMAIL", "Rapport <rapport@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: the database queue on one machine, RQ on Redis when one machine is not enough,
# or inline ("immediate") where no worker runs at all.
_TASKS_BACKEND = env.choice("RAPPORT_TASKS", ("database", "rq", "immediate"), "database")
if _TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif _TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES: dict[str, dict[str, object]] = {
        "default": {"URL": env.str("RAPPORT_REDIS_URL", "redis://127.0.0.1:6379/0")}
    }
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # RQ's workers (`rapport rqworker`) must run jobs with django-tasks-rq's job class.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# `rapport worker` runs the schedule at start and then every this many seconds (daily).
RAPPORT_SCHEDULE_EVERY = env.int("RAPPORT_SCHEDULE_EVERY", 24 * 60 * 60, minimum=60)
# An outbox row claimed for sending longer than this was left by a worker that died mid-send:
# it is flagged "needs a manual check" (never resent blindly). `rapport worker` looks every
# minute.
RAPPORT_OUTBOX_LEASE_MINUTES = env.int("RAPPORT_OUTBOX_LEASE_MINUTES", 5, minimum=1, maximum=1440)
# A file uploaded on the Import page with more rows than this is imported by the worker, with a
# progress bar on the page; smaller files are imported while the page waits.
# Once a week each owner of corrective actions is emailed those overdue or due within a week
# (the schedule's "remind-action-owners" job); false turns it off.
RAPPORT_ACTION_REMINDERS = env.bool("RAPPORT_ACTION_REMINDERS", True)
RAPPORT_IMPORT_WORKER_ROWS = env.int("RAPPORT_IMPORT_WORKER_ROWS", 5000, minimum=1)
# A dry run on the Import page that found no problem keeps its file this long, so it can be
# applied without uploading it again; the schedule's "forget-checked-imports" job empties it.
RAPPORT_IMPORT_KEEP_HOURS = env.int("RAPPORT_IMPORT_KEEP_HOURS", 24, minimum=1, maximum=24 * 30)

# Generated PDF reports (console, command line, monthly packs) are deleted this many days after
# they were asked for, by the schedule's "delete-old-reports" job.
RAPPORT_REPORT_RETENTION_DAYS = env.int(
    "RAPPORT_REPORT_RETENTION_DAYS", 30, minimum=1, maximum=3650
)

# `rapport worker` writes a heartbeat every few seconds; one older than this means the worker is
# dead or stuck: /healthz answers 503, and task records it left running are marked failed.
RAPPORT_WORKER_STALE_SECONDS = env.int(
    "RAPPORT_WORKER_STALE_SECONDS", 300, minimum=30, maximum=86400
)
# /healthz answers 503 when the oldest ready task, or the oldest email due, waited longer.
RAPPORT_HEALTH_BACKLOG_SECONDS = env.int(
    "RAPPORT_HEALTH_BACKLOG_SECONDS", 900, minimum=60, maximum=7 * 86400
)

# The cache holds the public pages' rate-limit counts, which every web process must share:
# a file cache on one machine (the default in production), Redis across machines
# (docs/limits.md). In development, this process's memory.
CACHES = {
    "default": cache_from_url(
        "RAPPORT_CACHE_URL",
        env.str("RAPPORT_CACHE_URL", f"file://{DATA_DIR / 'cache'}" if PRODUCTION else "locmem://"),
    )
}
# Public pages (survey, pulse, confirm, unsubscribe, shared roadmap): at most this many requests
# per client address per window, then 429 (0 = no limit). A respondent makes a handful.
RAPPORT_PUBLIC_RATE_LIMIT = env.int("RAPPORT_PUBLIC_RATE_LIMIT", 120, minimum=0)
RAPPORT_PUBLIC_RATE_WINDOW = env.int("RAPPORT_PUBLIC_RATE_WINDOW", 60, minimum=1, maximum=3600)
RAPPORT_RATE_LIMIT_CACHE = "default"
# Behind a proxy, the client's address is the last one in X-Forwarded-For.
RAPPORT_BEHIND_PROXY = env.bool("RAPPORT_BEHIND_PROXY", default=False)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("RAPPORT_SSL_REDIRECT", default=True)
    # Load balancers and monitors ask for /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("RAPPORT_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if RAPPORT_BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs: readable lines, or one JSON object per line for a log collector (RAPPORT_LOG_FORMAT=json).
LOGGING = logging_config(
    env.choice("RAPPORT_LOG_FORMAT", ("plain", "json"), "plain"),
    env.str("RAPPORT_LOG_LEVEL", "INFO"),
)
# Error reports to a Sentry server, only when its DSN is set (docs/deploy.md, "Watching it").
RAPPORT_SENTRY = init_error_reporting(
    env.optional_str("RAPPORT_SENTRY_DSN"), environment=RAPPORT_ENV, release=__version__
)

# Rapport's own knobs.
RAPPORT_PAGE_SIZE = env.int("RAPPORT_PAGE_SIZE", 50, minimum=5, maximum=500)

# Insights: the early warning's alarm level is calibrated by simulation to this many false
# alarms per project-year (docs/insights.md, "Early warning").
RAPPORT_ALERT_FALSE_ALARMS = env.float("RAPPORT_ALERT_FALSE_ALARMS", 0.1, minimum=0.01, maximum=2.0)

# Insights: alerts by email and by a signed webhook (README, "Health review and alerts").
RAPPORT_ALERT_EMAIL = env.bool("RAPPORT_ALERT_EMAIL", default=True)
RAPPORT_ALERT_WEBHOOK_URL = env.optional_str("RAPPORT_ALERT_WEBHOOK_URL")
RAPPORT_ALERT_WEBHOOK_SECRET = (
    env.str("RAPPORT_ALERT_WEBHOOK_SECRET", required=True) if RAPPORT_ALERT_WEBHOOK_URL else ""
)
RAPPORT_ALERT_WEBHOOK_FORMAT = env.choice(
    "RAPPORT_ALERT_WEBHOOK_FORMAT", ("rapport", "slack"), "rapport"
)
# Feedback loop: reminders (minimum days apart, at most this many) and the anonymity threshold
# (k for figures, never below 3; a higher k for comments).
RAPPORT_REMINDER_MIN_DAYS = env.int("RAPPORT_REMINDER_MIN_DAYS", 3, minimum=1, maximum=30)
RAPPORT_REMINDER_MAX = env.int("RAPPORT_REMINDER_MAX", 2, minimum=0, maximum=10)
RAPPORT_ANONYMITY_K = env.int("RAPPORT_ANONYMITY_K", 5, minimum=3, maximum=100)
RAPPORT_ANONYMITY_K_COMMENTS = env.int("RAPPORT_ANONYMITY_K_COMMENTS", 7, minimum=3, maximum=100)
# Personal data: stakeholders with no contact (invitation, answer, pulse, listening session,
# concern, roadmap input) for this many months are erased by the schedule; 0 = never
# (docs/privacy.md, "Personal data").
RAPPORT_RETENTION_MONTHS = env.int("RAPPORT_RETENTION_MONTHS", 0, minimum=0, maximum=600)

# Sign-in (docs/sign-in.md): argon2 hashes (older PBKDF2 ones still verify and are re-hashed at
# the next sign-in), lockout after repeated failures (django-axes), TOTP two-factor
# (django-otp) and single sign-on through OpenID Connect or SAML (django-allauth).
from rapport.accounts import signin_settings as _signin  # noqa: E402

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
INSTALLED_APPS += [
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
]
AUTHENTICATION_BACKENDS = ["rapport.accounts.backends.LockoutBackend", *AUTHENTICATION_BACKENDS]
MIDDLEWARE += [
    "django_otp.middleware.OTPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "rapport.accounts.middleware.TwoFactorMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]
# Failed sign-ins: this many lock out the account from that client (or as RAPPORT_LOCKOUT_BY
# says) for RAPPORT_LOCKOUT_MINUTES; a PMO lead unlocks earlier (`rapport unlock EMAIL`).
AXES_FAILURE_LIMIT = env.int("RAPPORT_LOCKOUT_FAILURES", 10, minimum=3, maximum=100)
AXES_COOLOFF_TIME = _signin.cooloff(env.int("RAPPORT_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = _signin.lockout_parameters(
    env.choice("RAPPORT_LOCKOUT_BY", _signin.LOCKOUT_BY, "account-and-client")
)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "rapport.accounts.views_signin.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "rapport.accounts.backends.lockout_username"
if PRODUCTION and env.bool("RAPPORT_BEHIND_PROXY", default=False):
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# Roles that must use a second factor (TOTP or SSO). The demo and development need none.
RAPPORT_REQUIRE_2FA = _signin.roles(
    "RAPPORT_REQUIRE_2FA",
    env.list("RAPPORT_REQUIRE_2FA", ["pmo_lead", "pmo_analyst"] if PRODUCTION else []),
)
OTP_TOTP_ISSUER = env.str("RAPPORT_2FA_ISSUER", "Rapport")
# Single sign-on: providers come from the environment; SSO_ROLE_MAP maps IdP groups to roles.
RAPPORT_SSO_ROLE_MAP = _signin.role_map(env.str("RAPPORT_SSO_ROLE_MAP", ""))
RAPPORT_SSO_GROUPS_CLAIM = env.str("RAPPORT_SSO_GROUPS_CLAIM", "groups")
SOCIALACCOUNT_PROVIDERS = _signin.providers(env)
SOCIALACCOUNT_ONLY = True
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_ADAPTER = "rapport.accounts.sso.RoleMappingAdapter"
SOCIALACCOUNT_STORE_TOKENS = False
ACCOUNT_ADAPTER = "rapport.accounts.sso.ClosedAccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
