"""Import a document as the next draft of an existing drafts folder.

A drafter's document (Word, Markdown, text, a marked handout) read by one of the importers is a
:class:`~planrev.model.Plan` with ids of the importer's own making. :func:`next_draft` turns it
into draft N+1 of a folder:

1. Its nodes are paired with the previous draft's by the comparison engine
   (:func:`planrev.comparison.compare`), never by a matcher of its own. The imported ids are put
   aside first (an id that names a node of the same type in the previous draft — a Word bookmark
   planrev wrote — is kept, so the engine pairs it by id); everything else is paired by content.
   The engine is run twice: the first run pairs the pillars, fields and sections, the second,
   with those paired, pairs the blocks where they stand.
2. Paired nodes take the previous draft's ids; new nodes get readable ids in the folder's style
   (``talent-4`` after ``talent-3``, ``convenience-vision-2``, ``data-kpi``), never hashes.
3. What a document cannot show is carried over from the previous draft: a statement the document
   gives no kind (``text``) keeps the kind of the statement it pairs with; a pillar, field or
   section outside the excerpt (``omitted: true``) that the document leaves out, or shows
   without content, stays as it was.
4. The changes between the previous draft and the result, computed by the same engine, become the
   revision record: each with its label (追加①, 修正 …) and an empty reason (``reason: ""``) for
   the secretariat to fill in, so that ``planrev audit`` lists exactly those.

:func:`import_next_draft` writes the draft and the record with
:func:`planrev.storage.folder.write_folder`: the whole resulting folder is validated first and
the files replaced in one transaction, so a failure leaves the folder as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planrev.comparison import Comparison, compare
from planrev.errors import LoadError, Location
from planrev.guard import OutputRefusedError
from planrev.i18n import Msg
from planrev.model import (
    ChangeKind,
    ChangeRecord,
    Field,
    Footnote,
    KpiRow,
    KpiTable,
    Note,
    Pillar,
    Plan,
    Revision,
    Section,
    Statement,
)
from planrev.model.walk import NodeType, PlanIndex
from planrev.storage.documents import dump_document
from planrev.storage.folder import DraftFolder, load_folder, write_folder

__all__ = ["NextDraft", "import_next_draft", "next_draft", "pair_with"]

_STRUCTURAL: frozenset[NodeType] = frozenset(("pillar", "field", "section"))
_FRESH = "import-"
"""Prefix of the provisional ids imported nodes carry while they are paired."""
_NUMBERED = re.compile(r"^(?P<prefix>.*?-)(?P<number>[0-9]+)$")
_KIND_WORDS = {
    ChangeKind.ADD: "add",
    ChangeKind.MODIFY: "modify",
    ChangeKind.DELETE: "delete",
    ChangeKind.SPLIT: "split",
    ChangeKind.MERGE: "merge",
    ChangeKind.MOVE: "move",
}
"""The word of each change kind in a new record's id (``data-add-2``); every kind has one."""


@dataclass(frozen=True, slots=True)
class NextDraft:
    """A document made the next draft of a folder: what will be (or was) written."""

    plan: Plan
    """The new draft, with the folder's ids."""
    revision: Revision
    """The revision record from the previous draft: every change, labelled, reasons empty
    (or, when a draft is replaced, what the replaced record declared for the same change)."""
    comparison: Comparison
    """The comparison of the previous draft with :attr:`plan`."""
    previous: int
    """The meeting of the previous draft."""
    meeting: int
    """The meeting of the new draft."""
    draft_name: str
    """The new draft's file name in the folder."""
    revision_name: str
    """The revision record's file name in the folder."""
    replaced: bool
    """True when the draft of :attr:`meeting` existed and is replaced (``force``)."""
    kept: int
    """How many of the document's nodes took an id of the previous draft."""
    new_ids: tuple[str, ...]
    """The ids given to the document's new nodes, in document order."""
    kinds_kept: int
    """How many statements the document gave no kind kept their previous kind."""
    omitted_kept: int
    """How many pillars, fields and sections outside the excerpt stayed as they were."""
    unknown_kinds: tuple[str, ...] = ()
    """The new statements of kind ``text`` among statements of a finer kind: the document did
    not say whether each is a めざす姿 or a 取組 (it is not guessed)."""
    dropped: tuple[ChangeRecord, ...] = ()
    """Declarations of the replaced record that no longer match a change (so are not kept)."""


def _fail(folder: Path, ja: str, en: str, hint_ja: str, hint_en: str) -> LoadError:
    return LoadError(
        Msg(ja, en),
        location=Location(folder),
        hint=Msg(hint_ja + "何も書き込んでいません。", hint_en + " Nothing was written."),
    )


# --- Trees ----------------------------------------------------------------------------------


def _children(node: Any) -> list[Any]:
    """Return the blocks and child nodes of a plan or structural node, or a KPI table's rows."""
    if isinstance(node, KpiTable):
        return list(node.rows)
    if isinstance(node, Plan | Pillar | Field | Section):
        return [*node.blocks, *node.children]
    return []


def _rebuilt(node: Any, children: list[Any], **update: Any) -> Any:
    """Return ``node`` holding ``children`` (blocks then child nodes), with ``update`` applied."""
    if isinstance(node, KpiTable):
        return node.model_copy(update={"rows": tuple(children), **update})
    blocks = tuple(c for c in children if not isinstance(c, Pillar | Field | Section))
    nested = tuple(c for c in children if isinstance(c, Pillar | Field | Section))
    name = (
        "pillars"
        if isinstance(node, Plan)
        else "fields"
        if isinstance(node, Pillar)
        else "sections"
    )
    return node.model_copy(update={"blocks": blocks, name: nested, **update})


def _renamed(plan: Plan, ids: Mapping[int, str]) -> Plan:
    """Return ``plan`` with the node at each walk position in ``ids`` given that id."""
    position = 0

    def visit(node: Any) -> Any:
        nonlocal position
        children = []
        for child in _children(node):
            here = position
            position += 1
            rebuilt = visit(child)
            new_id = ids.get(here)
            if new_id is not None and new_id != rebuilt.id:
                rebuilt = rebuilt.model_copy(update={"id": new_id})
            children.append(rebuilt)
        return _rebuilt(node, children) if children else node

    return visit(plan)  # type: ignore[no-any-return]


# --- Pairing --------------------------------------------------------------------------------


def _pairs(comparison: Comparison) -> dict[str, str]:
    """Return new id → old id of every node the comparison paired (renamed or changed)."""
    pairs = {new: old for old, new in comparison.renamed}
    for change in comparison.changes:
        if change.old_id is not None and change.new_id is not None:
            pairs[change.new_id] = change.old_id
    return pairs


def _provisional(ids: Iterable[str]) -> str:
    """Return a prefix of provisional ids that no id of ``ids`` starts with."""
    taken = list(ids)
    prefix = _FRESH
    while any(node_id.startswith(prefix) for node_id in taken):
        prefix = "x" + prefix
    return prefix


def pair_with(previous: Plan, imported: Plan) -> dict[int, str]:
    """Return, for each node of ``imported`` (by walk position), the id of the node of
    ``previous`` the comparison engine pairs it with; unpaired nodes are left out.

    An imported id naming a node of the same type in ``previous`` is kept for the engine to pair
    by id; the others are replaced by provisional ids, so that only content pairs them.
    """
    old_index = PlanIndex.of(previous)
    old_types = {entry.id: entry.node_type for entry in old_index.nodes}
    entries = PlanIndex.of(imported).nodes
    prefix = _provisional(old_types)
    provisional: dict[int, str] = {}
    trusted: set[str] = set()
    for entry in entries:
        if old_types.get(entry.id) == entry.node_type and entry.id not in trusted:
            trusted.add(entry.id)
            provisional[entry.position] = entry.id
        else:
            provisional[entry.position] = f"{prefix}{entry.position}"
    fresh = _renamed(imported, provisional)
    # First run: the headings (pillars, fields, sections) pair by title and by what they hold.
    first = _pairs(compare(previous, fresh))
    structural = dict(provisional)
    for entry in entries:
        if entry.node_type in _STRUCTURAL:
            old_id = first.get(provisional[entry.position])
            if old_id is not None:
                structural[entry.position] = old_id
    # Second run: with the headings paired, each block pairs with a block where it stands first.
    second_plan = _renamed(imported, structural)
    second = _pairs(compare(previous, second_plan))
    paired: dict[int, str] = {}
    old_ids = set(old_types)
    for entry in entries:
        node_id = structural[entry.position]
        if node_id in second:
            paired[entry.position] = second[node_id]
        elif node_id in old_ids:
            paired[entry.position] = node_id
    return paired


# --- Readable ids ---------------------------------------------------------------------------


def _type_of(node: Any) -> tuple[str, str | None]:
    """Return what ids are styled by: the node's class name and a statement's kind."""
    if isinstance(node, Statement):
        return "statement", node.kind
    return type(node).__name__.lower(), None


def _base(node: Any, container: str | None) -> str:
    """Return the id of a node with no sibling of its type to follow: ``data-kpi`` …"""
    where = container or "plan"
    if isinstance(node, Statement):
        return f"{where}-vision" if node.kind == "vision" else f"{where}-1"
    if isinstance(node, KpiTable):
        return f"{where}-kpi"
    if isinstance(node, KpiRow):
        return f"{where}-1"
    if isinstance(node, Note):
        return f"{where}-note"
    if isinstance(node, Footnote):
        return f"{where}-footnote"
    if isinstance(node, Pillar):
        return "pillar-1"
    if isinstance(node, Field):
        return f"{where}-field"
    return f"{where}-section-1"


class _Ids:
    """Hands out readable ids no draft of the folder has used."""

    def __init__(self, used: Iterable[str]) -> None:
        self.used = set(used)
        self.top: dict[str, int] = {}
        for node_id in self.used:
            self._note(node_id)

    def _note(self, node_id: str) -> None:
        match = _NUMBERED.match(node_id)
        if match:
            prefix, number = match["prefix"], int(match["number"])
            self.top[prefix] = max(self.top.get(prefix, 0), number)

    def take(self, node_id: str) -> str:
        self.used.add(node_id)
        self._note(node_id)
        return node_id

    def next_of(self, prefix: str, start: int) -> str:
        number = max(self.top.get(prefix, 0) + 1, start)
        while f"{prefix}{number}" in self.used:
            number += 1
        return self.take(f"{prefix}{number}")

    def new(self, node: Any, container: str | None, siblings: list[Any], here: int) -> str:
        """Return an id for ``node``, the ``here``-th of ``siblings`` (final ids before it)."""
        style = _type_of(node)
        alike = [
            (abs(index - here) + (0 if index < here else 0.5), sibling.id)
            for index, sibling in enumerate(siblings)
            if index != here and _type_of(sibling) == style and sibling.id in self.used
        ]
        for _, sibling_id in sorted(alike):
            match = _NUMBERED.match(sibling_id)
            if match:
                return self.next_of(match["prefix"], 1)
        if alike and not isinstance(node, Pillar | Field | Section):
            return self.next_of(sorted(alike)[0][1] + "-", 2)
        base = _base(node, container)
        match = _NUMBERED.match(base)
        if match:
            return self.next_of(match["prefix"], 1)
        if base not in self.used:
            return self.take(base)
        return self.next_of(base + "-", 2)


# --- The next draft -------------------------------------------------------------------------


def _empty(node: Any) -> bool:
    """Return whether a structural node shows no content (only headings outside the excerpt)."""
    return not node.blocks and all(_empty(child) for child in node.children)


class _Builder:
    """Builds the new draft: the document's tree with the folder's ids and what it cannot show."""

    def __init__(self, previous: Plan, paired: Iterable[str], used: Iterable[str]) -> None:
        self.previous = previous
        self.index = PlanIndex.of(previous)
        self.placed = set(paired)
        self.ids = _Ids(used)
        for old_id in self.placed:
            self.ids.take(old_id)
        self.new_ids: list[str] = []
        self.unknown_kinds: list[str] = []
        self.kinds_kept = 0
        self.omitted_kept = 0

    def build(self, node: Any, old: Any) -> Any:
        """Return ``node`` (paired with ``old`` of the previous draft, or None) finished."""
        if not isinstance(node, Plan | Pillar | Field | Section | KpiTable):
            return node
        items: list[tuple[Any, Any, bool]] = []
        for child in _children(node):
            partner = self.index.by_id[child.id].node if child.id in self.placed else None
            items.append((self._finish(child, partner), partner, False))
        if old is not None and not isinstance(node, KpiTable):
            items = self._with_omitted(items, old)
        node_id = None if isinstance(node, Plan) else node.id
        finals: list[Any] = []
        for index, (item, partner, reinserted) in enumerate(items):
            if partner is not None or reinserted:
                finals.append(item)
                continue
            siblings = finals + [later for later, _, _ in items[index:]]
            final_id = self.ids.new(item, node_id, siblings, index)
            self.new_ids.append(final_id)
            if (
                isinstance(item, Statement)
                and item.kind == "text"
                and any(isinstance(other, Statement) and other.kind != "text" for other in siblings)
            ):
                self.unknown_kinds.append(final_id)
            finals.append(item.model_copy(update={"id": final_id}))
        children = [
            item if reinserted else self.build(item, partner)
            for item, (_, partner, reinserted) in zip(finals, items, strict=True)
        ]
        return _rebuilt(node, children)

    def _finish(self, child: Any, old: Any) -> Any:
        """Return ``child`` with what the document cannot show carried over from ``old``."""
        if (
            isinstance(child, Statement)
            and isinstance(old, Statement)
            and child.kind == "text"
            and old.kind != "text"
        ):
            self.kinds_kept += 1
            return child.model_copy(update={"kind": old.kind})
        if (
            isinstance(child, Pillar | Field | Section)
            and isinstance(old, Pillar | Field | Section)
            and old.omitted
            and not child.omitted
            and _empty(child)
        ):
            self.omitted_kept += 1
            return child.model_copy(update={"omitted": True})
        return child

    def _with_omitted(
        self, items: list[tuple[Any, Any, bool]], old: Any
    ) -> list[tuple[Any, Any, bool]]:
        """Return ``items`` with the omitted children of ``old`` the document left out."""
        result = list(items)
        siblings = [child.id for child in old.children]
        for place, child in enumerate(old.children):
            if not child.omitted or child.id in self.placed:
                continue
            kept = self._omitted_copy(child)
            # After the nearest earlier sibling of the previous draft that is here, else first
            # among the headings.
            at = sum(1 for item, _, _ in result if not isinstance(item, Pillar | Field | Section))
            for earlier in reversed(siblings[:place]):
                spot = next(
                    (i for i, (item, _, _) in enumerate(result) if item.id == earlier), None
                )
                if spot is not None:
                    at = spot + 1
                    break
            result.insert(at, (kept, child, True))
        return result

    def _omitted_copy(self, node: Any) -> Any:
        """Return an omitted node of the previous draft without what the document holds."""
        self.placed.add(node.id)
        self.omitted_kept += 1
        blocks = [block for block in node.blocks if block.id not in self.placed]
        self.placed.update(block.id for block in blocks)
        nested = [
            self._omitted_copy(child) for child in node.children if child.id not in self.placed
        ]
        return _rebuilt(node, [*blocks, *nested])


def _revision(
    comparison: Comparison, old: int, new: int, replaced: Revision | None
) -> tuple[Revision, tuple[ChangeRecord, ...]]:
    """Return the record of ``comparison``'s changes (reasons empty unless declared) and the
    declarations of ``replaced`` it no longer holds."""
    computed = comparison.to_revision(old, new)
    taken: set[str] = set()
    records = []
    for change, record in zip(comparison.changes, computed.changes, strict=True):
        if change.record is not None:
            record_id = change.record.id
        else:
            scope = change.scope or "plan"
            base = f"{scope}-{_KIND_WORDS[change.kind]}"
            circled = change.label[len(change.kind.value) :]
            record_id = base if not circled else f"{base}-{_circled_number(circled)}"
        unique, suffix = record_id, 2
        while unique in taken:
            unique, suffix = f"{record_id}-{suffix}", suffix + 1
        taken.add(unique)
        records.append(
            record.model_copy(
                update={"id": unique, "reason": record.reason if record.reason else ""}
            )
        )
    kept = {change.record.id for change in comparison.changes if change.record is not None}
    dropped = tuple(c for c in (replaced.changes if replaced else ()) if c.id not in kept)
    return computed.model_copy(update={"changes": tuple(records)}), dropped


def _circled_number(label: str) -> str:
    """Return the number of a label's circled numeral (``②`` → ``2``, ``(51)`` → ``51``)."""
    if label.startswith("(") and label.endswith(")"):
        return label[1:-1]
    code = ord(label[0])
    for first, start in ((0x2460, 1), (0x3251, 21), (0x32B1, 36)):
        if first <= code < first + (20 if start == 1 else 15):
            return str(code - first + start)
    return str(code)


def next_draft(
    folder: DraftFolder,
    imported: Plan,
    *,
    meeting: int | None = None,
    force: bool = False,
    date: Any = None,
    stage: str | None = None,
    title: str | None = None,
) -> NextDraft:
    """Return ``imported`` made the next draft of ``folder`` (nothing is written).

    ``meeting`` defaults to the latest meeting + 1. A later meeting than the latest is allowed
    (a meeting skipped); an earlier one that has no draft is refused. The latest draft's meeting
    may be given with ``force``: that draft is replaced and compared with the one before it, and
    what the replaced revision record declared (opinions, reasons) is kept for the changes it
    still matches. The new draft's ``meta`` is the previous draft's with the new meeting, and
    ``date`` (default: none), ``stage`` and ``title`` where given.
    """
    meetings = [draft.model.meta.meeting or 0 for draft in folder.drafts]
    latest = meetings[-1]
    number = latest + 1 if meeting is None else meeting
    replaced = number in meetings
    path = folder.path
    if replaced and not force:
        existing = folder.drafts[meetings.index(number)].path
        raise OutputRefusedError(
            Msg(
                f"第{number}回の草案は既にあります: {existing}",
                f"the draft of meeting {number} already exists: {existing}",
            ),
            hint=Msg(
                "置き換えるなら --force を付けてください(最新の回だけ置き換えられます)。"
                "何も書き込んでいません。",
                "add --force to replace it (only the latest meeting can be). Nothing was written.",
            ),
        )
    if replaced and number != latest:
        raise _fail(
            path,
            f"第{number}回の草案は最新ではないため置き換えられません(最新は第{latest}回)",
            f"the draft of meeting {number} is not the latest (meeting {latest}) and cannot be "
            "replaced",
            "後の回の変更記録がこの草案を前提にしています。最新の回か、新しい回を指定してください。",
            "later revision records build on it; give the latest meeting or a new one.",
        )
    if not replaced and number < latest:
        raise _fail(
            path,
            f"第{number}回は最新の草案(第{latest}回)より前です",
            f"meeting {number} comes before the latest draft (meeting {latest})",
            f"次の草案は第{latest + 1}回以降です。--meeting を省けば第{latest + 1}回になります。",
            f"the next draft is meeting {latest + 1} or later; without --meeting it is "
            f"{latest + 1}.",
        )
    if replaced and len(meetings) < 2:
        raise _fail(
            path,
            f"第{number}回の草案の前の草案がないため、比べられません",
            f"there is no draft before meeting {number} to compare with",
            "前の回の草案があるフォルダに取り込んでください。",
            "import into a folder that holds the draft before it.",
        )
    previous_index = meetings.index(number) - 1 if replaced else len(meetings) - 1
    previous = folder.drafts[previous_index].model
    previous_number = meetings[previous_index]
    record = next(
        (r for r in folder.revisions if (r.model.old, r.model.new) == (previous_number, number)),
        None,
    )
    draft_name = (
        folder.drafts[meetings.index(number)].path.name if replaced else f"draft-{number:02d}.yaml"
    )
    revision_name = (
        record.path.name
        if record is not None
        else f"revision-{previous_number:02d}-{number:02d}.yaml"
    )
    for name in (draft_name, revision_name):
        target = path / name
        ours = (replaced and name == draft_name) or (record is not None and name == revision_name)
        if target.exists() and not ours:
            raise OutputRefusedError(
                Msg(
                    f"{target} は既にあり、第{number}回の草案・変更記録ではありません",
                    f"{target} already exists and is not the draft or record of meeting {number}",
                ),
                hint=Msg(
                    "そのファイルを確認し、名前を変えるかフォルダから出してください。"
                    "何も書き込んでいません。",
                    "check that file; rename it or move it out of the folder. Nothing was written.",
                ),
            )

    paired = pair_with(previous, imported)
    entries = PlanIndex.of(imported).nodes
    prefix = _provisional(
        entry.id for draft in folder.drafts for entry in PlanIndex.of(draft.model).nodes
    )
    provisional = {entry.position: f"{prefix}{entry.position}" for entry in entries}
    provisional.update(paired)
    # Ids of every draft are taken (a deleted node's id is never given to another), except the
    # replaced draft's: the same document imported again gets the same ids.
    used = {
        entry.id
        for draft in folder.drafts
        if draft.model.meta.meeting != number
        for entry in PlanIndex.of(draft.model).nodes
    }
    builder = _Builder(previous, paired.values(), used)
    plan = builder.build(_renamed(imported, provisional), previous)
    meta_update: dict[str, Any] = {"meeting": number, "date": date}
    if stage is not None:
        meta_update["stage"] = stage
    if title is not None:
        meta_update["title"] = title
    plan = plan.model_copy(update={"meta": previous.meta.model_copy(update=meta_update)})
    opinions = folder.opinions_for(number)
    comparison = compare(previous, plan, record.model if record else None, opinions)
    revision, dropped = _revision(
        comparison, previous_number, number, record.model if record else None
    )
    return NextDraft(
        plan=plan,
        revision=revision,
        comparison=comparison,
        previous=previous_number,
        meeting=number,
        draft_name=draft_name,
        revision_name=revision_name,
        replaced=replaced,
        kept=len(paired),
        new_ids=tuple(builder.new_ids),
        kinds_kept=builder.kinds_kept,
        omitted_kept=builder.omitted_kept,
        unknown_kinds=tuple(builder.unknown_kinds),
        dropped=dropped,
    )


def _with_comments(text: str, comments: Iterable[str]) -> str:
    """Insert ``# …`` lines after the first line (the schema hint) of a new YAML file."""
    first, _, rest = text.partition("\n")
    return first + "\n" + "".join(f"# {line}\n" for line in comments) + rest


def import_next_draft(
    folder: Path | str,
    imported: Plan,
    *,
    source: str,
    meeting: int | None = None,
    force: bool = False,
    date: Any = None,
    stage: str | None = None,
    title: str | None = None,
) -> NextDraft:
    """Add ``imported`` to the drafts folder ``folder`` as its next draft and write it.

    See :func:`next_draft` for the meeting and what is carried over. ``source`` names the
    document in the files' comments. The draft and its revision record are written with
    :func:`~planrev.storage.folder.write_folder`: the whole resulting folder is validated first
    (a problem raises its :class:`~planrev.errors.LoadError`) and on any failure the folder is
    left exactly as it was.
    """
    loaded = load_folder(folder)
    result = next_draft(
        loaded, imported, meeting=meeting, force=force, date=date, stage=stage, title=title
    )
    origin = f"出典: {source} を planrev import --into で第{result.meeting}回の草案として取り込んだもの。"
    texts = {
        result.draft_name: _with_comments(dump_document(result.plan), [origin]),
        result.revision_name: _with_comments(
            dump_document(result.revision),
            [
                origin,
                f"第{result.previous}回 → 第{result.meeting}回の変更(比較で求めたもの)。",
                "各変更の reason に理由を、または opinions に意見の id を書いてください"
                "(planrev audit が未記入の変更を示します)。",
            ],
        ),
    }
    try:
        write_folder(loaded.path, texts)
    except LoadError as error:
        raise type(error)(
            error.message,
            location=error.location,
            hint=Msg(
                f"第{result.meeting}回の草案を加えるとフォルダが正しくなくなるため、何も書き込んでいません。"
                + (f" {error.hint.ja}" if error.hint else ""),
                f"adding the draft of meeting {result.meeting} would make the folder invalid, so "
                "nothing was written." + (f" {error.hint.en}" if error.hint else ""),
            ),
        ) from error
    return result


_HEADER_SPACE = " \t\u3000"


def without_header_lines(text: str) -> str:
    """Return ``text`` with the handout header lines at its top blanked out.

    ``R5.7.26第3回「…」策定委員会`` and ``会議資料「…」(抜粋)`` say which meeting a handout is for
    (the folder says it for a next draft); they are not plan text. The lines stay, empty, so that
    line numbers in messages still point into the file.
    """
    from planrev.importers.marked.lexer import is_header_line  # noqa: PLC0415 - marked rules

    lines = text.split("\n")
    for index, line in enumerate(lines):
        bare = line.rstrip(_HEADER_SPACE + "\r").lstrip("\ufeff")
        if not bare:
            continue
        if not is_header_line(bare):
            break
        lines[index] = "\r" if line.endswith("\r") else ""
    return "\n".join(lines)
