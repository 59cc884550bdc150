"""Markdown handouts: golden files, the seed's conventions, escaping, and reading the redline back."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planrev.comparison import compare
from planrev.render import comparison_table_markdown, handout_markdown, responses_markdown
from planrev.render.markdown import escape, parse_marked, project, split_cells, unescape
from planrev.testing.synthetic import make_plan, revise
from planrev.views import (
    HandoutView,
    LineView,
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
    seed_items,
    squeeze,
)
from tests.tools import require_tool, run_tool


def _all_markdown(comparison, opinions):  # type: ignore[no-untyped-def]
    return {
        "redline.md": handout_markdown(build_handout(comparison, opinions)),
        "clean.md": handout_markdown(build_handout(comparison, opinions, mode="clean")),
        "table.md": comparison_table_markdown(build_comparison_table(comparison, opinions)),
        "responses.md": responses_markdown(build_responses(comparison, opinions)),
    }


@pytest.mark.parametrize("name", ["redline.md", "clean.md", "table.md", "responses.md"])
def test_aomori_golden(name: str) -> None:
    comparison, opinions = aomori()
    check_golden("aomori", name, _all_markdown(comparison, opinions)[name])


def test_redline_uses_the_seed_conventions() -> None:
    comparison, opinions = aomori()
    text = handout_markdown(build_handout(comparison, opinions))
    lines = text.splitlines()
    assert lines[:2] == [
        "R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会  ",
        "会議資料「(仮称)青森県DX推進プラン素案(案)」(抜粋)",
    ]
    for expected in (
        "【体系図を追加】",
        "# 「行政経営」を支えるDX",
        "## 行政経営分野",
        "### 住民の利便性の向上",
        "- ・【追加①】自らが積極的にデジタル技術の導入を進め、地域全体のDXの推進を牽引する意識を"
        "持っている自治体。",
        "- ・行政手続等について、デジタル技術を活用し、効率化することにより、県民生活の利便性向上や"
        "県内産業のさらなる振興を進められるような政策分野に【追加②】人的資源を集中投資できている"
        "自治体。",
        "- ・【修正】新しい技術を使いこなせない人も取り残されないよう、様々なサポートをする人材が"
        "育成され、お互いが支え合い、繋がりあう仕組みが構築されている。",
        "- ・【削除】~~リモートワーク拠点が整備され、場所を問わず、自分のライフスタイルに合わせて"
        "働くことができる。~~（再掲）※商工業・サービス業の取組方針の削除に伴い削除",
        "KPI\t2023\t2028",
        "★意見(事務局が聞き取りしたもの)",
        "サポート人材の育成も大事\t修正",
        "使えない人への対応、使いなれたインターフェースできるような対応・工夫\t",
    ):
        assert expected in lines, expected


def test_redline_prints_everything_the_seed_prints() -> None:
    comparison, opinions = aomori()
    text = squeeze(
        unescape(handout_markdown(build_handout(comparison, opinions))).replace("~~", "")
    )
    seed = seed_items()
    for line in seed.lines:
        assert line in text, line
    for opinion, label in seed.opinions:
        assert opinion + label in text, opinion
    for marker in seed.markers:
        assert marker in text


@given(st.text())
def test_escape_round_trips(text: str) -> None:
    for position in ("line", "inline"):
        escaped = escape(text, position)  # type: ignore[arg-type]
        assert unescape(escaped) == text
        # Escaped text never reads as a marker, a strike, a note or a cell break.
        spans = parse_marked(escaped)
        assert [s.kind for s in spans] in ([], ["text"])
        assert "".join(s.text for s in spans) == text
        assert len(split_cells(escaped)) == 1


@given(st.text())
def test_escaped_lines_do_not_start_markdown_blocks(text: str) -> None:
    for line in escape(text).split("\n"):
        body = line.removesuffix("\\")
        if body:
            assert body[0] not in "-+#>=・ *", line
            assert re.match(r"[0-9]+[.)]", body) is None, line


def _marked_lines(markdown: str, view: HandoutView) -> list[tuple[str, str, str]]:
    """Return (node id, new, old) for every statement line, read back from the Markdown."""
    blocks = [
        block for node in _walk(view.nodes) for block in node.blocks if isinstance(block, LineView)
    ]
    body = [
        line
        for line in _logical_lines(markdown)
        if line
        and not line.startswith("#")
        and "\t" not in line.replace("\\\t", "")
        and not line.startswith("★意見")
    ]
    body = body[2 + len(view.notes) :]  # the header lines and the plan's own notes
    assert len(body) == len(blocks)
    result = []
    for line, block in zip(body, blocks, strict=True):
        if block.kind != "statement":
            continue
        content = line.removeprefix("- ・") if block.bullet else line
        spans = [s for s in parse_marked(content) if s.kind != "note"]
        marked = any(p.kind == "marker" for p in block.pieces)
        whole = block.status in {"added", "deleted"} and marked
        result.append(
            (block.node_id, project(spans, "new", whole=whole), project(spans, "old", whole=whole))
        )
    return result


def _walk(nodes):  # type: ignore[no-untyped-def]
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _logical_lines(markdown: str) -> list[str]:
    """Join lines continued by an escaped line break."""
    lines: list[str] = []
    current = ""
    for line in markdown.split("\n"):
        current += line
        escapes = len(line) - len(line.rstrip("\\"))
        if escapes % 2 == 1:
            current = current[:-1] + "\\\n"
            continue
        lines.append(current)
        current = ""
    return lines


def _check_markdown_projections(comparison, opinions) -> int:  # type: ignore[no-untyped-def]
    view = build_handout(comparison, opinions)
    checked = 0
    for node_id, new, old in _marked_lines(handout_markdown(view), view):
        expected_new, expected_old = expected_texts(comparison, node_id)
        block = next(
            b for n in _walk(view.nodes) for b in n.blocks if getattr(b, "node_id", None) == node_id
        )
        if block.status in {"added", "deleted"} and not any(
            p.kind == "marker" for p in block.pieces
        ):
            continue  # part of a whole added or deleted section: its heading carries the marker
        assert new == expected_new, node_id
        if expected_old is not None:
            assert old == expected_old, node_id
        checked += 1
    return checked


def test_aomori_markdown_redline_projects_back() -> None:
    comparison, opinions = aomori()
    assert _check_markdown_projections(comparison, opinions) == 24


def test_hostile_markdown_redline_projects_back() -> None:
    comparison, opinions = hostile()
    assert _check_markdown_projections(comparison, opinions) >= 5


@given(st.integers(min_value=0, max_value=10_000))
def test_synthetic_markdown_redlines_project_back(seed: int) -> None:
    rng = random.Random(seed)
    old = make_plan(rng, rng.randint(2, 8))
    revised = revise(rng, old, rate=0.3)
    comparison = compare(old, revised.plan, revised.record, revised.opinions)
    assert _check_markdown_projections(comparison, revised.opinions) > 0


def test_partial_changes_close_their_markers() -> None:
    rng = random.Random(3)
    old = make_plan(rng, 6)
    revised = revise(rng, old, rate=0.3)
    comparison = compare(old, revised.plan, revised.record, revised.opinions)
    text = handout_markdown(build_handout(comparison, revised.opinions))
    assert "【修正③】~~県民~~住民【/修正③】" in text
    # A KPI row's change is marked at its changed cell, with its closing mark.
    assert "【修正①】~~87~~91【/修正①】" in text


def test_hostile_text_appears_literally() -> None:
    comparison, opinions = hostile()
    outputs = _all_markdown(comparison, opinions)
    for name in ("redline.md", "clean.md"):
        text = unescape(outputs[name])
        for literal in HOSTILE:
            assert literal in text, (name, literal)
    redline = outputs["redline.md"]
    # User text never makes a marker, a strike or a note of its own.
    assert "\\【追加】" in redline
    assert "\\~\\~取消\\~\\~" in redline
    assert "\\<script\\>" in redline
    for name in ("table.md", "responses.md"):
        text = outputs[name].replace("\\", "")
        for literal in HOSTILE:
            assert literal in text, (name, literal)


@pytest.mark.tools
@pytest.mark.parametrize("name", ["redline.md", "table.md", "responses.md"])
def test_commonmark_readers_show_user_text_literally(name: str) -> None:
    pandoc = require_tool("pandoc")
    comparison, opinions = hostile()
    markdown = _all_markdown(comparison, opinions)[name]
    html = run_tool(
        [pandoc, "-f", "gfm", "-t", "html", "--wrap=none"],
        input=markdown,
        capture_output=True,
        text=True,
    ).stdout
    assert "<script>" not in html
    from tests.render_support import html_text

    text = html_text(html)
    for literal in HOSTILE:
        assert literal in text, literal
