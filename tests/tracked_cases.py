"""Revisions that exercise the tracked-changes document beyond the synthetic ones: every kind of
move (a statement between parts and among its siblings, a section to another field, a KPI row
and a KPI table, a statement out of a deleted section), a kind that changed, a renamed plan,
a re-listed statement, a text the old draft does not know, a KPI year added."""

from __future__ import annotations

import datetime as _dt

from planrev.comparison import compare
from planrev.model import Opinion, OpinionSet, Repost
from planrev.model import build as b
from tests.docx_support import Case


def moves_case() -> Case:
    """Return a small revision with every kind of move and the other changes listed above."""
    old = b.plan(
        "旧計画",
        b.note("memo", "体系図を追加"),
        b.pillar(
            "p1",
            "柱一",
            b.field(
                "f1",
                "分野一",
                b.vision("f1-v", "分野一の姿。"),
                b.initiative("i1", "取組一。"),
                b.initiative("i2", "取組二。"),
                b.initiative("i3", "取組三の文言。"),
                b.initiative("i4", None),
                b.kpi(
                    "k1",
                    b.kpi_row("r1", "指標一", unit="%", baseline="1", target="2"),
                    b.kpi_row("r2", "指標二", unit="件", baseline="3", target="4"),
                    baseline_year=2023,
                ),
                b.footnote("fn1", "※1", "注の文言。"),
                b.section(
                    "s1",
                    "施策一",
                    b.initiative("s1-i1", "施策一の取組。"),
                    b.kpi("s1-kpi", b.kpi_row("s1-r1", "施策一の指標", target="9")),
                ),
                b.section(
                    "s2",
                    "施策二",
                    b.initiative("s2-i1", "施策二の取組。"),
                    b.text("s2-t", "本文。"),
                ),
            ),
            b.field(
                "f2",
                "分野二",
                b.vision("f2-v", "分野二の姿。"),
                b.initiative("f2-r", "再掲の取組。", repost=Repost(source="i1")),
                b.section(
                    "s3",
                    "施策三",
                    b.initiative("s3-i1", "施策三から移す取組。"),
                    b.initiative("s3-i2", "施策三とともに消える取組。"),
                ),
            ),
        ),
        meeting=2,
        date=_dt.date(2023, 5, 1),
    )
    new = b.plan(
        "新計画",
        b.note("memo", "体系図を追加"),
        b.pillar(
            "p1",
            "柱一",
            b.field(
                "f1",
                "分野一",
                b.vision("f1-v", "分野一の姿。"),
                b.initiative("i2", "取組二。"),
                b.initiative("i1", "取組一。"),
                b.initiative("i3", "取組三の新しい文言。"),
                b.initiative("i4", "文言が分かった取組。"),
                b.initiative("s3-i1", "施策三から移す取組。"),
                b.kpi(
                    "k1",
                    b.kpi_row("r2", "指標二", unit="件", baseline="3", target="4"),
                    b.kpi_row("r1", "指標一", unit="%", baseline="1", target="2"),
                    baseline_year=2023,
                    target_year=2028,
                ),
                b.footnote("fn1", "※1", "注の文言。"),
                b.section("s1", "施策一", b.initiative("s1-i1", "施策一の取組。")),
            ),
            b.field(
                "f2",
                "分野二",
                b.initiative("f2-v", "分野二の姿。"),
                b.section(
                    "s2",
                    "施策二",
                    b.initiative("s2-i1", "施策二の新しい取組。"),
                    b.text("s2-t", "本文。"),
                    b.kpi("s1-kpi", b.kpi_row("s1-r1", "施策一の指標", target="9")),
                ),
            ),
        ),
        meeting=3,
        date=_dt.date(2023, 7, 26),
    )
    opinions = OpinionSet(
        meeting=3, opinions=(Opinion(id="op1", text="施策二は分野二に。", scope="f2"),)
    )
    return Case("moves", compare(old, new, None, opinions), opinions)
