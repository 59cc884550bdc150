"""pandoc as an independent reader of the tracked-changes document: "accept all" gives exactly the
clean copy's text and "reject all" exactly the previous draft's text, paragraph by paragraph
(:mod:`planrev.word.texts`), and ``--track-changes=all`` shows every change.

Checked on the R5.7.26 example, on small revisions with every construct and every kind of move,
and on 200 generated plan pairs (:mod:`planrev.testing.synthetic`), laid out four documents of 50
pairs each, read two pandoc processes at a time. pandoc drops empty paragraphs, reads a tab as a
space and keeps a tracked table row emptied: :func:`tests.tracked_support.as_pandoc_reads` does
the same to the expected text (LibreOffice checks empty paragraphs exactly:
``test_docx_tracked_libreoffice.py``).

Needs pandoc: skipped without it, failing instead under ``PLANREV_REQUIRE_TOOLS=1``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planrev.views import build_handout
from planrev.word.texts import TextParagraph, clean_copy_text, previous_draft_text
from planrev.word.writer import clean_docx, tracked_docx
from tests.docx_support import Case, aomori_case, features_case, pandoc_projection, synthetic_case
from tests.tools import require_tool
from tests.tracked_cases import moves_case
from tests.tracked_support import (
    as_pandoc_reads,
    combined_docx,
    pandoc_many,
    pandoc_texts,
    split_by_title,
)

pytestmark = pytest.mark.tools

PAIRS = 200
"""How many generated plan pairs are checked."""
PER_DOCUMENT = 50
"""How many of them one document holds."""


def _expected(case: Case, mode: str) -> list[TextParagraph]:
    texts = clean_copy_text if mode == "accept" else previous_draft_text
    return as_pandoc_reads(texts(case.comparison))


def _tracked(case: Case, folder: Path) -> Path:
    path = folder / f"{case.name}.docx"
    view = build_handout(case.comparison, case.opinions, move_origins=True)
    path.write_bytes(tracked_docx(view))
    return path


def _assert_projections(pandoc: str, case: Case, folder: Path) -> None:
    """Write the tracked document of ``case`` into ``folder``; pandoc's "accept all" must read
    the clean copy's text, "reject all" the previous draft's, and ``all`` show every change."""
    docx = _tracked(case, folder)
    for mode in ("accept", "reject"):
        assert pandoc_texts(pandoc, docx, mode) == _expected(case, mode), mode
    _assert_all_shows_every_change(pandoc, docx)


@pytest.mark.parametrize("make", [aomori_case, features_case, moves_case], ids=lambda f: f.__name__)
def test_accept_gives_the_new_text_and_reject_the_old(make: object, tmp_path: Path) -> None:
    _assert_projections(require_tool("pandoc"), make(), tmp_path)  # type: ignore[operator]


@pytest.mark.parametrize("make", [aomori_case, features_case, moves_case], ids=lambda f: f.__name__)
def test_the_clean_copy_is_the_clean_copy_text(make: object, tmp_path: Path) -> None:
    pandoc = require_tool("pandoc")
    case: Case = make()  # type: ignore[operator]
    docx = tmp_path / "clean.docx"
    docx.write_bytes(clean_docx(build_handout(case.comparison, case.opinions, mode="clean")))
    assert pandoc_texts(pandoc, docx, "accept") == _expected(case, "accept")


def synthetic_pairs() -> list[Case]:
    """Return the generated plan pairs: 2 to 5 sections, 10 %, 30 % or 60 % of the statements
    edited (reworded, added, deleted, moved between sections, re-keyed; sections renamed, KPI
    cells changed)."""
    return [synthetic_case(seed, 2 + seed % 4, (0.1, 0.3, 0.6)[seed % 3]) for seed in range(PAIRS)]


def test_two_hundred_generated_pairs(tmp_path: Path) -> None:
    pandoc = require_tool("pandoc")
    cases = synthetic_pairs()
    groups = [cases[start : start + PER_DOCUMENT] for start in range(0, PAIRS, PER_DOCUMENT)]
    jobs: list[tuple[Path, str]] = []
    for number, group in enumerate(groups):
        path = tmp_path / f"pairs-{number}.docx"
        views = [build_handout(c.comparison, c.opinions, move_origins=True) for c in group]
        path.write_bytes(combined_docx(views))
        jobs += [(path, "accept"), (path, "reject")]
    readings = pandoc_many(pandoc, jobs)
    checked = 0
    for (path, mode), reading in zip(jobs, readings, strict=True):
        group = groups[int(path.stem.split("-")[1])]
        parts = split_by_title(reading)
        assert len(parts) == len(group), path
        for case, part in zip(group, parts, strict=True):
            assert part == _expected(case, mode), (case.name, mode)
            checked += 1
    assert checked == 2 * PAIRS
    moves = sum(1 for case in cases for change in case.comparison.changes if change.move)
    assert moves > 50  # the pairs do move statements


_INSERTED = re.compile(r"\{\+(.*?)\+\}", re.DOTALL)
_DELETED = re.compile(r"\[-(.*?)-\]", re.DOTALL)


def _side(text: str, which: str) -> str:
    if which == "new":
        return _INSERTED.sub(r"\1", _DELETED.sub("", text))
    return _DELETED.sub(r"\1", _INSERTED.sub("", text))


def _assert_all_shows_every_change(pandoc: str, docx: Path) -> None:
    """``--track-changes=all`` marks every insertion and deletion: resolving its marks one way
    or the other gives the accept and reject readings."""
    marked = pandoc_projection(pandoc, docx, "all")
    texts = [value for kind, value in marked if kind != "table"]
    for which, mode in (("new", "accept"), ("old", "reject")):
        resolved = [_side(text, which).strip() for text in texts]
        read = [value for kind, value in pandoc_projection(pandoc, docx, mode) if kind != "table"]
        assert [text for text in resolved if text] == read, which
