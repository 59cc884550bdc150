"""The real statute versions in tests/realdata and the measures of planrev.testing.measure."""

from __future__ import annotations

import itertools
from functools import cache
from pathlib import Path

import pytest

from planrev.comparison import Change, Comparison, compare, redline
from planrev.importers import import_plain
from planrev.model import ChangeKind, Field, Pillar, Plan, PlanMeta, Section, Statement
from planrev.testing.measure import (
    boundaries_inside_words,
    document_text,
    marked_characters,
    measure,
    minimum_marked,
    similar_pairs_shown_apart,
    similarity,
)

LAWS = Path(__file__).parent / "realdata" / "laws"


@cache
def _version(law: str, date_and_law: str) -> Plan:
    path = LAWS / law / f"{law}_{date_and_law}.txt"
    return import_plain(path.read_text(encoding="utf-8"), path=path).plan


def test_the_statutes_are_in_the_repository() -> None:
    versions = {folder.name: len(list(folder.glob("*.txt"))) for folder in LAWS.iterdir()}
    assert versions == {"405AC0000000047": 14, "334AC0000000125": 21}
    readme = (LAWS.parent / "README.md").read_text(encoding="utf-8")
    assert "著作権法第十三条" in readme
    assert "e-Gov" in readme


# Pairs whose edits are all in place: what the comparison marks is near the character minimum.
IN_PLACE = [
    ("405AC0000000047", "20200401_429AC0000000045", "20220525_504AC0000000048"),
    ("334AC0000000125", "20240313_505AC0000000051", "20250616_504AC0000000068"),
]


@pytest.mark.parametrize(("law", "old", "new"), IN_PLACE)
def test_edits_in_place_mark_near_the_minimum(law: str, old: str, new: str) -> None:
    comparison = compare(_version(law, old), _version(law, new))
    figures = measure(comparison, words=list)
    assert figures.minimum > 0
    assert figures.ratio <= 1.3
    assert figures.similar_apart == ()
    assert figures.boundaries > 0
    assert figures.inside_words == 0  # every character is a word of list(): nothing inside


def test_terms_in_a_statute_change_as_whole_numbers() -> None:
    # 意匠法, 2020-04-01: the term of a design right went from twenty to twenty-five years.
    law = "334AC0000000125"
    comparison = compare(
        _version(law, "20200101_430AC0000000033"), _version(law, "20200401_501AC0000000003")
    )
    shown = [redline(diff.spans) for change in comparison.changes for diff in change.diffs]
    assert any("[-第二十年-]{+第二十五年+}" in text for text in shown)
    assert not any("二十{+五+}" in text for text in shown)


def test_similar_paragraphs_shown_apart_are_whole_deletions_and_additions() -> None:
    law = "334AC0000000125"
    comparison = compare(
        _version(law, "20200401_501AC0000000003"), _version(law, "20201001_501AC0000000003")
    )
    deleted = {c.old_id for c in comparison.changes if c.kind is ChangeKind.DELETE}
    added = {c.new_id for c in comparison.changes if c.kind is ChangeKind.ADD}
    for pair in similar_pairs_shown_apart(comparison):
        assert pair.similarity >= 0.9
        assert pair.old_id in deleted
        assert pair.new_id in added


# Pairs where a few articles were edited inside long text (and 405AC…47 2016, where chapters
# were renumbered and articles moved): every paragraph on both sides that is ≥ 90% similar is
# one change, never a whole deletion plus a whole addition.
REWORDED = [
    ("334AC0000000125", "20160401_426AC0000000069", "20160401_427AC0000000055"),
    ("334AC0000000125", "20160401_427AC0000000055", "20170530_428AC0000000051"),
    ("405AC0000000047", "20150801_000000000000000", "20160101_427AC0000000054"),
]


@pytest.mark.parametrize(("law", "old", "new"), REWORDED)
def test_similar_paragraphs_are_never_shown_apart(law: str, old: str, new: str) -> None:
    comparison = compare(_version(law, old), _version(law, new))
    assert similar_pairs_shown_apart(comparison) == []
    assert any(change.kind is ChangeKind.MODIFY for change in comparison.changes)


def test_every_pair_marks_at_most_1_3_times_the_minimum_and_keeps_similar_paragraphs() -> None:
    # Issue 14: on every consecutive pair of versions, the characters marked are at most 1.3x
    # the character-level minimum, and no paragraph ≥ 90% similar to one on the other side is
    # shown as a whole deletion plus a whole addition.
    figures = {}
    for folder in sorted(LAWS.iterdir()):
        versions = [path.stem.removeprefix(f"{folder.name}_") for path in folder.glob("*.txt")]
        for old, new in itertools.pairwise(sorted(versions)):
            comparison = compare(_version(folder.name, old), _version(folder.name, new))
            measured = measure(comparison, words=list)
            figures[f"{folder.name} {old}→{new}"] = (measured.ratio, len(measured.similar_apart))
    assert len(figures) == 33
    assert {pair: ratio for pair, (ratio, _) in figures.items() if ratio > 1.3} == {}
    assert {pair: apart for pair, (_, apart) in figures.items() if apart} == {}


def test_an_article_that_loses_its_branch_number_marks_the_branch() -> None:
    # 意匠法, 2020-10-01: 第百五条の六 became 第百五条 in 第四十一条 (80 characters marked against
    # a minimum of 46 when article numbers with a branch were one word).
    law = "334AC0000000125"
    comparison = compare(
        _version(law, "20200401_501AC0000000003"), _version(law, "20201001_501AC0000000003")
    )
    shown = [redline(diff.spans) for change in comparison.changes for diff in change.diffs]
    assert any("第百四条の二から第百五条[-の六-]まで" in text for text in shown)
    assert measure(comparison, words=list).ratio <= 1.3


# --- the measures on drafts made by hand ------------------------------------------------------


def _plan(*texts: tuple[str, str]) -> Plan:
    """Return a plan of one section holding statements (id, text)."""
    blocks = tuple(Statement(kind="text", id=node_id, text=text) for node_id, text in texts)
    section = Section(id="s1", title="施策", blocks=blocks)
    field = Field(id="f1", title="分野", sections=(section,))
    return Plan(
        meta=PlanMeta(title="計画"), pillars=(Pillar(id="p1", title="柱", fields=(field,)),)
    )


def _whole(kind: ChangeKind, plan: Plan, node_id: str) -> Change:
    node = plan.pillars[0].fields[0].sections[0].blocks[0]
    added = kind is ChangeKind.ADD
    return Change(
        id=node_id,
        kind=kind,
        node_type="statement",
        old_id=None if added else node_id,
        new_id=node_id if added else None,
        old_node=None if added else node,
        new_node=node if added else None,
    )


SENTENCE = (
    "デジタル技術を活用し、県民の利便性の向上を図るとともに、行政手続のオンライン化を推進する。"
)


def test_a_paragraph_deleted_and_added_nearly_alike_is_counted() -> None:
    old = _plan(("a", SENTENCE))
    new = _plan(("b", SENTENCE.replace("県民", "住民")))
    comparison = Comparison(
        old, new, (_whole(ChangeKind.DELETE, old, "a"), _whole(ChangeKind.ADD, new, "b"))
    )
    (pair,) = similar_pairs_shown_apart(comparison)
    assert (pair.old_id, pair.new_id) == ("a", "b")
    assert pair.similarity == pytest.approx(similarity(SENTENCE, SENTENCE.replace("県民", "住民")))
    assert marked_characters(comparison) == 2 * len(SENTENCE)
    assert minimum_marked(old, new) == 2  # 県 → 住
    rewritten = _plan(("b", "地域の実情に応じて防災情報の発信を強化する。"))
    apart = Comparison(
        old,
        rewritten,
        (_whole(ChangeKind.DELETE, old, "a"), _whole(ChangeKind.ADD, rewritten, "b")),
    )
    assert similar_pairs_shown_apart(apart) == []


def test_marked_characters_of_a_paired_statement_are_its_changed_spans() -> None:
    old = _plan(("a", "県民の参加を促進する。"))
    new = _plan(("a", "住民の参画を促進する。"))
    comparison = compare(old, new)
    assert marked_characters(comparison) == 10  # [-県民の参加-]{+住民の参画+}
    assert minimum_marked(old, new) == 4
    assert document_text(old).endswith("県民の参加を促進する。")


def test_boundaries_inside_words_follow_the_given_tokenizer() -> None:
    comparison = compare(
        _plan(("a", "県民の参加を促進する。")), _plan(("a", "住民の参加を促進する。"))
    )
    assert boundaries_inside_words(comparison, list) == (0, 4)
    assert boundaries_inside_words(comparison, lambda text: [text]) == (
        2,
        4,
    )  # one word: 県民 starts at 0
    with pytest.raises(ValueError, match="join back"):
        boundaries_inside_words(comparison, lambda text: ["x"])


def test_a_statement_moved_into_an_added_section_is_not_counted_with_it() -> None:
    moved = SENTENCE
    old = _plan(("a", moved), ("b", "地域の実情に応じて防災情報の発信を強化する。"))
    section = Section(
        id="s2",
        title="新しい施策",
        blocks=(
            Statement(kind="text", id="x-a", text=moved),
            Statement(kind="text", id="c", text="新設"),
        ),
    )
    kept = (
        old.pillars[0]
        .fields[0]
        .sections[0]
        .model_copy(update={"blocks": (old.pillars[0].fields[0].sections[0].blocks[1],)})
    )
    field = Field(id="f1", title="分野", sections=(kept, section))
    new = old.model_copy(update={"pillars": (Pillar(id="p1", title="柱", fields=(field,)),)})
    comparison = compare(old, new)
    assert {(c.kind, c.old_id, c.new_id) for c in comparison.changes} == {
        (ChangeKind.ADD, None, "s2"),
        (ChangeKind.MOVE, "a", "x-a"),
    }
    assert marked_characters(comparison) == len("新しい施策") + len("新設")
    assert similar_pairs_shown_apart(comparison) == []
