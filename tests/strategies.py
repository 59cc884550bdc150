"""Hypothesis strategies for planrev: Japanese text, ids, whole drafts, opinions and revisions.

Reused by the tests of every layer. Sizes are small by default so that a property runs hundreds of
examples in a second or two; pass larger limits where a test needs them.

- :func:`japanese_text` — text as secretariats write it (kanji, kana, full-width punctuation,
  circled numbers, ㈱, 髙, numbers with units, full-width spaces, newlines, tabs) mixed with
  YAML-hostile snippets and rare characters (control characters, emoji, variation selectors);
- :func:`node_ids` — valid ids, including those YAML would read as numbers, booleans or dates;
- :func:`plans` — whole drafts with every block kind, unique ids and 再掲 that point at real
  statements; :func:`plan_data` gives the same as plain data;
- :func:`opinion_sets` and :func:`revisions` — opinions scoped to a draft's nodes and revision
  records consistent with two drafts; :func:`histories` draws all four together;
- :func:`with_comments` — a dumped YAML file with comments (and blank lines) injected where YAML
  allows them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from planrev.model import (
    ChangeKind,
    Channel,
    Disposition,
    OpinionSet,
    Plan,
    Revision,
    Statement,
    walk,
)
from planrev.model.base import ID_PATTERN, YEAR_RANGE
from planrev.model.plan import Field, Pillar, Section
from planrev.storage.yaml import parse_roundtrip

__all__ = [
    "COMMENT_LINE_BREAKS",
    "History",
    "comment_text",
    "histories",
    "japanese_text",
    "node_ids",
    "opinion_sets",
    "plan_data",
    "plans",
    "revisions",
    "single_line_text",
    "with_comments",
    "with_quirks",
]

# --------------------------------------------------------------------------------------------
# Text

KANJI = "計画素案意見事務局県民行政経営分野施策取組推進支援育成整備情報基盤人材活用生産性効率化利便性向上地域全体自治体髙﨑𠮷"
KANA = (
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんっゃゅょ"
    "アイウエオカキクケコサシスセソタチツテトナニヌネノデジタルーヴ"
)
PUNCTUATION = "、。「」（）・：！？『』【】〜…\uff1b"  # \uff1b: full-width semicolon
SYMBOLS = "①②③⑩⑳㈱㍻㎡№※〒〇"
ASCII = "abcXYZ()-.,:;#&*!|>'\"%@`?[]{}~"
DIGITS = "0123456789" + "".join(chr(0xFF10 + digit) for digit in range(10))  # and full-width
SPACES = " \u3000\t\n"

COMMON = KANJI + KANA + PUNCTUATION + SYMBOLS + ASCII + DIGITS + SPACES
"""Characters a Japanese plan is written in, with the spaces and line breaks it may contain."""

PHRASES = (
    "2027年度",
    "80%",
    "80.50",
    "1,000万円",
    "令和5年度",
    "R5.7.26",
    "(仮称)",
    "（再掲）",
    "※1",
    "約8割",
    "１０件",
    "DX",
    "UIJターン",
    "第3回",
    "【追加①】",
    "・",
    "- ・",
    "㈱髙橋",
)
"""Whole fragments: numbers with units, era dates, the handout's markers."""

YAML_HOSTILE = (
    "yes",
    "no",
    "on",
    "null",
    "Null",
    "~",
    "true",
    "- ",
    "-",
    "#",
    " #",
    "a #b",
    "key: value",
    ": ",
    "|",
    "|-",
    ">",
    "'",
    '"',
    "&a",
    "*a",
    "!tag",
    "%YAML",
    "@",
    "`",
    "? ",
    "[x]",
    "{x}",
    "2023-07-26",
    "1e3",
    "0x10",
    "010",
    "1_000",
    ".inf",
    "---",
    "...",
    "<<",
    "\\",
    "\\n",
)
"""Texts that YAML reads as something else unless they are quoted."""

COMMENT_LINE_BREAKS = "\n\r\x85\u2028\u2029"
"""Characters that end a YAML comment (ruamel treats NEL, LS and PS as line breaks too)."""


def _rare_character() -> st.SearchStrategy[str]:
    # Any encodable character: control characters, NEL, LS/PS, BOM, emoji, variation selectors.
    return st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(
            [
                *("\r", "\x00", "\x1b", "\x7f", "\x85", "\xa0", "\u2028", "\u2029", "\ufeff"),
                *(
                    "\u200b",
                    "\u200d",
                    "\ufe0f",
                    "\U000e0100",
                    "😀",
                    "👨‍👩‍👧",
                    "\U00020bb7",
                    "\uffff",
                ),
            ]
        ),
    )


def japanese_text(
    *, min_size: int = 0, max_size: int = 6, rare: bool = True
) -> st.SearchStrategy[str]:
    """Return texts made of ``min_size`` to ``max_size`` fragments of Japanese plan text.

    A fragment is a short run of common characters, a whole phrase (2027年度, 1,000万円), a
    YAML-hostile snippet, a space or line break, or (with ``rare``) one rare character.
    """
    fragments = [
        st.text(alphabet=COMMON, min_size=1, max_size=8),
        st.sampled_from(PHRASES),
        st.sampled_from(YAML_HOSTILE),
        st.sampled_from(SPACES),  # spaces and line breaks between runs, not only inside them
    ]
    if rare:
        fragments.append(_rare_character())
    return st.lists(st.one_of(fragments), min_size=min_size, max_size=max_size).map("".join)


def single_line_text(*, min_size: int = 0, max_size: int = 6) -> st.SearchStrategy[str]:
    """Return Japanese texts without any line break (for titles of readable examples)."""
    return japanese_text(min_size=min_size, max_size=max_size).map(
        lambda text: "".join(char for char in text if char not in COMMENT_LINE_BREAKS)
    )


_YAML_PRINTABLE = re.compile(
    r"[\t\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
"""Characters a YAML stream may hold outside quoted scalars, less line breaks and the BOM."""


def comment_text() -> st.SearchStrategy[str]:
    """Return the text of a YAML comment (after ``#``): printable characters, no line break."""
    return japanese_text(max_size=4).map(
        lambda text: "".join(
            char for char in text if _YAML_PRINTABLE.match(char) and char not in COMMENT_LINE_BREAKS
        )
    )


# --------------------------------------------------------------------------------------------
# Ids

TRICKY_IDS = (
    "1",
    "0",
    "123",
    "010",
    "1e3",
    "0x10",
    "1.0",
    "1_000",
    "yes",
    "no",
    "on",
    "null",
    "true",
    "NaN",
    "2023-07-26",
    "12-30",
    "a.b",
    "a-b",
    "a_b",
    "A",
    "x" * 200,
)
"""Valid ids that YAML would read as numbers, booleans, nulls or dates if written unquoted."""

_ID = re.compile(ID_PATTERN)


def node_ids() -> st.SearchStrategy[str]:
    """Return valid ids (see :data:`planrev.model.base.ID_PATTERN`)."""
    return st.one_of(
        st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_.\-]{0,10}\Z"),
        st.sampled_from(TRICKY_IDS),
    )


_NODE_IDS = node_ids()


class _Ids:
    """Hands out ids unique within one drawn document."""

    def __init__(self, draw: Callable[[st.SearchStrategy[Any]], Any]) -> None:
        self._draw = draw
        self.used: set[str] = set()

    def __call__(self) -> str:
        new_id: str = self._draw(_NODE_IDS)
        counter = 0
        while new_id in self.used:  # cheaper than filtering, and still shrinks well
            counter += 1
            new_id = f"{new_id[:150]}.{counter}"
        assert _ID.match(new_id)
        self.used.add(new_id)
        return new_id


# --------------------------------------------------------------------------------------------
# Drafts

DATES = st.one_of(
    st.dates(min_value=dt.date(1873, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.dates(min_value=dt.date(1873, 1, 1), max_value=dt.date(2200, 12, 31)),
)
"""Meeting dates: 1873 (the first date the Japanese era can show) to 2200."""


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


_TEXT = japanese_text()


def _text() -> st.SearchStrategy[str]:
    return _TEXT


@st.composite
def _meta(draw: st.DrawFn, meeting: int | st.SearchStrategy[int | None] | None) -> dict[str, Any]:
    data: dict[str, Any] = {"title": draw(_text())}
    if draw(st.booleans()):
        data["provisional"] = draw(st.booleans())
    if draw(st.booleans()):
        data["stage"] = draw(_text())
    if draw(st.booleans()):
        data["committee"] = draw(_text())
    if isinstance(meeting, st.SearchStrategy):
        data["meeting"] = draw(meeting)
    elif meeting is not None:
        data["meeting"] = meeting
    if draw(st.booleans()):
        data["date"] = draw(_optional(DATES))
    if draw(st.booleans()):
        data["excerpt"] = draw(st.booleans())
    if draw(st.booleans()):
        data["scope_level"] = draw(st.sampled_from(["field", "section"]))
    return data


@st.composite
def _kpi(draw: st.DrawFn, new_id: _Ids, max_rows: int) -> dict[str, Any]:
    table: dict[str, Any] = {"kind": "kpi", "id": new_id()}
    if draw(st.booleans()):
        table["title"] = draw(_text())
    for key in ("baseline_year", "target_year"):
        if draw(st.booleans()):
            table[key] = draw(
                _optional(st.integers(min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1]))
            )
    rows = []
    for _ in range(draw(st.integers(0, max_rows))):
        row: dict[str, Any] = {"id": new_id(), "indicator": draw(_text())}
        for key in ("unit", "baseline", "target"):
            # None is a blank cell; "" is a cell written as an empty text.
            if draw(st.booleans()):
                row[key] = draw(_optional(_text()))
        rows.append(row)
    if rows or draw(st.booleans()):
        table["rows"] = rows
    return table


@st.composite
def _block(draw: st.DrawFn, new_id: _Ids, max_rows: int) -> dict[str, Any]:
    kind = draw(
        st.sampled_from(
            ["vision", "initiative", "challenge", "direction", "text", "kpi", "note", "footnote"]
        )
    )
    if kind == "kpi":
        return draw(_kpi(new_id, max_rows))
    if kind == "note":
        return {"kind": "note", "id": new_id(), "text": draw(_text())}
    if kind == "footnote":
        return {"kind": "footnote", "id": new_id(), "mark": draw(_text()), "text": draw(_text())}
    statement: dict[str, Any] = {"kind": kind, "id": new_id(), "text": draw(_optional(_text()))}
    if draw(st.booleans()):
        statement["bullet"] = draw(st.booleans())
    return statement


@dataclass(frozen=True)
class _Sizes:
    pillars: int
    fields: int
    sections: int
    blocks: int
    rows: int
    depth: int


@st.composite
def _blocks(draw: st.DrawFn, new_id: _Ids, sizes: _Sizes) -> list[dict[str, Any]]:
    return [draw(_block(new_id, sizes.rows)) for _ in range(draw(st.integers(0, sizes.blocks)))]


@st.composite
def _structural(
    draw: st.DrawFn, new_id: _Ids, sizes: _Sizes, children: str | None, depth: int
) -> dict[str, Any]:
    node: dict[str, Any] = {"id": new_id(), "title": draw(_text())}
    if draw(st.integers(0, 4)) == 0:
        node["omitted"] = draw(st.booleans())
    blocks = draw(_blocks(new_id, sizes))
    if blocks or draw(st.booleans()):
        node["blocks"] = blocks
    if children is None:
        return node
    count = {"fields": sizes.fields, "sections": sizes.sections}[children]
    items = []
    for _ in range(draw(st.integers(0, count))):
        if children == "fields":
            items.append(draw(_structural(new_id, sizes, "sections", depth)))
        else:
            nested = "sections" if depth < sizes.depth else None
            items.append(draw(_structural(new_id, sizes, nested, depth + 1)))
    if items or draw(st.booleans()):
        node[children] = items
    return node


def _statements_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the statement dicts of plain plan data, in document order."""
    found: list[dict[str, Any]] = []

    def visit(node: dict[str, Any]) -> None:
        for block in node.get("blocks", []):
            if block["kind"] in {"vision", "initiative", "challenge", "direction", "text"}:
                found.append(block)
        for key in ("pillars", "fields", "sections"):
            for child in node.get(key, []):
                visit(child)

    visit(data)
    return found


def _structural_ids(data: dict[str, Any]) -> list[str]:
    found: list[str] = []

    def visit(node: dict[str, Any]) -> None:
        for key in ("pillars", "fields", "sections"):
            for child in node.get(key, []):
                found.append(child["id"])
                visit(child)

    visit(data)
    return found


@st.composite
def plan_data(
    draw: st.DrawFn,
    *,
    meeting: int | st.SearchStrategy[int | None] | None = None,
    max_pillars: int = 2,
    max_fields: int = 2,
    max_sections: int = 2,
    max_blocks: int = 3,
    max_rows: int = 2,
    max_depth: int = 1,
    ids: set[str] | None = None,
) -> dict[str, Any]:
    """Return a draft as plain data (what its YAML file holds), valid for :class:`Plan`.

    Ids are unique; some statements re-list (再掲) another statement of the draft (``of``), its
    section (``source``) or both. Keys with defaults are sometimes left out and sometimes written.
    ``ids`` collects the ids used (pass a set to keep ids unique across several documents).
    """
    new_id = _Ids(draw)
    if ids is not None:
        new_id.used = ids
    sizes = _Sizes(max_pillars, max_fields, max_sections, max_blocks, max_rows, max_depth)
    if meeting is None:
        meeting = _optional(st.integers(min_value=1, max_value=9999))
    data: dict[str, Any] = {"schema_version": 1, "document": "draft", "meta": draw(_meta(meeting))}
    blocks = draw(_blocks(new_id, sizes))
    if blocks or draw(st.booleans()):
        data["blocks"] = blocks
    pillars = [
        draw(_structural(new_id, sizes, "fields", 0))
        for _ in range(draw(st.integers(0, sizes.pillars)))
    ]
    if pillars or draw(st.booleans()):
        data["pillars"] = pillars
    statements = _statements_of(data)
    sections = _structural_ids(data)
    for statement in statements:
        others = [other["id"] for other in statements if other is not statement]
        if draw(st.integers(0, 3)) != 0 or not (others or sections):
            continue
        repost: dict[str, Any] = {}
        if others and draw(st.booleans()):
            repost["of"] = draw(st.sampled_from(others))
        if sections and (not repost or draw(st.booleans())):
            repost["source"] = draw(st.sampled_from(sections))
        if not repost:
            repost["of"] = draw(st.sampled_from(others))
        statement["repost"] = repost
    return data


def plans(**limits: Any) -> st.SearchStrategy[Plan]:
    """Return whole drafts (see :func:`plan_data` for the limits)."""
    return plan_data(**limits).map(Plan.model_validate)


# --------------------------------------------------------------------------------------------
# Opinions and revisions


def _ids_of(plan: Plan, kinds: tuple[type, ...]) -> list[str]:
    return [located.id for located in walk(plan) if isinstance(located.node, kinds)]


@st.composite
def opinion_sets(
    draw: st.DrawFn,
    plan: Plan | None = None,
    *,
    meeting: int | None = None,
    max_opinions: int = 4,
) -> OpinionSet:
    """Return opinions with unique ids; scopes name pillars, fields or sections of ``plan``."""
    new_id = _Ids(draw)
    scopes = _ids_of(plan, (Pillar, Field, Section)) if plan is not None else []
    opinions = []
    for _ in range(draw(st.integers(0, max_opinions))):
        opinion: dict[str, Any] = {"id": new_id(), "text": draw(_text())}
        if draw(st.booleans()):
            opinion["channel"] = draw(st.sampled_from(list(Channel))).value
        if draw(st.booleans()):
            opinion["speaker"] = draw(_optional(_text()))
        if draw(st.booleans()):
            opinion["meeting"] = draw(_optional(st.integers(1, 100)))
        if scopes and draw(st.booleans()):
            opinion["scope"] = draw(st.sampled_from(scopes))
        if draw(st.booleans()):
            opinion["disposition"] = draw(st.sampled_from(list(Disposition))).value
        if draw(st.booleans()):
            opinion["response"] = draw(_optional(_text()))
        opinions.append(opinion)
    if meeting is None:
        meeting = draw(st.integers(1, 9999))
    return OpinionSet.model_validate(
        {"schema_version": 1, "document": "opinions", "meeting": meeting, "opinions": opinions}
    )


@st.composite
def revisions(
    draw: st.DrawFn,
    old: Plan,
    new: Plan,
    opinions: OpinionSet | None = None,
    *,
    max_changes: int = 4,
) -> Revision:
    """Return a revision record from ``old`` to ``new`` whose every reference resolves.

    Targets of 削除 are nodes of ``old``, the others nodes of ``new``; spans lie within the
    target's text; opinions are ids of ``opinions``. Both drafts need meeting numbers, ``old``'s
    the smaller.
    """
    assert old.meta.meeting is not None
    assert new.meta.meeting is not None
    assert old.meta.meeting < new.meta.meeting
    old_nodes = {located.id: located.node for located in walk(old)}
    new_nodes = {located.id: located.node for located in walk(new)}
    opinion_ids = [opinion.id for opinion in opinions.opinions] if opinions is not None else []
    new_id = _Ids(draw)
    changes = []
    for _ in range(draw(st.integers(0, max_changes))):
        kinds = [
            kind for kind, nodes in _KIND_NODES if (old_nodes if nodes == "old" else new_nodes)
        ]
        if not kinds:
            break
        kind = draw(st.sampled_from(kinds))
        nodes = old_nodes if kind is ChangeKind.DELETE else new_nodes
        target = draw(st.sampled_from(sorted(nodes)))
        change: dict[str, Any] = {"id": new_id(), "kind": kind.value, "target": target}
        if draw(st.booleans()):
            change["label"] = draw(_optional(st.sampled_from(_LABELS[kind]) | _text()))
        if opinion_ids and draw(st.booleans()):
            change["opinions"] = draw(
                st.lists(st.sampled_from(opinion_ids), max_size=3, unique=True)
            )
        if draw(st.booleans()):
            change["reason"] = draw(_optional(_text()))
        node = nodes[target]
        if isinstance(node, Statement) and node.text is not None and draw(st.booleans()):
            start = draw(st.integers(0, len(node.text)))
            end = draw(_optional(st.integers(start, len(node.text))))
            change["span"] = {"start": start} if end is None else {"start": start, "end": end}
        changes.append(change)
    return Revision.model_validate(
        {
            "schema_version": 1,
            "document": "revision",
            "old": old.meta.meeting,
            "new": new.meta.meeting,
            "changes": changes,
        }
    )


_KIND_NODES = ((ChangeKind.ADD, "new"), (ChangeKind.MODIFY, "new"), (ChangeKind.DELETE, "old"))
_LABELS = {
    ChangeKind.ADD: ["追加", "追加①", "追加②"],
    ChangeKind.MODIFY: ["修正", "修正①"],
    ChangeKind.DELETE: ["削除", "削除③"],
}


@dataclass(frozen=True)
class History:
    """Two consecutive drafts, the opinions the new one answers, and the revision between."""

    old: Plan
    new: Plan
    opinions: OpinionSet
    revision: Revision


@st.composite
def histories(draw: st.DrawFn, **limits: Any) -> History:
    """Return a consistent history of one revision (drafts of meetings N and N+k)."""
    old_meeting = draw(st.integers(1, 50))
    new_meeting = old_meeting + draw(st.integers(1, 3))
    old = draw(plans(meeting=old_meeting, **limits))
    new = draw(plans(meeting=new_meeting, **limits))
    opinions = draw(opinion_sets(new, meeting=new_meeting))
    revision = draw(revisions(old, new, opinions))
    return History(old, new, opinions, revision)


# --------------------------------------------------------------------------------------------
# Comments


@dataclass(frozen=True)
class _Anchors:
    """Where comments can go in a YAML text without changing what it says."""

    before: list[tuple[int, int]]
    """(line, column) of each key or sequence item, 0-based: a comment line may precede it."""
    end_of_line: list[int]
    """Lines whose content ends there (no multi-line scalar continues): a comment may follow."""
    keys: list[tuple[int, int]]
    """(line, column) of each mapping key, 0-based."""


def _anchors(text: str) -> _Anchors:
    tree = parse_roundtrip(text).tree
    starts: set[tuple[int, int]] = set()
    keys: set[tuple[int, int]] = set()
    ends: list[tuple[int, Any]] = []

    def visit(node: Any) -> None:
        if type(node).__name__ == "CommentedMap":
            for key in node:
                line, column = node.lc.key(key)
                starts.add((line, column))
                keys.add((line, column))
                ends.append((line, node[key]))
                visit(node[key])
        elif type(node).__name__ == "CommentedSeq":
            for position, item in enumerate(node):
                line, column = node.lc.item(position)
                # The comment goes at the dash, which is left of the item's content.
                dash = text.split("\n")[line].find("-", 0, column + 1)
                starts.add((line, dash if dash >= 0 else column))
                if type(item).__name__ not in {"CommentedMap", "CommentedSeq"}:
                    ends.append((line, item))
                visit(item)

    visit(tree)
    lines = text.split("\n")
    start_lines = sorted({line for line, _ in starts})
    end_of_line: list[int] = []
    for line, value in ends:
        following = [other for other in start_lines if other > line]
        next_line = following[0] if following else len(lines)
        kind = type(value).__name__
        one_line = next_line == line + 1 or not any(
            lines[between].strip() for between in range(line + 1, next_line)
        )
        if kind in {"LiteralScalarString", "FoldedScalarString"} or one_line:
            # A block scalar's header line takes a comment (`|-  # ...`); other scalars must end
            # on their own line.
            end_of_line.append(line)
    return _Anchors(sorted(starts), sorted(set(end_of_line)), sorted(keys))


@st.composite
def with_comments(draw: st.DrawFn, text: str, *, max_comments: int = 6) -> str:
    """Return ``text`` (planrev YAML) with full-line and end-of-line comments injected.

    Comments go before keys and sequence items (at their indentation, or elsewhere), after
    values that end on their line, and at the end of the file; blank lines come too.
    """
    anchors = _anchors(text)
    keeps = re.search(r"[|>][0-9]?\+", text) is not None
    lines = text.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    inserted: dict[int, list[str]] = {}
    suffixes: dict[int, str] = {}
    for _ in range(draw(st.integers(0, max_comments))):
        where = draw(st.sampled_from(["before", "end_of_line", "end_of_file"]))
        body = draw(comment_text())
        if where == "before" and anchors.before:
            line, column = draw(st.sampled_from(anchors.before))
            # Never deeper than the key: after a block scalar a deeper line would be its text.
            indent = draw(st.sampled_from([column, 0, max(column - 2, 0)]))
            # A blank line after a keep-chomping block scalar (|+) would be part of its text.
            blank = draw(st.integers(0, 5)) == 0 and not keeps

            inserted.setdefault(line, []).append(
                ("\n" if blank else "") + " " * indent + f"#{body}\n"
            )
        elif where == "end_of_line" and anchors.end_of_line:
            line = draw(st.sampled_from(anchors.end_of_line))
            gap = " " * draw(st.integers(1, 3))
            suffixes[line] = suffixes.get(line, "") + f"{gap}# {body}"
        else:
            inserted.setdefault(len(lines), []).append(f"# {body}\n")
    result = []
    for number, line in enumerate([*lines, ""]):
        result.extend(inserted.get(number, []))
        if number in suffixes:
            content = line.rstrip("\n")
            if "#" in content and number not in anchors.end_of_line:
                result.append(line)
                continue
            result.append(content + suffixes[number] + ("\n" if line.endswith("\n") else ""))
            continue
        result.append(line)
    return "".join(result)


@st.composite
def with_quirks(draw: st.DrawFn, text: str, *, max_quirks: int = 4) -> str:
    """Return ``text`` (planrev YAML) spelt as people type it: extra spaces after a key's colon
    and trailing spaces at the end of lines, neither of which changes what the YAML says."""
    anchors = _anchors(text)
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, max_quirks))):
        if draw(st.booleans()) and anchors.keys:
            line, column = draw(st.sampled_from(anchors.keys))
            colon = lines[line].index(":", column)
            if lines[line][colon + 1 : colon + 2] == " ":
                spaces = " " * draw(st.integers(1, 3))
                lines[line] = lines[line][: colon + 1] + spaces + lines[line][colon + 1 :]
        elif anchors.end_of_line:
            line = draw(st.sampled_from(anchors.end_of_line))
            lines[line] += " " * draw(st.integers(1, 2))
    return "\n".join(lines)
