"""The {% frontend_entry %} tag: script and style tags from the Vite manifest, nothing when it was never built."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.template import Context, Template


def _render() -> str:
    return Template("{% load frontend %}{% frontend_entry %}").render(Context())


def test_tags_come_from_the_manifest(tmp_path: Path, settings: Any) -> None:
    manifest = {"src/main.ts": {"file": "assets/main-abc.js", "css": ["assets/main-def.css"], "isEntry": True}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    settings.FRONTEND_DIST = tmp_path
    html = _render()
    assert '<link rel="stylesheet" href="/static/assets/main-def.css">' in html
    assert '<script type="module" src="/static/assets/main-abc.js"></script>' in html


def test_an_unbuilt_front_end_renders_nothing(tmp_path: Path, settings: Any) -> None:
    settings.FRONTEND_DIST = tmp_path / "missing"
    assert _render() == ""
