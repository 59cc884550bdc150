"""LibreOffice as a second independent reader of the tracked-changes document: a Basic macro
accepts (or rejects) every change and saves the result, which must hold exactly the clean copy's
text (or the previous draft's), paragraph by paragraph — empty paragraphs included, so that no
empty ・ paragraph or stray heading is left where a paragraph was added, deleted or moved.

Checked on the R5.7.26 example, the small revisions with every construct and every kind of move,
and a sample of 12 generated pairs in one document, in one LibreOffice run. LibreOffice 7.4 keeps
a tracked KPI row, emptied, where it accepts its deletion or rejects its insertion: rows whose
every cell is empty are left out on both sides.

Needs LibreOffice: skipped without it, failing instead under ``PLANREV_REQUIRE_TOOLS=1``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planrev.views import build_handout
from planrev.word.texts import clean_copy_text, previous_draft_text
from planrev.word.writer import tracked_docx
from tests.docx_support import aomori_case, features_case, synthetic_case
from tests.tools import require_tool
from tests.tracked_cases import moves_case
from tests.tracked_support import (
    combined_docx,
    libreoffice_texts,
    split_by_title,
    without_empty_rows,
)

pytestmark = pytest.mark.tools

SAMPLE = 12
"""How many generated pairs LibreOffice checks."""


def test_libreoffice_accepts_to_the_new_text_and_rejects_to_the_old(tmp_path: Path) -> None:
    soffice = require_tool("soffice")
    cases = [aomori_case(), features_case(), moves_case()]
    jobs: list[tuple[Path, str]] = []
    for case in cases:
        path = tmp_path / f"{case.name}.docx"
        path.write_bytes(
            tracked_docx(build_handout(case.comparison, case.opinions, move_origins=True))
        )
        jobs += [(path, "accept"), (path, "reject")]
    sample = [synthetic_case(seed, 2 + seed % 4, 0.6) for seed in range(SAMPLE)]
    combined = tmp_path / "sample.docx"
    combined.write_bytes(
        combined_docx([build_handout(c.comparison, c.opinions, move_origins=True) for c in sample])
    )
    jobs += [(combined, "accept"), (combined, "reject")]
    results = libreoffice_texts(soffice, jobs)
    for (path, mode), (left, paragraphs) in zip(jobs, results, strict=True):
        assert left == 0, (path.name, mode)  # every change accepted or rejected
        texts = clean_copy_text if mode == "accept" else previous_draft_text
        if path == combined:
            parts = split_by_title(paragraphs)
            assert len(parts) == SAMPLE
            for case, part in zip(sample, parts, strict=True):
                assert part == without_empty_rows(texts(case.comparison)), (case.name, mode)
            continue
        case = next(c for c in cases if c.name == path.stem)
        assert paragraphs == without_empty_rows(texts(case.comparison)), (case.name, mode)
    assert any(change.move for case in sample for change in case.comparison.changes)
