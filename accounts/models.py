"""The user model; roles are Django groups (annotator, reviewer, admin)."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A newsroom account (Django's fields for now; a custom model keeps later changes cheap)."""
