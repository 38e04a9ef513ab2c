"""Shared test helpers: a missing service fails under CI and skips only on a developer's machine."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def service_missing(reason: str) -> NoReturn:
    """Under CI a test that needs a real service must fail, never skip."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"required service missing under CI: {reason}", pytrace=False)
    pytest.skip(reason)
