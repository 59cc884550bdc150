"""Make the next draft in a script: edits with the opinions or reasons behind them.

>>> editor = Editor.open("drafts/aomori-dx/draft-03.yaml", meeting=4, date="R5.9.1")
>>> editor.modify("talent-2", text="…", because="op-4-1")
>>> editor.replace("quality-2", "推進", "加速", because=["op-4-2"])
>>> editor.delete("infra-2", reason="デジタル基盤の整備と統合")
>>> new_draft, revision = editor.result()
>>> editor.save("drafts/aomori-dx/draft-04.yaml", "drafts/aomori-dx/revision-03-04.yaml")

Each edit declares why it was made (``because=`` opinion ids, and/or ``reason=``). The revision
record is not assembled by hand: :meth:`Editor.result` compares the base draft with the edited one
and attaches the declarations to the computed changes, so kinds and labels (追加①, 修正 …) are
always what the text says. Deleting or rewording a statement carries the same change to its
re-listings (再掲), with a reason such as ``商工業・サービス業の取組方針の削除に伴い削除``.

Every edit applies whole or not at all: its arguments are checked first, and an edit that fails
(:class:`~planrev.errors.EditError`) leaves the draft and the record exactly as they were.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planrev.comparison import Comparison, compare
from planrev.decisions import missing, opinion_ids, reason_text
from planrev.diagnostics import Finding
from planrev.errors import DuplicateIdError, EditError, PlanrevError
from planrev.i18n import Msg
from planrev.model import (
    ChangeKind,
    ChangeRecord,
    Field,
    KpiRow,
    KpiTable,
    OpinionSet,
    Pillar,
    Plan,
    Revision,
    Section,
    Span,
    Statement,
    find,
    fingerprint,
)
from planrev.model.tree import (
    TreeError,
    child_list_name,
    insert_node,
    placement_of,
    remove_node,
    replace_node,
)
from planrev.model.walk import NODE_TYPES, Node, PlanIndex
from planrev.storage.documents import (
    Document,
    dump_document,
    loads_document,
    read_text,
    write_text_atomic,
)

__all__ = ["Editor"]

_KIND_NAMES = {
    "vision": "めざす姿",
    "initiative": "取組方針",
    "text": "記述",
    "challenge": "現状と課題",
    "direction": "施策の方向性",
}

_FIXED = frozenset({"id", "kind", "blocks", "sections", "fields", "rows"})
"""Attributes :meth:`Editor.modify` never changes (identity, kind and children)."""

_WORDING: dict[type, str] = {
    Statement: "text",
    Field: "title",
    Pillar: "title",
    Section: "title",
    KpiTable: "title",
    KpiRow: "indicator",
}
"""The attribute :meth:`Editor.replace` edits part of, by node type (notes and footnotes:
``text``)."""

Why = tuple[tuple[str, ...], str | None]
"""The opinion ids and the reason behind one edit."""

Replaced = tuple[int, int, int, int]
"""Where one replacement lies: start and end in the old text, start and end in the new text."""


class Editor:
    """Edits a copy of a draft and records why each edit was made."""

    def __init__(
        self,
        base: Plan,
        *,
        opinions: OpinionSet | None = None,
        meeting: int | None = None,
        date: _dt.date | str | None = None,
        stage: str | None = None,
        source_text: str | None = None,
    ) -> None:
        """Start the next draft from ``base``.

        ``meeting``, ``date`` and ``stage`` describe the new draft (default: the base's meeting
        plus one, no date, the base's stage). ``opinions`` are the opinions the new draft answers:
        when given, every ``because=`` id must be one of them. ``source_text`` is the base's YAML
        text, so that saving keeps its comments and layout (:meth:`open` sets it). A base that
        repeats an id is refused (:class:`~planrev.errors.DuplicateIdError`).
        """
        PlanIndex.of(base)
        self.base = base
        """The draft the edits start from."""
        self.opinions = opinions
        """The opinions the new draft answers, or None."""
        meta_updates: dict[str, Any] = {
            "meeting": meeting
            if meeting is not None
            else (base.meta.meeting + 1 if base.meta.meeting is not None else None),
            "date": date,
        }
        if stage is not None:
            meta_updates["stage"] = stage
        try:
            meta = base.meta.model_validate({**base.meta.model_dump(), **meta_updates})
        except ValidationError as exc:
            raise EditError(
                Msg(f"新しい草案の回・日付・段階が正しくありません: {exc}", f"invalid meta: {exc}")
            ) from exc
        self._plan = base.model_copy(update={"meta": meta})
        self._source_text = source_text
        self._declared: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        """Target id → the opinion ids and reasons declared for it."""
        self._deleted: frozenset[str] = frozenset()
        """The ids deleted by the edits (never reused in the same revision)."""
        self._replaced: dict[str, Replaced | None] = {}
        """Id → where its one replacement lies, or None once its wording was edited otherwise."""

    @classmethod
    def open(cls, path: Path | str, **options: Any) -> Editor:
        """Start the next draft from the draft file at ``path`` (its comments are kept)."""
        path = Path(path)
        text = read_text(path)
        return cls(loads_document(text, path, expect=Plan), source_text=text, **options)

    @property
    def plan(self) -> Plan:
        """Return the draft as edited so far."""
        return self._plan

    # ----------------------------------------------------------------------------------------
    # Edits: each checks its arguments, then applies whole or not at all.

    def insert(
        self,
        node: Node,
        *,
        into: str | None = None,
        after: str | None = None,
        before: str | None = None,
        because: str | Iterable[str] | None = (),
        reason: str | None = None,
    ) -> None:
        """Insert ``node`` after or before a sibling, or at the end of ``into`` (a container id).

        Use ``into=None`` with neither ``after`` nor ``before`` to append a pillar or a plan-level
        block.
        """
        why = self._why(because, reason)
        if type(node) not in NODE_TYPES:
            raise EditError(
                Msg(
                    f"挿入できるのは草案の要素だけです: {type(node).__name__}",
                    f"only plan nodes can be inserted, not {type(node).__name__}",
                )
            )
        if find(self._plan, node.id) is not None or node.id in self._deleted:
            raise EditError(
                Msg(f"id '{node.id}' は既に使われています", f"the id '{node.id}' is already used"),
                hint=Msg("別の id を付けてください。", "choose another id."),
            )
        with self._transaction():
            container, previous = self._position(node, into=into, after=after, before=before)
            self._set_plan(self._tree(insert_node, self._plan, node, container, previous))
            self._declare(node.id, why)

    def modify(
        self,
        node_id: str,
        *,
        because: str | Iterable[str] | None = (),
        reason: str | None = None,
        **attributes: Any,
    ) -> None:
        """Change attributes of a node: ``text=`` of a statement, ``title=`` of a section,
        ``target=`` of a KPI row, ``target_year=`` of a KPI table, and so on.

        Rewording a statement that is re-listed elsewhere (再掲) rewords the re-listings too.
        """
        why = self._why(because, reason)
        with self._transaction():
            self._modify(node_id, why, attributes, None)

    def replace(
        self,
        node_id: str,
        old: str,
        new: str,
        *,
        because: str | Iterable[str] | None = (),
        reason: str | None = None,
    ) -> None:
        """Replace the part ``old`` of a node's wording by ``new``: a statement's, note's or
        footnote's text, a heading's title, a KPI row's indicator.

        ``old`` must occur exactly once (include the neighbouring words to say which). To insert,
        give the words before the insertion in both (``"分野に"`` → ``"分野に人的資源を"``); to
        delete, give ``new=""``. The change is 追加, 削除 or 修正 as the text says, and its record
        carries the span of the replaced part (:class:`~planrev.model.Span`) while this is the
        only edit of that wording.
        """
        why = self._why(because, reason)
        if not isinstance(old, str) or not isinstance(new, str) or not old:
            raise EditError(
                Msg(
                    "old には置き換える文字列(空でないもの)、new には新しい文字列を指定してください",
                    "old must be the (non-empty) text to replace and new its replacement",
                ),
                hint=Msg(
                    "挿入するときは、挿入位置の前の語を old と new の両方に含めてください。",
                    "to insert, include the words before the insertion in both old and new.",
                ),
            )
        node = self._node(node_id)
        name = _WORDING.get(type(node), "text")
        text = getattr(node, name)
        if text is None:
            raise EditError(
                Msg(
                    f"{node_id} の文言は不明なので一部を置き換えられません",
                    f"the wording of {node_id} is unknown: nothing to replace in",
                ),
                hint=Msg("modify(text=…) で文言全体を指定してください。", "use modify(text=…)."),
            )
        count = text.count(old)
        if count != 1:
            where = f"{count}か所あります" if count else "ありません"
            raise EditError(
                Msg(
                    f"{node_id} の文言に「{old}」が{where}",
                    f"'{old}' occurs {count} times in the wording of {node_id}, not once",
                ),
                hint=Msg(
                    "前後の語も含めて、1か所だけに当たるように指定してください。",
                    "include neighbouring words so that it occurs exactly once.",
                ),
            )
        start = text.index(old)
        with self._transaction():
            self._modify(
                node_id,
                why,
                {name: text[:start] + new + text[start + len(old) :]},
                _replaced_span(start, old, new),
            )

    def set_kpi(
        self,
        node_id: str,
        *,
        because: str | Iterable[str] | None = (),
        reason: str | None = None,
        **cells: Any,
    ) -> None:
        """Change cells of a KPI row (indicator, unit, baseline, target) or table (years)."""
        node = self._node(node_id)
        if not isinstance(node, KpiRow | KpiTable):
            raise EditError(
                Msg(
                    f"{node_id} は KPI の表・行ではありません",
                    f"{node_id} is not a KPI table or row",
                )
            )
        self.modify(node_id, because=because, reason=reason, **cells)

    def delete(
        self,
        node_id: str,
        *,
        because: str | Iterable[str] | None = (),
        reason: str | None = None,
    ) -> None:
        """Delete a node (with everything inside it) and its re-listings (再掲)."""
        why = self._why(because, reason)
        node = self._node(node_id)
        with self._transaction():
            cascade = self._cascade_reason(node_id, "削除")
            reposts = self._reposts_of(node_id) if isinstance(node, Statement) else []
            self._remove(node_id, why)
            for repost in reposts:
                if find(self._plan, repost.id) is not None:
                    self._remove(repost.id, ((), cascade))

    def move(
        self,
        node_id: str,
        *,
        into: str | None = None,
        after: str | None = None,
        before: str | None = None,
        because: str | Iterable[str] | None = (),
        reason: str | None = None,
    ) -> None:
        """Move a node after or before a sibling, or to the end of ``into``."""
        why = self._why(because, reason)
        self._node(node_id)
        plan_index = PlanIndex.of(self._plan)
        inside = {inner.id for inner in plan_index.subtree(plan_index.by_id[node_id])}
        if inside & {after, before, into}:
            raise EditError(
                Msg(
                    f"{node_id} を自分自身やその中へは移動できません",
                    f"cannot move {node_id} next to or into itself",
                )
            )
        with self._transaction():
            plan, removed = self._tree(remove_node, self._plan, node_id)
            self._set_plan(plan)
            container, previous = self._position(removed, into=into, after=after, before=before)
            self._set_plan(self._tree(insert_node, self._plan, removed, container, previous))
            self._declare(node_id, why)

    def explain(
        self, node_id: str, *, because: str | Iterable[str] | None = (), reason: str | None = None
    ) -> None:
        """Attach opinions and/or a reason to the change of ``node_id`` made so far (by an
        earlier edit, or carried to a re-listing), without editing anything."""
        why = self._why(because, reason)
        if not why[0] and why[1] is None:
            raise EditError(
                Msg("結び付ける意見も理由もありません", "no opinion and no reason to attach"),
                hint=Msg(
                    "because='意見の id' か reason='理由' を指定してください。",
                    "pass because='opinion id' or reason='…'.",
                ),
            )
        changed = {change.target for change in compare(self.base, self._plan).changes}
        if node_id not in changed:
            raise EditError(
                Msg(f"{node_id} には変更がありません", f"{node_id} has not changed"),
                hint=Msg("変更された要素の id を指定してください。", "name a changed node."),
            )
        with self._transaction():
            self._declare(node_id, why)

    # ----------------------------------------------------------------------------------------
    # Results

    def declarations(self) -> Revision:
        """Return what the edits declared, as a revision record (kinds as the text changed)."""
        old_meeting = self.base.meta.meeting or 0
        new_meeting = self._plan.meta.meeting or old_meeting + 1
        computed = {change.target: change.kind for change in compare(self.base, self._plan).changes}
        records = []
        for target, (opinions, reasons) in self._declared.items():
            fallback = ChangeKind.DELETE if target in self._deleted else ChangeKind.MODIFY
            kind = computed.get(target, fallback)
            replaced = self._replaced.get(target)
            span = None
            if replaced is not None:  # in the old text for a 削除, else in the new text
                start, end = replaced[:2] if kind is ChangeKind.DELETE else replaced[2:]
                span = Span(start=start, end=end)
            records.append(
                ChangeRecord(
                    id=target,
                    kind=kind,
                    target=target,
                    opinions=opinions,
                    reason="、".join(reasons) or None,
                    span=span,
                )
            )
        return Revision(
            old=old_meeting, new=max(new_meeting, old_meeting + 1), changes=tuple(records)
        )

    def comparison(self) -> Comparison:
        """Return the comparison of the base draft with the edited draft, declarations linked."""
        return compare(self.base, self._plan, self.declarations(), self.opinions)

    def result(self) -> tuple[Plan, Revision]:
        """Return the new draft and its revision record (computed kinds and labels).

        Each change linked to opinions gets the fingerprint of its new text
        (:func:`planrev.model.fingerprint`), so that a later audit can tell when the text an
        opinion produced was changed again.
        """
        declared = self.declarations()
        comparison = compare(self.base, self._plan, declared, self.opinions)
        revision = comparison.to_revision(declared.old, declared.new)
        nodes = PlanIndex.of(self._plan).by_id
        records = tuple(
            record.model_copy(update={"fingerprint": fingerprint(nodes[record.target].node)})
            if record.opinions and record.kind is not ChangeKind.DELETE and record.target in nodes
            else record
            for record in revision.changes
        )
        return self._plan, revision.model_copy(update={"changes": records})

    def missing(self) -> list[Finding]:
        """Return what is still to be filled in (see :func:`planrev.decisions.missing`): changes
        with no opinion and no reason, and the opinions with no disposition or response."""
        return missing(self.result()[1], self.opinions)

    def save(
        self, draft_path: Path | str, revision_path: Path | str, *, overwrite: bool = False
    ) -> tuple[Path, Path]:
        """Write the new draft and its revision record, atomically; never overwrite unless asked.

        The draft keeps the base file's comments and layout when the editor was opened from a
        file.
        """
        targets = (Path(draft_path), Path(revision_path))
        for target in targets:
            if target.exists() and not overwrite:
                raise PlanrevError(
                    Msg(
                        f"{target} は既にあります。上書きしませんでした",
                        f"{target} exists; not overwritten",
                    ),
                    hint=Msg(
                        "別のファイル名にするか、overwrite=True を指定してください。",
                        "choose another name, or pass overwrite=True.",
                    ),
                )
        plan, revision = self.result()
        if self._source_text is not None:
            document = Document(self.base, self._source_text, None)
            document.model = plan
            draft_text = document.dumps()
        else:
            draft_text = dump_document(plan)
        write_text_atomic(targets[0], draft_text)
        write_text_atomic(targets[1], dump_document(revision))
        return targets

    # ----------------------------------------------------------------------------------------
    # Helpers

    def _why(self, because: str | Iterable[str] | None, reason: object) -> Why:
        """Check ``because`` and ``reason`` at the boundary (a string is one opinion id)."""
        return opinion_ids(because, self.opinions), reason_text(reason)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """Apply one edit whole or not at all: on any error, put the draft and records back."""
        saved = (self._plan, dict(self._declared), self._deleted, dict(self._replaced))
        try:
            yield
        except BaseException:
            self._plan, self._declared, self._deleted, self._replaced = saved
            raise

    def _set_plan(self, plan: Plan) -> None:
        """Take ``plan`` as the draft, once its index says every id is still unique."""
        try:
            PlanIndex.of(plan)
        except DuplicateIdError as exc:
            raise EditError(exc.message, hint=exc.hint) from exc
        self._plan = plan

    def _modify(
        self, node_id: str, why: Why, attributes: dict[str, Any], replaced: Replaced | None
    ) -> None:
        node = self._node(node_id)
        if not attributes:
            raise EditError(
                Msg("変更する項目がありません", "nothing to change"),
                hint=Msg("text='…' のように指定してください。", "pass e.g. text='…'."),
            )
        editable = [name for name in type(node).model_fields if name not in _FIXED]
        unknown = [name for name in attributes if name not in editable]
        if unknown:
            raise EditError(
                Msg(
                    f"{node_id} では {', '.join(unknown)} は変更できません",
                    f"cannot change {', '.join(unknown)} of {node_id}",
                ),
                hint=Msg(
                    f"変更できる項目: {', '.join(editable)}",
                    f"changeable: {', '.join(editable)}",
                ),
            )
        try:
            updated = type(node).model_validate({**node.model_dump(), **attributes})
        except ValidationError as exc:
            raise EditError(
                Msg(
                    f"{node_id} の値が正しくありません: {exc}",
                    f"invalid value for {node_id}: {exc}",
                )
            ) from exc
        self._set_plan(self._tree(replace_node, self._plan, node_id, updated))
        self._declare(node_id, why)
        wording = _WORDING.get(type(node), "text")
        if wording in attributes:
            self._worded(node_id, getattr(node, wording), replaced)
        if isinstance(updated, Statement) and "text" in attributes:
            cascade = self._cascade_reason(node_id, "修正")
            for repost in self._reposts_of(node_id):
                copy = repost.model_copy(update={"text": updated.text})
                self._set_plan(replace_node(self._plan, repost.id, copy))
                self._declare(repost.id, ((), cascade))
                same = repost.text == getattr(node, wording)
                self._worded(repost.id, repost.text, replaced if same else None)

    def _worded(self, node_id: str, before: str | None, replaced: Replaced | None) -> None:
        """Note that the wording of ``node_id`` was edited (by one replacement, or otherwise).

        A statement's record carries the span of its replacement while that is the only edit of
        its text since the base draft (a span is where in a statement's text a change lies).
        """
        original = find(self.base, node_id)
        if (
            replaced is not None
            and node_id not in self._replaced
            and original is not None
            and type(original.node) is Statement
            and original.node.text == before
        ):
            self._replaced[node_id] = replaced
        else:
            self._replaced[node_id] = None

    def _remove(self, node_id: str, why: Why) -> None:
        plan, _removed = self._tree(remove_node, self._plan, node_id)
        self._set_plan(plan)
        self._deleted |= {node_id}
        self._replaced.pop(node_id, None)
        self._declare(node_id, why)

    def _node(self, node_id: str) -> Node:
        located = find(self._plan, node_id) if isinstance(node_id, str) else None
        if located is None:
            gone = node_id in self._deleted
            raise EditError(
                Msg(
                    f"id '{node_id}' は{'削除済みです' if gone else '草案にありません'}",
                    f"the id '{node_id}' {'was deleted' if gone else 'is not in the draft'}",
                ),
                hint=Msg("id を確認してください。", "check the id."),
            )
        return located.node

    def _position(
        self, node: Node, *, into: str | None, after: str | None, before: str | None
    ) -> tuple[str | None, str | None]:
        if after is not None and before is not None:
            raise EditError(
                Msg("after と before は同時に指定できません", "give after or before, not both")
            )
        try:
            if after is not None:
                container, _ = placement_of(self._plan, after)
                return container, after
            if before is not None:
                container, previous = placement_of(self._plan, before)
                return container, previous
        except TreeError as exc:
            raise EditError(
                Msg(f"位置の指定が正しくありません: {exc}", f"invalid position: {exc}"),
                hint=Msg(
                    "after / before には草案にある id を指定してください。",
                    "after/before must name an id in the draft.",
                ),
            ) from exc
        if into is not None:
            holder = self._node(into)
            siblings = _list_of(holder, node)
            return into, siblings[-1].id if siblings else None
        siblings = _list_of(self._plan, node)
        return None, siblings[-1].id if siblings else None

    def _tree(self, function: Any, *arguments: Any) -> Any:
        try:
            return function(*arguments)
        except TreeError as exc:
            raise EditError(Msg(f"編集できません: {exc}", f"cannot edit: {exc}")) from exc

    def _declare(self, target: str, why: Why) -> None:
        opinions, reasons = self._declared.get(target, ((), ()))
        ids, reason = why
        opinions = tuple(dict.fromkeys((*opinions, *ids)))
        if reason and reason not in reasons:
            reasons = (*reasons, reason)
        self._declared[target] = (opinions, reasons)

    def _reposts_of(self, node_id: str) -> list[Statement]:
        return [
            statement
            for statement in PlanIndex.of(self._plan).reposts
            if statement.repost is not None and statement.repost.of == node_id
        ]

    def _cascade_reason(self, node_id: str, action: str) -> str:
        located = find(self._plan, node_id)
        if located is None:
            return f"再掲元の{action}に伴い{action}"
        where = located.container.title if located.container is not None else ""
        node = located.node
        what = _KIND_NAMES.get(node.kind, "記述") if isinstance(node, Statement) else "記述"
        return f"{where}の{what}の{action}に伴い{action}"


def _replaced_span(start: int, old: str, new: str) -> Replaced:
    """Return where replacing ``old`` at ``start`` by ``new`` changes the text, in the old and
    the new text: the characters the two share at either end are not part of the change."""
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return (start + prefix, start + len(old) - suffix, start + prefix, start + len(new) - suffix)


def _list_of(holder: Plan | Node, node: Node) -> tuple[Any, ...]:
    if not isinstance(holder, Plan | Pillar | Field | Section | KpiTable):
        raise EditError(Msg("そこには入れられません", "cannot put it there"))
    try:
        return tuple(getattr(holder, child_list_name(holder, node)))
    except TreeError as exc:
        raise EditError(
            Msg(f"そこには入れられません: {exc}", f"cannot put it there: {exc}")
        ) from exc
