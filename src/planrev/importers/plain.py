"""Import a plan written as plain text or Markdown: headings and paragraphs, no edit marks.

How most existing plans exist after a PDF or Word conversion. The heading styles of Japanese plans
are recognised — ``第1部``, ``第1章``, ``第1節``, ``1 …``, ``（1）…``/``(1)…``, ``①…``,
``(ア)…``/``（ア）…``, ``(a)…`` — as well as Markdown's ``#`` to ``######``. The distinct styles,
in the order they first appear, are the levels: the first is the pillar, the second the field,
the third the section, deeper ones nested sections. A single leading ``#`` heading is the plan's
title. Paragraphs become statements of kind ``text``, bullets bullet statements, ``※1``/``(注1)``/
``[^1]:`` lines footnotes, a line that is one 【…】 an editorial note; everything else (※ notes,
【P】 inside a paragraph, unbalanced brackets) is kept verbatim in the text.

Japanese-style heading lines are headings only when short (at most 60 characters) and without 「。」;
a longer numbered line, or one with a sentence in it, is a numbered paragraph.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from planrev.diagnostics import Finding
from planrev.era import EraDateError, parse_date
from planrev.errors import Location
from planrev.i18n import Msg
from planrev.importers.base import (
    BULLET,
    FOOTNOTE,
    HEADING,
    Findings,
    IdMaker,
    Line,
    split_lines,
    strip_break,
    unbalanced_brackets,
)
from planrev.importers.tree import (
    HEADING_STYLES,
    FootnoteItem,
    Heading,
    Node,
    NoteItem,
    PlanTree,
    StatementItem,
    heading_style,
    split_heading,
)
from planrev.model import Plan, PlanMeta
from planrev.storage.documents import read_text
from planrev.storage.files import check_import_lines

__all__ = ["HEADING_STYLES", "PlainImport", "heading_style", "import_plain", "read_plain"]

_RULE = re.compile(r"^ {0,3}(?:[-*_][ \t]*){3,}$")
_NOTE = re.compile(r"^【(?P<text>[^【】]+)】$")


@dataclass(frozen=True, slots=True)
class PlainImport:
    """The draft read from a plain plan, and what was uncertain."""

    plan: Plan
    """The draft; statements are of kind ``text``."""
    warnings: tuple[Finding, ...]
    """What could not be read with certainty, in input order."""


@dataclass(eq=False)
class _Heading:
    line: int
    style: str
    title: str


class _Reader:
    def __init__(self, lines: list[Line], warnings: Findings) -> None:
        self.lines = lines
        self.warnings = warnings
        self.ids = IdMaker()
        self.tree = PlanTree()

    def heading(self, line: Line) -> _Heading | None:
        text = strip_break(line.text)
        markdown = HEADING.match(text)
        if markdown:
            return _Heading(line.number, f"#{len(markdown['marks'])}", markdown["title"] or "")
        style = heading_style(text)
        if style is None:
            return None
        return _Heading(line.number, style, text.lstrip(" \t\u3000"))

    def read(self, title: str | None) -> str | None:
        """Read the lines into :attr:`tree`; return the plan's title if a leading ``#`` gives it."""
        headings = {line.number: h for line in self.lines if (h := self.heading(line))}
        ordered = list(headings.values())
        document_title: str | None = None
        skip = 0
        if ordered and ordered[0].style == "#1" and sum(h.style == "#1" for h in ordered) == 1:
            first = ordered[0]
            before = [
                line
                for line in self.lines
                if line.number < first.line and line.text.strip(" \t\u3000")
            ]
            if not before:
                document_title = first.title
                del headings[first.line]
                skip = first.line
                if title is not None and title != first.title:
                    self.warnings.add(
                        "title-differs",
                        Msg(
                            f"冒頭の見出し「{first.title}」を計画の名称とせず、指定された名称を使いました",
                            f"the leading heading '{first.title}' differs from the given title, "
                            "which is used",
                        ),
                        first.line,
                    )
        styles: list[str] = []
        for heading in headings.values():
            if heading.style not in styles:
                styles.append(heading.style)
        current: Node | None = None
        index = 0
        while index < len(self.lines):
            line = self.lines[index]
            index += 1
            text = strip_break(line.text)
            if not text.strip(" \t\u3000") or line.number == skip:
                continue
            found = headings.get(line.number)
            if found is not None:
                current = self._node(found, styles.index(found.style), current)
                continue
            if _RULE.match(text):
                continue
            where = self.warnings.locate(line.number)
            note = _NOTE.match(text.strip(" \t\u3000"))
            if note:
                item = NoteItem(note["text"], where, self.ids.make("n", note["text"]))
                self.tree.add(current, item)
                continue
            footnote = FOOTNOTE.match(text)
            bullet = BULLET.match(text)
            if footnote:
                opening = footnote["text"]
            elif bullet:
                opening = bullet["text"]
            else:
                opening = text
            if bullet and not footnote and len(bullet["indent"].expandtabs(4)) >= 2:
                self.warnings.add(
                    "nested-list",
                    Msg(
                        "字下げされた箇条書きは1段の箇条書きとして取り込みました",
                        "an indented bullet was taken as a bullet of the outer list",
                    ),
                    line.number,
                )
            parts = [opening]
            while index < len(self.lines):
                following = self.lines[index]
                following_text = strip_break(following.text)
                if (
                    not following_text.strip(" \t\u3000")
                    or following.number in headings
                    or BULLET.match(following_text)
                    or FOOTNOTE.match(following_text)
                    or _RULE.match(following_text)
                    or _NOTE.match(following_text.strip(" \t\u3000"))
                ):
                    break
                parts.append(following_text)
                index += 1
            body = "\n".join(parts)
            if footnote:
                footnote_id = self.ids.make("fn", footnote["mark"] + "\x1f" + body)
                self.tree.add(current, FootnoteItem(footnote["mark"], body, where, footnote_id))
                continue
            if not body.strip(" \t\u3000\n"):
                self.warnings.add(
                    "empty-item",
                    Msg("空の箇条書きを読み飛ばしました", "an empty bullet was skipped"),
                    line.number,
                )
                continue
            self._brackets(body, line)
            statement = StatementItem(
                "text", body, body, bool(bullet), location=where, id=self.ids.make("st", body)
            )
            self.tree.add(current, statement)
        return document_title

    def _brackets(self, body: str, line: Line) -> None:
        lonely = unbalanced_brackets(body)
        if not lonely:
            return
        position, char = lonely[0]
        before = body[:position]
        line_number = line.number + before.count("\n")
        if "\n" in before:
            column = position - before.rfind("\n")
        else:
            column = line.text.find(body.split("\n", 1)[0]) + position + 1
        self.warnings.add(
            "bracket",
            Msg(
                f"括弧「{char}」の対応がとれません。本文はそのまま取り込みました",
                f"the bracket '{char}' has no partner; the text is kept as written",
            ),
            line_number,
            column,
        )

    def _node(self, heading: _Heading, rank: int, current: Node | None) -> Node:
        parent = self.tree.open_parent(current, rank)
        expected = parent.rank + 1 if parent is not None else 0
        where = self.warnings.locate(heading.line)
        if expected < rank:
            self.warnings.add(
                "level-skipped",
                Msg(
                    f"見出しの階層が{rank - expected}段飛んでいるため、題名のない階層を補いました",
                    f"{rank - expected} heading level(s) skipped; untitled levels were added",
                ),
                heading.line,
                hint=Msg(
                    "見出しの種類は現れた順に柱・分野・施策…の階層になります(docs/import.md)。",
                    "heading styles become levels in the order they first appear (docs/import.md).",
                ),
            )
        while expected < rank:
            parent = self.tree.attach(Node(expected, Heading("", "", ""), location=where), parent)
            expected += 1
        node = Node(rank, split_heading(heading.title), location=where)
        return self.tree.attach(node, parent)


def import_plain(
    text: str,
    *,
    path: Path | None = None,
    origins: Sequence[Location] | None = None,
    title: str | None = None,
    meeting: int | None = None,
    date: _dt.date | str | None = None,
    stage: str = "",
) -> PlainImport:
    """Import a plain plan from ``text`` (``path`` is used in messages and as a last-resort title).

    The plan's title is ``title``, else a single leading ``#`` heading, else the file's name.
    ``origins`` (one location per line, for text made from another document) locates findings
    and errors there, as for :func:`planrev.importers.marked.import_marked`. Raises
    :class:`planrev.errors.LoadError` when there is nothing to import; everything else uncertain
    is a warning.
    """
    lines = split_lines(text)
    if origins is not None and len(origins) != len(lines):
        raise ValueError(f"{len(origins)} origins given for {len(lines)} lines of text")
    warnings = Findings(path, origins)
    if not any(line.text.strip(" \t\u3000") for line in lines):
        raise warnings.error(
            1,
            1,
            Msg("取り込む内容がありません(空のファイルです)", "there is nothing to import"),
            Msg(
                "計画の本文をテキストまたは Markdown にしたものを指定してください。",
                "pass the plan converted to text or Markdown.",
            ),
        )
    reader = _Reader(lines, warnings)
    document_title = reader.read(title)
    chosen = title if title is not None else document_title
    if chosen is None:
        chosen = path.stem if path is not None else "計画"
        warnings.add(
            "title",
            Msg(
                f"計画の名称が分からないため「{chosen}」としました",
                f"the plan's name is not given; '{chosen}' is used",
            ),
            1,
            hint=Msg(
                "--title で名称を指定するか、先頭に「# 計画の名称」と書いてください。",
                "give the name with --title, or start the file with '# <name>'.",
            ),
        )
    parsed_date = None
    if isinstance(date, str):
        try:
            parsed_date = parse_date(date)
        except EraDateError as exc:
            raise warnings.error(
                1,
                1,
                exc.message,
                Msg("R5.7.26 や 2023-07-26 のように書いてください。", "write e.g. R5.7.26."),
            ) from exc
    else:
        parsed_date = date
    for node in reader.tree.walk():
        node.id = reader.ids.make({0: "p", 1: "f"}.get(node.rank, "s"), node.heading.key)
    plan = reader.tree.plan(PlanMeta(title=chosen, meeting=meeting, date=parsed_date, stage=stage))
    return PlainImport(plan, warnings.sorted())


def read_plain(
    path: Path | str,
    *,
    title: str | None = None,
    meeting: int | None = None,
    date: _dt.date | str | None = None,
    stage: str = "",
) -> PlainImport:
    """Read and import the plain plan at ``path`` (UTF-8 text or Markdown)."""
    path = Path(path)
    return import_plain(
        _bounded(read_text(path), path),
        path=path,
        title=title,
        meeting=meeting,
        date=date,
        stage=stage,
    )


def _bounded(text: str, path: Path) -> str:
    """Return ``text`` once it is known to hold no more lines than an import may."""
    check_import_lines(text, path)
    return text
