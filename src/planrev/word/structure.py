"""Import a Word document with tracked changes: an old draft, a new draft and a revision record.

Two steps, both public:

1. :func:`~planrev.word.paragraphs.read_word` reads a .docx into the paragraph model
   (:class:`~planrev.word.document.WordDocument`);
2. :func:`import_word` turns that into plan structure — headings become pillars, fields and
   (nested) sections, paragraphs and list items become statements, Word tables whose header row
   reads like ``KPI | 2023 | 2028`` become KPI tables — built twice on the importers' shared
   tree (:mod:`planrev.importers.tree`): the old draft (deletions kept, insertions removed: what
   "reject all changes" gives) and the new draft (insertions kept, deletions removed: "accept
   all"). A :class:`~planrev.model.Revision` holds one change per changed statement, heading or
   KPI row. Word comments are kept as *candidates* for opinion links, never linked by themselves.

Ids (deterministic: the same file always gives the same ids)
-----------------------------------------------------------

Paragraphs are numbered 1, 2, 3 … in document order, table cells included (the numbers the
import report uses). Then:

- a statement or heading: ``w-p<N>``, N the number of its first paragraph with text (a paragraph
  split or joined by tracked paragraph marks keeps the number of its first part); when the
  paragraph holds a bookmark named ``_pr_…`` carrying a planrev id (see
  :func:`planrev.word.ooxml.encode_bookmark_id`; a DOCX written by planrev has them), that id;
- a KPI table: ``w-t<K>``, K counting the document's tables from 1; a KPI row: ``w-t<K>-r<R>``,
  R the row's number in the Word table (the header is row 1); when the first cell of the header
  (of the row) holds a ``_pr_…`` bookmark, the id it carries (planrev writes them);
- a parent the document lacks (a field heading before any pillar heading):
  ``w-implicit-pillar-<n>`` / ``w-implicit-field-<n>``;
- a change: ``c-<target id>`` (one change per node);
- an opinion candidate from a comment: ``w-comment-<Word's comment id>``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from planrev.diagnostics import Level
from planrev.errors import ImportWarningError, Location
from planrev.i18n import Msg
from planrev.importers.base import FOOTNOTE
from planrev.importers.kpi import KpiColumns, kpi_columns
from planrev.importers.tree import (
    FootnoteItem,
    Heading,
    KpiItem,
    KpiRowItem,
    Node,
    NoteItem,
    PlanTree,
    StatementItem,
    StatementKind,
    heading_style,
    is_omission,
    label_kind,
    label_like,
    split_heading,
)
from planrev.model import Channel, Disposition, Opinion, OpinionSet, Plan, PlanMeta, Revision
from planrev.word.changes import (
    apply_comment_labels,
    candidates,
    fold_whole_nodes,
    record_changes,
)
from planrev.word.document import WordDocument, WordFootnote, WordParagraph, WordRow
from planrev.word.ooxml import decode_bookmark_id
from planrev.word.opening import DocxLimits
from planrev.word.package import NOTE_STYLE
from planrev.word.paragraphs import read_word
from planrev.word.report import Collector, CommentCandidate, ImportReport, build_report
from planrev.word.tables import kpi_table, kpi_warnings
from planrev.word.units import (
    WHICH,
    Placed,
    TableItem,
    Unit,
    UnitItem,
    Which,
    place,
    prepare,
    units_of,
)

__all__ = ["WordImport", "import_word"]

_KIND_WORDS: dict[StatementKind, Msg] = {
    "vision": Msg("めざす姿", "vision"),
    "initiative": Msg("取組", "initiative"),
    "text": Msg("本文", "text"),
    "challenge": Msg("現状と課題", "present state and problems"),
    "direction": Msg("施策の方向性", "policy direction"),
}
_NUMBER = r"(?:[①-⑳㉑-㉟㊱-㊿]|\(\d+\)|[0-9\uff10-\uff19]+)"
"""A change label's number: ①–⑳, ㉑–㉟, ㊱–㊿, then (51) … (see planrev.comparison.circled)."""
_MARKER = re.compile(rf"【(?:追加|修正|削除|分割|統合|移動){_NUMBER}?】")
_NOTE = re.compile(r"^【(?P<text>[^【】]+)】$")
_REMARK = re.compile(r"^(?P<mark>※)(?![0-9\uff10-\uff19])[ \t\u3000]*(?P<text>\S.*)$")
"""A ※ note without a number: ``※数値は速報値``."""
_OPINION_TABLE_STYLE = "planrevOpinions"
"""The table style of the opinion boxes planrev writes (see :mod:`planrev.word.writer`)."""


@dataclass(frozen=True, slots=True)
class WordImport:
    """The result of importing a Word document: two drafts, a revision and a report."""

    old: Plan
    """The draft before the tracked changes (all deletions kept, insertions removed)."""
    new: Plan
    """The draft after them (insertions kept, deletions removed)."""
    revision: Revision
    """One change per changed statement, heading or KPI row; no opinion links."""
    candidates: tuple[CommentCandidate, ...]
    """Word comments as opinion candidates, for the user to confirm."""
    report: ImportReport
    """Counts, authors, dates and warnings."""
    document: WordDocument
    """The paragraph model the drafts were made from."""

    def opinion_candidates(self) -> OpinionSet:
        """Return the comments as opinions of the new meeting, each with disposition 未定.

        Nothing links them to changes: :attr:`candidates` says which changes each comment is
        anchored on, for the user to confirm and write into the revision by hand.
        """
        return OpinionSet(
            meeting=self.revision.new,
            opinions=tuple(
                Opinion(
                    id=candidate.opinion_id,
                    text=candidate.comment.text,
                    channel=Channel.WRITTEN,
                    speaker=candidate.comment.author or None,
                    scope=candidate.scope,
                    disposition=Disposition.UNDECIDED,
                )
                for candidate in self.candidates
            ),
        )


def _assign_ids(items: Sequence[UnitItem], report: Collector) -> None:
    """Give each unit its id: ``w-p<N>``, or the planrev id its bookmark carries."""
    used: set[str] = set()
    generated = {f"w-p{item.key}" for item in items if isinstance(item, Unit)}
    for item in items:
        if not isinstance(item, Unit):
            continue
        chosen = f"w-p{item.key}"
        sides = [side for side in (item.old, item.new) if side is not None]
        for side in sides:
            for name in side.source.paragraph.bookmarks:
                decoded = decode_bookmark_id(name)
                if decoded is None:
                    continue
                if decoded in used or (decoded in generated and decoded != chosen):
                    report.warn(
                        "bookmark-id",
                        Msg(
                            f"しおりの id '{decoded}' は重複するため使いません",
                            f"the bookmark id '{decoded}' is a duplicate and is not used",
                        ),
                        side.source.paragraph,
                    )
                    continue
                chosen = decoded
                break
            else:
                continue
            break
        if chosen in used:  # never expected (keys are unique); keep ids unique regardless
            suffix = 2
            while f"{chosen}-{suffix}" in used:
                suffix += 1
            chosen = f"{chosen}-{suffix}"
        used.add(chosen)
        item.id = chosen
    for item in items:
        if isinstance(item, TableItem):
            _assign_table_ids(item, used, report)


def _assign_table_ids(item: TableItem, used: set[str], report: Collector) -> None:
    """Give a table its id and each row its id: ``w-t<K>`` and ``w-t<K>-r<R>``, or the planrev
    ids the bookmarks in their first cells carry (a KPI table planrev wrote has them)."""
    table = item.table

    def carried(row: WordRow, fallback: str) -> str:
        paragraphs = row.cells[0] if row.cells else ()
        for paragraph in paragraphs:
            for name in paragraph.bookmarks:
                decoded = decode_bookmark_id(name)
                if decoded is None:
                    continue
                if decoded in used:
                    report.warn(
                        "bookmark-id",
                        Msg(
                            f"しおりの id '{decoded}' は重複するため使いません",
                            f"the bookmark id '{decoded}' is a duplicate and is not used",
                        ),
                        paragraph,
                    )
                    continue
                used.add(decoded)
                return decoded
        return fallback

    generated = f"w-t{table.number}"
    header = table.rows[0] if table.rows else None
    item.id = carried(header, generated) if header is not None else generated
    for row in table.rows[1:]:
        item.row_ids[row.number] = carried(row, f"{generated}-r{row.number}")


class _Draft:
    """One draft's tree, built from headings, labels and statements in document order."""

    def __init__(self, base_level: int, report: Collector) -> None:
        self.base = base_level
        self.report = report
        self.source = report.source
        self.tree = PlanTree()
        self.current: Node | None = None
        """The node the next statement goes into (None: the plan itself)."""
        self.kind: StatementKind = "text"
        """The kind the last label gave (a heading resets it)."""
        self.implicit = Counter[str]()
        self.stated_omitted: set[int] = set()
        self.tab_table: tuple[KpiItem, KpiColumns] | None = None
        """The tab-separated KPI table being read (its rows are the paragraphs that follow)."""
        """The nodes a （略） paragraph says are outside an excerpt."""

    def _implicit(self, rank: int, parent: Node | None, paragraph: WordParagraph) -> Node:
        kind = "pillar" if rank == 0 else "field"
        self.implicit[kind] += 1
        node = Node(rank, Heading("", "", ""), id=f"w-implicit-{kind}-{self.implicit[kind]}")
        what = Msg("柱", "pillar") if rank == 0 else Msg("分野", "field")
        self.report.warn(
            "implicit-parent",
            Msg(
                f"上位の見出しがないため、題名のない{what.ja}({node.id})を補いました",
                f"no higher heading: an untitled {what.en} ({node.id}) was added",
            ),
            paragraph,
        )
        return self.tree.attach(node, parent)

    def heading(self, node_id: str, placed: Placed) -> None:
        """Open a heading: a pillar at the top level, a field below, sections deeper.

        A missing pillar or field is supplied untitled; a skipped section level is not: the
        heading goes under the nearest section (with a warning).
        """
        self.kind = "text"
        self.tab_table = None
        rank = max((placed.level or 1) - self.base, 0)
        parent = self.tree.open_parent(self.current, rank)
        expected = parent.rank + 1 if parent is not None else 0
        while expected < rank:
            if expected > 1:
                self.report.warn(
                    "level-skip",
                    Msg(
                        "見出しの階層が飛んでいます。一つ上の見出しの下に置きます",
                        "a heading level is skipped; the heading is placed under the nearest one",
                    ),
                    placed.paragraph,
                )
                rank = expected
                break
            parent = self._implicit(expected, parent, placed.paragraph)
            expected += 1
        node = Node(rank, split_heading(placed.text), location=self._where(placed), id=node_id)
        self.current = self.tree.attach(node, parent)
        self.kind = label_kind(node.heading.key) or "text"

    def _where(self, placed: Placed) -> Location:
        return Location(self.source, paragraph=placed.paragraph.number)

    def footnote(self, footnote: WordFootnote) -> None:
        """Add a footnote made with Word's footnote tool after the paragraph referring to it."""
        where = Location(self.source, paragraph=footnote.paragraph)
        item = FootnoteItem(footnote.mark, footnote.text, where, id=f"w-fn{footnote.mark}")
        self.tree.add(self.current, item)

    def end_block(self) -> None:
        """Close a tab-separated KPI table (a heading, label or Word table follows)."""
        self.tab_table = None

    def _tab_row(self, node_id: str, placed: Placed, stripped: str) -> bool:
        """Read a paragraph of a tab-separated KPI table (``指標⇥現状値⇥目標値``, then one
        paragraph per indicator); return whether it was one."""
        if "\t" not in stripped:
            self.tab_table = None
            return False
        cells = [cell.strip(" \u3000") for cell in stripped.split("\t")]
        if self.tab_table is not None:
            table, read = self.tab_table

            def cell(position: int | None) -> str | None:
                if position is None or position >= len(cells) or not cells[position]:
                    return None
                return cells[position]

            row = KpiRowItem(
                cells[0],
                cell(read.baseline),
                cell(read.target),
                cell(read.unit),
                location=self._where(placed),
                id=f"{node_id}-row",
            )
            table.rows.append(row)
            return True
        columns = kpi_columns(cells)
        if columns is None:
            return False
        table = KpiItem(
            "KPI",
            (columns.baseline_year, columns.target_year),
            location=self._where(placed),
            id=f"{node_id}-kpi",
        )
        self.tree.add(self.current, table)
        self.tab_table = (table, columns)
        return True

    def statement(self, node_id: str, placed: Placed) -> None:
        """Add a statement of the current kind to the current node; a paragraph that is a note
        (【体系図を追加】), a footnote (※1 …, ※ …) or a （略） becomes that instead."""
        stripped = placed.text.strip(" \t\u3000")
        if self._tab_row(node_id, placed, stripped):
            return
        if placed.paragraph.style_id == NOTE_STYLE and not FOOTNOTE.match(stripped):
            # planrev's own note paragraph: its brackets are decoration, not text
            self.tree.add(self.current, NoteItem(placed.text, self._where(placed), id=node_id))
            return
        if not placed.bullet:
            note = _NOTE.match(stripped)
            if note is not None and not _MARKER.fullmatch(stripped):
                self.tree.add(self.current, NoteItem(note["text"], self._where(placed), id=node_id))
                return
            footnote = FOOTNOTE.match(stripped) or _REMARK.match(stripped)
            if footnote is not None:
                item = FootnoteItem(
                    footnote["mark"], footnote["text"], self._where(placed), id=node_id
                )
                self.tree.add(self.current, item)
                return
            if is_omission(stripped) and self.current is not None:
                self.stated_omitted.add(id(self.current))
                return
            if label_like(stripped):
                self.kind = "text"  # what follows an unknown label is not guessed
                self.report.warn(
                    "unknown-label",
                    Msg(
                        f"「{stripped}」は見出し語(めざす姿、取組 など)に見えますが、知らない見出し語です。"
                        "この段落と続く記述を本文として取り込みました",
                        f"'{stripped}' looks like a label (めざす姿, 取組 …) but is not a known "
                        "one; it and the statements after it are kept as text",
                    ),
                    placed.paragraph,
                )
        statement = StatementItem(
            self.kind,
            placed.text,
            placed.text,
            placed.bullet,
            location=self._where(placed),
            id=node_id,
        )
        self.tree.add(self.current, statement)


def import_word(
    source: Path | str | bytes | WordDocument,
    *,
    old_meeting: int = 1,
    new_meeting: int | None = None,
    title: str | None = None,
    old_date: _dt.date | None = None,
    new_date: _dt.date | None = None,
    numbered_lists: Literal["statements", "headings"] = "statements",
    strict: bool = False,
    limits: DocxLimits | None = None,
) -> WordImport:
    """Import a Word document with tracked changes as an old draft, a new draft and a revision.

    ``old_meeting`` / ``new_meeting`` (default ``old_meeting + 1``) are the meeting numbers of
    the two drafts; ``title`` overrides the plan's name (default: the document's Title
    paragraph, then its properties' title, then the file name); ``numbered_lists="headings"``
    reads numbered (not bulleted) list items as headings of their level, for documents that
    number their chapters with a list instead of heading styles. With ``strict``, any warning
    raises :class:`~planrev.errors.ImportWarningError` instead of being reported. ``limits``
    raises the size limits a document must stay within (see :class:`DocxLimits`). ``source``
    may also be a document :func:`read_word` has read (without ``formatting``).
    """
    document = source if isinstance(source, WordDocument) else read_word(source, limits=limits)
    new_meeting = old_meeting + 1 if new_meeting is None else new_meeting
    report = Collector(document.source)
    items = units_of(document, report)
    _assign_ids(items, report)
    numbered_headings = numbered_lists == "headings"

    placements: dict[int, tuple[Placed | None, Placed | None]] = {}
    levels: list[int] = []
    for position, item in enumerate(items):
        if isinstance(item, Unit):
            old = place(item.old, numbered_headings) if item.old else None
            new = place(item.new, numbered_headings) if item.new else None
            placements[position] = (old, new)
            levels.extend(p.level for p in (old, new) if p is not None and p.level is not None)
    if not levels:
        levels = _typed_headings(placements, report)
    else:
        _numbered_statements(placements, report)
    base = _base_level(levels, report)
    drafts = {"old": _Draft(base, report), "new": _Draft(base, report)}
    titles: dict[str, str] = {}
    kpi_ids: set[str] = set()
    footnotes: dict[int, list[WordFootnote]] = {}
    for footnote in document.footnotes:
        footnotes.setdefault(footnote.paragraph, []).append(footnote)
    placed_footnotes: set[int] = set()
    for position, item in enumerate(items):
        if isinstance(item, TableItem):
            if _table(item, drafts, report):
                kpi_ids.add(item.id)
            continue
        for which, placed in zip(WHICH, placements[position], strict=True):
            if placed is not None:
                _paragraph(item.id, placed, drafts[which], which=which, titles=titles)
                for number in item.paragraphs:
                    for footnote in footnotes.get(number, ()):
                        drafts[which].footnote(footnote)
                        placed_footnotes.add(id(footnote))
    _unplaced_footnotes(document, placed_footnotes, report)

    for draft in drafts.values():
        draft.tree.mark_omitted(draft.stated_omitted)
    name = _name(document, title, titles, report)
    provisional = name.startswith(("(仮称)", "（仮称）"))
    plan_title = name[4:] if provisional else name
    old_plan = drafts["old"].tree.plan(
        PlanMeta(title=plan_title, provisional=provisional, meeting=old_meeting, date=old_date)
    )
    new_plan = drafts["new"].tree.plan(
        PlanMeta(title=plan_title, provisional=provisional, meeting=new_meeting, date=new_date)
    )

    changes, sources, node_of_paragraph = record_changes(
        items, placements, old_plan, new_plan, report
    )
    changes, sources, folded = fold_whole_nodes(changes, sources, old_plan, new_plan)
    found = candidates(
        document,
        changes=changes,
        folded=folded,
        node_of_paragraph=node_of_paragraph,
        old_plan=old_plan,
        new_plan=new_plan,
        report=report,
    )
    changes = apply_comment_labels(changes, found, report)
    revision = Revision(old=old_meeting, new=new_meeting, changes=tuple(changes))

    _paragraph_notes(document, report)
    warnings = (*document.warnings, *report.warnings)
    if strict:
        serious = [w for w in warnings if w.level is Level.WARNING]
        if serious:
            raise ImportWarningError(
                Msg(
                    f"取り込みで警告が{len(serious)}件ありました(厳格モード): {serious[0]}",
                    f"the import found {len(serious)} warnings (strict mode): {serious[0]}",
                ),
                hint=Msg(
                    "警告を確認し、文書を直すか、厳格モードを外して取り込んでください。",
                    "check the warnings; fix the document, or import without strict mode.",
                ),
            )
    import_report = build_report(
        document,
        revision=revision,
        sources=sources,
        candidates=found,
        warnings=warnings,
        kpi_tables=len(kpi_ids),
    )
    return WordImport(old_plan, new_plan, revision, found, import_report, document)


def _typed_headings(
    placements: dict[int, tuple[Placed | None, Placed | None]], report: Collector
) -> list[int]:
    """Read short paragraphs with a typed heading number (第1章, 1, （1）, ① …) as headings, for
    a document without heading styles; return the levels found (the styles in the order they
    first appear are levels 1, 2, 3 …)."""
    styles: list[str] = []
    found: list[tuple[int, int, str]] = []
    for position, pair in placements.items():
        for side, placed in enumerate(pair):
            if placed is None or placed.role != "statement" or placed.bullet:
                continue
            style = heading_style(placed.text)
            if style is None:
                continue
            if style not in styles:
                styles.append(style)
            found.append((position, side, style))
    for position, side, style in found:
        pair = placements[position]
        placed = pair[side]
        assert placed is not None
        heading = replace(placed, role="heading", level=styles.index(style) + 1)
        placements[position] = (heading, pair[1]) if side == 0 else (pair[0], heading)
    if styles:
        report.warn(
            "typed-headings",
            Msg(
                "見出しスタイルがないため、番号で始まる短い段落(" + "、".join(styles) + ")を、"
                "現れた順に柱・分野・施策の見出しとして読みました",
                "no heading styles: short paragraphs starting with a heading number ("
                + ", ".join(styles)
                + ") are read as pillar, field and section headings in the order they first appear",
            ),
            None,
            Level.INFO,
        )
    return [styles.index(style) + 1 for _, _, style in found]


def _numbered_statements(
    placements: dict[int, tuple[Placed | None, Placed | None]], report: Collector
) -> None:
    """Report the short paragraphs that start with a heading number (（1）, ① …) but are read as
    statements, because the document gives its headings with heading styles."""
    numbered = sorted(
        {
            placed.paragraph.number
            for pair in placements.values()
            for placed in pair
            if placed is not None
            and placed.role == "statement"
            and not placed.bullet
            and heading_style(placed.text) is not None
        }
    )
    if numbered:
        shown = ", ".join(str(n) for n in numbered[:10]) + ("…" if len(numbered) > 10 else "")
        report.warn(
            "numbered-statements",
            Msg(
                f"番号で始まる短い段落({len(numbered)}段落: {shown})は、見出しスタイルでないため記述として"
                "読みました。見出しなら Word で見出しスタイルを付けてください",
                f"short paragraphs starting with a heading number ({len(numbered)}: {shown}) have "
                "no heading style and were read as statements; give them a heading style in Word "
                "if they are headings",
            ),
            number=numbered[0],
        )


def _unplaced_footnotes(document: WordDocument, placed: set[int], report: Collector) -> None:
    """Report the footnotes referred to from a table cell (only body paragraphs hold them)."""
    for footnote in document.footnotes:
        if id(footnote) not in placed:
            report.warn(
                "footnote-skipped",
                Msg(
                    f"脚注{footnote.mark}は表の中から参照されているため取り込みません",
                    f"footnote {footnote.mark} is referred to from a table and is not imported",
                ),
                number=footnote.paragraph,
            )


def _base_level(levels: list[int], report: Collector) -> int:
    """Return the heading level read as pillars: the top one the document uses."""
    base = min(levels) if levels else 1
    if not levels:
        report.warn(
            "no-headings",
            Msg(
                "見出しがありません。すべての段落を計画直下の記述として取り込みます"
                "(見出しスタイルを使うか、番号付きの段落が見出しなら --numbered-as-headings を指定してください)",
                "no headings: every paragraph becomes a statement at the plan's top level (use "
                "heading styles, or --numbered-as-headings if numbered paragraphs are headings)",
            ),
            None,
        )
    elif base > 1:
        report.warn(
            "heading-base",
            Msg(
                f"最上位の見出しは見出し{base}です。見出し{base}を柱として読みます",
                f"the top heading level is {base}; level {base} headings are read as pillars",
            ),
            None,
            Level.INFO,
        )
    return base


def _table(item: TableItem, drafts: dict[str, _Draft], report: Collector) -> bool:
    """Add a KPI table to the drafts that have it; return whether it is one (else report it)."""
    table = item.table
    any_kpi = False
    for draft in drafts.values():
        draft.end_block()
    for which in WHICH:
        kpi = kpi_table(table, which, item.id, item.row_ids)
        if kpi is not None:
            drafts[which].tree.add(drafts[which].current, kpi)
            any_kpi = True
    if any_kpi:
        kpi_warnings(table, report)
    elif table.style_id == _OPINION_TABLE_STYLE:
        report.warn(
            "opinion-table",
            Msg(
                f"表{table.number}は planrev が書いた意見の表(★意見)です。取り込みません"
                "(意見と変更の対応はコメントにあります)",
                f"table {table.number} is an opinion box (★意見) written by planrev and is "
                "not imported (the comments say which opinion caused which change)",
            ),
            number=table.first_paragraph,
            level=Level.INFO,
        )
    else:
        report.warn(
            "table-skipped",
            Msg(
                f"表{table.number}は KPI 表(見出し行が「KPI | 2023 | 2028」や「指標 | 基準値 | "
                "目標値」)ではないため取り込みません",
                f"table {table.number} is not a KPI table (header like 'KPI | 2023 | 2028' "
                "or '指標 | 基準値 | 目標値') and is not imported",
            ),
            number=table.first_paragraph,
        )
    return any_kpi


def _paragraph(
    node_id: str, placed: Placed, draft: _Draft, *, which: Which, titles: dict[str, str]
) -> None:
    """Add one projection of a unit to its draft, by its role."""
    report = draft.report
    if placed.role == "title":
        if which in titles:
            draft.statement(node_id, replace(placed, role="statement"))
            report.warn(
                "second-title",
                Msg(
                    "二つ目の「表題」段落は記述として取り込みます",
                    "a second Title paragraph is imported as a statement",
                ),
                placed.paragraph,
            )
        else:
            titles[which] = placed.text
    elif placed.role == "heading":
        draft.heading(node_id, placed)
    elif placed.role == "label":
        kind: StatementKind = placed.label or "text"
        draft.kind = kind
        draft.end_block()
        report.warn(
            "label",
            Msg(
                f"「{placed.text}」を見出し語として読み、続く記述を{_KIND_WORDS[kind].ja}とします",
                f"'{placed.text}' is read as a label: the statements after it are "
                f"{_KIND_WORDS[kind].en} statements",
            ),
            placed.paragraph,
            Level.INFO,
        )
    else:
        draft.statement(node_id, placed)
        if _MARKER.search(placed.text):
            report.warn(
                "marker-in-text",
                Msg(
                    "本文に【追加】などのマーカーが文字として書かれています(そのまま取り込みます)",
                    "the text holds a marker such as 【追加】 as plain text (kept as is)",
                ),
                placed.paragraph,
            )


def _name(
    document: WordDocument, title: str | None, titles: dict[str, str], report: Collector
) -> str:
    """Return the plan's name: the given title, else the Title paragraph, else the properties'."""
    name = title or titles.get("new") or titles.get("old") or document.title
    if name is None:
        name = document.source.stem if document.source is not None else "Word"
    if (
        titles.get("old") is not None
        and titles.get("new") is not None
        and titles["old"] != titles["new"]
    ):
        report.warn(
            "title-changed",
            Msg(
                f"表題が変更されています(「{titles['old']}」→「{titles['new']}」)。新しい表題を使います",
                f"the title was changed ('{titles['old']}' → '{titles['new']}'); the new one is used",
            ),
        )
    return name


def _paragraph_notes(document: WordDocument, report: Collector) -> None:
    stripped = [p for p in document.paragraphs() if p.cell is None and prepare(p).typed_bullet]
    if stripped:
        numbers = ", ".join(str(p.number) for p in stripped[:10])
        more = "…" if len(stripped) > 10 else ""
        report.warn(
            "typed-bullet",
            Msg(
                f"先頭の「・」を箇条書きの印として外しました({len(stripped)}段落: {numbers}{more})",
                f"a leading '・' was taken as a bullet mark and removed ({len(stripped)} "
                f"paragraphs: {numbers}{more})",
            ),
            number=stripped[0].number,
            level=Level.INFO,
        )
    nested = [p for p in document.paragraphs() if p.list_level and p.heading_level is None]
    if nested:
        report.warn(
            "nested-list",
            Msg(
                f"入れ子の箇条書き({len(nested)}段落)は平らな記述として取り込みます",
                f"nested list items ({len(nested)} paragraphs) are imported as flat statements",
            ),
            number=nested[0].number,
            level=Level.INFO,
        )
    if document.dropped_runs:
        report.warn(
            "inserted-then-deleted",
            Msg(
                f"挿入後に削除された文字({document.dropped_runs}箇所)は旧版にも新版にも含めません",
                f"text inserted and deleted again ({document.dropped_runs} pieces) is in neither "
                "draft",
            ),
            level=Level.INFO,
        )
    moved = [p for p in document.paragraphs() if any(run.moved for run in p.runs)]
    if moved:
        report.warn(
            "moved",
            Msg(
                f"移動された文字({len(moved)}段落)は、元の場所の削除と新しい場所の追加として記録します",
                f"moved text ({len(moved)} paragraphs) is recorded as deleted at its old place "
                "and added at its new place",
            ),
            number=moved[0].number,
        )
    if document.format_changes:
        changed = sorted({change.paragraph for change in document.format_changes})
        shown = ", ".join(str(n) for n in changed[:10]) + ("…" if len(changed) > 10 else "")
        report.warn(
            "format-only",
            Msg(
                f"書式だけの変更履歴 {len(document.format_changes)}箇所(段落 {shown})は取り込みません",
                f"{len(document.format_changes)} formatting-only tracked changes (paragraphs "
                f"{shown}) are not imported",
            ),
            number=changed[0],
            level=Level.INFO,
        )
