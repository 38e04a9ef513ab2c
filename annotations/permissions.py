"""Role checks: who may do what, from the user's groups (reviewer implies annotator, admin implies both)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from annotations.models import Role

# Each role includes the rights of those below it.
_ROLE_RANK = {Role.ANNOTATOR: 1, Role.REVIEWER: 2, Role.ADMIN: 3}


def user_rank(user: AbstractBaseUser | AnonymousUser) -> int:
    """The highest role rank the user holds (0: none). Group names are cached on the user object."""
    if not user.is_authenticated:
        return 0
    if getattr(user, "is_superuser", False):
        return _ROLE_RANK[Role.ADMIN]
    cached: int | None = getattr(user, "_factcheck_rank", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
        cached = max((rank for role, rank in _ROLE_RANK.items() if role.value in names), default=0)
        user._factcheck_rank = cached  # type: ignore[union-attr]
    return cached


def has_role(user: AbstractBaseUser | AnonymousUser, role: Role) -> bool:
    """True when the user holds `role` or a role above it."""
    return user_rank(user) >= _ROLE_RANK[role]
