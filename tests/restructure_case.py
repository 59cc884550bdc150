"""Small pairs of drafts with every restructuring: a move, a move with edits, a split, a merge
and headings renumbered by an inserted section (the golden outputs of tests/golden/restructure);
and a whole section, a note, a footnote, a KPI table and a KPI row moved to another part
(tests/golden/restructure_section)."""

from __future__ import annotations

from planrev.comparison import Comparison, compare
from planrev.model import Field, Pillar, Plan, Section
from planrev.model.build import (
    field,
    footnote,
    initiative,
    kpi,
    kpi_row,
    note,
    pillar,
    plan,
    section,
)

TRAFFIC = "地域の交通事業者と連携し、高齢者の移動手段を確保するため、デマンド交通の導入を支援する。"
MOVED = "避難所となる公共施設の耐震化を進め、非常用電源と備蓄物資を計画的に整備する。"
EDITED = "防災情報をスマートフォンで受け取れるよう、県民への登録の呼びかけを進める。"
SPLIT = "中小企業のデジタル化を進めるため、専門人材の派遣と設備投資への補助を組み合わせて行う。"
FIRST = "商店街の空き店舗を活用し、若者の起業を支援する。"
SECOND = "起業した店舗の経営が安定するまで、専門家による助言を続ける。"
SHELTER = "自主防災組織の活動を支援し、地域の防災訓練への参加を促す。"


def _numbered(node: Pillar | Field | Section, number: str) -> Pillar | Field | Section:
    return node.model_copy(update={"number": number})


def restructure_pair() -> tuple[Plan, Plan]:
    """Return the old and the new draft (meetings 1 and 2)."""
    old = plan(
        "地域振興計画",
        _numbered(
            pillar(
                "p1",
                "暮らしと産業",
                _numbered(
                    field(
                        "f1",
                        "暮らしと産業の分野",
                        _numbered(
                            section(
                                "s-traffic",
                                "地域交通の確保",
                                initiative("a", TRAFFIC),
                                initiative("m", MOVED),
                                initiative("e", EDITED),
                            ),
                            "（1）",
                        ),
                        _numbered(
                            section(
                                "s-industry",
                                "地域産業の振興",
                                initiative("s", SPLIT),
                                initiative("p", FIRST),
                                initiative("q", SECOND),
                            ),
                            "（2）",
                        ),
                    ),
                    "第1節\u3000",
                ),
                _numbered(
                    field(
                        "f2",
                        "防災の分野",
                        _numbered(
                            section("s-safety", "防災力の向上", initiative("b", SHELTER)), "（1）"
                        ),
                    ),
                    "第2節\u3000",
                ),
            ),
            "第1章\u3000",
        ),
        meeting=1,
        date="R5.6.1",
    )
    split_at = SPLIT.index("、")
    new = plan(
        "地域振興計画",
        _numbered(
            pillar(
                "p1",
                "暮らしと産業",
                _numbered(
                    field(
                        "f1",
                        "暮らしと産業の分野",
                        _numbered(
                            section(
                                "s-digital",
                                "デジタル化の推進",
                                initiative("d", "行政手続のオンライン化を進める。"),
                            ),
                            "（1）",
                        ),
                        _numbered(
                            section("s-traffic", "地域交通の確保", initiative("a", TRAFFIC)),
                            "（2）",
                        ),
                        _numbered(
                            section(
                                "s-industry",
                                "地域産業の振興",
                                initiative("s1", SPLIT[:split_at] + "。"),
                                initiative("s2", SPLIT[split_at + 1 :]),
                                initiative("pq", FIRST.rstrip("。") + "、" + SECOND),
                            ),
                            "（3）",
                        ),
                    ),
                    "第1節\u3000",
                ),
                _numbered(
                    field(
                        "f2",
                        "防災の分野",
                        _numbered(
                            section(
                                "s-safety",
                                "防災力の向上",
                                initiative("b", SHELTER),
                                initiative("m2", MOVED),
                                initiative("e2", EDITED.replace("進める", "一層進める")),
                            ),
                            "（1）",
                        ),
                    ),
                    "第2節\u3000",
                ),
            ),
            "第1章\u3000",
        ),
        meeting=2,
        date="R5.7.26",
    )
    return old, new


def restructure_comparison() -> Comparison:
    """Return the comparison of :func:`restructure_pair`."""
    return compare(*restructure_pair())


BUS = kpi_row("r2", "バス利用者数", unit="人", baseline="100", target="200")
DEMAND = kpi_row("r1", "デマンド交通の導入市町村数", unit="市町村", baseline="10", target="20")
CHART = note("n1", "体系図を追加")
TERM = footnote("fn1", "※1", "デマンド交通とは、予約に応じて運行する交通である。")


def section_move_pair() -> tuple[Plan, Plan]:
    """Return two drafts where a section moves to another field and a note, a footnote and a
    KPI table move to another section, one of the table's rows into a new table."""
    safety = section(
        "s-safety",
        "防災力の向上",
        initiative("b1", "自主防災組織の活動を支援する。"),
        initiative("b2", "地域の防災訓練への参加を促す。"),
    )
    old = plan(
        "地域振興計画",
        pillar(
            "p1",
            "暮らしと産業",
            field(
                "f1",
                "暮らしの分野",
                section(
                    "s-traffic",
                    "地域交通の確保",
                    initiative("a1", TRAFFIC),
                    CHART,
                    TERM,
                    kpi("k1", DEMAND, BUS, baseline_year=2023, target_year=2028),
                ),
                safety,
            ),
            field(
                "f2",
                "産業の分野",
                section("s-industry", "地域産業の振興", initiative("c1", FIRST)),
            ),
        ),
        meeting=1,
        date="R5.6.1",
    )
    new = plan(
        "地域振興計画",
        pillar(
            "p1",
            "暮らしと産業",
            field(
                "f1",
                "暮らしの分野",
                section("s-traffic", "地域交通の確保", initiative("a1", TRAFFIC)),
            ),
            field(
                "f2",
                "産業の分野",
                section(
                    "s-industry",
                    "地域産業の振興",
                    initiative("c1", FIRST),
                    CHART,
                    TERM,
                    kpi("k1", DEMAND, baseline_year=2023, target_year=2028),
                    kpi("k2", BUS, baseline_year=2023, target_year=2028),
                ),
                safety,
            ),
        ),
        meeting=2,
        date="R5.7.26",
    )
    return old, new


def section_move_comparison() -> Comparison:
    """Return the comparison of :func:`section_move_pair`."""
    return compare(*section_move_pair())
