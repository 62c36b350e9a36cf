"""Settings, all read from the environment; the defaults run with no services at all.

Defaults: SQLite in the project folder, Celery tasks run in-process, e-mail printed to the console.
DEBUG is off unless asked for, and then a development SECRET_KEY is allowed.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env") if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="coprod-development-only-key-not-for-production")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY:
        if os.environ.get("COPROD_SERVING"):
            # A server (wsgi.py sets COPROD_SERVING) must have a key that survives restarts.
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(
                "Set SECRET_KEY in the environment (or DEBUG=true on a development machine)."
            )
        # Commands (migrate, checks) get a throwaway key; nothing they do outlives the process.
        SECRET_KEY = secrets.token_urlsafe(50)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "coprod.core.admin_config.CoprodAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "auditlog",
    "coprod.core",
    "coprod.audit",
    "coprod.places",
    "coprod.units",
    "coprod.neighbourhoods",
    "coprod.groups",
    "coprod.engagements",
    "coprod.outcomes",
    "coprod.funding",
    "coprod.resources",
    "coprod.publicservices",
    "coprod.regionalwork",
    "coprod.profiles",
    "coprod.reporting",
    "coprod.privacy",
    "coprod.demo",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Entries written while a request is served name its user (read when written, so API tokens count).
    "coprod.audit.context.AuditContextMiddleware",
    "coprod.units.middleware.MembershipRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A body larger than any upload is refused from its Content-Length, before the form's CSRF check
    # (run at the view, after every middleware here) would read it.
    "coprod.core.middleware.UploadLimitMiddleware",
    # Last, so it sees the sign-in views' flag and turns a locked-out attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coprod.urls"
WSGI_APPLICATION = "coprod.wsgi.application"

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
                "coprod.units.context_processors.roles",
                "coprod.privacy.context_processors.audit",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A kept connection that died (the database restarted) is replaced at the next request, not reused.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "coprod.units.backends.AdministratorBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "coprod.units.passwords.NotMadeOfUsernameValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
# The sign-in page, told it was reached by signing out (it then clears the phone's copy of the quick log).
LOGOUT_REDIRECT_URL = "/accounts/login/?signed-out=1"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "coprod" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="coprod.core.storage.StaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Serve straight from the app folders when collectstatic has not run (development and tests).
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="coprod@localhost")

# Celery: with no broker, tasks run in-process and errors surface at the caller.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=None)
# A task is taken off the queue only when it has finished, so a worker killed mid-task leaves it to
# another; one task at a time per worker process, so a lost worker holds back no others.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that is down or frozen fails a publish within a few seconds instead of holding the web
# request that queued the task: a report then stays queued and redispatch sends it later.
COPROD_BROKER_TIMEOUT = env.float("COPROD_BROKER_TIMEOUT", default=3.0)
CELERY_BROKER_CONNECTION_TIMEOUT = COPROD_BROKER_TIMEOUT
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": COPROD_BROKER_TIMEOUT,
    "socket_connect_timeout": COPROD_BROKER_TIMEOUT,
    "max_retries": 1,
    # Redis gives a task taken by a worker that died (never acknowledged) to another worker after
    # this many seconds. Keep it above the longest task and the longest retry countdown (240 s).
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
# Run by the one `celery beat` process of a deployment (see docs/deploy.md).
CELERY_BEAT_SCHEDULE = {
    # Each unit's progress report for the financial quarter just closed (on 1 April, July, October and
    # January), sent to its regional directors.
    "quarterly-progress-reports": {
        "task": "coprod.reporting.tasks.queue_quarterly_reports",
        "schedule": crontab(minute=0, hour=6, day_of_month=1, month_of_year="1,4,7,10"),
    },
    # Reports the broker refused, or whose worker died, are sent again.
    "redispatch-reports": {
        "task": "coprod.reporting.tasks.redispatch_reports",
        "schedule": env.float("COPROD_REPORT_REDISPATCH_SECONDS", default=300.0),
    },
    "clear-expired-sessions": {
        "task": "coprod.core.tasks.clear_expired_sessions_task",
        "schedule": 60 * 60 * 24,
    },
    # Personal data past its retention period is cleared, once a day.
    "apply-retention": {
        "task": "coprod.privacy.tasks.apply_retention_task",
        "schedule": crontab(minute=30, hour=2),
    },
    "remove-stale-uploads": {
        "task": "coprod.core.tasks.remove_stale_uploads_task",
        "schedule": 60 * 60,
    },
    # The public profiles' snapshot of the financial year, as it opens.
    "profile-snapshots": {
        "task": "coprod.profiles.tasks.take_profile_snapshots_task",
        "schedule": crontab(minute=0, hour=5, day_of_month=1, month_of_year="4"),
    },
}

# The audit trail (django-auditlog, with coprod's entry model): see coprod/audit.
AUDITLOG_LOGENTRY_MODEL = "audit.AuditEntry"
# The library's own entry table is swapped out, but its migrations would still create it, pointing at
# the content types (and so refusing PostgreSQL's TRUNCATE of them when tests flush the database).
# Without its migrations nothing of it is created: coprod's entries live in audit.AuditEntry.
MIGRATION_MODULES = {"auditlog": None}
# Engagement notes older than this many years are cleared by the retention task (UK GDPR storage
# limitation); the engagement's figures stay.
COPROD_NOTES_RETENTION_YEARS = env.int("COPROD_NOTES_RETENTION_YEARS", default=6)
# Contact details of groups closed (or dissolved) for longer than this many years are deleted too.
COPROD_CLOSED_GROUP_CONTACTS_RETENTION_YEARS = env.int(
    "COPROD_CLOSED_GROUP_CONTACTS_RETENTION_YEARS", default=6
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["coprod.units.permissions.HasCurrentMembership"],
    "DEFAULT_FILTER_BACKENDS": ["coprod.core.filters.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "coprod.core.api.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "coprod.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # How many proxies stand in front of the server (a load balancer, say): the address a rate limit
    # counts is the one they saw, from X-Forwarded-For. None: REMOTE_ADDR, or X-Forwarded-For if sent.
    "NUM_PROXIES": env.int("COPROD_NUM_PROXIES", default=None),
    "DEFAULT_THROTTLE_CLASSES": [
        "coprod.core.throttles.PersonRateThrottle",
        "coprod.core.throttles.AddressRateThrottle",
    ],
}
# A JSON body's size and nesting (coprod.core.parsers), and the API's rate limits (coprod.core.throttles):
# requests per person (or per address when not signed in) and per address, as "<n>/<second|minute|hour|
# day>"; an empty value turns a limit off. Over a limit the answer is 429 with Retry-After. Limits are
# counted in the cache: with several server processes, point COPROD_CACHE_URL at Redis so they share one.
# The largest request body, so the largest CSV upload, coprod takes (coprod.core.middleware): 20 MB.
COPROD_UPLOAD_MAX_BYTES = env.int("COPROD_UPLOAD_MAX_BYTES", default=20_000_000)
COPROD_API_MAX_JSON_BYTES = env.int("COPROD_API_MAX_JSON_BYTES", default=1_000_000)
COPROD_API_MAX_JSON_DEPTH = env.int("COPROD_API_MAX_JSON_DEPTH", default=32)
COPROD_API_RATES = {
    "person": env.str("COPROD_API_RATE_PERSON", default="600/minute") or None,
    "address": env.str("COPROD_API_RATE_ADDRESS", default="3000/minute") or None,
}
if env.str("COPROD_CACHE_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("COPROD_CACHE_URL"),
        }
    }
SPECTACULAR_SETTINGS = {
    "TITLE": "coprod API",
    "DESCRIPTION": "Places, deprivation, co-production units, CCB teams and neighbourhoods.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["coprod.units.permissions.HasCurrentMembership"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ProposalStatusEnum": "coprod.funding.choices.ProposalStatus",
        "InitiativeStatusEnum": "coprod.funding.choices.InitiativeStatus",
        "EffectEnum": "coprod.regionalwork.choices.Effect",
    },
}

# Progress reports: a queued report handed to the broker this long ago and not yet started is sent
# again (the broker may have lost it); one rendering this long with no progress is taken over by
# another worker (its worker died). Above the longest render with its retries (about 8 minutes).
COPROD_REPORT_RESEND_SECONDS = env.int("COPROD_REPORT_RESEND_SECONDS", default=300)
COPROD_REPORT_STUCK_SECONDS = env.int("COPROD_REPORT_STUCK_SECONDS", default=1800)

# The IMD edition that pages and figures use unless one is asked for.
COPROD_IMD_EDITION = env.int("COPROD_IMD_EDITION", default=2019)
# Prefix of the 360Giving-style identifiers given to groups with no registration number.
COPROD_LOCAL_ORG_PREFIX = env.str("COPROD_LOCAL_ORG_PREFIX", default="360G-coprod")

# Accounts: failed sign-ins are counted per username and, separately, per address (django-axes);
# either reaching the limit locks that username or address out until the cool-off has passed.
AXES_FAILURE_LIMIT = env.int("COPROD_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("COPROD_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "coprod.units.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "coprod.units.lockout.client_ip"
# How many proxies in front of coprod append to X-Forwarded-For; 0 uses the connection's address.
COPROD_TRUSTED_PROXY_COUNT = env.int("COPROD_TRUSTED_PROXY_COUNT", default=0)
AXES_VERBOSE = False

# Sessions end after this many seconds without a request (every request renews the cookie).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)

# HTTPS: on by default unless DEBUG; behind a proxy, it must set X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# A load balancer polls the health check over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp), in every mode so development meets the same rules: pages load
# only coprod's own files, with no inline script or style and no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # The PDF renderer narrates every step at INFO; its warnings are what matter.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}
