"""The round trip keeps everything: ``planrev handout``'s own Word documents, imported back,
give the drafts they were written from.

For generated plan pairs (:func:`planrev.testing.synthetic.make_plan` and ``revise``, with notes
such as 【体系図を追加】, 本文 statements and ※ footnotes added to both drafts), each of the three
documents is written in process and imported with the reader ``planrev import word`` uses:

- ``redline-tracked.docx`` (:func:`~planrev.word.writer.tracked_docx`) through
  :func:`planrev.word.import_word`: comparing the imported new draft with the original new draft
  finds 0 changes, and the same for the old drafts; every node comes back with its id, its kind
  (note, footnote, statement kind, bullet) and its text, KPI tables and rows included; the
  imported revision, compared again, declares no kind the comparison contradicts (no
  ``kind-mismatch`` the original comparison did not have);
- ``clean.docx`` (:func:`~planrev.word.writer.clean_docx`) through ``import_word``: the new draft,
  ids and kinds included;
- ``redline.docx`` (:func:`~planrev.word.writer.redline_docx`, the 見え消し printed) through
  :func:`planrev.word.formatted.read_for_import` and :func:`~planrev.word.formatted.import_formatted`
  (as ``planrev import word`` chooses): the same headings, statements (kind, bullet, text),
  notes, footnotes and KPI rows in the same order, in the new draft and (without moves) the old
  one. The marked rules give their own ids (``st-…``): the hand-formatted document carries the
  text, not the ids; and they tell sections by title (plans with two sections of one parent
  with the same title are left out of this check).

A tracked insertion added to the written tracked document (a new paragraph in ``w:ins``, as Word
writes one) is imported as 追加 with its text, and the audit's comparison finds no kind-mismatch.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from planrev.audit import audit, load_folder
from planrev.cli.word import import_texts, output_names
from planrev.comparison import Comparison, compare
from planrev.model import (
    ChangeKind,
    Field,
    Footnote,
    KpiRow,
    KpiTable,
    Note,
    Plan,
    Section,
    Statement,
    index,
    walk,
)
from planrev.model import build as b
from planrev.model.tree import remove_node
from planrev.testing.synthetic import make_plan, revise
from planrev.views import build_handout
from planrev.word import import_word
from planrev.word.formatted import import_formatted, read_for_import
from planrev.word.ooxml import encode_bookmark_id
from planrev.word.writer import clean_docx, redline_docx, tracked_docx
from tests.docx_support import Case, aomori_case, features_case

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


# --------------------------------------------------------------------------------------------
# Generated plan pairs


def _decorate(plan: Plan, rng: random.Random) -> Plan:
    """Return ``plan`` with a note at its top (【体系図を追加】), and in each field a note, a 本文
    statement and a ※ footnote (chosen by ``rng``: the same choices for both drafts)."""
    fields = []
    for pillar in plan.pillars:
        for field in pillar.fields:
            fields.append(field)
    extra: dict[str, tuple[Any, ...]] = {}
    for field in fields:
        blocks: list[Any] = []
        if rng.random() < 0.6:
            blocks.append(Note(kind="note", id=f"{field.id}-note", text="図表を追加"))
        if rng.random() < 0.6:
            blocks.append(
                Statement(
                    kind="text",
                    id=f"{field.id}-text",
                    text="この分野では、県民の暮らしに身近なサービスから順にデジタル化を進める。",
                    bullet=False,
                )
            )
        if rng.random() < 0.4:
            blocks.append(
                Footnote(kind="footnote", id=f"{field.id}-fn", mark="※1", text="数値は速報値。")
            )
        extra[field.id] = tuple(blocks)

    def field_of(field: Field) -> Field:
        return field.model_copy(update={"blocks": (*field.blocks, *extra.get(field.id, ()))})

    pillars = tuple(
        pillar.model_copy(update={"fields": tuple(field_of(f) for f in pillar.fields)})
        for pillar in plan.pillars
    )
    top = (Note(kind="note", id="structure-diagram", text="体系図を追加"),)
    return plan.model_copy(update={"blocks": (*top, *plan.blocks), "pillars": pillars})


def generated_case(seed: int, sections: int, rate: float) -> tuple[Case, dict[str, str]]:
    """Return a generated revision whose drafts hold notes, 本文 statements and footnotes too,
    and the ids the revision re-keyed (new id by old id)."""
    rng = random.Random(seed)
    old = make_plan(rng, sections)
    revised = revise(rng, old, rate=rate)
    decoration = rng.getstate()
    old = _decorate(old, rng)
    rng.setstate(decoration)
    new = _decorate(revised.plan, rng)
    comparison = compare(old, new, revised.record, revised.opinions)
    rekeyed = {edit.old_id: edit.target for edit in revised.edits if edit.kind == "rekey"}
    return Case(f"generated-{seed}", comparison, revised.opinions), {
        old_id: new_id for old_id, new_id in rekeyed.items() if old_id is not None
    }


# --------------------------------------------------------------------------------------------
# What must come back


def _projection(plan: Plan) -> list[tuple[Any, ...]]:
    """Return every node of ``plan`` in order: its type, id and what it says."""
    out: list[tuple[Any, ...]] = []
    for located in walk(plan):
        node = located.node
        if isinstance(node, Statement):
            out.append(("statement", node.id, node.kind, node.bullet, node.text))
        elif isinstance(node, Note):
            out.append(("note", node.id, node.text))
        elif isinstance(node, Footnote):
            out.append(("footnote", node.id, node.mark, node.text))
        elif isinstance(node, KpiTable):
            out.append(("kpi", node.id, node.baseline_year, node.target_year))
        elif isinstance(node, KpiRow):
            out.append(("row", node.id, node.indicator, node.unit, node.baseline, node.target))
        elif isinstance(node, Section | Field) or hasattr(node, "fields"):
            out.append((type(node).__name__, node.id, node.title))
    return out


def _same(original: Plan, imported: Plan, renamed: dict[str, str] | None = None) -> None:
    """Assert that ``imported`` is ``original``: no change found, every node with its id, kind
    and text (``renamed``: ids the old draft comes back with, the new draft's)."""
    again = compare(original, imported, None, None)
    assert [(c.kind.value, c.old_id, c.new_id) for c in again.changes] == []
    expected = [
        (item[0], (renamed or {}).get(item[1], item[1]), *item[2:])
        for item in _projection(original)
    ]
    assert _projection(imported) == expected


def _moved(comparison: Comparison) -> set[str]:
    """Return the ids of the nodes that moved (or whose old text is unknown), old and new."""
    return {
        node_id
        for change in comparison.changes
        if change.move is not None or change.prior_unknown
        for node_id in (change.old_id, change.new_id)
        if node_id is not None
    }


def _kind_mismatches(comparison: Comparison) -> set[str]:
    return {
        finding.message.en.split(":")[0]
        for finding in comparison.findings
        if finding.code == "kind-mismatch"
    }


def check_tracked(case: Case, rekeyed: dict[str, str] | None = None) -> None:
    comparison = case.comparison
    docx = tracked_docx(build_handout(comparison, case.opinions, move_origins=True))
    result = import_word(
        docx,
        old_meeting=comparison.old.meta.meeting or 1,
        new_meeting=comparison.new.meta.meeting,
    )
    _same(comparison.new, result.new)
    moved = _moved(comparison)
    if not moved:
        # (a moved part is where it stood in the old draft, without its id: w:moveFrom; a
        # paragraph carries one id, the new draft's: a re-keyed node has it in both drafts)
        _same(comparison.old, result.old, rekeyed)
    again = compare(result.old, result.new, result.revision, None)
    assert _kind_mismatches(again) - moved <= _kind_mismatches(comparison)


def check_clean(case: Case) -> None:
    comparison = case.comparison
    docx = clean_docx(build_handout(comparison, case.opinions, mode="clean"))
    result = import_word(docx, new_meeting=comparison.new.meta.meeting)
    _same(comparison.new, result.new)


def check_redline(case: Case) -> None:
    comparison = case.comparison
    docx = redline_docx(build_handout(comparison, case.opinions))
    mode, _, document = read_for_import(docx)
    assert mode == "formatted"
    result = import_formatted(
        document, meeting=comparison.new.meta.meeting, old_meeting=comparison.old.meta.meeting
    )
    if _twin_titles(comparison.old) or _twin_titles(comparison.new):
        return  # two sections of one parent with the same title are one to the marked rules
    drafts = [(comparison.new, result.new)]
    if not _moved(comparison):
        # (the printed redline shows a moved part where it went only, ※移動: the old draft
        # read from it has the part there too)
        drafts.append((comparison.old, result.old))
    for original, imported in drafts:
        # the marked rules give ids of their own: everything else comes back
        assert _without_ids(imported) == _without_ids(original)


def _twin_titles(plan: Plan) -> bool:
    """Return whether two parts under one parent have the same title."""
    seen: set[tuple[str, str]] = set()
    for located in walk(plan):
        node = located.node
        if isinstance(node, Section | Field) or hasattr(node, "fields"):
            parent = located.parents[-1].id if located.parents else ""
            key = (parent, node.title)
            if key in seen:
                return True
            seen.add(key)
    return False


def _without_ids(plan: Plan) -> list[tuple[Any, ...]]:
    return [(item[0], *item[2:]) for item in _projection(plan)]


@settings(max_examples=100, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    sections=st.integers(1, 5),
    rate=st.sampled_from([0.1, 0.3, 0.6, 0.9]),
)
def test_handout_documents_round_trip(seed: int, sections: int, rate: float) -> None:
    case, rekeyed = generated_case(seed, sections, rate)
    check_tracked(case, rekeyed)
    check_clean(case)
    check_redline(case)


def test_features_round_trip() -> None:
    case = features_case()
    check_tracked(case)
    check_clean(case)


# --------------------------------------------------------------------------------------------
# A tracked insertion made in Word


def _with_inserted_paragraph(docx: bytes, after_id: str, text: str) -> bytes:
    """Return ``docx`` with a bulleted paragraph inserted as Word tracks it (the paragraph mark in
    ``w:rPr/w:ins``, the text in ``w:ins``) after the paragraph bookmarked with ``after_id``."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    root = etree.fromstring(source.read("word/document.xml"))
    name = encode_bookmark_id(after_id)
    (anchor,) = root.iterfind(f".//{_w('bookmarkStart')}[@{_w('name')}='{name}']")
    paragraph = anchor.getparent()
    assert paragraph is not None
    assert paragraph.tag == _w("p")
    marks = {_w("author"): "委員", _w("date"): "2023-08-01T09:00:00Z"}
    inserted = etree.Element(_w("p"))
    properties = etree.SubElement(inserted, _w("pPr"))
    etree.SubElement(properties, _w("pStyle"), {_w("val"): "ListBullet"})
    mark = etree.SubElement(etree.SubElement(properties, _w("rPr")), _w("ins"))
    mark.attrib.update({_w("id"): "9001", **marks})
    wrapper = etree.SubElement(inserted, _w("ins"), {_w("id"): "9002", **marks})
    etree.SubElement(etree.SubElement(wrapper, _w("r")), _w("t")).text = text
    paragraph.addnext(inserted)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, data)
    return out.getvalue()


@pytest.mark.parametrize(("which", "after"), [("features", "f1-i1"), ("aomori", "talent-3")])
def test_tracked_insertion_is_an_addition(tmp_path: Path, which: str, after: str) -> None:
    case = features_case() if which == "features" else aomori_case()
    comparison = case.comparison
    written = tracked_docx(build_handout(comparison, case.opinions, move_origins=True))
    text = "窓口の予約をオンラインで受け付ける。"
    edited = _with_inserted_paragraph(written, after, text)
    result = import_word(edited, old_meeting=2, new_meeting=3)

    added = [
        change
        for change in result.revision.changes
        if getattr(index(result.new).get(change.target), "node", None) is not None
        and getattr(index(result.new)[change.target].node, "text", None) == text
    ]
    assert [change.kind for change in added] == [ChangeKind.ADD]
    node = index(result.new)[added[0].target].node
    assert isinstance(node, Statement)
    assert (node.kind, node.bullet) == ("initiative", True)
    assert added[0].target not in index(result.old)
    if which == "features":  # (the seed is an excerpt: its omitted parts are not written)
        # Everything planrev wrote comes back as it was, ids and KPI rows included.
        _same(comparison.new, _without_node(result.new, added[0].target))

    # The audit of the imported folder finds no kind-mismatch.
    texts = import_texts(result, "edited.docx", opinions=False)
    names = output_names(2, 3, opinions=False)
    for role, content in texts.items():
        (tmp_path / names[role]).write_text(content, encoding="utf-8")
    report = audit(load_folder(tmp_path))
    codes = {finding.code for finding in report.findings}
    assert "kind-mismatch" not in codes
    again = compare(result.old, result.new, result.revision, None)
    assert "kind-mismatch" not in {finding.code for finding in again.findings}


def _without_node(plan: Plan, node_id: str) -> Plan:
    return remove_node(plan, node_id)[0]


def test_a_kpi_row_moved_to_another_table_keeps_its_id() -> None:
    def plan(meeting: int, first: tuple[Any, ...], second: tuple[Any, ...]) -> Plan:
        return b.plan(
            "テスト計画",
            b.pillar(
                "p1",
                "柱",
                b.field(
                    "f1",
                    "分野",
                    b.section("s1", "一つ目", b.kpi("s1-kpi", *first)),
                    b.section("s2", "二つ目", b.kpi("s2-kpi", *second)),
                ),
            ),
            meeting=meeting,
        )

    moving = b.kpi_row("k-move", "移る指標", baseline="1", target="2")
    staying = b.kpi_row("k-stay", "残る指標", baseline="3", target="4")
    other = b.kpi_row("k-other", "別の指標", baseline="5", target="6")
    old = plan(1, (moving, staying), (other,))
    new = plan(2, (staying,), (other, moving))
    comparison = compare(old, new, None, None)
    assert any(change.move is not None for change in comparison.changes)
    case = Case("kpi-move", comparison, None)
    check_tracked(case)
    check_clean(case)
