"""Inline redline → old text, new text and changes: markers, closing marks, struck text.

One statement or heading at a time: :class:`Inline` splits its text into pieces — plain text,
``~~struck~~`` text, markers 【追加①】 and closing marks 【/追加①】 — and decides where each change
ends: at its closing mark, after the extent the side file gives, at the end of the item when the
marker heads it, after the struck text right behind a 【削除】, or nowhere (a warning). The text
outside every change is in both drafts; text inside an addition is new, struck text is old.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from planrev.errors import LoadError
from planrev.i18n import Msg
from planrev.importers.base import MARKER, Findings, Line
from planrev.importers.extents import Extent, Extents
from planrev.importers.marked.lexer import Source
from planrev.importers.marked.union import Change
from planrev.importers.tree import Presence
from planrev.model import ChangeKind

__all__ = [
    "Evaluated",
    "ExtentFinder",
    "Inline",
    "escape",
    "has_marks",
    "lift_marks",
    "unescape",
]

INLINE = re.compile(
    r"\\(?P<escaped>[~<])|"
    + MARKER.pattern
    + r"|~~(?P<struck>(?:\\.|[^\\])+?)~~|<u>(?P<under>(?:\\.|[^\\])+?)</u>",
    re.DOTALL,
)
"""An escaped ``\\~`` or ``\\<``, a marker or closing mark, struck text, or underlined text."""
_ESCAPE = re.compile(r"\\([~<])")
_ESCAPED = re.compile(r"([~<])")


def escape(text: str) -> str:
    """Return ``text`` written so that the marked-text reader reads it back exactly.

    Every ``~`` and ``<`` gets a backslash before it, so that no ``~~`` is read as struck text
    and no ``<u>`` as underlined text. Markers such as 【追加】 are left alone: typed into a
    document, they are the markers. For front-ends that turn a document's runs into marked text.
    """
    return _ESCAPED.sub(r"\\\1", text)


_MARK_TOKEN = re.compile(r"\\[~<]|~~|</?u>")
_LEADING_BULLET = re.compile(r"(?:[-*+][ \t\u3000]+)?[・•●○][ \t\u3000]*")


def lift_marks(line: str) -> str:
    """Return ``line`` with struck or underlined runs opened after a leading bullet or a marker.

    A redline that underlines a whole inserted paragraph, or strikes a whole deleted one (a
    Word document's tracked changes, printed), decorates its bullet and its marker too:
    ``<u>・【追加①】新しい文</u>`` is read as ``・【追加①】<u>新しい文</u>``. The line keeps its
    length, so columns stay where they were.
    """
    if "<u>" not in line and "~~" not in line:
        return line
    out: list[str] = []
    position = 0
    struck = False
    for match in _MARK_TOKEN.finditer(line):
        token = match.group()
        opening = token == "<u>" or (token == "~~" and not struck)
        if token == "~~":
            struck = not struck
        if not opening:
            continue
        end = match.end()
        bullet = _LEADING_BULLET.match(line, end)
        if bullet is not None and not line[: match.start()].strip(" \t"):
            end = bullet.end()
        marker = MARKER.match(line, end)
        if marker is not None:
            end = marker.end()
        if end > match.end():
            out.append(line[position : match.start()] + line[match.end() : end] + token)
            position = end
    out.append(line[position:])
    return "".join(out)


def has_marks(text: str) -> bool:
    """Return whether ``text`` holds a marker, a closing mark, struck or underlined text."""
    return any(piece.kind != "text" for piece in _pieces(text))


def unescape(text: str) -> str:
    """Return ``text`` with ``\\~`` and ``\\<`` read as ``~`` and ``<``."""
    return _ESCAPE.sub(r"\1", text)


class ExtentFinder:
    """Finds the side file's extent for a marker, and remembers which entries were used."""

    def __init__(self, extents: Extents, lines: list[Line]) -> None:
        self.extents = extents
        self.lines = lines
        self.used_extents: set[int] = set()
        """The identities of the entries used so far."""
        self._counts: Counter[str] | None = None

    def unused(self) -> list[Extent]:
        """Return the entries no marker used."""
        return [entry for entry in self.extents.entries if id(entry) not in self.used_extents]

    def find(self, label: str, line: int) -> Extent | None:
        """Return the extent for the marker ``label`` on ``line``, or None if none is given."""
        entries = self.extents.for_label(label)
        if not entries:
            return None
        exact = [e for e in entries if e.line == line]
        chosen = exact[0] if exact else None
        if chosen is None:
            unlined = [e for e in entries if e.line is None]
            if not unlined:
                return None
            if self._label_count(label) > 1:
                raise LoadError(
                    Msg(
                        f"「{label}」は本文に2か所以上あるため、範囲ファイルでは line でマーカーの行を"
                        "指定してください",
                        f"'{label}' appears more than once in the text; give the marker's line "
                        "in the extents file",
                    ),
                    location=unlined[0].location,
                    hint=Msg(
                        f"例: {label}: {{line: {line}, text: 変更された文言}}",
                        f"e.g. {label}: {{line: {line}, text: <covered text>}}",
                    ),
                )
            chosen = unlined[0]
        self.used_extents.add(id(chosen))
        return chosen

    def _label_count(self, label: str) -> int:
        """Return how many markers of ``label`` the text holds (counted once for all labels)."""
        if self._counts is None:
            self._counts = Counter(
                match["kind"] + (match["number"] or "")
                for line in self.lines
                for match in MARKER.finditer(line.text)
                if not match["close"]
            )
        return self._counts[label]


@dataclass(frozen=True, slots=True)
class Piece:
    """A piece of a redline text: plain, struck, a marker or a closing mark."""

    kind: Literal["text", "strike", "under", "open", "close"]
    """What the piece is."""
    text: str
    """Its text (a marker: as written; struck or underlined text: without ``~~`` or ``<u>``)."""
    offset: int
    """Where it starts in the redline text."""
    change_kind: ChangeKind | None = None
    """A marker's kind."""
    label: str = ""
    """A marker's label (``追加①``)."""
    escaped: bool = False
    """Whether the piece is a character written with a backslash (``\\~``, ``\\<``)."""


@dataclass
class Evaluated:
    """What a redline text means."""

    new: str
    """The new text."""
    old: str | None
    """The old text, or None when the redline does not show it."""
    presence: Presence
    """``new`` for an item added as a whole, ``old`` for one deleted as a whole, else ``both``."""
    changes: list[Change]
    """The changes marked in it, in order."""


def _pieces(text: str) -> list[Piece]:
    """Split a redline text into its pieces (escapes read as text)."""
    pieces: list[Piece] = []
    position = 0
    for match in INLINE.finditer(text):
        if match.start() > position:
            pieces.append(Piece("text", text[position : match.start()], position))
        if match["escaped"] is not None:
            pieces.append(Piece("text", match["escaped"], match.start(), escaped=True))
        elif match["struck"] is not None:
            pieces.append(Piece("strike", unescape(match["struck"]), match.start()))
        elif match["under"] is not None:
            pieces.append(Piece("under", unescape(match["under"]), match.start()))
        else:
            label = match["kind"] + (match["number"] or "")
            pieces.append(
                Piece(
                    "close" if match["close"] else "open",
                    match.group(0),
                    match.start(),
                    ChangeKind(match["kind"]),
                    label,
                )
            )
        position = match.end()
    if position < len(text):
        pieces.append(Piece("text", text[position:], position))
    return pieces


_TAG = re.compile(r"</?u>")


def _underlined(pieces: list[Piece], marker: int) -> bool:
    """Return whether underlined text follows the marker at ``marker`` (struck text between)."""
    for piece in pieces[marker + 1 :]:
        if piece.kind != "strike":
            return piece.kind == "under"
    return False


def _continues(change: Change, piece: Piece) -> bool:
    """Return whether the unmarked decorated ``piece`` can be a further passage of ``change``.

    Struck text continues a 修正 or 削除, underlined text a 修正 or 追加.
    """
    if piece.kind == "strike":
        return change.kind is not ChangeKind.ADD
    return piece.kind == "under" and change.kind is not ChangeKind.DELETE


def _merge_repeated(changes: list[Change]) -> list[Change]:
    """Merge markers of one label in one statement: one change marked at each changed passage.

    planrev's own redline marks every passage of a change (【修正】~~A~~B【/修正】…【修正】~~C~~D
    【/修正】); the change's span runs from its first passage to its last.
    """
    merged: list[Change] = []
    first: dict[tuple[str, ChangeKind], Change] = {}
    for change in changes:
        twin = first.get((change.label, change.kind)) if change.label is not None else None
        if twin is None:
            merged.append(change)
            if change.label is not None:
                first[(change.label, change.kind)] = change
            continue
        twin.whole = False
        if change.end is None or (twin.end is not None and change.end > twin.end):
            twin.end = change.end
    return merged


class Inline:
    """Evaluates the redline of one statement or heading into old text, new text and changes."""

    def __init__(self, findings: Findings, extents: ExtentFinder) -> None:
        self.findings = findings
        self.extents = extents

    def evaluate(self, source: Source, text: str) -> Evaluated:
        warnings = self.findings
        pieces = _pieces(text)
        self._unclosed(pieces, source)
        closes = self._pair(pieces, source)
        changes: list[Change] = []
        new: list[str] = []
        old: list[str] = []
        new_length = old_length = 0
        old_unknown = False
        active: Change | None = None
        mode: Literal["close", "count", "under", "strike", "end", "unknown"] = "end"
        remaining = 0
        struck_inside = False
        unstruck_deleted = False
        first_content = True
        printed = any(piece.kind == "under" for piece in pieces)  # marks show the extents
        shown: Change | None = None  # the change just ended by its struck or underlined text

        def finish() -> None:
            nonlocal active, old_unknown, struck_inside, unstruck_deleted, shown
            if active is None:
                return
            shown = active if mode in ("under", "strike") else None
            if mode != "unknown":
                active.end = new_length if active.kind is not ChangeKind.DELETE else old_length
                if (
                    active.kind is ChangeKind.MODIFY
                    and not struck_inside
                    and mode not in ("close", "under")
                ):
                    # The replaced text is not shown. (A passage closed by 【/修正】 or
                    # underlined shows its whole extent: with nothing struck, it only inserts.)
                    old_unknown = True
            if unstruck_deleted:
                line, column = source.locate(active.offset)
                warnings.add(
                    "delete-unstruck",
                    Msg(
                        f"【{active.label}】は項目の先頭にあるので項目全体を削除としましたが、"
                        "取り消し線のない部分があります",
                        f"【{active.label}】 heads the item, so the whole item is taken as deleted, "
                        "but part of it is not struck through",
                    ),
                    line,
                    column,
                    hint=Msg(
                        "削除された文言全体を ~~ で囲むと、この警告は出ません。",
                        "strike the whole deleted text through (~~…~~) to confirm.",
                    ),
                )
            active, struck_inside, unstruck_deleted = None, False, False

        for index, piece in enumerate(pieces):
            if piece.kind == "open":
                assert piece.change_kind is not None
                line, column = source.locate(piece.offset)
                if active is not None and active.whole:
                    # A second marker inside an item headed by a marker: where the first change
                    # ends is not shown after all.
                    active.whole = False
                    mode = "unknown"
                    old_unknown = True
                    self._unknown(source, active)
                finish()
                change = Change(piece.change_kind, piece.label, line, column, piece.offset)
                change.start = (
                    new_length if piece.change_kind is not ChangeKind.DELETE else old_length
                )
                changes.append(change)
                active = change
                extent = self.extents.find(piece.label, line)
                following = pieces[index + 1] if index + 1 < len(pieces) else None
                struck_next = following is not None and following.kind == "strike"
                if index in closes:
                    mode = "close"
                elif extent is not None:
                    mode, remaining = "count", extent.size
                    self._check_extent(extent, pieces[index + 1 :], source, piece)
                elif piece.change_kind is not ChangeKind.DELETE and _underlined(pieces, index):
                    mode = "under"
                elif first_content and not (printed and struck_next):
                    mode = "end"
                    change.whole = True
                elif struck_next and (printed or piece.change_kind is ChangeKind.DELETE):
                    # A struck passage right after the marker: the change's (first) passage. In
                    # an item with underlined text the marks show every extent, so a marker at
                    # its head covers its passages, not the whole item.
                    mode = "strike"
                else:
                    mode = "unknown"
                    old_unknown = True
                    self._unknown(source, change)
                continue
            if piece.kind == "close":
                if active is not None and mode == "close" and piece.label == active.label:
                    finish()
                    mode = "end"
                continue  # unmatched closes were reported by _pair
            first_content = False
            if active is None and shown is not None and _continues(shown, piece):
                # A redline prints a change's marker once, before its first passage: struck or
                # underlined text further on in the item, with no marker of its own, is the
                # same change's next passage (its span runs to the last one).
                active = shown
                mode = "under" if _underlined(pieces, index - 1) else "strike"
            content = piece.text
            while content:
                if active is not None and mode == "count" and remaining == 0:
                    finish()
                    mode = "end"
                part = content
                if active is not None and mode == "count" and piece.kind != "strike":
                    part = content[:remaining]
                    remaining -= len(part)
                content = content[len(part) :]
                if piece.kind != "strike":
                    if active is None:
                        new.append(part)
                        old.append(part)
                        new_length += len(part)
                        old_length += len(part)
                        if piece.kind == "under":
                            self._underline_unmarked(source, piece)
                    elif active.kind is ChangeKind.DELETE and mode != "unknown":
                        old.append(part)
                        old_length += len(part)
                        if part.strip(" \t\u3000\n"):
                            unstruck_deleted = True
                    else:
                        new.append(part)
                        new_length += len(part)
                else:  # struck text
                    old.append(part)
                    old_length += len(part)
                    if active is None:
                        line, column = source.locate(piece.offset)
                        stray = Change(ChangeKind.DELETE, None, line, column, piece.offset)
                        stray.start, stray.end = old_length - len(part), old_length
                        changes.append(stray)
                        warnings.add(
                            "strike-unmarked",
                            Msg(
                                "マーカーのない取り消し線です。ラベルなしの削除として記録しました",
                                "struck text without a marker; recorded as an unlabelled deletion",
                            ),
                            line,
                            column,
                            hint=Msg(
                                "取り消し線の前に【削除】を書いてください。",
                                "put 【削除】 before the struck text.",
                            ),
                        )
                    elif active.kind is ChangeKind.ADD:
                        struck_inside = True
                        line, column = source.locate(piece.offset)
                        warnings.add(
                            "strike-in-addition",
                            Msg(
                                f"【{active.label}】(追加)の範囲に取り消し線があります。"
                                "取り消した文言は改訂前の文言として扱いました",
                                f"struck text inside 【{active.label}】 (an addition); taken as "
                                "previous text",
                            ),
                            line,
                            column,
                            hint=Msg(
                                "文言を置き換えたなら【修正】を使ってください。",
                                "use 【修正】 for a replacement.",
                            ),
                        )
                    else:
                        struck_inside = True
                        if mode == "unknown":
                            old_unknown = True
                    if active is not None and mode == "strike":
                        finish()
                        mode = "end"
            if active is not None and mode == "under" and piece.kind == "under":
                finish()
                mode = "end"
        if active is not None and mode == "count" and remaining > 0:
            old_unknown = True  # the extent ran past the text: checked and reported already
        finish()
        changes = _merge_repeated(changes)
        new_text, old_text = "".join(new), "".join(old)
        presence: Presence = "both"
        if len(changes) == 1:
            only = changes[0]
            covered = len(old_text) if only.kind is ChangeKind.DELETE else len(new_text)
            if only.start == 0 and only.end == covered:
                only.whole = True
            if only.whole and only.kind is ChangeKind.ADD and not old_text:
                presence = "new"
            elif only.whole and only.kind is ChangeKind.DELETE and not new_text:
                presence = "old"
            elif only.whole and only.kind is ChangeKind.MOVE and not old_text:
                old_text = new_text  # moved unchanged: the same words in the previous draft
            elif only.whole and only.kind is ChangeKind.MODIFY and not old_text:
                # The whole item rewritten, nothing struck (【修正】<u>新しい文</u>, as
                # 【修正】新しい文): the previous wording is not printed.
                old_unknown = True
        return Evaluated(new_text, None if old_unknown else old_text, presence, changes)

    def _unclosed(self, pieces: list[Piece], source: Source) -> None:
        """Report ``~~`` and ``<u>`` / ``</u>`` left in plain text (kept as written)."""
        for piece in pieces:
            if piece.kind != "text":
                continue
            if "~~" in piece.text:
                line, column = source.locate(piece.offset + piece.text.index("~~"))
                self.findings.add(
                    "strike-unclosed",
                    Msg(
                        "~~ が閉じていません。そのまま本文として取り込みました",
                        "unclosed ~~; kept as text as written",
                    ),
                    line,
                    column,
                    hint=Msg(
                        "取り消し線は ~~削除された文言~~ のように前後を ~~ で囲みます。"
                        "本文の ~ なら \\~ と書きます。",
                        "strike text through as ~~deleted text~~; write a ~ of the text as \\~.",
                    ),
                )
            tag = _TAG.search(piece.text)
            if tag is not None:
                line, column = source.locate(piece.offset + tag.start())
                self.findings.add(
                    "underline-unclosed",
                    Msg(
                        f"{tag.group()} の対になる下線の印がありません。そのまま本文として取り込みました",
                        f"{tag.group()} has no partner; kept as text as written",
                    ),
                    line,
                    column,
                    hint=Msg(
                        "下線は <u>追加された文言</u> のように囲みます。本文の < なら \\< と書きます。",
                        "underline text as <u>added text</u>; write a < of the text as \\<.",
                    ),
                )

    def _underline_unmarked(self, source: Source, piece: Piece) -> None:
        line, column = source.locate(piece.offset)
        self.findings.add(
            "underline-unmarked",
            Msg(
                "マーカーのない下線です。追加かどうか分からないため、変更とせず本文として取り込みました",
                "underlined text without a marker; it is not taken as a change (it may be "
                "emphasis) and is kept as text of both drafts",
            ),
            line,
            column,
            hint=Msg(
                "追加された文言なら、下線の前に【追加】を書いてください。",
                "if the text was added, put 【追加】 before it.",
            ),
        )

    def _unknown(self, source: Source, change: Change) -> None:
        self.findings.add(
            "extent-unknown",
            Msg(
                f"【{change.label}】が文の途中にあり、変更がどこまで及ぶか本文から分かりません。"
                "範囲は不明(span の end なし)、改訂前の文言は不明(null)としました",
                f"【{change.label}】 is in the middle of a sentence and the text does not show "
                "where the change ends; its span has no end and the previous text is unknown "
                "(null)",
            ),
            change.line,
            change.column,
            hint=Msg(
                f"範囲の終わりに【/{change.label}】を書くか、範囲ファイル(--extents)に"
                f"「{change.label}: 変更された文言」と書いてください。",
                f"mark the end with 【/{change.label}】 in the text, or give "
                f"'{change.label}: <covered text>' in an extents file (--extents).",
            ),
        )

    def _pair(self, pieces: list[Piece], source: Source) -> set[int]:
        """Return the indices of markers closed by a 【/…】 mark; report closing marks without one."""
        closed: set[int] = set()
        open_at: dict[str, int] = {}
        for index, piece in enumerate(pieces):
            if piece.kind == "open":
                open_at[piece.label] = index
            elif piece.kind == "close":
                opened = open_at.pop(piece.label, None)
                if opened is None:
                    line, column = source.locate(piece.offset)
                    self.findings.add(
                        "close-unmatched",
                        Msg(
                            f"{piece.text} に対応する【{piece.label}】がこの項目にありません。無視しました",
                            f"{piece.text} has no 【{piece.label}】 before it in this item; ignored",
                        ),
                        line,
                        column,
                    )
                else:
                    closed.add(opened)
        return closed

    def _check_extent(
        self, extent: Extent, after: list[Piece], source: Source, marker: Piece
    ) -> None:
        shown = ""
        for piece in after:
            if piece.kind == "open":
                break
            if piece.kind in ("text", "under"):
                shown += piece.text
        covered = shown[: extent.size]
        if len(covered) < extent.size or (extent.text is not None and covered != extent.text):
            where = self.findings.where(*source.locate(marker.offset))
            raise LoadError(
                Msg(
                    f"範囲ファイルの「{extent.label}」が本文と合いません"
                    f"({where.ja}のマーカーの後は「{shown[: max(extent.size, 1) + 10]}」)",
                    f"the extent of '{extent.label}' does not match the text (after the marker at "
                    f"{where.en} comes '{shown[: max(extent.size, 1) + 10]}')",
                ),
                location=extent.location,
                hint=Msg(
                    "text にはマーカーの直後から一字一句同じ文言を、length にはその文字数を書いてください。",
                    "text must repeat the words right after the marker exactly; length counts "
                    "their characters.",
                ),
            )
