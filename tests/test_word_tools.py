"""The Word importer against files made by pandoc and LibreOffice at test time, with pandoc's own
``--track-changes=accept`` / ``reject`` reading as the reference for the new and old texts.

Needs pandoc (and LibreOffice for the LibreOffice cases): skipped without them, failing instead
under ``PLANREV_REQUIRE_TOOLS=1``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planrev.model import ChangeKind, Statement, index
from planrev.word import import_word, read_word
from tests.tools import require_tool
from tests.word_support import (
    LIBREOFFICE_CASE,
    PANDOC_CASE,
    comparable,
    draft_projection,
    make_libreoffice_docx,
    make_pandoc_docx,
    pandoc_projection,
)

pytestmark = pytest.mark.tools

LABELS = {"【めざす姿】"}
"""Label paragraphs of the fixtures: read as statement kinds, not kept as text."""


def _assert_projections(pandoc: str, docx: Path) -> None:
    result = import_word(docx)
    accepted = comparable(pandoc_projection(pandoc, docx, "accept"), LABELS)
    rejected = comparable(pandoc_projection(pandoc, docx, "reject"), LABELS)
    assert draft_projection(result.new) == accepted
    assert draft_projection(result.old) == rejected


@pytest.mark.parametrize("case", [PANDOC_CASE, LIBREOFFICE_CASE], ids=["pandoc", "libreoffice"])
def test_committed_files_match_pandoc(case: Path) -> None:
    _assert_projections(require_tool("pandoc"), case / "input.docx")


def test_file_written_by_pandoc_now(tmp_path: Path) -> None:
    pandoc = require_tool("pandoc")
    docx = make_pandoc_docx(pandoc, PANDOC_CASE / "source.md", tmp_path / "plan.docx")
    _assert_projections(pandoc, docx)
    document = read_word(docx)
    authors = {run.author for p in document.paragraphs() for run in p.runs if run.author}
    assert authors == {"事務局", "委員A"}
    assert [c.author for c in document.comments] == ["委員B", "委員C"]


def test_file_written_by_libreoffice_now(tmp_path: Path) -> None:
    pandoc = require_tool("pandoc")
    soffice = require_tool("soffice")
    docx = make_libreoffice_docx(soffice, LIBREOFFICE_CASE / "source.fodt", tmp_path)
    _assert_projections(pandoc, docx)
    result = import_word(docx)
    assert set(result.report.authors) == {"事務局", "委員A", "委員B"}
    assert [c.comment.author for c in result.candidates] == ["委員A", "委員C"]
    assert result.candidates[0].change_ids == ("c-w-p8",)
    assert "admin-vision-1" in {c.target for c in result.revision.changes}


# --------------------------------------------------------------------------------------------
# Random edits written by pandoc

_ALPHABET = "あいうえおかきくけこさしすせそアイウエオ県民計画推進、。「」（）①②ｱｲ漢字"
"""Japanese text that Markdown needs no escaping for (and that forms no label such as 取組)."""

_segment = st.tuples(
    st.sampled_from(["equal", "insertion", "deletion"]),
    st.text(alphabet=_ALPHABET, min_size=1, max_size=6),
)
_block = st.tuples(
    st.sampled_from(["# ", "## ", "### ", "- ", ""]),
    st.lists(_segment, min_size=1, max_size=4),
)


def _markdown(blocks: list[tuple[str, list[tuple[str, str]]]]) -> str:
    out = []
    for number, (prefix, segments) in enumerate(blocks):
        text = ""
        for kind, chunk in segments:
            if kind == "equal":
                text += chunk
            else:
                author = "委員A" if number % 2 else "事務局"
                text += f'[{chunk}]{{.{kind} author="{author}" date="2023-07-{10 + number % 20}T00:00:00Z"}}'
        out.append(prefix + text)
    return "\n\n".join(out) + "\n"


@pytest.mark.slow
@settings(max_examples=25, deadline=None)
@given(st.lists(_block, min_size=1, max_size=8))
def test_random_edits_match_pandoc(blocks: list[tuple[str, list[tuple[str, str]]]]) -> None:
    pandoc = require_tool("pandoc")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "plan.md"
        source.write_text(_markdown(blocks), encoding="utf-8")
        docx = make_pandoc_docx(pandoc, source, Path(folder) / "plan.docx")
        result = import_word(docx)
        accepted = comparable(pandoc_projection(pandoc, docx, "accept"), set())
        rejected = comparable(pandoc_projection(pandoc, docx, "reject"), set())
    assert _without_untitled(draft_projection(result.new)) == accepted
    assert _without_untitled(draft_projection(result.old)) == rejected
    # Every change's span points into the text it describes.
    for change in result.revision.changes:
        if change.span is None:
            continue
        plan = result.old if change.kind is ChangeKind.DELETE else result.new
        node = index(plan)[change.target].node
        assert isinstance(node, Statement)
        assert node.text is not None
        text = node.text
        assert change.span.end is not None
        assert 0 <= change.span.start < change.span.end <= len(text)


def _without_untitled(projection: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Leave out the empty titles of parents the importer had to add (w-implicit-…)."""
    return [(kind, value) for kind, value in projection if not (kind == "p" and value == "")]


def test_numbered_paragraphs_as_headings(tmp_path: Path) -> None:
    pandoc = require_tool("pandoc")
    source = tmp_path / "numbered.md"
    source.write_text(
        "1. 行政経営分野\n\n"
        "    1. 住民の利便性の向上\n\n"
        "        - 行政手続きのオンライン化の推進\n"
        "        - [公金収納のキャッシュレス化の推進]"
        '{.insertion author="事務局" date="2023-07-26T00:00:00Z"}\n\n'
        "2. 情報セキュリティ対策\n",
        encoding="utf-8",
    )
    docx = make_pandoc_docx(pandoc, source, tmp_path / "numbered.docx")
    flat = import_word(docx)
    assert any(w.code == "no-headings" for w in flat.report.warnings)
    assert len(flat.new.blocks) == 5
    structured = import_word(docx, numbered_lists="headings")
    pillars = structured.new.pillars
    assert [p.title for p in pillars] == ["行政経営分野", "情報セキュリティ対策"]
    field = pillars[0].fields[0]
    assert field.title == "住民の利便性の向上"
    assert [b.text for b in field.blocks if isinstance(b, Statement)] == [
        "行政手続きのオンライン化の推進",
        "公金収納のキャッシュレス化の推進",
    ]
    assert [c.kind for c in structured.revision.changes] == [ChangeKind.ADD]
