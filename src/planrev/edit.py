"""Make the next draft in a script: edits with the opinions or reasons behind them.

>>> editor = Editor.open("drafts/aomori-dx/draft-03.yaml", meeting=4, date="R5.9.1")
>>> editor.modify("talent-2", text="…", because=["op-4-1"])
>>> editor.delete("infra-2", reason="デジタル基盤の整備と統合")
>>> new_draft, revision = editor.result()
>>> editor.save("drafts/aomori-dx/draft-04.yaml", "drafts/aomori-dx/revision-03-04.yaml")

Each edit declares why it was made (``because=`` opinion ids, and/or ``reason=``). The revision
record is not assembled by hand: :meth:`Editor.result` compares the base draft with the edited one
and attaches the declarations to the computed changes, so kinds and labels (追加①, 修正 …) are
always what the text says. Deleting or rewording a statement carries the same change to its
re-listings (再掲), with a reason such as ``商工業・サービス業の取組方針の削除に伴い削除``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from planrev.comparison import Comparison, compare
from planrev.errors import EditError, PlanrevError
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
    Statement,
    find,
    fingerprint,
    index,
    walk,
)
from planrev.model.tree import (
    TreeError,
    child_list_name,
    insert_node,
    placement_of,
    remove_node,
    replace_node,
)
from planrev.model.walk import Node, PlanIndex
from planrev.storage.documents import (
    Document,
    dump_document,
    loads_document,
    read_text,
    write_text_atomic,
)

__all__ = ["Editor"]

_KIND_NAMES = {"vision": "めざす姿", "initiative": "取組方針", "text": "記述"}


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
        text, so that saving keeps its comments and layout (:meth:`open` sets it).
        """
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
        meta = base.meta.model_validate({**base.meta.model_dump(), **meta_updates})
        self._plan = base.model_copy(update={"meta": meta})
        self._source_text = source_text
        self._declared: dict[str, tuple[list[str], list[str]]] = {}
        self._deleted: set[str] = set()

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
    # Edits

    def insert(
        self,
        node: Node,
        *,
        into: str | None = None,
        after: str | None = None,
        before: str | None = None,
        because: Iterable[str] = (),
        reason: str | None = None,
    ) -> None:
        """Insert ``node`` after or before a sibling, or at the end of ``into`` (a container id).

        Use ``into=None`` with neither ``after`` nor ``before`` to append a pillar or a plan-level
        block.
        """
        if find(self._plan, node.id) is not None or node.id in self._deleted:
            raise EditError(
                Msg(f"id '{node.id}' は既に使われています", f"the id '{node.id}' is already used"),
                hint=Msg("別の id を付けてください。", "choose another id."),
            )
        container, previous = self._position(node, into=into, after=after, before=before)
        self._plan = self._tree(insert_node, self._plan, node, container, previous)
        self._declare(node.id, because, reason)

    def modify(
        self,
        node_id: str,
        *,
        because: Iterable[str] = (),
        reason: str | None = None,
        **attributes: Any,
    ) -> None:
        """Change attributes of a node: ``text=`` of a statement, ``title=`` of a section,
        ``target=`` of a KPI row, ``target_year=`` of a KPI table, and so on.

        Rewording a statement that is re-listed elsewhere (再掲) rewords the re-listings too.
        """
        node = self._node(node_id)
        if not attributes:
            raise EditError(
                Msg("変更する項目がありません", "nothing to change"),
                hint=Msg("text='…' のように指定してください。", "pass e.g. text='…'."),
            )
        unknown = [
            name
            for name in attributes
            if name not in type(node).model_fields
            or name in {"id", "kind", "blocks", "sections", "fields", "rows"}
        ]
        if unknown:
            raise EditError(
                Msg(
                    f"{node_id} では {', '.join(unknown)} は変更できません",
                    f"cannot change {', '.join(unknown)} of {node_id}",
                ),
                hint=Msg(
                    f"変更できる項目: {', '.join(self._editable(node))}",
                    f"changeable: {', '.join(self._editable(node))}",
                ),
            )
        try:
            updated = type(node).model_validate({**node.model_dump(), **attributes})
        except ValueError as exc:
            raise EditError(
                Msg(
                    f"{node_id} の値が正しくありません: {exc}",
                    f"invalid value for {node_id}: {exc}",
                )
            ) from exc
        self._plan = self._tree(replace_node, self._plan, node_id, updated)
        self._declare(node_id, because, reason)
        if isinstance(updated, Statement) and "text" in attributes:
            cascade = self._cascade_reason(node_id, "修正")
            for repost in self._reposts_of(node_id):
                self._plan = replace_node(
                    self._plan, repost.id, repost.model_copy(update={"text": updated.text})
                )
                self._declare(repost.id, (), cascade)

    def set_kpi(
        self, node_id: str, *, because: Iterable[str] = (), reason: str | None = None, **cells: Any
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
        self, node_id: str, *, because: Iterable[str] = (), reason: str | None = None
    ) -> None:
        """Delete a node (with everything inside it) and its re-listings (再掲)."""
        node = self._node(node_id)
        cascade = self._cascade_reason(node_id, "削除")
        reposts = self._reposts_of(node_id) if isinstance(node, Statement) else []
        self._plan, _removed = self._tree(remove_node, self._plan, node_id)
        self._deleted.add(node_id)
        self._declare(node_id, because, reason)
        for repost in reposts:
            if find(self._plan, repost.id) is not None:
                self._plan, _removed = remove_node(self._plan, repost.id)
                self._deleted.add(repost.id)
                self._declare(repost.id, (), cascade)

    def move(
        self,
        node_id: str,
        *,
        into: str | None = None,
        after: str | None = None,
        before: str | None = None,
        because: Iterable[str] = (),
        reason: str | None = None,
    ) -> None:
        """Move a node after or before a sibling, or to the end of ``into``."""
        node = self._node(node_id)
        located = PlanIndex.of(self._plan).by_id[node_id]
        inside = {inner.id for inner in PlanIndex.of(self._plan).subtree(located)}
        if inside & {after, before, into}:
            raise EditError(
                Msg(
                    f"{node_id} を自分自身やその中へは移動できません",
                    f"cannot move {node_id} next to or into itself",
                )
            )
        plan, removed = self._tree(remove_node, self._plan, node_id)
        self._plan, original = plan, self._plan
        try:
            container, previous = self._position(removed, into=into, after=after, before=before)
            self._plan = self._tree(insert_node, self._plan, removed, container, previous)
        except EditError:
            self._plan = original  # a failed edit leaves the draft as it was
            raise
        self._declare(node_id, because, reason)

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
            records.append(
                ChangeRecord(
                    id=target,
                    kind=kind,
                    target=target,
                    opinions=tuple(opinions),
                    reason="、".join(reasons) or None,
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
        comparison = self.comparison()
        declared = self.declarations()
        revision = comparison.to_revision(declared.old, declared.new)
        nodes = index(self._plan)
        records = tuple(
            record.model_copy(update={"fingerprint": fingerprint(nodes[record.target].node)})
            if record.opinions and record.kind is not ChangeKind.DELETE and record.target in nodes
            else record
            for record in revision.changes
        )
        return self._plan, revision.model_copy(update={"changes": records})

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

    def _node(self, node_id: str) -> Node:
        located = find(self._plan, node_id)
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

    @staticmethod
    def _editable(node: Node) -> list[str]:
        return [
            name
            for name in type(node).model_fields
            if name not in {"id", "kind", "blocks", "sections", "fields", "rows"}
        ]

    def _position(
        self, node: Node, *, into: str | None, after: str | None, before: str | None
    ) -> tuple[str | None, str | None]:
        given = [value for value in (after, before) if value is not None]
        if len(given) > 1:
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

    def _declare(self, target: str, because: Iterable[str], reason: str | None) -> None:
        opinions, reasons = self._declared.setdefault(target, ([], []))
        known = {o.id for o in self.opinions.opinions} if self.opinions else None
        for opinion_id in because:
            if known is not None and opinion_id not in known:
                raise EditError(
                    Msg(f"意見 '{opinion_id}' はありません", f"no opinion '{opinion_id}'"),
                    hint=Msg(
                        "because には意見ファイルにある id を指定してください。",
                        "because= takes ids from the opinions file.",
                    ),
                )
            if opinion_id not in opinions:
                opinions.append(opinion_id)
        if reason and reason not in reasons:
            reasons.append(reason)

    def _reposts_of(self, node_id: str) -> list[Statement]:
        return [
            located.node
            for located in walk(self._plan)
            if isinstance(located.node, Statement)
            and located.node.repost is not None
            and located.node.repost.of == node_id
        ]

    def _cascade_reason(self, node_id: str, action: str) -> str:
        located = find(self._plan, node_id)
        if located is None:
            return f"再掲元の{action}に伴い{action}"
        where = located.container.title if located.container is not None else ""
        node = located.node
        what = _KIND_NAMES.get(node.kind, "記述") if isinstance(node, Statement) else "記述"
        return f"{where}の{what}の{action}に伴い{action}"


def _list_of(holder: Plan | Node, node: Node) -> tuple[Any, ...]:
    if not isinstance(holder, Plan | Pillar | Field | Section | KpiTable):
        raise EditError(Msg("そこには入れられません", "cannot put it there"))
    try:
        return tuple(getattr(holder, child_list_name(holder, node)))
    except TreeError as exc:
        raise EditError(
            Msg(f"そこには入れられません: {exc}", f"cannot put it there: {exc}")
        ) from exc
