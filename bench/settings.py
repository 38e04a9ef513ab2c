"""Settings of the API throughput bench: the production settings, served over plain http on 127.0.0.1, unthrottled.

bench/api_throughput.py sets DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL before this is imported.
"""

from typing import Any

from factcheck.settings.production import *  # noqa: F403
from factcheck.settings.production import REST_FRAMEWORK

DEBUG = False
ROOT_URLCONF = "bench.urls"

# Every request of the bench comes from one address, which the anonymous limit (120/min) would
# answer with 429 within a second. An unset rate makes the throttle allow without a cache lookup.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None}}

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
