"""Test settings: the environment's PostgreSQL and Redis, fast hashing, in-process tasks unless a test asks."""

import os

from factcheck.settings.base import *  # noqa: F403
from factcheck.settings.base import env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEBUG = False
# Most tests run tasks in-process; the worker tests start a real `celery worker`
# with CELERY_TASK_ALWAYS_EAGER=false and switch the app to the broker themselves.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
# Bring a killed worker's task back quickly (production keeps the long default).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=8),
    "unacked_restore_interval": 2,
    "unacked_restore_throttle": 1,
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the finders (no collectstatic before tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# One test database per pytest process, so parallel runs on one server never collide.
DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}  # noqa: F405
# The browser tests' live server answers from short-lived threads: a connection kept for reuse
# would outlive its thread and stop the test database from being dropped at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Tests look at the freshness fingerprint right after each change.
FACTCHECK_PUBLIC_FRESHNESS_SECONDS = env.int("FACTCHECK_PUBLIC_FRESHNESS_SECONDS", default=0)
# External reference providers only where a test points them at its local server.
DISCOVERY_PROVIDERS = env.list("DISCOVERY_PROVIDERS", default=["library", "fact_checks"])
