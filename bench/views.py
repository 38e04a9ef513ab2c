"""The bench's baseline: a minimal DRF view answering a fixed JSON body as large as the public list page."""

from __future__ import annotations

import functools
import os

from django.core.exceptions import ImproperlyConfigured
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

FIXED_BYTES_VARIABLE = "BENCH_FIXED_BYTES"
_EMPTY = {"padding": ""}


@functools.cache
def fixed_body() -> dict[str, str]:
    """A JSON object that JSONRenderer renders to exactly BENCH_FIXED_BYTES bytes."""
    size = os.environ.get(FIXED_BYTES_VARIABLE, "")
    if not size.isdigit():
        raise ImproperlyConfigured(f"set {FIXED_BYTES_VARIABLE} to the body size in bytes; it is {size!r}.")
    padding = int(size) - len(JSONRenderer().render(_EMPTY))
    if padding < 0:
        raise ImproperlyConfigured(f"{FIXED_BYTES_VARIABLE} must be at least {len(JSONRenderer().render(_EMPTY))}.")
    return {"padding": "x" * padding}


class FixedView(APIView):
    """What DRF costs with no database and no serializer: no authentication, AllowAny, no throttle, JSON."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []
    renderer_classes = [JSONRenderer]

    def get(self, request: Request) -> Response:
        return Response(fixed_body())
