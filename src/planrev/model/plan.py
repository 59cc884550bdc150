"""A plan draft: metadata, the pillar → field → section tree, and its content blocks."""

from __future__ import annotations

import datetime as _dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema, model_validator
from pydantic import Field as _PydanticField

from planrev.era import EraDateError, parse_date
from planrev.model.base import (
    YEAR_RANGE,
    Flag,
    Meeting,
    Model,
    NodeId,
    SchemaVersion,
    Text,
    Year,
)


def _coerce_date(value: Any) -> Any:
    """Accept 和暦 strings (R5.7.26, 令和5年7月26日) wherever a date is expected."""
    if isinstance(value, str) and value and not value[0].isdigit():
        return parse_date(value)
    return value


def _coerce_cell(value: Any) -> Any:
    """Accept numbers in KPI cells (YAML reads ``80`` as an int) and keep them as written text."""
    if isinstance(value, bool):
        return value  # let validation reject it
    if isinstance(value, int | float):
        return str(value)
    return value


DATE_YEARS = (1873, YEAR_RANGE[1])
"""The years a meeting date may fall in: from 1873, when Japan took up the Gregorian calendar
(the first date the Japanese era can show), to the last year a plan can speak of."""


def _sane_year(value: _dt.date) -> _dt.date:
    """Refuse a date outside :data:`DATE_YEARS` (9999-01-01, 0001-01-01)."""
    low, high = DATE_YEARS
    if not low <= value.year <= high:
        raise EraDateError(
            f"the year {value.year} is outside {low}-{high}",
            f"{value.year}年は {low}〜{high}年の範囲の外です",
        )
    return value


EraDate = Annotated[
    _dt.date,
    BeforeValidator(_coerce_date),
    AfterValidator(_sane_year),
    WithJsonSchema(
        {
            "type": "string",
            "description": "2023-07-26, R5.7.26 or 令和5年7月26日",
            "examples": ["R5.7.26", "2023-07-26"],
        }
    ),
]
"""A date written as ISO (2023-07-26) or in the Japanese era (R5.7.26, 令和5年7月26日)."""

KpiCell = Annotated[
    Text | None,
    BeforeValidator(_coerce_cell),
    WithJsonSchema({"type": ["string", "number", "null"]}),
]
"""A KPI value as written (``80``, ``1,000``, ``約8割``); None when still blank in a draft."""


class StatementKind(StrEnum):
    """What a statement is in the plan."""

    VISION = "vision"
    """めざす姿: a vision statement."""
    INITIATIVE = "initiative"
    """取組 / 取組方針: an initiative."""
    TEXT = "text"
    """本文: ordinary prose (for plans imported without a finer structure)."""
    CHALLENGE = "challenge"
    """現状と課題: the present state and its problems, which the initiatives answer."""
    DIRECTION = "direction"
    """施策の方向性: the direction a policy takes, above its initiatives."""


class Repost(Model):
    """A re-listing (再掲) of a statement that belongs to another part of the plan."""

    of: NodeId | None = None
    """The id of the original statement, or None when the original is not in this draft
    (for example outside an excerpt)."""
    source: NodeId | None = None
    """The id of the pillar, field or section the original belongs to, or None if ``of`` says it."""

    @model_validator(mode="after")
    def _needs_a_target(self) -> Repost:
        if self.of is None and self.source is None:
            raise ValueError(
                "再掲 needs 'of' (the original statement's id) or 'source' (its section's id)"
            )
        return self


class Statement(Model):
    """One statement of the plan: a vision (めざす姿), an initiative (取組), a present state and
    its problems (現状と課題), a policy direction (施策の方向性) or prose."""

    kind: Literal["vision", "initiative", "challenge", "direction", "text"]
    """What the statement is (see :class:`StatementKind`)."""
    id: NodeId
    """The statement's stable id."""
    text: Text | None
    """The statement as written; None when the text is unknown (a prior text the sources never
    show, such as what a 【修正】 replaced)."""
    bullet: Flag = True
    """Whether the statement is a bullet item (・); False for a paragraph."""
    repost: Repost | None = None
    """Set when the statement re-lists (再掲) a statement from elsewhere in the plan."""


class KpiRow(Model):
    """One indicator of a KPI table."""

    id: NodeId
    """The row's stable id."""
    indicator: Text
    """The indicator's name."""
    unit: Text | None = None
    """The unit (%, 件, 人 …), or None if the indicator's name says it."""
    baseline: KpiCell = None
    """The baseline value as written, or None while blank."""
    target: KpiCell = None
    """The target value as written, or None while blank."""


class KpiTable(Model):
    """A KPI table: indicators with a baseline year and a target year."""

    kind: Literal["kpi"]
    """Always ``kpi``."""
    id: NodeId
    """The table's stable id."""
    title: Text = "KPI"
    """The table's heading as shown."""
    baseline_year: Year | None = None
    """The year of the baseline values (基準値), or None if not yet set."""
    target_year: Year | None = None
    """The year of the target values (目標値), or None if not yet set."""
    rows: tuple[KpiRow, ...] = ()
    """The indicators; empty while the table is still a header in a draft."""


class Note(Model):
    """An editorial note to the committee such as 【体系図を追加】: shown, but not plan text."""

    kind: Literal["note"]
    """Always ``note``."""
    id: NodeId
    """The note's stable id."""
    text: Text
    """The note without its brackets, e.g. ``体系図を追加``."""


class Footnote(Model):
    """A footnote of the plan text (注, ※1 …)."""

    kind: Literal["footnote"]
    """Always ``footnote``."""
    id: NodeId
    """The footnote's stable id."""
    mark: Text
    """The mark as written, e.g. ``※1`` or ``(注1)``."""
    text: Text
    """The footnote's text."""


Block = Annotated[Statement | KpiTable | Note | Footnote, _PydanticField(discriminator="kind")]
"""A content block of a plan, field or section; the variant is chosen by ``kind``."""


class Section(Model):
    """A section (施策) of a field; sections may nest for plans with deeper headings."""

    id: NodeId
    """The section's stable id."""
    number: Text | None = None
    """The heading's number as written, with what separates it from the title (``（1）``,
    ``第2節　``), or None when the heading has none. Kept apart from the title so that a
    renumbering is not a change of wording; printed before the title (see :attr:`heading`)."""
    title: Text
    """The heading as written without its number, e.g. ``住民の利便性の向上``."""
    omitted: Flag = False
    """True when the content is not part of this draft (an excerpt shows only the title)."""
    blocks: tuple[Block, ...] = ()
    """The section's content in order."""
    sections: tuple[Section, ...] = ()
    """Sub-sections, in order."""

    @property
    def heading(self) -> str:
        """Return the heading as printed: the number (if any) followed by the title."""
        return (self.number or "") + self.title

    @property
    def children(self) -> tuple[Section, ...]:
        """Return the child structural nodes."""
        return self.sections


class Field(Model):
    """A field (分野) of a pillar, such as 行政経営分野."""

    id: NodeId
    """The field's stable id."""
    number: Text | None = None
    """The heading's number as written, with what separates it from the title (``第1章　``), or
    None when the heading has none (see :attr:`Section.number`)."""
    title: Text
    """The heading as written without its number."""
    omitted: Flag = False
    """True when the content is not part of this draft (an excerpt shows only the title)."""
    blocks: tuple[Block, ...] = ()
    """Content that belongs to the field itself (e.g. its めざす姿), before its sections."""
    sections: tuple[Section, ...] = ()
    """The field's sections, in order."""

    @property
    def heading(self) -> str:
        """Return the heading as printed: the number (if any) followed by the title."""
        return (self.number or "") + self.title

    @property
    def children(self) -> tuple[Section, ...]:
        """Return the child structural nodes."""
        return self.sections


class Pillar(Model):
    """A pillar (柱) of the plan, such as 「行政経営」を支えるDX."""

    id: NodeId
    """The pillar's stable id."""
    number: Text | None = None
    """The heading's number as written, with what separates it from the title (``第1章　``), or
    None when the heading has none (see :attr:`Section.number`)."""
    title: Text
    """The heading as written without its number."""
    omitted: Flag = False
    """True when the content is not part of this draft (an excerpt shows only the title)."""
    blocks: tuple[Block, ...] = ()
    """Content that belongs to the pillar itself, before its fields."""
    fields: tuple[Field, ...] = ()
    """The pillar's fields, in order."""

    @property
    def heading(self) -> str:
        """Return the heading as printed: the number (if any) followed by the title."""
        return (self.number or "") + self.title

    @property
    def children(self) -> tuple[Field, ...]:
        """Return the child structural nodes."""
        return self.fields


StructuralNode = Pillar | Field | Section
"""A node of the plan's tree that has a title and holds blocks."""


class PlanMeta(Model):
    """What a draft is: which plan, which stage, handed out at which meeting."""

    title: Text
    """The plan's name without (仮称), e.g. ``青森県DX推進プラン``."""
    provisional: Flag = False
    """Whether the name is provisional; shown as ``(仮称)`` before the title."""
    stage: Text = ""
    """The draft stage as written, e.g. ``素案(案)``, ``素案``, ``案``."""
    committee: Text = ""
    """The committee's name as it follows the plan's title, e.g. ``策定委員会``."""
    meeting: Meeting | None = None
    """The meeting number (第3回) the draft was handed out at; None if it was not."""
    date: EraDate | None = None
    """The meeting date, written as 2023-07-26 or in the Japanese era (R5.7.26); None if unknown."""
    excerpt: Flag = False
    """Whether the draft is an excerpt (抜粋) of the whole plan."""
    scope_level: Literal["field", "section"] = "field"
    """Which level owns an opinion table and numbers its labels (追加①, 追加② …)."""


class Plan(Model):
    """One draft of a plan, as handed out at one meeting."""

    schema_version: SchemaVersion = 1
    """The version of the file format."""
    document: Literal["draft"] = "draft"
    """Always ``draft``: says what kind of planrev file this is."""
    meta: PlanMeta
    """What the draft is."""
    blocks: tuple[Block, ...] = ()
    """Plan-level content such as editorial notes about the structure (【体系図を追加】)."""
    pillars: tuple[Pillar, ...] = ()
    """The pillars, in order."""

    @property
    def children(self) -> tuple[Pillar, ...]:
        """Return the top-level structural nodes."""
        return self.pillars
