"""HTML handouts: golden files, the seed's content, projections back to both drafts, escaping."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planrev.comparison import compare
from planrev.render import (
    comparison_table_html,
    handout_html,
    interactive_html,
    responses_html,
)
from planrev.testing.synthetic import make_plan, revise
from planrev.views import (
    TableOptions,
    build_comparison_table,
    build_handout,
    build_responses,
)
from tests.render_support import (
    HOSTILE,
    aomori,
    check_golden,
    expected_texts,
    hostile,
    html_projections,
    html_text,
    seed_items,
    squeeze,
)


def _all_html(comparison, opinions):  # type: ignore[no-untyped-def]
    return {
        "redline.html": handout_html(build_handout(comparison, opinions)),
        "clean.html": handout_html(build_handout(comparison, opinions, mode="clean")),
        "table.html": comparison_table_html(build_comparison_table(comparison, opinions)),
        "responses.html": responses_html(build_responses(comparison, opinions)),
        "interactive.html": interactive_html(build_handout(comparison, opinions)),
    }


@pytest.mark.parametrize(
    "name", ["redline.html", "clean.html", "table.html", "responses.html", "interactive.html"]
)
def test_aomori_golden(name: str) -> None:
    comparison, opinions = aomori()
    check_golden("aomori", name, _all_html(comparison, opinions)[name])


def test_redline_prints_everything_the_seed_prints() -> None:
    comparison, opinions = aomori()
    text = squeeze(html_text(handout_html(build_handout(comparison, opinions))))
    seed = seed_items()
    for header in seed.header:
        assert squeeze(header) in text
    for line in seed.lines:
        assert line in text, line
    for opinion, label in seed.opinions:
        # The box prints each opinion with the labels it caused right after it (blank if none).
        assert opinion + label in text, opinion
    for marker in seed.markers:
        assert marker in text
    for note in seed.notes:
        assert squeeze(note) in text


def test_clean_copy_has_no_marks() -> None:
    comparison, opinions = aomori()
    html = handout_html(build_handout(comparison, opinions, mode="clean"))
    body = html.split("<main", 1)[1]
    for mark in ("<ins", "<del", 'class="marker"', "★意見", "リモートワーク拠点"):
        assert mark not in body
    text = squeeze(html_text(html))
    assert "自らが積極的にデジタル技術の導入を進め" in text
    assert "溶け込み版" in text


def test_header_lines_are_a_running_page_header() -> None:
    comparison, opinions = aomori()
    html = handout_html(build_handout(comparison, opinions))
    assert re.search(
        r'<header class="page-header"><div>R5\.7\.26第3回「\(仮称\)青森県DX推進プラン」策定委員会'
        r"</div><div>会議資料「\(仮称\)青森県DX推進プラン素案\(案\)」\(抜粋\)</div></header>",
        html,
    )
    assert "position: running(page-header)" in html
    assert "@top-right" in html


def _check_projections(comparison, html: str) -> int:  # type: ignore[no-untyped-def]
    checked = 0
    for node, classes, new, old in html_projections(html):
        if "statement" not in classes:
            continue
        expected_new, expected_old = expected_texts(comparison, node)
        assert new == expected_new, node
        if expected_old is not None:
            assert old == expected_old, node
        checked += 1
    return checked


def test_aomori_redline_projects_back_to_both_drafts() -> None:
    comparison, opinions = aomori()
    html = handout_html(build_handout(comparison, opinions))
    assert _check_projections(comparison, html) == 24


@given(st.integers(min_value=0, max_value=10_000))
def test_synthetic_redlines_project_back_to_both_drafts(seed: int) -> None:
    rng = random.Random(seed)
    old = make_plan(rng, rng.randint(2, 8))
    revised = revise(rng, old, rate=0.3)
    comparison = compare(old, revised.plan, revised.record, revised.opinions)
    html = handout_html(build_handout(comparison, revised.opinions))
    assert _check_projections(comparison, html) > 0


def test_hostile_text_appears_literally() -> None:
    comparison, opinions = hostile()
    for name, html in _all_html(comparison, opinions).items():
        text = html_text(html)
        for literal in HOSTILE:
            assert literal in text, (name, literal)
        # No markup from user text: the only script elements are planrev's own.
        scripts = html.count("<script")
        assert scripts == (2 if name == "interactive.html" else 0), name
        assert "{{" not in html.replace("{{ x }}", "").replace("{{ y }}", ""), name


def test_hostile_redline_projects_back() -> None:
    comparison, opinions = hostile()
    html = handout_html(build_handout(comparison, opinions))
    assert _check_projections(comparison, html) >= 5


def test_table_options_change_headings_and_order() -> None:
    comparison, opinions = aomori()
    options = TableOptions(
        new_heading="修正後", old_heading="修正前", new_first=False, remarks=False
    )
    html = comparison_table_html(build_comparison_table(comparison, opinions, options))
    headings = re.findall(r'<th class="(\w+)">([^<]*)</th>', html)
    assert headings == [("old", "修正前"), ("new", "修正後")]
    assert "備考" not in html


def test_changed_passages_are_underlined_in_both_columns() -> None:
    comparison, opinions = aomori()
    html = comparison_table_html(build_comparison_table(comparison, opinions))
    assert '<td class="new"><u class="changed">自らが積極的に' in html
    assert '<td class="old"><u class="changed">リモートワーク拠点' in html
