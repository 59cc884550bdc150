"""The R5.7.26 example data against the handout it was copied from, character for character.

The seed text (``drafts/aomori-dx/source/R5.7.26-handout-excerpt.txt``) is the PDF excerpt as
converted to text. A small reader below classifies every line of it; only the conversion's
artefacts are stripped (bullets ``- ・``/``- ``/``・ ``, heading ``#``s, the markers 【…】, the
strike-through ``~~`` and the trailing ``（再掲）※…`` note). Every line must be understood, so
nothing in the seed can be silently skipped, and every text must be found in the data exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

import pytest

from planrev.model import (
    ChangeKind,
    ChangeRecord,
    Field,
    KpiTable,
    Note,
    Pillar,
    Plan,
    Section,
    Statement,
    find,
    walk,
)
from planrev.presentation import header_lines
from planrev.storage.folder import DraftFolder, load_folder
from tests.conftest import AOMORI, SEED

MARKER = re.compile(r"【((?:追加|修正|削除)[①-⑳]?)】")
LABEL = re.compile(r"^(?:追加|修正|削除)[①-⑳]?$")
REPOST_NOTE = re.compile(r"（再掲）※(?P<reason>.+)$")
KPI_HEADER = re.compile(r"^(?P<title>KPI)\t(?P<baseline>\d{4})\t(?P<target>\d{4})$")
SEPARATOR = re.compile(r"^-{3,}\t-{3,}$")
OPINION_TABLE = "★意見(事務局が聞き取りしたもの)"
BULLETS = ("- ・", "・", "- ")


@dataclass
class SeedStatement:
    """A statement as the seed shows it, with its markers taken out."""

    text: str
    bullet: bool
    line: int
    markers: list[tuple[str, int]] = field(default_factory=list)
    """Each marker's label and where it stood in the text (characters from the start)."""
    reposted: bool = False
    reason: str | None = None
    struck: bool = False


@dataclass
class SeedOpinion:
    """A row of an opinion table: the opinion and the label of the edit it caused ("" if none)."""

    text: str
    label: str | None
    line: int


@dataclass
class Seed:
    """Everything the seed says, in order."""

    headers: list[tuple[str, str]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    statements: list[SeedStatement] = field(default_factory=list)
    kpi_headers: list[tuple[str, int, int]] = field(default_factory=list)
    opinion_tables: int = 0
    opinions: list[SeedOpinion] = field(default_factory=list)


def _statement(body: str, *, bullet: bool, line: int) -> SeedStatement:
    reason = None
    reposted = False
    note = REPOST_NOTE.search(body)
    if note is not None:
        reposted = True
        reason = note["reason"]
        body = body[: note.start()]
    struck = "~~" in body
    body = body.replace("~~", "")
    markers = []
    while (match := MARKER.search(body)) is not None:
        markers.append((match[1], match.start()))
        body = body[: match.start()] + body[match.end() :]
    return SeedStatement(body, bullet, line, markers, reposted, reason, struck)


def read_seed(text: str) -> Seed:
    """Classify every line of the seed; fail on a line that is none of the known kinds."""
    seed = Seed()
    lines = [line.rstrip() for line in text.split("\n")]  # "  " ends a Markdown line
    mode: Literal["text", "opinions"] = "text"
    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        if not line:
            continue
        if line.startswith("R5.7.26第3回") and lines[number].startswith("会議資料「"):
            seed.headers.append((line, lines[number]))
            number += 1
            mode = "text"
            continue
        heading = line.lstrip("#").strip() if line.startswith("#") else None
        if (heading or line) == OPINION_TABLE:
            seed.opinion_tables += 1
            mode = "opinions"
            continue
        if match := KPI_HEADER.match(line):
            seed.kpi_headers.append((match["title"], int(match["baseline"]), int(match["target"])))
            continue
        if SEPARATOR.match(line):
            continue  # a table rule drawn by the conversion
        if line.startswith("【") and not line.endswith("】"):
            # An editorial note broken over lines by the conversion: 【体系図 / を追加】.
            parts = [line]
            while not parts[-1].endswith("】"):
                parts.append(lines[number])
                number += 1
            seed.notes.append("".join(parts)[1:-1])
            continue
        if heading is not None:
            seed.titles.append(heading)
            mode = "text"
            continue
        if line.startswith(BULLETS):
            prefix = next(bullet for bullet in BULLETS if line.startswith(bullet))
            body = line[len(prefix) :].removeprefix(" ")
            seed.statements.append(_statement(body, bullet=True, line=number))
            mode = "text"
            continue
        if mode == "opinions":
            if LABEL.match(line):
                assert seed.opinions[-1].label is None, f"line {number}: a second label"
                seed.opinions[-1].label = line
            elif "\t" in line:
                opinion, label = line.split("\t", 1)
                seed.opinions.append(SeedOpinion(opinion, label, number))
            else:
                seed.opinions.append(SeedOpinion(line, None, number))
            continue
        if len(line) <= 20 and not line.endswith("。"):
            seed.titles.append(line)  # a title in the structure diagram
        else:
            seed.statements.append(_statement(line, bullet=False, line=number))
    return seed


@pytest.fixture(scope="module")
def seed() -> Seed:
    return read_seed(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def folder() -> DraftFolder:
    return load_folder(AOMORI)


@pytest.fixture(scope="module")
def draft(folder: DraftFolder) -> Plan:
    return folder.draft(3)


@pytest.fixture(scope="module")
def old_draft(folder: DraftFolder) -> Plan:
    return folder.draft(2)


def statements(plan: Plan) -> list[Statement]:
    return [item.node for item in walk(plan) if isinstance(item.node, Statement)]


def changes(folder: DraftFolder) -> tuple[ChangeRecord, ...]:
    return folder.revisions[0].model.changes


# --------------------------------------------------------------------------------------------
# The reader itself


def test_the_reader_finds_what_the_handout_holds(seed: Seed) -> None:
    assert len(seed.headers) == 3
    assert seed.notes == ["体系図を追加"]
    assert len(seed.statements) == 24  # 23 in the draft, and the struck one
    assert len(seed.kpi_headers) == 3
    assert seed.opinion_tables == 4
    assert len(seed.opinions) == 6


def test_the_reader_rejects_what_it_does_not_understand() -> None:
    with pytest.raises(AssertionError, match="a second label"):
        read_seed(f"{OPINION_TABLE}\n意見\t追加\n修正\n")


# --------------------------------------------------------------------------------------------
# Structure


def test_every_title_is_in_the_data_and_in_the_same_order(seed: Seed, draft: Plan) -> None:
    data_titles = [
        item.node.title for item in walk(draft) if isinstance(item.node, Pillar | Field | Section)
    ]
    for title in seed.titles:
        assert title in data_titles, f"title {title!r} of the seed is not in the data"
    for title in data_titles:
        assert title in seed.titles, f"title {title!r} of the data is not in the seed"
    # The structure diagram on the first page lists the whole tree in order.
    diagram = seed.titles[: seed.titles.index("デジタル基盤の整備") + 1]
    assert diagram == data_titles


def test_the_editorial_note_is_data_not_plan_text(seed: Seed, draft: Plan) -> None:
    notes = [item.node.text for item in walk(draft) if isinstance(item.node, Note)]
    assert notes == seed.notes
    assert all(statement.text != "体系図を追加" for statement in statements(draft))


def test_kpi_tables_have_the_seed_headers_and_blank_values(seed: Seed, draft: Plan) -> None:
    tables = [item.node for item in walk(draft) if isinstance(item.node, KpiTable)]
    assert [(table.title, table.baseline_year, table.target_year) for table in tables] == (
        seed.kpi_headers
    )
    assert all(table.rows == () for table in tables)


def test_the_header_lines_are_built_as_the_seed_prints_them(seed: Seed, draft: Plan) -> None:
    assert set(seed.headers) == {header_lines(draft.meta)}
    assert header_lines(draft.meta) == (
        "R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会",
        "会議資料「(仮称)青森県DX推進プラン素案(案)」(抜粋)",
    )


# --------------------------------------------------------------------------------------------
# Statements


def test_every_statement_of_the_seed_is_in_the_data(
    seed: Seed, draft: Plan, old_draft: Plan
) -> None:
    current = {statement.text: statement for statement in statements(draft)}
    before = {statement.text: statement for statement in statements(old_draft)}
    for shown in seed.statements:
        deleted = any(label.startswith("削除") for label, _ in shown.markers)
        found = (before if deleted else current).get(shown.text)
        assert found is not None, f"seed line {shown.line}: {shown.text!r} is not in the data"
        assert found.bullet == shown.bullet, f"seed line {shown.line}: bullet differs"
        if deleted:
            assert shown.text not in current


def test_every_statement_of_the_data_is_in_the_seed(
    seed: Seed, draft: Plan, old_draft: Plan
) -> None:
    shown = {statement.text for statement in seed.statements}
    for plan in (draft, old_draft):
        for statement in statements(plan):
            if statement.text is not None:
                assert statement.text in shown, f"{statement.id}: {statement.text!r} not in seed"


def test_statements_keep_the_seed_order_within_each_part(seed: Seed, draft: Plan) -> None:
    order = {statement.text: position for position, statement in enumerate(seed.statements)}
    for item in walk(draft):
        node = item.node
        if isinstance(node, Pillar | Field | Section):
            texts = [block.text for block in node.blocks if isinstance(block, Statement)]
            positions = [order[text] for text in texts if text is not None]
            assert positions == sorted(positions), f"{node.id}: statements out of order"


# --------------------------------------------------------------------------------------------
# Edits and opinions


def _change_for_marker(folder: DraftFolder, label: str, text: str) -> ChangeRecord:
    draft_of = {ChangeKind.DELETE: folder.draft(2)}
    found = []
    for change in changes(folder):
        target = find(draft_of.get(change.kind, folder.draft(3)), change.target)
        if (
            change.label == label
            and target is not None
            and getattr(target.node, "text", None) == text
        ):
            found.append(change)
    assert len(found) == 1, f"marker 【{label}】 on {text[:20]}…: {len(found)} changes"
    return found[0]


def test_every_marker_is_a_change_with_that_label_on_that_statement(
    seed: Seed, folder: DraftFolder
) -> None:
    markers = [(shown, label, at) for shown in seed.statements for label, at in shown.markers]
    assert len(markers) == len(changes(folder))
    for shown, label, at in markers:
        change = _change_for_marker(folder, label, shown.text)
        assert change.kind.value == label.rstrip("①②③④⑤⑥⑦⑧⑨⑩")
        if at == 0:
            assert change.span is None, f"【{label}】 covers the whole statement"
        else:
            # A marker inside a sentence: where the insertion starts is known, its end is not.
            assert change.span is not None
            assert change.span.start == at
            assert change.span.end is None


def test_the_cascaded_deletion_has_the_seed_reason_and_no_opinion(
    seed: Seed, folder: DraftFolder
) -> None:
    (struck,) = [shown for shown in seed.statements if shown.reposted]
    assert struck.struck
    change = _change_for_marker(folder, "削除", struck.text)
    assert change.reason == struck.reason == "商工業・サービス業の取組方針の削除に伴い削除"
    assert change.opinions == ()
    target = find(folder.draft(2), change.target)
    assert target is not None
    assert isinstance(target.node, Statement)
    assert target.node.repost is not None
    source = find(folder.draft(2), target.node.repost.source or "")
    assert source is not None
    assert isinstance(source.node, Section)
    assert change.reason.startswith(source.node.title)


def test_every_opinion_is_in_the_data(seed: Seed, folder: DraftFolder) -> None:
    opinions = folder.opinions_for(3)
    assert opinions is not None
    assert sorted(opinion.text for opinion in opinions.opinions) == sorted(
        opinion.text for opinion in seed.opinions
    )


def test_opinions_follow_the_order_of_the_fields_they_belong_to(folder: DraftFolder) -> None:
    # The excerpt's pages show the 誰でも安全・安心 field before データの利活用, unlike its own
    # structure diagram (and the data); opinions are listed in the data's field order.
    opinions = folder.opinions_for(3)
    assert opinions is not None
    order = [item.id for item in walk(folder.draft(3))]
    scopes = [order.index(opinion.scope or "") for opinion in opinions.opinions]
    assert scopes == sorted(scopes)


def test_each_opinion_is_linked_to_the_label_the_seed_shows(
    seed: Seed, folder: DraftFolder
) -> None:
    opinions = folder.opinions_for(3)
    assert opinions is not None
    by_text = {opinion.text: opinion for opinion in opinions.opinions}
    for shown in seed.opinions:
        opinion = by_text[shown.text]
        caused = [change.label for change in changes(folder) if opinion.id in change.opinions]
        if shown.label:
            assert caused == [shown.label], f"seed line {shown.line}"
        else:
            assert caused == [], f"seed line {shown.line}: a blank label means no change"


def test_the_opinion_with_no_label_changed_nothing_and_awaits_a_disposition(
    seed: Seed, folder: DraftFolder
) -> None:
    (unlabelled,) = [shown for shown in seed.opinions if not shown.label]
    assert unlabelled.text == "使えない人への対応、使いなれたインターフェースできるような対応・工夫"
    opinions = folder.opinions_for(3)
    assert opinions is not None
    (opinion,) = [opinion for opinion in opinions.opinions if opinion.text == unlabelled.text]
    assert opinion.disposition.value == "未定"


def test_opinions_are_scoped_to_the_field_of_their_table(folder: DraftFolder) -> None:
    opinions = folder.opinions_for(3)
    assert opinions is not None
    draft = folder.draft(3)
    for change in changes(folder):
        if change.kind is ChangeKind.DELETE:
            continue
        target = find(draft, change.target)
        assert target is not None
        for opinion_id in change.opinions:
            (opinion,) = [o for o in opinions.opinions if o.id == opinion_id]
            assert opinion.scope in {parent.id for parent in target.parents}


def test_circled_numbers_only_where_a_field_has_two_edits_of_a_kind(folder: DraftFolder) -> None:
    draft, old = folder.draft(3), folder.draft(2)
    per_scope: dict[tuple[str, ChangeKind], list[str]] = {}
    for change in changes(folder):
        located = find(old if change.kind is ChangeKind.DELETE else draft, change.target)
        assert located is not None
        field_node = next(parent for parent in located.parents if isinstance(parent, Field))
        per_scope.setdefault((field_node.id, change.kind), []).append(change.label or "")
    for (_, kind), labels in per_scope.items():
        if len(labels) == 1:
            assert labels == [kind.value]
        else:
            assert labels == [f"{kind.value}{'①②③④⑤⑥⑦⑧⑨⑩'[n]}" for n in range(len(labels))]


# --------------------------------------------------------------------------------------------
# The derived draft before the edits


def test_the_old_draft_has_insertions_removed_and_deletions_restored(
    folder: DraftFolder,
) -> None:
    new, old = folder.draft(3), folder.draft(2)
    new_ids = {item.id for item in walk(new)}
    old_ids = {item.id for item in walk(old)}
    for change in changes(folder):
        if change.kind is ChangeKind.DELETE:
            assert change.target in old_ids
            assert change.target not in new_ids
        elif change.kind is ChangeKind.ADD and change.span is None:
            assert change.target not in old_ids, f"{change.target} was added whole"
        else:
            # A 修正, or an insertion inside a sentence whose end the seed does not show:
            # the text before is unknown, and the data says so instead of guessing.
            located = find(old, change.target)
            assert located is not None
            assert isinstance(located.node, Statement)
            assert located.node.text is None


def test_everything_not_edited_is_the_same_in_both_drafts(folder: DraftFolder) -> None:
    new, old = folder.draft(3), folder.draft(2)
    edited = {change.target for change in changes(folder)}
    # Editorial notes are the secretariat's to-dos, not plan text: whether the old draft had
    # 【体系図を追加】 too is not something the seed shows.
    old_nodes = {item.id: item.node for item in walk(old) if not isinstance(item.node, Note)}
    new_nodes = {item.id: item.node for item in walk(new) if not isinstance(item.node, Note)}
    for node_id, node in new_nodes.items():
        if isinstance(node, Statement | KpiTable) and node_id not in edited:
            assert old_nodes[node_id] == node
    # Only the edits' targets are in one draft and not the other; the rest keeps its order.
    assert set(old_nodes) ^ set(new_nodes) <= edited
    assert [i for i in old_nodes if i not in edited] == [i for i in new_nodes if i not in edited]
