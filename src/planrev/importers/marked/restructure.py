"""Moves shown at both ends in planrev's Markdown redline, read before the lexer.

A redline shows a moved part twice: where it stood, struck with a note of where it went
(``・【移動】~~old text~~【/移動】（第1章第2節（1）へ移動）``), and where it landed, with a note
of where it came from (``※移動（第1章第1節（1）から）``). Where it stood is not a deletion:
:func:`drop_move_sources` blanks those lines — a struck heading with its whole
part, a struck KPI table with its rows, a struck KPI row, note, footnote or statement — and takes
the from-note off headings, notes and KPI cells, where it would otherwise be read as text (with
the 移動 marker of a note, footnote or KPI, whose changes the revision does not record; a
statement's ※移動 is read by the lexer: it marks the statement as moved). Each is reported as a
warning with its line, so nothing is dropped silently. A moved statement is the exception: where it
stood it is read as the previous draft's statement there, paired by its wording with where it
landed (:func:`place_move_sources`), so that comparing the imported drafts finds the move.

A 分割 or 統合 is printed once, on the new statement: ``・前の文【分割】~~、~~。【/分割】`` followed by
the split-off statement, or ``・前の文【統合】~~。~~、【/統合】後の文`` for two statements made one.
:func:`restore_pieces` gives the previous draft its statements back: the split statement's old
text runs on into the next statement's, and a merged statement's old text is cut in two after the
first ``。`` from the marker on. The previous draft's statements get ids of their own (they stand
beside the new ones, in the previous draft only), so that comparing the two drafts again finds
the 分割 or 統合 (the comparison pairs by id first).
"""

from __future__ import annotations

import dataclasses
import re

from planrev.i18n import Msg
from planrev.importers.base import Findings, Line
from planrev.importers.marked.union import MarkedStatement
from planrev.importers.tree import Item, PlanTree
from planrev.model import ChangeKind

__all__ = ["drop_move_sources", "place_move_sources", "restore_pieces", "warn_moved"]

_MARK = r"【/?(?:追加|修正|削除|分割|統合|移動)[^】]{0,4}】"
_STRUCK_BODY = rf"(?:{_MARK}|~~(?:[^~]|~(?!~))+~~|[ \t\u3000])*~~(?:[^~]|~(?!~))+~~"
_TO = r"[（(](?P<where>[^~]+?)へ移動[）)]"
_SOURCE = re.compile(
    rf"^(?P<heading>#{{1,6}}[ \t]+)?(?:-[ \t]+)?・?【?(?:{_MARK})*{_STRUCK_BODY}(?:{_MARK})*{_TO}】?$"
)
"""A line of a moved part where it stood: only struck text and change marks, then （…へ移動）."""
_FROM = re.compile(r"※移動[（(](?P<where>[^※]*?)から[）)](?=】?$)")
"""The note where a moved heading, note or KPI landed: ``※移動（…から）`` at the end."""
_STATEMENT_SOURCE = re.compile(
    rf"^(?P<lead>(?:-[ \t]+)?・?)(?:{_MARK})*(?P<struck>~~(?:[^~]|~(?!~))+~~)(?:{_MARK})*{_TO}$"
)
"""A moved statement where it stood: one struck run (not a footnote's) and （…へ移動）."""
_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]")
_MOVE_MARK = re.compile(r"【/?移動[^】]{0,4}】")
"""A 移動 marker (or its closing mark) on a moved note, footnote or KPI, whose changes the
revision does not record: taken off with the from-note, so the line reads as what it is."""
_NOTE_LIKE = re.compile(r"^(?:【(?!(?:追加|修正|削除|分割|統合|移動)[^】]{0,4}】)|\\?※)")
r"""A note (【…】, not a change marker) or a footnote (``\※1\ …``)."""


def _warn_source(warnings: Findings, line: int, where: str) -> None:
    warnings.add(
        "move-source",
        Msg(
            f"移動元の表示（{where}へ移動）として読み、本文には入れませんでした",
            f"read as where a part moved from (to {where}); not plan text",
        ),
        line,
    )


def _warn_from(warnings: Findings, line: int, column: int, where: str) -> None:
    warnings.add(
        "move-from",
        Msg(
            f"移動先の注記（{where}から）として読み、本文には入れませんでした",
            f"read as the note of where a part came from ({where}); not plan text",
        ),
        line,
        column,
    )


def _source(text: str) -> re.Match[str] | None:
    """Return the match of a move source: the line itself or, in a KPI row, its first cell."""
    first = text.split("\t", 1)[0]
    if first.startswith("|"):
        first = first.strip("|").split("|", 1)[0].strip()
    return _SOURCE.match(text) or _SOURCE.match(first)


def drop_move_sources(
    lines: list[Line], warnings: Findings, statements: set[int] | None = None
) -> list[Line]:
    """Return ``lines`` with the moved parts where they stood blanked and the from-notes of
    headings, notes and KPI cells taken off (see the module's docstring).

    With ``statements``, a moved statement where it stood is not blanked but read as a deleted
    statement (``- ・【削除】~~old text~~``) and its line added to ``statements``: after the lexer,
    :func:`place_move_sources` makes it the previous draft's statement there.
    """
    result: list[Line] = []
    skip_level = 0  # inside a moved part's source: the level of its heading
    skip_table = False  # inside a moved KPI table's source: up to the blank line after it
    for line in lines:
        text = line.text.rstrip("\r\n")
        heading = _HEADING.match(text)
        if skip_level and heading and len(heading["hashes"]) <= skip_level:
            skip_level = 0
        if skip_table and not text.strip(" \t\u3000"):
            skip_table = False
        if skip_level or skip_table:
            result.append(Line(line.number, ""))
            continue
        source = _source(text)
        if source is not None:
            _warn_source(warnings, line.number, source["where"])
            if source["heading"]:
                skip_level = len(source["heading"].strip())
            elif "\t" in text or text.startswith("|"):
                cell = text.split("\t", 1)[0].strip("| ")
                skip_table = cell.lstrip("~").startswith("KPI")  # the table's heading row
            kept = _STATEMENT_SOURCE.match(text) if statements is not None else None
            if kept is not None and not kept["struck"][2:].startswith(("\\※", "※")):
                assert statements is not None
                statements.add(line.number)
                result.append(Line(line.number, f"{kept['lead']}【削除】{kept['struck']}"))
                continue
            result.append(Line(line.number, ""))
            continue
        first, tab, rest = text.partition("\t")
        found = _FROM.search(first)
        if found is not None and (heading or tab or _NOTE_LIKE.match(first)):
            _warn_from(warnings, line.number, found.start() + 1, found["where"])
            first = first[: found.start()] + first[found.end() :]
            if not heading:
                first = _MOVE_MARK.sub("", first)
            text = first + tab + rest
        result.append(Line(line.number, text))
    return result


def warn_moved(warnings: Findings, line: int) -> None:
    """Report a statement marked ※移動 whose place in the previous draft the handout does not show."""
    warnings.add(
        "moved",
        Msg(
            "※移動: この記述は別の場所から移されたものですが、元の場所は資料から分かりません。"
            "改訂前の草案ではこの位置に置きました",
            "※移動: this statement was moved here, but the handout does not show where "
            "from; the previous draft has it in this place",
        ),
        line,
        hint=Msg(
            "改訂前の草案(draft-NN.yaml)で、この記述を元の場所に移してください。",
            "move the statement to its former place in the previous draft (draft-NN.yaml).",
        ),
    )


def _warn_pieces(warnings: Findings, statement: MarkedStatement, label: str, why: Msg) -> None:
    warnings.add(
        "pieces-unread",
        Msg(
            f"【{label}】の改訂前の記述を資料から組み立てられませんでした({why.ja})。"
            "改訂前の草案では、この記述を今の文言のまま1つの記述としました",
            f"the previous draft's statements of 【{label}】 could not be rebuilt ({why.en}); "
            "the previous draft has this statement as shown",
        ),
        statement.line,
    )


def _join(blocks: list[Item], index: int, warnings: Findings, label: str) -> None:
    """Give a split statement's old text the next statement's, which only the new draft has."""
    first = blocks[index]
    assert isinstance(first, MarkedStatement)
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if (
        not isinstance(following, MarkedStatement)
        or following.presence != "both"
        or first.old_text is None
        or following.old_text is None
    ):
        why = Msg("次の記述がありません", "no statement follows it")
        _warn_pieces(warnings, first, label, why)
        return
    joined = first.old_text + following.old_text
    # The joined statement is the previous draft's own (an id of its own, so that comparing the
    # two drafts again finds the 分割 rather than a rewording and an addition).
    blocks.insert(index, _old_only(first, joined))
    for piece in (first, following):
        piece.presence = "new"
        piece.old_text = ""
    # Struck text in the split-off part belongs to the 分割 (printed without a marker of its own).
    following.changes = [change for change in following.changes if change.label is not None]


def _old_only(statement: MarkedStatement, text: str) -> MarkedStatement:
    """Return a statement of the previous draft only, with ``text``, beside ``statement``."""
    return dataclasses.replace(
        statement, text=text, old_text=text, presence="old", changes=[], repost=False, id=""
    )


def _part(blocks: list[Item], index: int, warnings: Findings, label: str, start: int) -> None:
    """Cut a merged statement's old text in two: both parts only the previous draft has."""
    merged = blocks[index]
    assert isinstance(merged, MarkedStatement)
    old = merged.old_text
    text = merged.text or ""
    cut = old.find("。", start) + 1 if old is not None and old[:start] == text[:start] else 0
    if old is None or not 0 < cut < len(old):
        why = Msg(
            "前の記述の終わり(「。」)が分かりません", "the first statement's end (。) is not shown"
        )
        _warn_pieces(warnings, merged, label, why)
        return
    blocks[index:index] = [_old_only(merged, old[:cut]), _old_only(merged, old[cut:])]
    merged.presence = "new"
    merged.old_text = ""


def restore_pieces(tree: PlanTree, warnings: Findings) -> None:
    """Give the previous draft the statements that a 分割 or 統合 joined or cut (see the module's
    docstring); report a piece whose old statements the handout does not show."""
    holders = [tree.blocks, *(node.blocks for node in tree.walk())]
    for blocks in holders:
        index = 0
        while index < len(blocks):
            block = blocks[index]
            if isinstance(block, MarkedStatement):
                for change in block.changes:
                    label = change.label or change.kind.value
                    if change.kind is ChangeKind.SPLIT:
                        before = len(blocks)
                        _join(blocks, index, warnings, label)
                        index += len(blocks) - before  # past the inserted old statement
                        break
                    if change.kind is ChangeKind.MERGE:
                        start = change.start if change.start is not None else 0
                        before = len(blocks)
                        _part(blocks, index, warnings, label, start)
                        index += len(blocks) - before
                        break
            index += 1


def place_move_sources(tree: PlanTree, sources: set[int], warnings: Findings) -> None:
    """Make each moved statement where it stood (lines ``sources``, read as deletions) the
    previous draft's statement there, and the statement where it landed the new draft's only.

    A statement where it landed (marked ※移動) is found by its previous wording (struck where it
    stood, the old side of its marks where it landed). Its previous draft's place is then where it stood, so
    comparing the two drafts again finds the move; neither end is recorded as a deletion or an
    addition (the revision keeps the 移動 or 修正 where it landed). A statement where it stood
    whose other end is not found is left out, as if blanked; a statement where it landed that
    names where it came from (``※移動（…から）``) but is not paired is reported (``moved``).
    """
    holders = [tree.blocks, *(node.blocks for node in tree.walk())]
    stood: list[tuple[list[Item], MarkedStatement]] = []
    landed: list[MarkedStatement] = []
    for blocks in holders:
        for block in blocks:
            if not isinstance(block, MarkedStatement):
                continue
            if block.source is not None and block.line in sources:
                stood.append((blocks, block))
            elif (
                block.presence == "both"
                and block.changes
                and block.old_text
                and block.source is not None
                and "※移動" in block.source.text  # marked as moved where it landed
            ):
                landed.append(block)
    for blocks, source in stood:
        other = next((s for s in landed if s.old_text == source.old_text), None)
        if other is None:
            blocks.remove(source)
            continue
        landed.remove(other)
        source.changes = []
        other.presence = "new"
        other.old_text = ""
    for statement in landed:
        if statement.source is not None and re.search(
            r"※移動[（(].*から[）)]", statement.source.text
        ):
            warn_moved(warnings, statement.line)
