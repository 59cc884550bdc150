"""Import a plan written as plain text or Markdown: headings, labels, KPI tables, no edit marks.

How most existing plans exist after a PDF or Word conversion, and how a drafter writes the next
draft. What is recognised (the user guide, docs/import.md, lists it in Japanese):

- headings: the styles of Japanese plans — ``第1部``, ``第1章``, ``第1節``, ``\u2160``, ``一、``,
  ``1``/``1.``, ``1-1``, ``（1）``/``(1)``, ``①``, ``ア``, ``（ア）``, ``(a)`` — and Markdown's ``#``
  to ``######``. The distinct styles, in the order they first appear, are the levels: the first
  is the pillar, the second the field, the third the section, deeper ones nested sections. A
  single leading ``#`` heading is the plan's title. The number is kept apart from the title
  (:attr:`planrev.model.Section.number`), so a renumbering is not a change of wording;
- labels: a line such as ``めざす姿``, ``【取組】``, ``■主な取組``, ``**現状と課題**`` or an
  un-numbered Markdown heading ``#### めざす姿`` gives the kind of the statements after it, up to
  the next label or heading (:data:`planrev.importers.tree.LABELS`); a line that looks like a
  label but is not one of them (``■重点事項``, ``＜主な事業＞``) is reported and kept as text;
- statements: paragraphs and bullets (``・``, ``-``, ``*``), of the kind of the label before them
  (``text`` without one);
- KPI tables: a Markdown table or a tab-separated block whose header row names an indicator
  column (``KPI``, ``指標``) and a baseline and a target (``現状値``/``基準値``, ``目標値``, or years:
  ``2023``, ``R5``, ``令和10年度``); a line ``KPI`` or ``成果指標`` just before it is its caption;
- footnotes (``※1``, ``(注1)``, ``注1``, ``[^1]:``) and ``※`` notes, editorial notes (a line
  that is one 【…】, such as 【体系図を追加】);
- ``（略）``/``（省略）`` under a heading: the part is outside an excerpt (``omitted``).

Everything else is kept verbatim as text and, when it is Markdown the importer does not read (a
table that is not a KPI table, code, HTML, an image, a quotation), reported with its line.

Japanese-style heading lines are headings only when short (at most 60 characters) and without 「。」;
a longer numbered line, or one with a sentence in it, is a numbered paragraph. The items of a
statute's article (``一　…``, ``イ　…`` after ``第十九条　…``) are text of the article, not headings
(:func:`planrev.importers.tree.article_items`).
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
from planrev.importers.kpi import kpi_columns
from planrev.importers.tree import (
    HEADING_STYLES,
    FootnoteItem,
    Heading,
    KpiItem,
    KpiRowItem,
    Node,
    NoteItem,
    PlanTree,
    StatementItem,
    StatementKind,
    article_items,
    heading_style,
    is_omission,
    label_kind,
    label_like,
    split_heading,
)
from planrev.model import Plan, PlanMeta
from planrev.storage.documents import read_text
from planrev.storage.files import check_import_lines

__all__ = ["HEADING_STYLES", "PlainImport", "heading_style", "import_plain", "read_plain"]

_TRIM = " \t\u3000"
_RULE = re.compile(r"^ {0,3}(?:[-*_][ \t]*){3,}$")
_NOTE = re.compile(r"^【(?P<text>[^【】]+)】$")
_REMARK = re.compile(r"^(?P<mark>※)(?![0-9\uff10-\uff19])[ \t\u3000]*(?P<text>\S.*)$")
"""A ※ note without a number: ``※数値は速報値``."""
_TABLE_ROW = re.compile(r"^ {0,3}\|")
_TABLE_RULE = re.compile(r"^:?-{1,}:?$")
_CAPTIONS = frozenset({"KPI", "\uff2b\uff30\uff29", "成果指標", "数値目標", "指標"})
_CAPTION_TRIM = "【】[]［］<>＜＞〈〉《》■□●○◆◇◎:：*＊ \u3000\t"
_UNREAD: tuple[tuple[re.Pattern[str], Msg], ...] = (
    (re.compile(r"^ {0,3}(?:```|~~~)"), Msg("コードブロック", "a code block")),
    (re.compile(r"^ {0,3}<[A-Za-z/!]"), Msg("HTML", "HTML")),
    (re.compile(r"^ {0,3}!\["), Msg("画像", "an image")),
    (re.compile(r"^ {0,3}>"), Msg("引用", "a quotation")),
)
"""Markdown the importer does not read: kept as text, and reported."""


@dataclass(frozen=True, slots=True)
class PlainImport:
    """The draft read from a plain plan, and what was uncertain."""

    plan: Plan
    """The draft; a statement's kind is the one its label gives (``text`` without a label)."""
    warnings: tuple[Finding, ...]
    """What could not be read with certainty, in input order."""


@dataclass(eq=False)
class _Heading:
    line: int
    style: str
    title: str


def _cells(text: str) -> list[str]:
    """Return the cells of a Markdown table row ``| a | b |`` (outer bars optional)."""
    inner = text.strip(_TRIM)
    inner = inner.removeprefix("|")
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [cell.strip(_TRIM) for cell in re.split(r"(?<!\\)\|", inner)]


def _caption(text: str) -> str | None:
    """Return a KPI table's caption line's text (``KPI``, ``■成果指標``), or None."""
    stripped = text.strip(_CAPTION_TRIM)
    return stripped if stripped in _CAPTIONS else None


class _Reader:
    def __init__(self, lines: list[Line], warnings: Findings) -> None:
        self.lines = lines
        self.warnings = warnings
        self.ids = IdMaker()
        self.tree = PlanTree()
        self.current: Node | None = None
        self.kind: StatementKind = "text"
        """The kind the last label gave (a heading resets it)."""
        self.caption: tuple[str, int] | None = None
        """A KPI caption waiting for its table, and its line."""
        self.stated_omitted: set[int] = set()
        """The nodes a （略） line says are outside an excerpt."""
        self.headings: dict[int, _Heading] = {}

    def heading(self, line: Line) -> _Heading | None:
        text = strip_break(line.text)
        markdown = HEADING.match(text)
        if markdown:
            title = markdown["title"] or ""
            if label_kind(title) is not None and not split_heading(title).number:
                return None  # ``#### めざす姿``: a label, not a part of the plan
            return _Heading(line.number, f"#{len(markdown['marks'])}", title)
        style = heading_style(text)
        if style is None:
            return None
        return _Heading(line.number, style, text.lstrip(_TRIM))

    def read(self, title: str | None) -> str | None:
        """Read the lines into :attr:`tree`; return the plan's title if a leading ``#`` gives it."""
        items = article_items([strip_break(line.text) for line in self.lines])
        self.headings = {
            line.number: h
            for index, line in enumerate(self.lines)
            if index not in items and (h := self.heading(line))
        }
        document_title, skip = self._document_title(title)
        styles: list[str] = []
        for heading in self.headings.values():
            if heading.style not in styles:
                styles.append(heading.style)
        index = 0
        while index < len(self.lines):
            line = self.lines[index]
            index += 1
            text = strip_break(line.text)
            if not text.strip(_TRIM) or line.number == skip:
                continue
            found = self.headings.get(line.number)
            if found is not None:
                self._caption_unused()
                self.current = self._node(found, styles.index(found.style), self.current)
                self.kind = label_kind(self.current.heading.key) or "text"
                continue
            if _RULE.match(text):
                continue
            if _TABLE_ROW.match(text):
                index = self._markdown_table(index - 1)
                continue
            if "\t" in text and kpi_columns(text.strip(_TRIM).split("\t")) is not None:
                index = self._tab_table(index - 1)
                continue
            self._caption_unused()
            if self._single_line(line, text):
                continue
            index = self._paragraph(index - 1)
        self._caption_unused()
        self.tree.mark_omitted(self.stated_omitted)
        return document_title

    def _document_title(self, title: str | None) -> tuple[str | None, int]:
        """Take a single leading ``#`` heading as the plan's title: return it and its line."""
        ordered = list(self.headings.values())
        if not ordered or ordered[0].style != "#1" or sum(h.style == "#1" for h in ordered) != 1:
            return None, 0
        first = ordered[0]
        if any(line.number < first.line and line.text.strip(_TRIM) for line in self.lines):
            return None, 0
        del self.headings[first.line]
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
        return first.title, first.line

    def _single_line(self, line: Line, text: str) -> bool:
        """Read a line that stands alone (label, caption, （略）, note); return whether it was one."""
        stripped = text.strip(_TRIM)
        where = self.warnings.locate(line.number)
        kind = label_kind(stripped)
        if kind is not None:
            self.kind = kind
            return True
        caption = _caption(stripped)
        if caption is not None:
            self.caption = (caption, line.number)
            return True
        if is_omission(stripped):
            if self.current is None:
                self.warnings.add(
                    "omission-outside",
                    Msg(
                        f"「{stripped}」が見出しの前にあるため、本文として取り込みました",
                        f"'{stripped}' comes before any heading and is kept as text",
                    ),
                    line.number,
                )
                return False
            self.stated_omitted.add(id(self.current))
            return True
        note = _NOTE.match(stripped)
        if note:
            self.tree.add(
                self.current, NoteItem(note["text"], where, self.ids.make("n", note["text"]))
            )
            return True
        if label_like(stripped):
            self.kind = "text"  # what follows an unknown label is not guessed
            self.warnings.add(
                "unknown-label",
                Msg(
                    f"「{stripped}」は見出し語(めざす姿、取組 など)に見えますが、知らない見出し語です。"
                    "この行と続く記述を本文として取り込みました",
                    f"'{stripped}' looks like a label (めざす姿, 取組 …) but is not a known one; "
                    "it and the statements after it are kept as text",
                ),
                line.number,
                hint=Msg(
                    "取り込める見出し語は docs/import.md にあります。記述の種類は取り込み後に直せます。",
                    "docs/import.md lists the labels read; kinds can be corrected after import.",
                ),
            )
        for pattern, what in _UNREAD:
            if pattern.match(text):
                self.warnings.add(
                    "unread-markdown",
                    Msg(
                        f"{what.ja}は読み取らず、本文としてそのまま取り込みました",
                        f"{what.en} is not read; it is kept as text",
                    ),
                    line.number,
                )
                break
        return False

    def _breaks(self, line: Line) -> bool:
        """Return whether ``line`` ends the paragraph before it."""
        text = strip_break(line.text)
        stripped = text.strip(_TRIM)
        return (
            not stripped
            or line.number in self.headings
            or BULLET.match(text) is not None
            or FOOTNOTE.match(text) is not None
            or _REMARK.match(stripped) is not None
            or _RULE.match(text) is not None
            or _TABLE_ROW.match(text) is not None
            or _NOTE.match(stripped) is not None
            or label_kind(stripped) is not None
            or is_omission(stripped)
            or ("\t" in stripped and kpi_columns(stripped.split("\t")) is not None)
        )

    def _paragraph(self, index: int) -> int:
        """Read a footnote, bullet or paragraph with its continuation lines; return the next index."""
        line = self.lines[index]
        text = strip_break(line.text)
        where = self.warnings.locate(line.number)
        footnote = FOOTNOTE.match(text) or _REMARK.match(text.strip(_TRIM))
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
        index += 1
        while index < len(self.lines) and not self._breaks(self.lines[index]):
            parts.append(strip_break(self.lines[index].text))
            index += 1
        body = "\n".join(parts)
        if footnote:
            footnote_id = self.ids.make("fn", footnote["mark"] + "\x1f" + body)
            self.tree.add(self.current, FootnoteItem(footnote["mark"], body, where, footnote_id))
            return index
        if not body.strip(" \t\u3000\n"):
            self.warnings.add(
                "empty-item",
                Msg("空の箇条書きを読み飛ばしました", "an empty bullet was skipped"),
                line.number,
            )
            return index
        self._brackets(body, line)
        statement = StatementItem(
            self.kind, body, body, bool(bullet), location=where, id=self.ids.make("st", body)
        )
        self.tree.add(self.current, statement)
        return index

    # -- KPI tables

    def _caption_unused(self) -> None:
        if self.caption is None:
            return
        caption, line = self.caption
        self.caption = None
        self.warnings.add(
            "kpi-caption",
            Msg(
                f"「{caption}」の後に KPI 表(見出し行が「指標 | 現状値 | 目標値」や「KPI | 2023 | 2028」)"
                "がないため、読み飛ばしました",
                f"'{caption}' is not followed by a KPI table (header like '指標 | 現状値 | 目標値' "
                "or 'KPI | 2023 | 2028'); it was skipped",
            ),
            line,
        )

    def _markdown_table(self, index: int) -> int:
        """Read a Markdown table from ``index``; return the index after it."""
        rows: list[tuple[int, list[str]]] = []
        while index < len(self.lines) and _TABLE_ROW.match(strip_break(self.lines[index].text)):
            line = self.lines[index]
            cells = _cells(strip_break(line.text))
            if not all(
                _TABLE_RULE.match(cell.replace(" ", "")) for cell in cells if cell
            ) or not any(cells):
                rows.append((line.number, cells))
            index += 1
        self._table(rows)
        return index

    def _tab_table(self, index: int) -> int:
        """Read a tab-separated KPI block from ``index``; return the index after it."""
        rows: list[tuple[int, list[str]]] = []
        while index < len(self.lines):
            line = self.lines[index]
            text = strip_break(line.text)
            if "\t" not in text or not text.strip(_TRIM):
                break
            rows.append(
                (line.number, [cell.strip(_TRIM) for cell in text.strip(_TRIM).split("\t")])
            )
            index += 1
        self._table(rows)
        return index

    def _table(self, rows: list[tuple[int, list[str]]]) -> None:
        """Add ``rows`` (header first) as a KPI table, or report them when they are not one."""
        caption = self.caption
        self.caption = None
        if not rows:
            return
        first_line, header = rows[0]
        columns = kpi_columns(header)
        if columns is None:
            self.warnings.add(
                "table-skipped",
                Msg(
                    f"表({len(rows)}行)は KPI 表(見出し行が「指標 | 現状値 | 目標値」や"
                    "「KPI | 2023 | 2028」)ではないため取り込みません",
                    f"the table ({len(rows)} rows) is not a KPI table (header like "
                    "'指標 | 現状値 | 目標値' or 'KPI | 2023 | 2028') and is not imported",
                ),
                first_line,
                hint=Msg(
                    "表の内容を計画に入れるなら、段落か箇条書きにしてください。",
                    "to keep its content, write it as paragraphs or bullets.",
                ),
            )
            return
        if columns.ignored:
            shown = ", ".join(header[c] or str(c + 1) for c in columns.ignored)
            self.warnings.add(
                "kpi-columns",
                Msg(
                    f"KPI 表の列「{shown}」は基準値・目標値・単位のどれでもないため取り込みません",
                    f"KPI table columns '{shown}' are neither baseline, target nor unit and are "
                    "not imported",
                ),
                first_line,
            )
        table = KpiItem(
            caption[0] if caption is not None else "KPI",
            (columns.baseline_year, columns.target_year),
            location=self.warnings.locate(first_line),
        )

        def cell(cells: list[str], position: int | None) -> str | None:
            if position is None or position >= len(cells) or not cells[position]:
                return None
            return cells[position]

        for line, cells in rows[1:]:
            if not any(cells):
                continue
            if len(cells) > len(header):
                self.warnings.add(
                    "kpi-row-cells",
                    Msg(
                        f"KPI 表の行の列が見出し行より多いため、{len(header)}列目より後を取り込みません",
                        f"a KPI row has more cells than its header; cells after column "
                        f"{len(header)} are not imported",
                    ),
                    line,
                )
            table.rows.append(
                KpiRowItem(
                    cells[0],
                    cell(cells, columns.baseline),
                    cell(cells, columns.target),
                    cell(cells, columns.unit),
                    location=self.warnings.locate(line),
                )
            )
        self.tree.add(self.current, table)

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

    def assign_ids(self) -> None:
        """Give the nodes and KPI tables their ids (statements have theirs)."""
        for node in self.tree.walk():
            node.id = self.ids.make({0: "p", 1: "f"}.get(node.rank, "s"), node.heading.key)
            for block in node.blocks:
                if isinstance(block, KpiItem):
                    block.id = self.ids.exact(f"{node.id}-kpi")
        for block in self.tree.blocks:
            if isinstance(block, KpiItem):
                block.id = self.ids.exact("kpi")
        for node_or_plan in (None, *self.tree.walk()):
            blocks = self.tree.blocks if node_or_plan is None else node_or_plan.blocks
            for block in blocks:
                if isinstance(block, KpiItem):
                    for row in block.rows:
                        row.id = self.ids.make("kr", row.indicator)


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
    reader.assign_ids()
    provisional = chosen.startswith(("(仮称)", "（仮称）"))
    if provisional:
        chosen = chosen[4:].lstrip(_TRIM) or chosen
    meta = PlanMeta(
        title=chosen, provisional=provisional, meeting=meeting, date=parsed_date, stage=stage
    )
    plan = reader.tree.plan(meta)
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
