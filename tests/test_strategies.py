"""The strategies generate what the properties rely on (a property over too tame data proves
little): every block kind, unknown texts, 再掲, blank KPI cells, hostile text and comments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import Phase, find, settings
from hypothesis import strategies as st

from planrev.model import KpiTable, Plan, Section, Statement, walk
from planrev.storage.documents import dump_document, loads_document
from tests.strategies import histories, japanese_text, plans, with_comments, with_quirks

SEARCH = settings(max_examples=2000, phases=(Phase.generate,), database=None, deadline=None)


def exists(strategy: st.SearchStrategy[Any], condition: Callable[[Any], bool]) -> Any:
    return find(strategy, condition, settings=SEARCH)


def nodes(draft: Plan) -> list[Any]:
    return [item.node for item in walk(draft)]


@pytest.mark.parametrize(
    "condition",
    [
        lambda draft: (
            {"vision", "initiative", "challenge", "direction", "text", "kpi", "note", "footnote"}
            <= {getattr(node, "kind", None) for node in nodes(draft)}
        ),
        lambda draft: any(isinstance(n, Statement) and n.text is None for n in nodes(draft)),
        lambda draft: any(isinstance(n, Statement) and n.text == "" for n in nodes(draft)),
        lambda draft: any(
            isinstance(n, Statement) and n.repost is not None and n.repost.of for n in nodes(draft)
        ),
        lambda draft: any(
            isinstance(n, Statement) and n.repost is not None and n.repost.of is None
            for n in nodes(draft)
        ),
        lambda draft: any(
            isinstance(n, KpiTable) and any(row.baseline is None for row in n.rows)
            for n in nodes(draft)
        ),
        lambda draft: any(isinstance(n, Section) and n.sections for n in nodes(draft)),
        lambda draft: draft.meta.date is not None,
    ],
    ids=[
        "all-kinds",
        "unknown-text",
        "empty-text",
        "repost-of",
        "repost-source",
        "blank-cell",
        "nested",
        "date",
    ],
)
def test_plans_cover_the_model(condition: Callable[[Plan], bool]) -> None:
    exists(plans(), condition)


@pytest.mark.parametrize(
    "condition",
    [
        lambda text: "\n" in text and "\u3000" in text,
        lambda text: "\t" in text,
        lambda text: any(char in text for char in "①②③⑩⑳㈱髙"),
        lambda text: "年度" in text or "万円" in text or "%" in text,
        lambda text: any(ord(char) > 0xFFFF for char in text),
        lambda text: any(char in text for char in "\x85\u2028\u2029\r"),
        lambda text: text.startswith((" ", "-", "#", "'", '"', "|")),
    ],
    ids=[
        "newline-and-ideographic-space",
        "tab",
        "circled-and-rare-kanji",
        "units",
        "astral",
        "unicode-breaks",
        "yaml-hostile-start",
    ],
)
def test_japanese_text_covers_the_hard_cases(condition: Callable[[str], bool]) -> None:
    exists(japanese_text(), condition)


def test_histories_link_changes_to_opinions_and_spans() -> None:
    exists(
        histories(),
        lambda history: (
            any(change.opinions for change in history.revision.changes)
            and any(change.span is not None for change in history.revision.changes)
        ),
    )


def test_comments_and_quirks_are_injected_and_harmless() -> None:
    @st.composite
    def commented(draw: st.DrawFn) -> tuple[Plan, str]:
        draft = draw(plans())
        return draft, draw(with_quirks(draw(with_comments(dump_document(draft)))))

    def has_both(pair: tuple[Plan, str]) -> bool:
        draft, text = pair
        lines = text.split("\n")
        full_line = any(line.lstrip().startswith("#") for line in lines[1:])
        end_of_line = any(" # " in line and not line.lstrip().startswith("#") for line in lines)
        padded = any(line.endswith(" ") for line in lines)
        return full_line and end_of_line and padded and loads_document(text) == draft

    exists(commented(), has_both)
