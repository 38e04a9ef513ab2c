"""WSGI entry point (gunicorn factcheck.wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.base")

application = get_wsgi_application()
