"""DRF permission classes for the editorial roles; they combine (`IsAuthenticated & IsReviewer`)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from annotations.models import Role
from annotations.permissions import has_role


class _HasRole(BasePermission):
    role: Role

    def has_permission(self, request: Request, view: Any) -> bool:
        return has_role(request.user, self.role)


class IsAnnotator(_HasRole):
    """Annotators, reviewers and admins."""

    role = Role.ANNOTATOR
    message = "you need the annotator role (or higher) for this."


class IsReviewer(_HasRole):
    role = Role.REVIEWER
    message = "you need the reviewer role (or higher) for this."


class IsAdmin(_HasRole):
    role = Role.ADMIN
    message = "you need the admin role for this."


class ReadOnly(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in SAFE_METHODS
