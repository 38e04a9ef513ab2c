# Sourced by the test targets: the real services the tests run against (override by exporting them first).
export DJANGO_SETTINGS_MODULE=factcheck.settings.test
export DATABASE_URL="${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/factcheck}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/1}"
export DJANGO_ALLOW_ASYNC_UNSAFE=true
