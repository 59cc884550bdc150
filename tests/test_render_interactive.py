"""The interactive redline: self-contained, and clicking links opinions and changes (Playwright
driving Debian's chromium; never `playwright install`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planrev.comparison import compare
from planrev.render import interactive_html
from planrev.views import build_handout
from tests.render_support import aomori, hostile
from tests.tools import require_module, require_tool

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def test_the_file_is_self_contained() -> None:
    comparison, opinions = aomori()
    html = interactive_html(build_handout(comparison, opinions))
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html
    assert "<link" not in html
    assert html.count("<script") == 2  # the data (JSON) and the inline script


def test_only_redline_views_are_interactive() -> None:
    comparison, opinions = aomori()
    with pytest.raises(ValueError, match="redline"):
        interactive_html(build_handout(comparison, opinions, mode="clean"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = require_tool("chromium")
    require_module("playwright")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _open(browser: Any, tmp_path: Path, html: str) -> tuple[Any, list[str]]:
    path = tmp_path / "interactive.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    assert all(url.startswith("file://") for url in requests), requests
    return page, errors


def _highlighted(page: Any) -> list[str]:
    return [element.get_attribute("data-change") for element in page.query_selector_all(".hl")]


@pytest.mark.tools
def test_clicking_an_opinion_highlights_its_changes(browser: Any, tmp_path: Path) -> None:
    comparison, opinions = aomori()
    page, errors = _open(browser, tmp_path, interactive_html(build_handout(comparison, opinions)))
    page.click('#panel [data-opinion="op-admin-1"]')
    highlighted = _highlighted(page)
    assert set(highlighted) == {"admin-vision-1"}
    # the marker, the inserted text and the entry of the change list
    assert len(highlighted) >= 3
    assert "追加①" in page.inner_text("#detail")

    page.click('#panel [data-opinion="op-admin-2"]')
    assert set(_highlighted(page)) == {"admin-vision-2"}

    # An opinion that changed no text highlights nothing and says so.
    page.click('#panel [data-opinion="op-inclusion-2"]')
    assert _highlighted(page) == []
    assert "本文の変更なし" in page.inner_text("#detail")

    # The opinion boxes in the text work the same way.
    page.click('main tr[data-opinion="op-data-1"]')
    assert set(_highlighted(page)) == {"data-2"}
    assert errors == []


@pytest.mark.tools
def test_clicking_a_change_shows_its_opinions(browser: Any, tmp_path: Path) -> None:
    comparison, opinions = aomori()
    page, errors = _open(browser, tmp_path, interactive_html(build_handout(comparison, opinions)))
    page.click('main .marker[data-change="talent-2"]')
    selected = {e.get_attribute("data-opinion") for e in page.query_selector_all(".selected")}
    assert selected == {"op-talent-1"}
    assert "デジタル人材不足は回復の兆しがなく" in page.inner_text("#detail")

    # A change explained by a reason, not an opinion, shows the reason.
    page.click('main .marker[data-change="infra-3"]')
    assert page.query_selector_all(".selected") == []
    assert "※商工業・サービス業の取組方針の削除に伴い削除" in page.inner_text("#detail")
    assert errors == []


@pytest.mark.tools
def test_the_filter_lists_only_unexplained_changes(browser: Any, tmp_path: Path) -> None:
    comparison, opinions = aomori()
    # Without the revision record nothing explains the changes.
    bare = compare(comparison.old, comparison.new, None, opinions)
    view = build_handout(bare, opinions)
    assert len(view.unexplained) == len(view.changes) > 0
    page, errors = _open(browser, tmp_path, interactive_html(view))
    visible = page.locator("#panel .change-item:visible")
    assert visible.count() == len(view.changes)
    page.check("#only-unexplained")
    assert visible.count() == len(view.unexplained)
    assert page.locator("main .marker.unexplained").count() == len(view.changes)

    # With the record every change is explained: the filter leaves none, and says so.
    page, errors_explained = _open(
        browser, tmp_path, interactive_html(build_handout(comparison, opinions))
    )
    page.check("#only-unexplained")
    assert page.locator("#panel .change-item:visible").count() == 0
    assert page.locator(".none-unexplained").is_visible()
    assert errors == errors_explained == []


@pytest.mark.tools
def test_hostile_text_stays_text(browser: Any, tmp_path: Path) -> None:
    comparison, opinions = hostile()
    page, errors = _open(browser, tmp_path, interactive_html(build_handout(comparison, opinions)))
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.click('#panel [data-opinion="o1"]')
    assert "<script>alert('x')</script>" in page.inner_text("#detail")
    assert "{{ x }}" in page.inner_text("main")
    assert dialogs == []
    assert errors == []


def test_embedded_data_cannot_close_its_script_and_stays_exact() -> None:
    import json

    from planrev.render.markup import json_script

    value = {"text": "</script><b>'&'</b>\x01\x7f 計画", "n": [1, None]}
    dumped = json_script(value)
    assert not any(char in dumped for char in "<>&'\x01\x7f")
    assert "\\u003c/script\\u003e" in dumped
    assert json.loads(dumped) == value
