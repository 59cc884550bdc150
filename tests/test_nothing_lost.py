"""Nothing lost, over 1,000 generated revisions: every output projects back to both drafts.

Each of the 1,000 cases is a small synthetic plan and a revision of it (reworded, added, deleted,
moved, renamed and re-keyed statements, KPI cells); to keep CI within its time, 25 cases at a time
are combined into one plan (each case is a pillar of its own, ids prefixed), so every format is
rendered and read back 40 times and every case is checked in every format:

- the comparison applied to the old draft gives the new draft exactly;
- the HTML and Markdown redlines, read line by line, give each statement's new text without the
  deleted passages and its old text without the inserted ones;
- the 新旧対照表 gives the new text in its new column and the old text in its old column;
- the Word redline, read by pandoc with ``--track-changes=accept`` and ``reject``, gives the new
  and the old draft (pandoc is an independent reader; skipped without it, failed in CI);
- every draft written to YAML reads back equal, and writing it again gives the same bytes;
- a statement edited through the API (one per case) changes only that statement's lines.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import pytest

from planrev.comparison import Comparison, Op, compare
from planrev.comparison.apply import apply
from planrev.model import ChangeKind, ChangeRecord, OpinionSet, Plan, PlanMeta, Revision
from planrev.render.html import handout_html
from planrev.storage.documents import Document, dump_document, loads_document
from planrev.testing.synthetic import make_plan, revise
from planrev.views import build_comparison_table, build_handout
from tests.docx_support import Case
from tests.render_support import expected_texts, html_projections
from tests.test_docx_pandoc import _assert_projections
from tests.test_render_markdown import _check_markdown_projections
from tests.tools import require_tool

CASES = 1000
PER_BATCH = 25
BATCHES = CASES // PER_BATCH


@cache
def batch(number: int) -> tuple[Comparison, OpinionSet]:
    """Return 25 generated revisions combined into one comparison."""
    olds, news = [], []
    records: list[ChangeRecord] = []
    opinions = []
    for offset in range(PER_BATCH):
        case = number * PER_BATCH + offset
        rng = random.Random(case)
        prefix = f"c{case}-"
        old = make_plan(rng, rng.randint(1, 4), prefix=prefix)
        revised = revise(rng, old, rate=rng.choice((0.1, 0.3, 0.6)), prefix=prefix)
        olds.extend(old.pillars)
        news.extend(revised.plan.pillars)
        records.extend(revised.record.changes)
        opinions.extend(revised.opinions.opinions)
    meta = PlanMeta(title="生成した計画", meeting=1)
    old_plan = Plan(meta=meta, pillars=tuple(olds))
    new_plan = Plan(meta=meta.model_copy(update={"meeting": 2}), pillars=tuple(news))
    record = Revision(old=1, new=2, changes=tuple(records))
    opinion_set = OpinionSet(meeting=2, opinions=tuple(opinions))
    return compare(old_plan, new_plan, record, opinion_set), opinion_set


BATCH_NUMBERS = list(range(BATCHES))


@pytest.mark.parametrize("number", BATCH_NUMBERS)
def test_apply_and_redlines_project_back(number: int) -> None:
    comparison, opinions = batch(number)
    assert apply(comparison.old, comparison) == comparison.new
    # HTML redline.
    html = handout_html(build_handout(comparison, opinions))
    checked = 0
    for node, classes, new, old in html_projections(html):
        if "statement" not in classes:
            continue
        expected_new, expected_old = expected_texts(comparison, node)
        assert new == expected_new, node
        if expected_old is not None:
            assert old == expected_old, node
        checked += 1
    assert checked > 0
    # Markdown redline.
    assert _check_markdown_projections(comparison, opinions) > 0
    # 新旧対照表: the new column reads as the new text, the old column as the old text.
    # (Besides one row per change, a moved node has a row where it stood: its old text, and
    # where it went as a note; the text of a split or a merge is its pieces' joined.)
    table = build_comparison_table(comparison, opinions)
    rows = [row for row in table.rows if not row.change.endswith("~from")]
    for row, change in zip(rows, comparison.changes, strict=True):
        if change.prior_unknown or change.node_type != "statement":
            continue
        new_text = "".join(p.text for p in row.new if p.kind == "text")
        old_text = "".join(p.text for p in row.old if p.kind == "text")
        new_nodes = (
            change.new_node,
            *(change.part_nodes if change.kind is ChangeKind.SPLIT else ()),
        )
        old_nodes = (
            change.old_node,
            *(change.part_nodes if change.kind is ChangeKind.MERGE else ()),
        )
        if change.new_id is not None:
            assert new_text == "".join(getattr(n, "text", "") for n in new_nodes), change.id
        if change.old_id is not None:
            assert old_text == "".join(getattr(n, "text", "") for n in old_nodes), change.id
        assert all(p.op is not Op.DELETE for p in row.new)
        assert all(p.op is not Op.INSERT for p in row.old)


@pytest.mark.parametrize("number", BATCH_NUMBERS)
def test_yaml_round_trips_are_byte_identical(number: int) -> None:
    comparison, opinions = batch(number)
    for model in (comparison.old, comparison.new, opinions):
        text = dump_document(model)
        assert loads_document(text) == model
        assert Document(model, text, None).dumps() == text


@pytest.mark.tools
@pytest.mark.parametrize("number", BATCH_NUMBERS)
def test_word_redline_projects_back_through_pandoc(number: int, tmp_path: Path) -> None:
    pandoc = require_tool("pandoc")
    comparison, opinions = batch(number)
    _assert_projections(pandoc, Case(f"batch-{number}", comparison, opinions), tmp_path)


@pytest.mark.parametrize("number", BATCH_NUMBERS)
def test_an_api_edit_changes_only_its_lines(number: int) -> None:
    """One statement edited through the API in each of the 1,000 cases: only its lines change.

    The 25 edits of a batch are saved together (one round-trip parse per batch); every changed
    line must lie within one of the edited statements.
    """
    from planrev.model import Statement, walk
    from tests.edits import with_text
    from tests.test_storage import Items, changed_lines

    comparison, _opinions = batch(number)
    draft = comparison.new
    text = dump_document(draft)
    items = Items(text)
    rng = random.Random(number)
    located = list(walk(draft))
    edited_model = draft
    spans = []
    for pillar in draft.pillars:
        statements = [
            loc
            for loc in located
            if isinstance(loc.node, Statement) and loc.parents and loc.parents[0].id == pillar.id
        ]
        target = rng.choice(statements)
        edited_model = with_text(edited_model, target.id, f"編集した{rng.randint(1, 99)}の文言。")
        spans.append(items.span(target.path))
    document = Document(draft, text, None)
    document.model = edited_model
    edited = document.dumps()
    assert loads_document(edited) == edited_model
    changed = changed_lines(text, edited)
    assert changed
    for first, last in changed:
        assert any(start <= first and last <= end for start, end in spans), (first, last)
