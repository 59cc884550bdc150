"""Arbitrary input never crashes the importers: a result with warnings, or one clear LoadError.

Bounded for CI by the hypothesis profile (``HYPOTHESIS_PROFILE=ci``: 200 examples per property).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planrev.errors import LoadError
from planrev.importers import import_marked, import_plain, parse_extents
from planrev.importers.marked import MarkedImport
from planrev.model.checks import check_plan
from planrev.storage.documents import dump_document, loads_document
from tests.conftest import SEED
from tests.test_import_support import _UNICODE_BREAKS, assert_consistent

SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.split("\n")

_PIECES = [
    "## ",
    "### ",
    "#### ",
    "# ",
    "- ・",
    "・",
    "- ",
    "* ",
    "【追加】",
    "【追加①】",
    "【追加②】",
    "【/追加②】",
    "【/追加】",
    "【修正】",
    "【削除】",
    "【/削除】",
    "~~",
    "~~消えた~~",
    "（再掲）",
    "※",
    "※1 ",
    "（注1）",
    "【体系図",
    "を追加】",
    "【P】",
    "★意見(事務局が聞き取りしたもの)",
    "★意見(委員会)",
    "KPI\t2023\t2028",
    "\t",
    "\t追加",
    "\t修正",
    "追加①、修正",
    "----\t----",
    "---",
    "第1章 ",
    "（1）",
    "(ア)",
    "①",
    "1 ",
    "R5.7.26第3回「(仮称)計画」策定委員会",
    "会議資料「(仮称)計画素案(案)」(抜粋)",
    "めざす姿",
    "取組",
    "　",
    "  ",
    "行政経営分野",
    "住民の利便性の向上",
    "商工業・サービス業",
    "デジタル人材",
    "本文です。",
    "「",
    "」",
    "（",
    "\ufeff",
    "\r",
    "\x00",
    "\x85",
    "\u2028",
]

lines = st.lists(
    st.one_of(
        st.sampled_from(_PIECES),
        st.sampled_from(SEED_LINES),
        st.text(max_size=8),
    ),
    max_size=6,
).map("".join)
documents = st.lists(lines, max_size=40).flatmap(
    lambda parts: st.sampled_from(["\n", "\r\n", "\r"]).map(lambda end: end.join(parts))
)


def _check_error(error: LoadError, path: Path) -> None:
    """A failed import names the file and a line, and prints as one message."""
    assert error.location.path == path
    assert error.location.line is not None
    assert str(error)


def _check_marked(text: str, *, reload: bool = True, **options: object) -> MarkedImport | None:
    try:
        result = import_marked(text, path=Path("x.md"), **options)  # type: ignore[arg-type]
    except LoadError as error:
        _check_error(error, Path("x.md"))
        return None
    assert_consistent(result, reload=reload)
    for warning in result.warnings:
        assert warning.location.line is not None
        assert warning.location.line >= 1
        assert str(warning)
    return result


def _check_plain(text: str, *, reload: bool = True) -> None:
    try:
        result = import_plain(text, path=Path("x.md"))
    except LoadError as error:
        _check_error(error, Path("x.md"))
        return
    if reload:
        reloaded = loads_document(dump_document(result.plan), None)
        if not _UNICODE_BREAKS.search(result.plan.model_dump_json()):
            assert reloaded == result.plan
    assert check_plan(result.plan) == []
    for warning in result.warnings:
        assert warning.location.line is not None


@given(documents)
def test_marked_import_of_generated_handouts(text: str) -> None:
    _check_marked(text)
    _check_marked(text, meeting=3)


@given(st.text())
def test_marked_import_of_arbitrary_text(text: str) -> None:
    _check_marked(text, meeting=2)


@given(documents)
def test_plain_import_of_generated_plans(text: str) -> None:
    _check_plain(text)


@given(st.text())
def test_plain_import_of_arbitrary_text(text: str) -> None:
    _check_plain(text)


@given(st.lists(st.sampled_from(SEED_LINES), max_size=60).map("\n".join))
def test_marked_import_of_shuffled_seed_lines(text: str) -> None:
    _check_marked(text, reload=False, meeting=3)


@pytest.mark.parametrize("end", range(len(SEED_LINES) + 1))
def test_every_prefix_of_the_seed(end: int) -> None:
    prefix = "\n".join(SEED_LINES[:end])
    _check_marked(prefix, reload=False)
    assert _check_marked(prefix, reload=False, meeting=3) is not None or not prefix.strip()
    _check_plain(prefix, reload=False)


@pytest.mark.parametrize("removed", range(len(SEED_LINES)))
def test_the_seed_without_one_line(removed: int) -> None:
    text = "\n".join(SEED_LINES[:removed] + SEED_LINES[removed + 1 :])
    _check_marked(text, reload=False, meeting=3)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda t: "\ufeff" + t.replace("\n", "\r"), id="bom-cr"),
        pytest.param(lambda t: t.replace("- ・", "\t- ・"), id="tab-indented-bullets"),
        pytest.param(lambda t: t.replace(" ", "\u3000"), id="full-width-spaces"),
        pytest.param(lambda t: t.replace("\t", "    "), id="tabs-as-spaces"),
        pytest.param(lambda t: t.replace("\n\n", "\n"), id="no-blank-lines"),
        pytest.param(lambda t: t.replace("~~", ""), id="no-strikes"),
        pytest.param(lambda t: t.replace("】", ""), id="no-closing-brackets"),
        pytest.param(lambda t: t.replace("#", ""), id="no-headings"),
        pytest.param(lambda t: t[: len(t) // 2], id="cut-mid-line"),
    ],
)
def test_damaged_seed(change: object) -> None:
    _check_marked(change(SEED_TEXT))  # type: ignore[operator]
    _check_plain(change(SEED_TEXT))  # type: ignore[operator]


@given(st.text(max_size=30), st.integers(min_value=-3, max_value=80))
def test_generated_extents(covered: str, length: int) -> None:
    for side in (f"追加②: {covered!r}\n", f"追加②: {{length: {length}}}\n", covered):
        try:
            extents = parse_extents(side, Path("side.yaml"))
        except LoadError as error:
            _check_error(error, Path("side.yaml"))
            continue
        try:
            result = import_marked(SEED_TEXT, path=SEED, extents=extents)
        except LoadError as error:
            _check_error(error, Path("side.yaml"))
            continue
        assert_consistent(result, reload=False)
