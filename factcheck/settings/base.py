"""Settings read from the environment; unset DATABASE_URL / REDIS_URL mean the embedded default."""

from pathlib import Path

import environ
from celery.schedules import crontab
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# The embedded default must run with nothing configured, so development gets a fixed
# key; production.py refuses to start without a real one.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-development-key-do-not-use-in-production")
DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_filters",
    "accounts",
    "annotations",
    "suggestions",
    "webhooks",
    "discovery",
]
AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

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

# --- Database: PostgreSQL when DATABASE_URL is set, else a SQLite file (embedded default).
DATA_DIR = Path(env.str("FACTCHECK_DATA_DIR", default=str(BASE_DIR / "var")))
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'factcheck.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and cache when REDIS_URL is set, else tasks run in-process.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The Vite build lands in frontend/dist; only list it once it exists so that a
# checkout without Node still starts.
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"
STATICFILES_DIRS = [FRONTEND_DIST] if FRONTEND_DIST.is_dir() else []
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

# --- REST framework
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes anonymous requests answer 401, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "annotations.api.errors.exception_handler",
    # The API speaks JSON; forms and multipart have no use here.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("FACTCHECK_ANON_THROTTLE_RATE", default="120/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck API",
    "DESCRIPTION": "Editorial and public API of the factcheck desk.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed sidecar package: no CDN at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"ClaimStateEnum": "annotations.models.ClaimState"},
}
# The public API is open to any origin, for reading only.
CORS_URLS_REGEX = r"^/api/v1/public/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

# Article text over this many bytes (UTF-8) is refused with 413; request bodies a little
# larger than that (JSON escaping) are allowed to reach the check.
FACTCHECK_MAX_ARTICLE_BYTES = env.int("FACTCHECK_MAX_ARTICLE_BYTES", default=2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * FACTCHECK_MAX_ARTICLE_BYTES + 64 * 1024

# --- Celery (see factcheck/celery.py). JSON only; the database is the source of truth.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = (Queue("default"), Queue("fetch"))
CELERY_TASK_ROUTES = {"fetch.*": {"queue": "fetch"}, "webhooks.*": {"queue": "fetch"}}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# With acks_late a task whose worker died is redelivered after the visibility timeout;
# it must exceed the longest task or tasks run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_BEAT_SCHEDULE = {
    "sweep-stale-anchoring": {
        "task": "annotations.sweep_stale_anchoring",
        "schedule": crontab(minute="*"),
    },
    "sweep-stale-fetches": {
        "task": "annotations.sweep_stale_fetches",
        "schedule": crontab(minute="*"),
    },
    "schedule-link-checks": {
        "task": "annotations.schedule_link_checks",
        "schedule": crontab(minute=17, hour=3),
    },
    "sweep-suggestions-and-matches": {
        "task": "suggestions.sweep",
        "schedule": crontab(minute="*"),
    },
    "sweep-webhook-deliveries": {
        "task": "webhooks.sweep",
        "schedule": crontab(minute="*"),
    },
    "sweep-reference-searches": {
        "task": "discovery.sweep_stale_searches",
        "schedule": crontab(minute="*"),
    },
}

# --- factcheck's own settings
FACTCHECK_ORG_NAME = env.str("FACTCHECK_ORG_NAME", default="factcheck demo desk")
FACTCHECK_ORG_URL = env.str("FACTCHECK_ORG_URL", default="http://127.0.0.1:8000/")
FACTCHECK_PUBLIC_BASE_URL = env.str("FACTCHECK_PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
# Public requests share one freshness fingerprint for this long (0: compute it every request).
FACTCHECK_PUBLIC_FRESHNESS_SECONDS = env.int("FACTCHECK_PUBLIC_FRESHNESS_SECONDS", default=2)
FETCH_ALLOWED_HOSTS = env.list("FETCH_ALLOWED_HOSTS", default=[])
# Fetching sources and imports (annotations/fetching.py): bounds on every download.
FETCH_TIMEOUT_SECONDS = env.float("FETCH_TIMEOUT_SECONDS", default=15.0)
FETCH_CONNECT_TIMEOUT_SECONDS = env.float("FETCH_CONNECT_TIMEOUT_SECONDS", default=5.0)
FETCH_MAX_BYTES = env.int("FETCH_MAX_BYTES", default=5 * 1024 * 1024)
FETCH_MAX_REDIRECTS = env.int("FETCH_MAX_REDIRECTS", default=5)
# Attempts per fetch, the first included; transient failures wait about base * 2**(n-1) s.
FETCH_MAX_ATTEMPTS = env.int("FETCH_MAX_ATTEMPTS", default=4)
FETCH_RETRY_BASE_SECONDS = env.float("FETCH_RETRY_BASE_SECONDS", default=5.0)
# A fetch may run this long before the sweep considers its worker dead and enqueues it again.
FETCH_STALE_SECONDS = env.int("FETCH_STALE_SECONDS", default=120)
# How far past due a pending fetch must be before the sweep re-enqueues it.
FETCH_SWEEP_GRACE_SECONDS = env.int("FETCH_SWEEP_GRACE_SECONDS", default=30)
# Extracted source text kept per source (code points).
FETCH_TEXT_LIMIT = env.int("FETCH_TEXT_LIMIT", default=200_000)
# Published sources are fetched again this often to flag dead links and changed pages.
FETCH_LINK_CHECK_DAYS = env.int("FETCH_LINK_CHECK_DAYS", default=7)
# A claim left on an old revision this long is re-enqueued by the sweep.
FACTCHECK_REANCHOR_STALE_SECONDS = env.int("FACTCHECK_REANCHOR_STALE_SECONDS", default=120)
# Suggestions and claim matching (suggestions/): at most this many open suggestions per article, best first;
# an article or claim whose detection or matching is this far behind is re-enqueued by the sweep.
FACTCHECK_MAX_SUGGESTIONS = env.int("FACTCHECK_MAX_SUGGESTIONS", default=500)
FACTCHECK_SUGGESTIONS_STALE_SECONDS = env.int("FACTCHECK_SUGGESTIONS_STALE_SECONDS", default=120)

# --- Webhooks (see webhooks/signing.py for what receivers get and how they verify it)
# Attempts per delivery, the first included; transient failures wait about base * 2**(n-1) s.
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=6)
WEBHOOK_RETRY_BASE_SECONDS = env.float("WEBHOOK_RETRY_BASE_SECONDS", default=10.0)
# One POST, connecting included; a slower receiver counts as a transient failure.
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
# An open delivery overdue this long (lost message, dead worker) is re-enqueued by the sweep.
WEBHOOK_SWEEP_AFTER_SECONDS = env.int("WEBHOOK_SWEEP_AFTER_SECONDS", default=60)

# --- Reference discovery (discovery/): providers that suggest references for each claim.
# In the embedded default tasks run inside the request, so only the local providers are on
# unless DISCOVERY_PROVIDERS names the external ones; Fact Check Tools also needs its API key.
DISCOVERY_PROVIDERS = env.list(
    "DISCOVERY_PROVIDERS",
    default=["library", "fact_checks", "wikipedia", "fact_check_tools"] if REDIS_URL else ["library", "fact_checks"],
)
# "{lang}" becomes the article's language ("en", "de", ...).
DISCOVERY_WIKIPEDIA_BASE_URL = env.str("DISCOVERY_WIKIPEDIA_BASE_URL", default="https://{lang}.wikipedia.org")
DISCOVERY_FACT_CHECK_TOOLS_BASE_URL = env.str(
    "DISCOVERY_FACT_CHECK_TOOLS_BASE_URL", default="https://factchecktools.googleapis.com"
)
DISCOVERY_FACT_CHECK_TOOLS_API_KEY = env.str("DISCOVERY_FACT_CHECK_TOOLS_API_KEY", default="")
# Per provider: seconds one search may take, and requests per second shared by every worker.
DISCOVERY_TIMEOUT_SECONDS = {
    "library": env.float("DISCOVERY_LIBRARY_TIMEOUT_SECONDS", default=5.0),
    "fact_checks": env.float("DISCOVERY_FACT_CHECKS_TIMEOUT_SECONDS", default=5.0),
    "wikipedia": env.float("DISCOVERY_WIKIPEDIA_TIMEOUT_SECONDS", default=10.0),
    "fact_check_tools": env.float("DISCOVERY_FACT_CHECK_TOOLS_TIMEOUT_SECONDS", default=10.0),
}
DISCOVERY_RATE_PER_SECOND = {
    "wikipedia": env.float("DISCOVERY_WIKIPEDIA_RATE_PER_SECOND", default=5.0),
    "fact_check_tools": env.float("DISCOVERY_FACT_CHECK_TOOLS_RATE_PER_SECOND", default=2.0),
}
# A worker waits this long at most for its turn under the rate limit; longer, the search is retried later.
DISCOVERY_RATE_LIMIT_MAX_WAIT_SECONDS = env.float("DISCOVERY_RATE_LIMIT_MAX_WAIT_SECONDS", default=5.0)
# Identical queries to an external provider are answered from the cache this long.
DISCOVERY_CACHE_SECONDS = env.int("DISCOVERY_CACHE_SECONDS", default=3600)
DISCOVERY_MAX_RESULTS = env.int("DISCOVERY_MAX_RESULTS", default=8)
# Attempts per search, the first included; transient failures wait about base * 2**(n-1) s (or Retry-After).
DISCOVERY_MAX_ATTEMPTS = env.int("DISCOVERY_MAX_ATTEMPTS", default=3)
DISCOVERY_RETRY_BASE_SECONDS = env.float("DISCOVERY_RETRY_BASE_SECONDS", default=5.0)
# A search pending or running this long past due is re-enqueued by the sweep.
DISCOVERY_STALE_SECONDS = env.int("DISCOVERY_STALE_SECONDS", default=120)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
