"""Tokens → the union tree of a marked handout → four documents.

The structure page (体系) at the start, if there is one, gives the plan's nodes in plan order and
the body's headings are matched to it by title; without one, heading levels in order of first
appearance are pillar, field, section and nested sections. Statements, KPI tables, notes and
footnotes go to the node whose heading precedes them; a two-column slide's reading order is put
back; re-listings are resolved; kinds, omitted flags and ids are given (those steps are in
:mod:`~planrev.importers.marked.finish`); the opinion tables' labels are linked to the changes. The new draft is the tree's ``new`` side, the previous draft
its ``old`` side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from planrev.diagnostics import Finding
from planrev.errors import Location
from planrev.i18n import Msg
from planrev.importers.base import Findings, IdMaker, Line
from planrev.importers.extents import Extents
from planrev.importers.marked.finish import (
    Run,
    assign_ids,
    assign_kinds,
    mark_omitted,
    plain_title,
    resolve_reposts,
    undo_columns,
)
from planrev.importers.marked.inline import (
    ExtentFinder,
    Inline,
    has_marks,
    lift_marks,
    unescape,
)
from planrev.importers.marked.lexer import (
    ITEM_LENGTH,
    Frag,
    Lexer,
    MarkedOpinion,
    Source,
    Token,
)
from planrev.importers.marked.links import changes_in_order, link_opinions, opinion_models
from planrev.importers.marked.meta import old_meeting, read_meta
from planrev.importers.marked.restructure import (
    drop_move_sources,
    place_move_sources,
    restore_pieces,
    warn_moved,
)
from planrev.importers.marked.union import Change, MarkedNode, MarkedStatement
from planrev.importers.tree import (
    FootnoteItem,
    Heading,
    KpiItem,
    NoteItem,
    PlanTree,
    Presence,
    StatementKind,
    split_heading,
)
from planrev.model import OpinionSet, Plan, Revision

__all__ = ["MarkedImport", "MarkedImporter"]

_REPOST_TAIL = re.compile(
    r"(?P<repost>[（(]再掲[）)])?[ \t\u3000]*(?:※(?P<note>[^※]*?))??"
    r"(?P<moved>※移動(?:[（(][^（）()]*から[）)])?)?$"
)
"""A trailing （再掲）, ※ note and ※移動: the re-listing mark, the change's reason, and the mark of
a statement moved here (planrev's redline prints ``※理由※移動（第1章第2節（3）から）``)."""
_PROVISIONAL = re.compile(r"^[（(]仮称[）)]")


@dataclass(frozen=True, slots=True)
class MarkedImport:
    """The four documents read from one marked-up handout, and what was uncertain."""

    new: Plan
    """The draft the handout shows (additions in, deletions out)."""
    old: Plan
    """The previous draft derived from it; texts the handout does not show are None."""
    revision: Revision
    """Every marker as a change, linked to its opinions or reason."""
    opinions: OpinionSet
    """The opinions of the handout's ★意見 tables."""
    warnings: tuple[Finding, ...]
    """What could not be read with certainty, in input order (located in the original input)."""


def _tail_outside(text: str) -> str:
    """Return ``text`` with its trailing （再掲）※… taken out of a struck or underlined last run.

    A whole inserted (deleted) paragraph printed from tracked changes is underlined (struck)
    to its end, its ※ note included: ``【追加】<u>新しい文。※理由</u>`` reads as
    ``【追加】<u>新しい文。</u>※理由``. The text keeps its length.
    """
    for close, opening in (("</u>", "<u>"), ("~~", "~~")):
        if not text.endswith(close):
            continue
        start = text.rfind(opening, 0, len(text) - len(close))
        if start < 0:
            return text
        inner_start = start + len(opening)
        inner = text[inner_start : len(text) - len(close)]
        tail = _REPOST_TAIL.search(inner)
        if (
            tail is None
            or tail.start() == 0
            or not (tail["repost"] or tail["note"] is not None or tail["moved"])
        ):
            return text
        cut = inner_start + tail.start()
        return text[:cut] + close + text[cut : len(text) - len(close)]
    return text


def _without_title(tokens: list[Token], name: str) -> list[Token]:
    """Return ``tokens`` without a leading heading that is the plan's name (the document's title).

    A handout may start with the plan's name as a heading (a Word redline's title); it is the
    title when it is the first thing after the header lines, with or without （仮称）, and no other
    heading has its level.
    """
    first = next((n for n, t in enumerate(tokens) if t.kind != "blank"), None)
    if first is None or tokens[first].kind != "heading":
        return tokens
    title = tokens[first]
    if _PROVISIONAL.sub("", plain_title(title.text), count=1) != name or any(
        t.kind == "heading" and t.level == title.level for t in tokens[first + 1 :]
    ):
        return tokens
    return tokens[:first] + tokens[first + 1 :]


def _split_numbers(new: str, old: str, changes: list[Change]) -> tuple[Heading, Heading]:
    """Return a heading's new and old sides with the number apart from the title (第1章　総論 →
    ``第1章`` + ``　`` + ``総論``), when both sides have the same number and no change touches it
    (the changes' places are moved to count from the title; a marker before the number, as in
    ``【追加】（1）題名``, stays at the title's start); else both whole, as titles."""
    new_heading = split_heading(new)
    old_heading = split_heading(old) if old else new_heading  # an added heading: new only
    prefix = len(new_heading.number + new_heading.separator)
    if (
        not new_heading.number
        or (new_heading.number, new_heading.separator)
        != (old_heading.number, old_heading.separator)
        or any(change.start is not None and 0 < change.start < prefix for change in changes)
    ):
        return Heading("", "", new), Heading("", "", old)
    for change in changes:
        if change.start is not None:
            change.start = max(0, change.start - prefix)
        if change.end is not None:
            change.end = max(0, change.end - prefix)
    return new_heading, old_heading if old else Heading("", "", "")


class MarkedImporter:
    """Reads one marked handout (see :func:`planrev.importers.marked.import_marked`)."""

    def __init__(
        self,
        *,
        lines: list[Line],
        findings: Findings,
        path: Path | None,
        extents: Extents | None,
        meeting: int | None,
        title: str | None,
        old_meeting: int | None,
    ) -> None:
        self.path = path
        self.lines = [Line(line.number, lift_marks(line.text)) for line in lines]
        self.warnings = findings
        self.extents = ExtentFinder(extents or Extents(), self.lines)
        self.meeting = meeting
        self.title = title
        self.old_meeting = old_meeting
        self.tree = PlanTree()
        self.opinions: list[MarkedOpinion] = []
        self.kpi_labels: list[tuple[str, MarkedNode | None]] = []
        """The labels of the markers in KPI tables, with the node holding the table."""
        self.inline = Inline(findings, self.extents)
        self.statements: list[MarkedStatement] = []
        self._by_title: dict[str, list[MarkedNode]] = {}
        """The nodes by their plain title."""
        self._by_heading: dict[tuple[int, str, int], MarkedNode] = {}
        """The first node under each parent by its heading as written and its rank."""
        self._order: dict[int, int] | None = None
        """Each node's place in tree order, while no node has been added since."""

    def location(self, line: int, column: int | None = 1) -> Location:
        """Return where ``line``:``column`` of the text is in the original input."""
        return self.warnings.locate(line, column)

    # -- the whole run ------------------------------------------------------------------------

    def run(self) -> MarkedImport:
        """Read the handout and return the four documents."""
        sources: set[int] = set()  # the lines of moved statements where they stood
        lexer = Lexer(drop_move_sources(self.lines, self.warnings, sources), self.warnings)
        tokens = [t for t in lexer.tokens() if t.kind != "header"]
        if not any(t.kind != "blank" for t in tokens) and not lexer.headers:
            raise self.warnings.error(
                1,
                1,
                Msg("取り込む内容がありません(空のファイルです)", "there is nothing to import"),
                Msg(
                    "見え消し版の資料をテキストまたは Markdown にしたものを指定してください。",
                    "pass a marked-up handout converted to text or Markdown.",
                ),
            )
        meta = read_meta(
            lexer.headers,
            self.warnings,
            path=self.path,
            given_meeting=self.meeting,
            given_title=self.title,
        )
        tokens = _without_title(tokens, meta.title)
        structure_end = self._structure(tokens)
        self._body(tokens[structure_end:], structure=structure_end > 0)
        place_move_sources(self.tree, sources, self.warnings)
        restore_pieces(self.tree, self.warnings)
        resolve_reposts(self.tree, self.statements, self.warnings)
        assign_kinds(self.tree)
        mark_omitted(self.tree)
        assign_ids(self.tree, self.opinions, IdMaker())
        changes = link_opinions(
            changes_in_order(self.tree), self.opinions, self.warnings, self.kpi_labels
        )
        scopes = [opinion.scope for opinion in self.opinions if opinion.scope is not None]
        if scopes and all(scope.rank >= 2 for scope in scopes):
            meta = meta.model_copy(update={"scope_level": "section"})
        new = self.tree.plan(meta, "new")
        old_meta = meta.model_copy(
            update={
                "meeting": old_meeting(meta, self.old_meeting, self.warnings),
                "date": None,
                "stage": "",
            }
        )
        old = self.tree.plan(old_meta, "old")
        assert meta.meeting is not None
        assert old_meta.meeting is not None
        revision = Revision(old=old_meta.meeting, new=meta.meeting, changes=changes)
        opinions = OpinionSet(
            meeting=meta.meeting, opinions=opinion_models(self.tree, self.opinions)
        )
        for entry in self.extents.unused():
            self.warnings.add_at(
                "extent-unused",
                Msg(
                    f"範囲ファイルの「{entry.label}」に当たるマーカーが本文にありません",
                    f"no marker in the text matches '{entry.label}' of the extents file",
                ),
                entry.location,
            )
        return MarkedImport(new, old, revision, opinions, self.warnings.sorted())

    # -- titles -------------------------------------------------------------------------------

    def _title(self, token: Token) -> tuple[str, str, Presence, list[Change]]:
        """Return a heading's new title, old title, presence and changes."""
        source = Source([Frag(token.line, token.column, token.text)])
        result = self.inline.evaluate(source, token.text)
        old = result.old
        if result.presence != "new" and old is None:
            self.warnings.add(
                "title-unknown",
                Msg(
                    "見出しの改訂前の文言が分からないため、改訂前の草案にも新しい見出しを入れました",
                    "the previous wording of this heading is not shown; the new one is used in the "
                    "previous draft too",
                ),
                token.line,
                token.column,
                hint=Msg(
                    "改訂前の見出しを ~~旧見出し~~ のように書いてください。",
                    "show the previous heading struck through (~~old~~).",
                ),
            )
            old = result.new
        new = result.new if result.presence != "old" else (old or "")
        return new, old if old is not None else new, result.presence, result.changes

    def _node(
        self, token: Token, rank: int, parent: MarkedNode | None, *, from_structure: bool
    ) -> MarkedNode:
        node = MarkedNode(
            rank,
            Heading("", "", ""),
            location=self.location(token.line),
            from_structure=from_structure,
            raw=token.text,
        )
        node.heading, node.old_heading, node.presence, node.changes = self._heading_sides(
            token, node
        )
        return self._attach(node, parent)

    def _heading_sides(
        self, token: Token, node: MarkedNode
    ) -> tuple[Heading, Heading, Presence, list[Change]]:
        """Return the new and old headings, presence and changes of ``node`` titled ``token``."""
        new, old, presence, changes = self._title(token)
        for change in changes:
            change.owner = node
        return (*_split_numbers(new, old, changes), presence, changes)

    def _attach(self, node: MarkedNode, parent: MarkedNode | None) -> MarkedNode:
        """Add ``node`` to the tree and to the index of titles."""
        self.tree.attach(node, parent)
        self._by_title.setdefault(plain_title(node.title), []).append(node)
        self._order = None
        if node.title:
            self._by_heading.setdefault((id(parent), node.raw, node.rank), node)
        return node

    def _implicit(self, rank: int, parent: MarkedNode | None, line: int) -> MarkedNode:
        node = MarkedNode(rank, Heading("", "", ""), location=self.location(line))
        self._attach(node, parent)
        what = {0: ("柱", "pillar"), 1: ("分野", "field")}.get(rank, ("施策", "section"))
        self.warnings.add(
            "level-skipped",
            Msg(
                f"見出しの階層が飛んでいるため、題名のない{what[0]}を補いました",
                f"a heading level is skipped; an untitled {what[1]} was added to hold it",
            ),
            line,
        )
        return node

    # -- the structure page ------------------------------------------------------------------

    def _structure(self, tokens: list[Token]) -> int:
        """Read a leading structure page (体系) and return where the body starts (0: none).

        The page may end with a ★意見 table: the opinions of the whole plan, set after the
        diagram and before the first part.
        """
        titles: set[str] = set()
        end = None
        boxed = False  # a ★意見 table seen: only the first part's heading may follow
        for index, token in enumerate(tokens):
            if token.kind == "heading":
                clean = plain_title(token.text)
                if clean in titles:
                    end = index
                    break
                if boxed:
                    return 0
                titles.add(clean)
            elif token.kind == "text":
                if (
                    boxed
                    or len(token.text) > ITEM_LENGTH
                    or token.text.rstrip(" \t").endswith("。")
                ):
                    return 0  # a sentence: body text, not a list of titles
                titles.add(plain_title(token.text))
            elif token.kind == "opinions" and titles and not boxed:
                boxed = True
            elif token.kind != "blank" and (token.kind != "note" or boxed):
                return 0
        if end is None or not any(t.kind == "heading" for t in tokens[:end]):
            return 0
        region = tokens[:end]
        # A ★意見 table on the structure page (after the diagram, before the first part) holds
        # the opinions of the whole plan.
        for token in region:
            if token.kind == "opinions":
                self._opinions(token, None)
        levels: list[int] = []
        for token in region:
            if token.kind == "heading" and token.level not in levels:
                levels.append(token.level)
        current: MarkedNode | None = None
        pillar_waiting = False  # a pillar heading with nothing under it yet
        for token in region:
            if token.kind == "note":
                self.tree.add(None, NoteItem(unescape(token.text), self.location(token.line)))
            elif token.kind == "heading":
                if len(levels) > 1:
                    rank = levels.index(token.level)
                    parent = current
                    while parent is not None and parent.rank >= rank:
                        parent = parent.parent  # type: ignore[assignment]
                    if parent is None:
                        rank = 0
                    elif parent.rank < rank - 1:
                        rank = parent.rank + 1
                    current = self._node(token, rank, parent, from_structure=True)
                elif pillar_waiting and current is not None:
                    current = self._node(token, 1, current, from_structure=True)
                    pillar_waiting = False
                else:
                    current = self._node(token, 0, None, from_structure=True)
                    pillar_waiting = True
            elif token.kind == "text":
                pillar_waiting = False
                rank = current.rank + 1 if current is not None else 0
                self._node(token, rank, current, from_structure=True)
        return end

    # -- the body -----------------------------------------------------------------------------

    def _find(self, title: str, context: MarkedNode | None, line: int) -> MarkedNode | None:
        """Return the listed (or already seen) node titled ``title``, or None."""
        matches = [
            node for node in self._by_title.get(title, []) if node.from_structure or node.seen
        ]
        if not matches:
            return None
        if len(matches) > 1:
            if self._order is None:
                self._order = {id(node): n for n, node in enumerate(self.tree.walk())}
            order = self._order
            matches.sort(key=lambda node: order[id(node)])
            near = [
                node
                for node in matches
                if context is not None and any(a in context.ancestors() for a in node.ancestors())
            ]
            # The body shows the parts in the structure's order: a title listed twice is the
            # first listing the body has not shown yet.
            unseen = [node for node in near or matches if not node.seen]
            where_ja = "今の分野の中の" if near else ""
            where_en = " in the current part" if near else ""
            self.warnings.add(
                "heading-ambiguous",
                Msg(
                    f"見出し「{title}」は体系に{len(matches)}か所あります。{where_ja}"
                    + (
                        "まだ本文に出ていない最初のものとしました"
                        if unseen
                        else "最初のものとしました"
                    ),
                    f"the heading '{title}' is in the structure {len(matches)} times; the first"
                    + (" not yet shown" if unseen else "")
                    + where_en
                    + " is used",
                ),
                line,
            )
            return (unseen or near or matches)[0]
        return matches[0]

    def _body(self, tokens: list[Token], *, structure: bool) -> None:
        levels: list[int] = []
        if not structure:
            for token in tokens:
                if token.kind == "heading" and token.level not in levels:
                    levels.append(token.level)
        runs: list[Run] = [Run(None, 1)]
        current: MarkedNode | None = None
        current_level = 0
        explicit_kind: StatementKind | None = None
        tables: list[tuple[Token, MarkedNode | None]] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            index += 1
            run = runs[-1]
            if token.kind == "blank":
                continue
            if token.kind == "heading":
                explicit_kind = None
                if structure:
                    current = self._structured_heading(token, current, current_level)
                else:
                    current = self._heading(token, current, levels)
                current_level = token.level
                runs.append(Run(current, token.line))
                continue
            if token.kind == "kind":
                explicit_kind = token.label
                continue
            if token.kind == "opinions":
                assert token.table is not None
                tables.append((token, current))
                continue
            if token.kind == "kpi":
                self.kpi_labels.extend((label, current) for label in token.labels)
                kpi = KpiItem(
                    token.text,
                    token.years,
                    token.kpi_rows,
                    token.old_years,
                    self.location(token.line),
                )
                run.blocks.append((kpi, "kpi"))
                continue
            if token.kind == "note":
                note = NoteItem(unescape(token.text), self.location(token.line))
                if current is None:
                    self.tree.add(None, note)
                else:
                    run.blocks.append((note, "other"))
                continue
            # a footnote, bullet or paragraph, with its continuation lines
            frags = [Frag(token.line, token.column, token.text)]
            while index < len(tokens) and tokens[index].kind == "text":
                frags.append(Frag(tokens[index].line, tokens[index].column, tokens[index].text))
                index += 1
            if token.kind == "footnote":
                text = "\n".join(f.text for f in frags)
                footnote = FootnoteItem(token.mark, unescape(text), self.location(token.line))
                run.blocks.append((footnote, "other"))
                continue
            bullet = token.kind == "bullet"
            if bullet and token.indented:
                self.warnings.add(
                    "nested-list",
                    Msg(
                        "字下げされた箇条書きは1段の箇条書きとして取り込みました",
                        "an indented bullet was taken as a bullet of the outer list",
                    ),
                    token.line,
                )
            statement = self._statement(Source(frags), bullet, explicit_kind)
            if statement is not None:
                run.blocks.append((statement, "bullet" if bullet else "paragraph"))
        undo_columns(runs, self.warnings)
        for run in runs:
            for block, _ in run.blocks:
                self.tree.add(run.node, block)
        for token, scope in tables:
            self._opinions(token, scope)

    def _opinions(self, token: Token, scope: MarkedNode | None) -> None:
        """Add the opinions of the ★意見 table ``token`` placed in ``scope`` (None: the plan)."""
        assert token.table is not None
        for row in token.table.rows:
            text = unescape("\n".join(frag.text for frag in row.frags))
            self.opinions.append(MarkedOpinion(row, scope, token.table.channel, text))

    def _structured_heading(
        self, token: Token, current: MarkedNode | None, current_level: int
    ) -> MarkedNode:
        """Return the node of a body heading, matched to the structure page by title."""
        found = self._find(plain_title(token.text), current, token.line)
        if found is None:
            return self._unlisted(token, current, current_level)
        found.seen = True
        if token.text.strip(" \t\u3000") == found.raw.strip(" \t\u3000"):
            return found
        if has_marks(token.text) and not has_marks(found.raw):
            # The structure page shows the new titles plain (a diagram): the changes are those
            # the body's heading marks.
            found.heading, found.old_heading, found.presence, found.changes = self._heading_sides(
                token, found
            )
            found.raw = token.text
        else:
            self.warnings.add(
                "heading-marker-differs",
                Msg(
                    "この見出しのマーカー・取り消し線が体系のページと異なります。"
                    "体系のページの方を読み取りました",
                    "this heading's markers or struck text differ from the structure page's; "
                    "the structure page's were read",
                ),
                token.line,
                token.column,
            )
        return found

    def _heading(self, token: Token, current: MarkedNode | None, levels: list[int]) -> MarkedNode:
        """Return the node of a heading when there is no structure page (levels by ``#``)."""
        rank = levels.index(token.level)
        parent = self.tree.open_parent(current, rank)
        expected = parent.rank + 1 if parent is not None else 0
        while expected < rank:
            parent = self._implicit(expected, parent, token.line)  # type: ignore[arg-type]
            expected += 1
        repeated = self._by_heading.get((id(parent), token.text, rank))
        if repeated is not None:
            return repeated  # a page heading repeated on the next page
        node = self._node(token, rank, parent, from_structure=False)  # type: ignore[arg-type]
        node.seen = True
        return node

    def _unlisted(self, token: Token, current: MarkedNode | None, current_level: int) -> MarkedNode:
        """Place a body heading that the structure page does not list."""
        if current is None:
            parent, rank = None, 0
        elif token.level > current_level:
            parent, rank = current, current.rank + 1
        else:
            parent, rank = current.parent, current.rank  # type: ignore[assignment]
        node = self._node(token, rank, parent, from_structure=False)
        node.seen = True
        self.warnings.add(
            "heading-unlisted",
            Msg(
                f"見出し「{node.title}」は体系のページにありません。"
                + (f"「{parent.title}」の中に加えました" if parent else "柱として加えました"),
                f"the heading '{node.title}' is not on the structure page; "
                + (f"added under '{parent.title}'" if parent else "added as a pillar"),
            ),
            token.line,
            token.column,
        )
        return node

    # -- statements ---------------------------------------------------------------------------

    def _statement(
        self, source: Source, bullet: bool, kind: StatementKind | None
    ) -> MarkedStatement | None:
        text = source.text
        if not text.strip(" \t\u3000\n"):
            self.warnings.add(
                "empty-item",
                Msg("空の箇条書きを読み飛ばしました", "an empty bullet was skipped"),
                source.line,
            )
            return None
        marked = has_marks(text)
        if marked:
            text = _tail_outside(text)
        tail = _REPOST_TAIL.search(text)
        body, mark, note, moved = text, "", None, False
        # A changed statement gives its trailing （再掲）※… to the change as its reason (and a
        # ※移動 after it says that it was moved); an unchanged one gives up only a bare trailing
        # （再掲）, a ※ note stays its text.
        if (
            tail is not None
            and (tail["repost"] or tail["note"] is not None or tail["moved"])
            and (marked or (tail["note"] is None and not tail["moved"]))
        ):
            body = text[: tail.start()]
            note = tail["note"]
            moved = tail["moved"] is not None
            if note is not None:
                mark = text[tail.start() : tail.start("note") - 1]
            elif moved:
                mark = text[tail.start() : tail.start("moved")]
            else:
                mark = text[tail.start() :]
        if not body.strip(" \t\u3000\n"):
            body, mark, note, moved = text, "", None, False
        result = self.inline.evaluate(source, body)
        statement = MarkedStatement(
            kind,
            result.new,
            result.old,
            bullet,
            result.presence,
            self.location(source.line),
            repost=bool(tail is not None and tail["repost"] and body != text),
            source=source,
            changes=result.changes,
            repost_mark=mark,
            repost_note=note,
        )
        for change in result.changes:
            change.owner = statement
            if note is not None and note.strip(" \t\u3000"):
                change.reason = note.strip(" \t\u3000")
        if moved and tail is not None and not tail["moved"].endswith(("から）", "から)")):
            # With （…から） the redline shows where it stood too: place_move_sources decides.
            warn_moved(self.warnings, source.line)
        self.statements.append(statement)
        return statement
