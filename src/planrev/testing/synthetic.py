"""Synthetic plans and revisions with realistic Japanese administrative text, for tests and
benchmarks.

:func:`make_plan` builds a plan of any size from a seeded random generator;
:func:`revise` makes the next draft with a share of statements edited (reworded, added, deleted,
moved between sections, sections renamed, ids re-keyed, KPI cells changed) and returns the ground
truth: which edit was made to which node and because of which opinion, as an opinion set and a
revision record. Everything is deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from planrev.comparison.text import Op, diff_text
from planrev.model import (
    ChangeKind,
    ChangeRecord,
    Disposition,
    Field,
    KpiRow,
    KpiTable,
    Opinion,
    OpinionSet,
    Pillar,
    Plan,
    PlanMeta,
    Revision,
    Section,
    Statement,
    find,
    walk,
)
from planrev.model.tree import insert_node, placement_of, remove_node, replace_node
from planrev.model.walk import Located

__all__ = ["Edit", "Revised", "make_plan", "revise", "sentence"]

_SUBJECTS = (
    "県民",
    "市町村",
    "事業者",
    "県内企業",
    "高齢者",
    "子ども",
    "若者",
    "地域住民",
    "行政",
    "職員",
    "農林漁業者",
    "観光事業者",
    "医療機関",
    "学校",
    "NPO",
    "関係団体",
)
_OBJECTS = (
    "デジタル技術",
    "行政サービス",
    "オープンデータ",
    "デジタル人材",
    "情報セキュリティ",
    "地域公共交通",
    "医療・福祉サービス",
    "子育て支援",
    "防災情報",
    "マイナンバーカード",
    "キャッシュレス決済",
    "テレワーク",
    "スマート農業",
    "観光情報",
    "業務システム",
    "通信基盤",
)
_GOALS = (
    "利便性の向上",
    "効率化",
    "省力化",
    "生産性の向上",
    "担い手の確保",
    "安全・安心の確保",
    "持続可能な運営",
    "情報発信の強化",
    "連携の強化",
    "負担の軽減",
    "質の向上",
    "活性化",
)
_VERBS = (
    "推進する",
    "図る",
    "進める",
    "支援する",
    "構築する",
    "整備する",
    "育成する",
    "促進する",
    "充実させる",
    "強化する",
)
_VISIONS = (
    "ことができる",
    "環境が整備されている",
    "仕組みが構築されている",
    "社会が実現されている",
    "体制が整っている",
)
_UNITS = ("%", "件", "人", "団体", "市町村", "か所", "万円", "回")
_TITLES = (
    "の推進",
    "の充実",
    "の強化",
    "の向上",
    "の確保",
    "の整備",
    "の活用",
    "への対応",
)
_PILLARS = ("産業・しごと", "暮らし・まち", "行政経営", "基盤整備", "人づくり", "環境・エネルギー")


def sentence(rng: random.Random, *, vision: bool = False) -> str:
    """Return one plausible sentence of a Japanese prefectural plan."""
    subject, obj, goal = rng.choice(_SUBJECTS), rng.choice(_OBJECTS), rng.choice(_GOALS)
    if rng.random() < 0.3:
        year = rng.choice((2026, 2027, 2028, 2030))
        number = rng.choice((10, 20, 50, 80, 100, 1000))
        unit = rng.choice(_UNITS)
        lead = f"{year}年度までに{obj}の活用率を{number:,}{unit}とし、"
    else:
        lead = f"{obj}を活用し、"
    if vision:
        return f"{lead}{subject}が{rng.choice(_GOALS)}を実感できる{rng.choice(_VISIONS)}"
    verb = rng.choice(_VERBS)
    middle = rng.choice(("", f"{rng.choice(_SUBJECTS)}と連携しながら", "地域の実情に応じて"))
    return f"{lead}{middle}{subject}の{goal}を{verb}。"


def make_plan(
    rng: random.Random,
    sections: int,
    *,
    title: str = "青森県DX推進プラン",
    meeting: int = 1,
    prefix: str = "",
) -> Plan:
    """Return a plan of about ``sections`` sections, each with a vision, initiatives and KPIs.

    ``prefix`` starts every id, so that several generated plans can be combined into one.
    """
    pillar_count = max(1, min(len(_PILLARS), sections // 40 + 1))
    fields_per_pillar = max(1, min(6, sections // (pillar_count * 8) + 1))
    field_count = pillar_count * fields_per_pillar
    per_field = [
        sections // field_count + (1 if i < sections % field_count else 0)
        for i in range(field_count)
    ]
    pillars = []
    serial = 0
    for p in range(pillar_count):
        fields = []
        for f in range(fields_per_pillar):
            field_index = p * fields_per_pillar + f
            section_nodes = []
            for _ in range(per_field[field_index]):
                serial += 1
                sid = f"{prefix}s{serial:05d}"
                blocks: list[Statement | KpiTable] = [
                    Statement(
                        kind="vision", id=f"{sid}-v", text=sentence(rng, vision=True), bullet=False
                    )
                ]
                for i in range(rng.randint(2, 5)):
                    blocks.append(
                        Statement(kind="initiative", id=f"{sid}-i{i + 1}", text=sentence(rng))
                    )
                rows = tuple(
                    KpiRow(
                        id=f"{sid}-k{r + 1}",
                        indicator=f"{rng.choice(_OBJECTS)}の利用率",
                        unit=rng.choice(_UNITS),
                        baseline=str(rng.randint(1, 60)),
                        target=str(rng.randint(61, 100)),
                    )
                    for r in range(rng.randint(0, 2))
                )
                blocks.append(
                    KpiTable(
                        kind="kpi", id=f"{sid}-kpi", baseline_year=2023, target_year=2028, rows=rows
                    )
                )
                section_nodes.append(
                    Section(
                        id=sid,
                        title=f"{rng.choice(_OBJECTS)}{rng.choice(_TITLES)}",
                        blocks=tuple(blocks),
                    )
                )
            fields.append(
                Field(
                    id=f"{prefix}f{field_index + 1:03d}",
                    title=f"{_PILLARS[p]}分野{f + 1}",
                    blocks=(
                        Statement(
                            kind="vision",
                            id=f"{prefix}f{field_index + 1:03d}-v",
                            text=sentence(rng, vision=True),
                        ),
                    ),
                    sections=tuple(section_nodes),
                )
            )
        pillars.append(
            Pillar(
                id=f"{prefix}p{p + 1}", title=f"「{_PILLARS[p]}」を支えるDX", fields=tuple(fields)
            )
        )
    return Plan(
        meta=PlanMeta(
            title=title, provisional=True, stage="素案", committee="策定委員会", meeting=meeting
        ),
        pillars=tuple(pillars),
    )


@dataclass(frozen=True, slots=True)
class Edit:
    """One edit made by :func:`revise`: the ground truth a comparison should find."""

    kind: str
    """``reword``, ``add``, ``delete``, ``move``, ``rename``, ``rekey`` or ``kpi``."""
    target: str
    """The node's id in the new draft (the old one for a deletion)."""
    old_id: str | None
    """The node's id in the old draft, or None for an addition."""
    opinion: str | None
    """The opinion behind the edit, or None (then a reason is declared)."""


@dataclass(frozen=True, slots=True)
class Revised:
    """A revised draft with the truth about how it was made."""

    plan: Plan
    """The new draft."""
    opinions: OpinionSet
    """One opinion per opinion-driven edit (disposed 反映), plus a few that changed nothing."""
    record: Revision
    """The declarations: each edit's target with its opinion or reason."""
    edits: tuple[Edit, ...] = field(default=())
    """What was done, in the order it was done."""


_REWORDS = (
    ("推進する", "一層推進する"),
    ("図る", "着実に図る"),
    ("県民", "住民"),
    ("効率化", "効率性の向上"),
    ("支援する", "重点的に支援する"),
    ("整備する", "計画的に整備する"),
    ("進める", "加速する"),
)


def _reword(rng: random.Random, text: str) -> str:
    options = [pair for pair in _REWORDS if pair[0] in text]
    roll = rng.random()
    if options and roll < 0.4:
        before, after = rng.choice(options)
        return text.replace(before, after, 1)
    if roll < 0.6 and "、" in text:
        head, _, tail = text.partition("、")
        return f"{head}、{rng.choice(_SUBJECTS)}と協働して{tail}"
    if roll < 0.8:
        return text.rstrip("。") + f"とともに、{rng.choice(_OBJECTS)}の{rng.choice(_GOALS)}を図る。"
    clauses = text.split("、")
    if len(clauses) > 2:
        del clauses[rng.randrange(1, len(clauses) - 1)]
        return "、".join(clauses)
    return sentence(rng)


def revise(
    rng: random.Random,
    plan: Plan,
    *,
    rate: float = 0.05,
    meeting: int | None = None,
    prefix: str = "",
) -> Revised:
    """Return the next draft of ``plan`` with about ``rate`` of its statements edited.

    Most edits are rewordings; some add, delete or move statements, rename sections, re-key ids
    (same text, new id) or change KPI cells. About two thirds of the edits are caused by an
    opinion, the rest carry a reason. ``prefix`` keeps ids of new nodes and opinions unique across
    several revisions of one history.
    """
    new_meeting = meeting if meeting is not None else (plan.meta.meeting or 0) + 1
    statements = [
        loc for loc in walk(plan) if isinstance(loc.node, Statement) and loc.node.text is not None
    ]
    sections = [loc for loc in walk(plan) if isinstance(loc.node, Section)]
    rows = [loc for loc in walk(plan) if isinstance(loc.node, KpiRow)]
    count = max(1, round(len(statements) * rate))
    chosen = rng.sample(statements, min(count, len(statements)))
    new = plan.model_copy(update={"meta": plan.meta.model_copy(update={"meeting": new_meeting})})
    edits: list[Edit] = []
    opinions: list[Opinion] = []
    records: list[ChangeRecord] = []
    touched: set[str] = set()
    serial = 0

    def because() -> tuple[str | None, str | None]:
        nonlocal serial
        serial += 1
        if rng.random() < 0.66:
            opinion_id = f"{prefix}op{new_meeting}-{serial}"
            opinions.append(
                Opinion(
                    id=opinion_id,
                    text=f"{rng.choice(_OBJECTS)}について{rng.choice(_GOALS)}を明記すべき",
                    meeting=new_meeting - 1,
                    disposition=Disposition.REFLECTED,
                    response="ご意見を踏まえ修正しました。",
                )
            )
            return opinion_id, None
        return None, rng.choice(
            ("事務局による文言整理", "国の計画改定を踏まえた修正", "関係課との協議による修正")
        )

    def declare(kind: ChangeKind, target: str) -> str | None:
        opinion, reason = because()
        records.append(
            ChangeRecord(
                id=f"{prefix}c{new_meeting}-{len(records) + 1}",
                kind=kind,
                target=target,
                opinions=(opinion,) if opinion else (),
                reason=reason,
            )
        )
        return opinion

    for located in chosen:
        node = located.node
        assert isinstance(node, Statement)
        assert node.text is not None
        if node.id in touched or node.repost is not None:
            continue
        roll = rng.random()
        if roll < 0.6:
            text = _reword(rng, node.text)
            if text == node.text:
                continue
            new = replace_node(new, node.id, node.model_copy(update={"text": text}))
            edits.append(Edit("reword", node.id, node.id, declare(_kind(node.text, text), node.id)))
            touched.add(node.id)
        elif roll < 0.75:
            added = Statement(
                kind="initiative", id=f"{prefix}n{new_meeting}-{len(edits)}", text=sentence(rng)
            )
            container, _ = placement_of(new, node.id)
            new = insert_node(new, added, container, node.id)
            edits.append(Edit("add", added.id, None, declare(ChangeKind.ADD, added.id)))
            touched.update({added.id, node.id})
        elif roll < 0.87:
            if (
                located.container is not None
                and sum(isinstance(b, Statement) for b in located.container.blocks) <= 1
            ):
                continue
            new, _ = remove_node(new, node.id)
            edits.append(Edit("delete", node.id, node.id, declare(ChangeKind.DELETE, node.id)))
            touched.add(node.id)
        elif roll < 0.94 and len(sections) > 1:
            destination = rng.choice(sections).node
            if located.container is None or destination.id == located.container.id:
                continue
            if any(d.id == destination.id for d in _removed_sections(new, sections)):
                continue
            new, removed = remove_node(new, node.id)
            new = insert_node(new, removed, destination.id, None)
            edits.append(Edit("move", node.id, node.id, declare(ChangeKind.MOVE, node.id)))
            touched.add(node.id)
        else:
            rekeyed = node.model_copy(update={"id": f"{prefix}r{new_meeting}-{node.id}"})
            new = replace_node(new, node.id, rekeyed)
            edits.append(Edit("rekey", rekeyed.id, node.id, None))
            touched.add(node.id)
    for located in rng.sample(sections, max(0, min(len(sections), count // 10))):
        current = find(new, located.id)
        if located.id in touched or current is None:
            continue
        section = current.node  # the section as edited so far, not as it was
        assert isinstance(section, Section)
        new = replace_node(
            new, section.id, section.model_copy(update={"title": section.title + "等"})
        )
        edits.append(Edit("rename", section.id, section.id, declare(ChangeKind.ADD, section.id)))
        touched.add(section.id)
    for located in rng.sample(rows, max(0, min(len(rows), count // 5))):
        current = find(new, located.id)
        if current is None:
            continue
        row = current.node
        assert isinstance(row, KpiRow)
        new = replace_node(
            new,
            row.id,
            row.model_copy(update={"target": str(int(row.target or "0") + rng.randint(1, 9))}),
        )
        edits.append(Edit("kpi", row.id, row.id, declare(ChangeKind.MODIFY, row.id)))
    # Opinions that changed nothing still need a disposition.
    for extra in range(max(1, len(opinions) // 10)):
        opinions.append(
            Opinion(
                id=f"{prefix}op{new_meeting}-x{extra + 1}",
                text="アクションプランで具体化してほしい",
                meeting=new_meeting - 1,
                disposition=Disposition.LATER,
                response="アクションプランの策定の際に検討します。",
            )
        )
    return Revised(
        plan=new,
        opinions=OpinionSet(meeting=new_meeting, opinions=tuple(opinions)),
        record=Revision(old=plan.meta.meeting or 0, new=new_meeting, changes=tuple(records)),
        edits=tuple(edits),
    )


def _kind(old: str, new: str) -> ChangeKind:
    spans = diff_text(old, new)
    inserts = any(span.op is Op.INSERT for span in spans)
    deletes = any(span.op is Op.DELETE for span in spans)
    if inserts and not deletes:
        return ChangeKind.ADD
    if deletes and not inserts:
        return ChangeKind.DELETE
    return ChangeKind.MODIFY


def _removed_sections(plan: Plan, sections: Sequence[Located]) -> list[Section]:
    present = {loc.id for loc in walk(plan)}
    return [s.node for s in sections if isinstance(s.node, Section) and s.id not in present]
