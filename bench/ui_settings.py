"""Settings of the annotator render bench: bench.settings (production, no tasks) serving the pages and the Vite build.

bench/annotator_render.py sets DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL before this is imported.
"""

from bench.settings import *  # noqa: F403

# The annotator page is one of the project's own pages; the bench's baseline view has no use here.
ROOT_URLCONF = "factcheck.urls"

# Plain http on 127.0.0.1: secure-only cookies would never come back, and the login would not stick.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False

# The page loads the Vite build (frontend/dist, a STATICFILES_DIRS entry) without a collectstatic:
# WhiteNoise serves it from the finders, and {% static %} names the files as they are, unhashed by Django.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
