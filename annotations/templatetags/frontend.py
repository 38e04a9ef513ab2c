"""{% frontend_entry %}: the script and style tags of the Vite build, read from its manifest."""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()
logger = logging.getLogger(__name__)

ENTRY = "src/main.ts"


@lru_cache(maxsize=4)
def _manifest(path: Path, mtime: float) -> dict[str, Any]:
    # Keyed on the file's mtime, so a rebuild during `make run` is picked up without a restart.
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def manifest() -> dict[str, Any] | None:
    path = Path(settings.FRONTEND_DIST) / "manifest.json"
    try:
        return _manifest(path, path.stat().st_mtime)
    except FileNotFoundError:
        return None


@register.simple_tag
def frontend_entry() -> SafeString:
    """The <link> and <script> tags of the front end's entry; nothing (and a warning) when it was never built."""
    found = manifest()
    chunk = found.get(ENTRY) if found else None
    if chunk is None:
        logger.warning("the front end is not built (run `make run` or `npm run build` in frontend/)")
        return mark_safe("")
    styles = format_html_join("", '<link rel="stylesheet" href="{}">', ((static(css),) for css in chunk.get("css", [])))
    script = format_html('<script type="module" src="{}"></script>', static(chunk["file"]))
    return styles + script
