"""Role checks: who may do what, from the user's groups (reviewer implies annotator, admin implies both)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from annotations.models import Role

# Each role includes the rights of those below it.
_ROLE_RANK = {Role.ANNOTATOR: 1, Role.REVIEWER: 2, Role.ADMIN: 3}


def user_rank(user: User | AnonymousUser) -> int:
    """The highest role rank the user holds (0: none)."""
    if not user.is_authenticated:
        return 0
    if user.is_superuser:
        return _ROLE_RANK[Role.ADMIN]
    names = set(user.groups.values_list("name", flat=True))
    return max((rank for role, rank in _ROLE_RANK.items() if role.value in names), default=0)


def has_role(user: User | AnonymousUser, role: Role) -> bool:
    """True when the user holds `role` or a role above it."""
    return user_rank(user) >= _ROLE_RANK[role]


def user_roles(user: User | AnonymousUser) -> list[str]:
    """The roles the user holds, higher roles including those below them (for the front end to show what fits)."""
    rank = user_rank(user)
    return [role.value for role, role_rank in _ROLE_RANK.items() if role_rank <= rank]
