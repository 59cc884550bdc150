"""pandoc as an independent reader of the redline: "accept all" gives exactly the new draft,
"reject all" exactly the old one, and ``--track-changes=all`` shows every change.

pandoc reads the file with its ``styles`` extension; planrev's markers, notes and kind labels
(in planrev's own styles) are left out of the projections, everything else is pandoc's reading.
Two things pandoc does not read as Word does are allowed for: a tab is a space to pandoc, and a
table row whose every cell is empty in one projection is not a row of it (pandoc keeps tracked
rows and empties them). Texts the old draft does not know (``text: null``) match anything.

A node the redline shows where it moved to is read there in both projections: the moved texts
are compared as a multiset, the rest in order.

Needs pandoc: skipped without it, failing instead under ``PLANREV_REQUIRE_TOOLS=1``.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planrev.views import build_handout
from planrev.word.writer import redline_docx
from tests.docx_support import (
    UNKNOWN,
    Case,
    aomori_case,
    draft_projection,
    features_case,
    moved_texts,
    pandoc_projection,
    paragraph_marks,
    same_projection,
    shown_changes,
    synthetic_case,
    whole_paragraphs,
    without,
)
from tests.tools import require_tool

pytestmark = pytest.mark.tools


def _as_pandoc_reads(projection: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """A draft projection with tabs as pandoc reads them (spaces)."""
    return [
        (kind, value.replace("\t", " ") if isinstance(value, str) else value)
        for kind, value in projection
    ]


def _assert_projections(pandoc: str, case: Case, folder: Path) -> None:
    view = build_handout(case.comparison, case.opinions)
    docx = folder / f"{case.name}.docx"
    docx.write_bytes(redline_docx(view))
    moved = moved_texts(case.comparison)
    for mode, plan in (("accept", case.comparison.new), ("reject", case.comparison.old)):
        read = pandoc_projection(pandoc, docx, mode)
        expected = _as_pandoc_reads(draft_projection(plan, UNKNOWN))
        assert same_projection(without(read, moved), without(expected, moved)), (mode, read)
        moved_read = Counter(v for k, v in read if k != "table" and v in moved)
        moved_expected = Counter(v for k, v in expected if k != "table" and v in moved)
        assert moved_read == moved_expected, mode
    _assert_all_shows_every_change(pandoc, docx, case)
    assert paragraph_marks(pandoc, docx) == whole_paragraphs(view)


_INSERTED = re.compile(r"\{\+(.*?)\+\}", re.DOTALL)
_DELETED = re.compile(r"\[-(.*?)-\]", re.DOTALL)


def _side(text: str, which: str) -> str:
    if which == "new":
        return _INSERTED.sub(r"\1", _DELETED.sub("", text))
    return _DELETED.sub(r"\1", _INSERTED.sub("", text))


def _assert_all_shows_every_change(pandoc: str, docx: Path, case: Case) -> None:
    """``--track-changes=all`` marks every insertion and deletion: resolving its marks one way
    or the other gives the accept and reject readings, and every changed text is marked."""
    marked = pandoc_projection(pandoc, docx, "all")
    texts = [value for kind, value in marked if kind != "table"]
    for which, mode in (("new", "accept"), ("old", "reject")):
        resolved = [_side(text, which).strip() for text in texts]
        read = [value for kind, value in pandoc_projection(pandoc, docx, mode) if kind != "table"]
        assert [text for text in resolved if text] == read, which
    inserted = "".join(m for text in texts for m in _INSERTED.findall(text))
    deleted = "".join(m for text in texts for m in _DELETED.findall(text))
    tables = str([value for kind, value in marked if kind == "table"])
    for change in case.comparison.changes:
        if change.prior_unknown or change.node_type in ("kpi", "kpi_row"):
            continue
        for diff in change.diffs:
            for span in diff.spans:
                text = span.text.strip().replace("\t", " ")
                if not text:
                    continue
                if span.op.value == "insert":
                    assert text in inserted or text in tables, (change.id, text)
                elif span.op.value == "delete":
                    assert text in deleted or text in tables, (change.id, text)


def test_aomori(tmp_path: Path) -> None:
    _assert_projections(require_tool("pandoc"), aomori_case(), tmp_path)


def test_features(tmp_path: Path) -> None:
    _assert_projections(require_tool("pandoc"), features_case(), tmp_path)


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    sections=st.integers(1, 10),
    rate=st.sampled_from([0.1, 0.3, 0.6]),
)
def test_synthetic_revisions(seed: int, sections: int, rate: float) -> None:
    pandoc = require_tool("pandoc")
    case = synthetic_case(seed, sections, rate)
    view = build_handout(case.comparison, case.opinions)
    assert {change.id for change in case.comparison.changes} <= shown_changes(view)
    with tempfile.TemporaryDirectory() as folder:
        _assert_projections(pandoc, case, Path(folder))
