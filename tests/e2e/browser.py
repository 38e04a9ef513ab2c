"""What the browser tests do again and again: log in, select text with the mouse, run axe-core."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "pw-for-tests"  # tests.factories.UserFactory's


def log_in(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def select_with_mouse(page: Page, text: str) -> None:
    """Drag the mouse over the first occurrence of `text` in the article, as a person would."""
    # Once the suggestions are in, the text is drawn for good: a redraw mid-drag would drop the selection.
    expect(page.locator("#suggestions-heading")).to_have_text(re.compile(r"\(\d+\)"))
    box: dict[str, float] | None = page.evaluate(
        """(wanted) => {
            const walker = document.createTreeWalker(document.querySelector('.article-body'), NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(wanted);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + wanted.length);
                range.startContainer.parentElement.scrollIntoView({block: 'center'});
                const rects = range.getClientRects();
                const first = rects[0], last = rects[rects.length - 1];
                return {
                    x1: first.left, y1: first.top + first.height / 2, x2: last.right, y2: last.top + last.height / 2,
                };
            }
            return null;
        }""",
        text,
    )
    assert box is not None, f"{text!r} is not in the article"
    page.mouse.move(box["x1"] + 1, box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"] - 1, box["y2"], steps=8)
    page.mouse.up()
    selected = page.evaluate("() => window.getSelection().toString()")
    assert selected == text, f"the mouse selected {selected!r}, not {text!r}"


def assert_accessible(page: Page) -> None:
    """No serious or critical axe-core violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result: dict[str, Any] = page.evaluate("async () => await axe.run(document)")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    report = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in bad]
    assert not bad, f"axe-core on {page.url}:\n" + "\n".join(report)
