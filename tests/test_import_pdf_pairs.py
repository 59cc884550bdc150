"""Fifty generated plan pairs, printed to PDF by two producers, import back to what they show.

The pairs (:mod:`tests.pdf.pairs`) stand side by side in one plan, one pillar each, so that one
handout holds them all: planrev's redline PDF (WeasyPrint) and its Word redline (tracked changes,
printed with strike-through and underline) converted by LibreOffice. Importing either gives back
every title, statement and KPI row of the new and the old draft, and every change with its label,
kind, text, opinions and reason (:func:`differences`; KPI changes are compared through the
drafts), moved statements in their old place too: the page shows a move at both ends.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planrev.importers.pdf import PdfImport, read_pdf
from planrev.render.outputs import render_outputs
from tests.docx_support import docx_to_pdf
from tests.pdf.pairs import Pairs, combined, differences
from tests.tools import require_module, require_tool

pytestmark = pytest.mark.tools

COUNT = 50
"""How many plan pairs the handouts hold."""


@pytest.fixture(scope="module")
def pairs() -> Pairs:
    return combined(COUNT)


@pytest.fixture(scope="module")
def redlines(pairs: Pairs, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Write the pairs' redline as PDF and as Word; return the files by format."""
    require_module("weasyprint")
    folder = tmp_path_factory.mktemp("pairs")
    written = {}
    for output in render_outputs(
        pairs.comparison, pairs.opinions, documents=["redline"], formats=["pdf", "docx"]
    ):
        assert isinstance(output.content, bytes)
        if output.variant == "tracked":
            continue  # the tracked-changes document carries no markers: not a printed redline
        path = folder / output.name
        path.write_bytes(output.content)
        written[output.format] = path
    return written


def _check(pairs: Pairs, result: PdfImport) -> None:
    assert differences(pairs, result.imported) == []
    # What the import reports is what the page leaves open, nothing else.
    codes = {warning.code for warning in result.imported.warnings}
    assert codes <= {"move-source", "kpi-changes", "label-kpi", "heading-ambiguous"}
    # The pairs do move statements; both ends are read, so none is left where it landed (moved).
    assert "move-source" in codes


def test_fifty_pairs_from_planrevs_pdf_import_to_what_they_show(
    pairs: Pairs, redlines: dict[str, Path]
) -> None:
    result = read_pdf(redlines["pdf"])
    _check(pairs, result)
    assert result.marked.coverage.pages >= 30


def test_fifty_pairs_from_the_word_redline_printed_by_libreoffice(
    pairs: Pairs, redlines: dict[str, Path]
) -> None:
    soffice = require_tool("soffice")
    pdf = docx_to_pdf(soffice, redlines["docx"], redlines["docx"].parent / "libreoffice")
    _check(pairs, read_pdf(pdf))


def test_the_pairs_hold_every_kind_of_change(pairs: Pairs) -> None:
    kinds = {
        (change.kind.value, change.node_type, change.move is not None)
        for change in pairs.comparison.changes
    }
    assert kinds >= {
        ("追加", "statement", False),
        ("修正", "statement", False),
        ("削除", "statement", False),
        ("移動", "statement", True),
        ("追加", "section", False),
        ("修正", "kpi_row", False),
    }
