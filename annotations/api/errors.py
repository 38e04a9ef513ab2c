"""Map service refusals and oversized requests to 4xx answers shaped {"field" or "detail": [messages]}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from annotations.errors import ApplicationError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return Response({exc.field or "detail": [exc.message], "code": exc.code}, status=exc.status)
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"detail": ["the request body is larger than this server accepts."], "code": "too_large"},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    return drf_exception_handler(exc, context)
