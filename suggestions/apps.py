"""Django app configuration of suggestions."""

from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "suggestions"
    verbose_name = "Claim suggestions and matching"

    def ready(self) -> None:
        from suggestions import checks  # noqa: F401  (registers the system check)
