"""Settings of the API throughput bench: production settings over plain http on 127.0.0.1, unthrottled, no tasks.

bench/api_throughput.py sets DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL before this is imported.
"""

from factcheck.settings.production import *  # noqa: F403
from factcheck.settings.production import REST_FRAMEWORK

DEBUG = False
ROOT_URLCONF = "bench.urls"

# Every request of the bench comes from one address, which the anonymous limit (120/min) would
# answer with 429 within a second. An unset rate makes the throttle allow without a cache lookup.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None}}

# No task runs: work the services enqueue (a new source's fetch) waits in an in-memory queue, so
# seeding sends no traffic anywhere; the seed records each fetch's result itself.
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
