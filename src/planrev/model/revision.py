"""The record of one revision: the changes from draft N to draft N+1 and why each was made."""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import StringConstraints, model_validator

from planrev.model.base import Count, Meeting, Model, NodeId, SchemaVersion, Text
from planrev.model.plan import Field, Footnote, KpiRow, KpiTable, Note, Pillar, Section, Statement

FINGERPRINT_LENGTH = 12
"""How many hexadecimal digits of the SHA-256 a fingerprint keeps."""

Fingerprint = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")]
"""A short hash of a node's text (see :func:`fingerprint`)."""


class ChangeKind(StrEnum):
    """The kind of a change, as the handout's markers name it."""

    ADD = "追加"
    """Only inserts: a new node, or text inserted into a sentence."""
    MODIFY = "修正"
    """Anything that both removes and inserts."""
    DELETE = "削除"
    """Only removes."""
    SPLIT = "分割"
    """One statement became two (its text goes on in both, maybe reworded)."""
    MERGE = "統合"
    """Two statements became one."""
    MOVE = "移動"
    """Moved (to another part, or among its siblings) and otherwise unchanged; a node moved and
    reworded is a 修正 noted as moved."""


class Span(Model):
    """Where in a statement's text a change lies, in characters from the start."""

    start: Count
    """Where the change (and its marker) starts."""
    end: Count | None = None
    """Where it ends, or None when the sources do not show it (the seed's 【追加②】)."""

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end is not None and self.end < self.start:
            raise ValueError("span needs start <= end")
        return self


class ChangeRecord(Model):
    """One declared change and what explains it."""

    id: NodeId
    """The change's stable id."""
    kind: ChangeKind
    """追加, 修正, 削除, 分割, 統合 or 移動."""
    target: NodeId
    """The node changed: its id in the new draft, or in the old draft for a 削除."""
    label: Text | None = None
    """The label as the handout shows it (追加①, 修正 …), or None to have it computed."""
    opinions: tuple[NodeId, ...] = ()
    """The opinions behind the change."""
    reason: Text | None = None
    """Why the change was made when no opinion (or not only an opinion) explains it, e.g.
    ``商工業・サービス業の取組方針の削除に伴い削除``."""
    span: Span | None = None
    """Where in the target's text the change lies (new text; old text for a 削除); None when the
    change is the whole node."""
    fingerprint: Fingerprint | None = None
    """A short hash of the target's text right after the change (:func:`fingerprint`), taken when
    the link to its opinions was made; an audit reports the link as suspect when the text changes
    again later. None when not recorded (and always for a 削除)."""


class Revision(Model):
    """The changes from one draft to the next, with their opinions and reasons."""

    schema_version: SchemaVersion = 1
    """The version of the file format."""
    document: Literal["revision"] = "revision"
    """Always ``revision``: says what kind of planrev file this is."""
    old: Meeting
    """The meeting number of the draft before the changes."""
    new: Meeting
    """The meeting number of the draft after the changes."""
    changes: tuple[ChangeRecord, ...] = ()
    """The changes, in document order."""


def fingerprint(
    node: Statement | KpiRow | KpiTable | Note | Footnote | Pillar | Field | Section,
) -> str:
    """Return the short hash of a node's wording: what a linked opinion is about.

    The hash covers the node's text (a statement's or a note's text, a footnote's mark and text,
    a KPI row's cells, a KPI table's title and years, a heading's title) exactly as written, but
    not its id, place or kind, so a node that is only moved or re-keyed keeps its fingerprint.
    """
    values: list[object]
    if isinstance(node, Statement | Note):
        values = [node.text]
    elif isinstance(node, Footnote):
        values = [node.mark, node.text]
    elif isinstance(node, KpiRow):
        values = [node.indicator, node.unit, node.baseline, node.target]
    elif isinstance(node, KpiTable):
        values = [node.title, node.baseline_year, node.target_year]
    else:
        values = [node.title]
    data = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]
