"""The plain-plan importer: heading styles to levels, paragraphs, bullets, notes kept verbatim."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planrev.errors import LoadError
from planrev.i18n import set_language
from planrev.importers import import_plain, read_plain
from planrev.importers.plain import heading_style
from planrev.model import Field, Footnote, Note, Pillar, Plan, Section, Statement, walk
from planrev.model.checks import check_plan
from planrev.storage.documents import dump_document, loads_document
from tests.test_import_support import check_golden

CASES = Path(__file__).parent / "cases"
STYLES = CASES / "import_plain_styles"
MARKDOWN = CASES / "import_plain_markdown"


def tree(plan: Plan) -> list[Any]:
    """Return the plan as nested (heading, [blocks], [children]) for readable assertions."""

    def blocks(items: tuple[Any, ...]) -> list[str]:
        shown = []
        for block in items:
            if isinstance(block, Statement):
                shown.append(("・" if block.bullet else "") + (block.text or ""))
            elif isinstance(block, Note):
                shown.append(f"【{block.text}】")
            elif isinstance(block, Footnote):
                shown.append(f"{block.mark}|{block.text}")
        return shown

    def node(item: Pillar | Field | Section) -> Any:
        children = item.fields if isinstance(item, Pillar) else item.sections
        return (item.heading, blocks(item.blocks), [node(child) for child in children])

    return [blocks(plan.blocks), [node(pillar) for pillar in plan.pillars]]


def test_japanese_heading_styles_become_levels_in_order_of_appearance() -> None:
    result = read_plain(STYLES / "plan.txt", title="テスト計画")
    assert [w.code for w in result.warnings] == ["bracket"]
    assert tree(result.plan) == [
        [],
        [
            (
                "第1部　総論",
                ["本計画の前文です。"],
                [
                    (
                        "第1章　計画の概要",
                        [],
                        [
                            (
                                "1　計画策定の趣旨",
                                [
                                    "　本県では、デジタル技術の活用を推進します。※数値は速報値\n"
                                    "　二行目も同じ段落です。"
                                ],
                                [
                                    (
                                        "（1）計画の位置付け",
                                        [
                                            "・箇条書きの一つ目",
                                            "・全角空白の後の箇条書き",
                                            "・ハイフンの箇条書き",
                                        ],
                                        [
                                            (
                                                "①基本的な考え方",
                                                [],
                                                [
                                                    (
                                                        "(ア) 第一の考え方",
                                                        ["本文の途中に【P】があります。"],
                                                        [],
                                                    ),
                                                    (
                                                        "(イ) 第二の考え方",
                                                        [
                                                            "未完の括弧（注記が閉じていない。",
                                                            "【図表を挿入】",
                                                            "※1|脚注の本文。",
                                                            "（注2）|括弧の脚注。",
                                                        ],
                                                        [],
                                                    ),
                                                ],
                                            ),
                                            ("②二つ目の考え方", [], []),
                                        ],
                                    ),
                                    ("(2) 計画の期間", [], []),
                                ],
                            ),
                            (
                                "2　計画の構成",
                                [
                                    "1. この行は番号で始まりますが、句点で終わる長い文なので段落として扱います。"
                                ],
                                [],
                            ),
                        ],
                    ),
                    ("第2章　現状と課題", [], []),
                ],
            ),
            ("第2部　各論", [], []),
        ],
    ]
    warning = result.warnings[0]
    assert (warning.location.line, warning.location.column) == (26, 6)


def test_markdown_headings_and_the_title_heading() -> None:
    result = read_plain(MARKDOWN / "plan.md")
    assert result.warnings == ()
    assert result.plan.meta.title == "青森県デジタル計画"
    assert tree(result.plan) == [
        [],
        [
            (
                "第1章 総論",
                [],
                [
                    (
                        "1 趣旨",
                        ["本文の段落。"],
                        [
                            (
                                "（1）位置付け",
                                ["・箇条書き", "・星の箇条書き"],
                                [
                                    (
                                        "① 考え方",
                                        [],
                                        [
                                            (
                                                "(ア) 細目",
                                                ["細目の本文[^1]。", "[^1]:|Markdown の脚注。"],
                                                [],
                                            )
                                        ],
                                    )
                                ],
                            )
                        ],
                    )
                ],
            ),
            ("第2章 各論", ["本文。"], []),
        ],
    ]


@pytest.mark.parametrize("case", [STYLES / "plan.txt", MARKDOWN / "plan.md"])
def test_plain_cases_match_their_golden_files(case: Path) -> None:
    result = import_plain(case.read_text(encoding="utf-8"), path=Path(case.name), meeting=1)
    check_golden(case.parent / "expected.yaml", dump_document(result.plan))
    set_language("ja")
    try:
        check_golden(case.parent / "warnings.txt", "".join(f"{w}\n" for w in result.warnings))
    finally:
        set_language(None)
    assert loads_document(dump_document(result.plan), None) == result.plan
    assert check_plan(result.plan) == []


def test_text_is_kept_exactly() -> None:
    text = "# 計画\n\n　全角空白で始まる段落\tタブ入り　途中の全角空白 半角  二つ\n\n\uff21\uff22\uff23\uff11\uff12\uff13ｱｲｳ\n"
    result = import_plain(text)
    statements = [b.text for b in result.plan.blocks if isinstance(b, Statement)]
    assert statements == [
        "　全角空白で始まる段落\tタブ入り　途中の全角空白 半角  二つ",
        "\uff21\uff22\uff23\uff11\uff12\uff13ｱｲｳ",
    ]


def test_paragraph_before_any_heading_is_plan_level() -> None:
    result = import_plain("前文。\n\n第1章 総論\n\n本文。\n", title="計画")
    assert [b.text for b in result.plan.blocks] == ["前文。"]  # type: ignore[union-attr]
    assert (result.plan.pillars[0].number, result.plan.pillars[0].title) == ("第1章 ", "総論")


def test_skipped_level_adds_an_untitled_node_with_a_warning() -> None:
    result = import_plain("第1章 A\n\n1 B\n\n（1）C\n\n第2章 D\n\n（1）E\n", title="計画")
    assert [(w.code, w.location.line) for w in result.warnings] == [("level-skipped", 9)]
    second = result.plan.pillars[1]
    assert second.fields[0].title == ""
    assert second.fields[0].sections[0].heading == "（1）E"


def test_ids_are_deterministic_and_survive_renumbering() -> None:
    first = import_plain("第1章 総論\n\n本文。\n\n第2章 各論\n\n二つ目。\n", title="計画")
    again = import_plain("第1章 総論\n\n本文。\n\n第2章 各論\n\n二つ目。\n", title="計画")
    assert first == again
    renumbered = import_plain(
        "第1章 はじめに\n\n前置き。\n\n第2章 総論\n\n本文。\n\n第3章 各論\n\n二つ目。\n",
        title="計画",
    )
    ids_first = {x.id for x in walk(first.plan)}
    ids_renumbered = {x.id for x in walk(renumbered.plan)}
    assert ids_first <= ids_renumbered


def test_identical_paragraphs_get_distinct_ids() -> None:
    result = import_plain("# T\n\n同じ。\n\n同じ。\n\n同じ。\n")
    ids = [b.id for b in result.plan.blocks]
    assert len(set(ids)) == 3
    assert ids[1] == f"{ids[0]}-2"


STATUTE = """\
      第一章　総則

  （定義）
第二条　この法律で「意匠」とは、次に掲げるものをいう。
  一　物品の形状
  二　建築物の形状
    イ　建築物の外観
    ロ　建築物の内部
２　前項の規定は、次の場合に適用する。
  一　意匠登録出願の前

      第二章　意匠登録

第三条　工業上利用することができる意匠

      附　則

１　この法律は、公布の日から施行する。
２　前項の規定にかかわらず、次に掲げる規定は、当該各号に定める日から施行する。
  一　第二条の規定　令和三年四月一日
"""


def test_items_of_a_statute_article_are_its_text_not_headings() -> None:
    # 号 lines (一　…, イ　…) are short and without 「。」 like headings; inside an article they
    # are the article's text, and so are those after a numbered paragraph of 附則 (２　…。).
    result = import_plain(STATUTE, title="意匠法")
    assert tree(result.plan) == [
        [],
        [
            (
                "第一章　総則",
                [
                    "  （定義）\n第二条　この法律で「意匠」とは、次に掲げるものをいう。\n"
                    "  一　物品の形状\n  二　建築物の形状\n    イ　建築物の外観\n"
                    "    ロ　建築物の内部\n２　前項の規定は、次の場合に適用する。\n"
                    "  一　意匠登録出願の前"
                ],
                [],
            ),
            (
                "第二章　意匠登録",
                [
                    "第三条　工業上利用することができる意匠",
                    "      附　則",
                    "１　この法律は、公布の日から施行する。\n"
                    "２　前項の規定にかかわらず、次に掲げる規定は、当該各号に定める日から施行する。\n"
                    "  一　第二条の規定　令和三年四月一日",
                ],
                [],
            ),
        ],
    ]


def test_numbered_headings_outside_articles_stay_headings() -> None:
    # Without an article before it, ``１　…。`` is a paragraph and ``一　…`` after it a heading.
    text = "第1章　総論\n\n１　本計画は、県の取組を示す。\n一　基本方針\n\n本文。\n"
    result = import_plain(text, title="計画")
    assert tree(result.plan) == [
        [],
        [("第1章　総論", ["１　本計画は、県の取組を示す。"], [("一　基本方針", ["本文。"], [])])],
    ]


@pytest.mark.parametrize(
    ("line", "style"),
    [
        ("第1部　総論", "第N部"),
        ("第十二章 各論", "第N章"),
        ("第3節 計画", "第N節"),
        ("1 計画策定の趣旨", "N"),
        ("\uff11\uff0e計画の目的", "N"),
        ("（1）計画の位置付け", "（N）"),
        ("(12) 期間", "（N）"),
        ("①基本的な考え方", "①"),
        ("(ア)第一", "（ア）"),
        ("（イ）　第二", "（ア）"),
        ("(a) 細目", "（a）"),
        ("1 本計画は、県の取組を示すものです。", None),
        ("2023年の状況", None),
        ("1.5倍に増加", None),
        ("第1部第1章の記述です。続きの文※注記", None),
        ("・箇条書き", None),
        ("第1章" + "あ" * 80, None),
    ],
)
def test_heading_style_of_a_line(line: str, style: str | None) -> None:
    assert heading_style(line) == style


@pytest.mark.parametrize("text", ["", "\n", "\ufeff\n\n", " \u3000\t\n"])
def test_empty_plain_input_is_one_clear_error(text: str) -> None:
    with pytest.raises(LoadError):
        import_plain(text, path=Path("empty.md"))


def test_title_falls_back_to_the_file_name_with_a_warning() -> None:
    result = import_plain("本文。\n", path=Path("drafts/keikaku.md"))
    assert result.plan.meta.title == "keikaku"
    assert [w.code for w in result.warnings] == ["title"]


def test_bad_date_is_one_clear_error() -> None:
    with pytest.raises(LoadError):
        import_plain("本文。\n", title="計画", date="R1.4.30")
    assert import_plain("本文。\n", title="計画", date="R5.7.26").plan.meta.date is not None


def _big_plan(pillars: int = 5, fields: int = 4, sections: int = 10, paragraphs: int = 10) -> str:
    lines = ["# 大きな計画", ""]
    for p in range(1, pillars + 1):
        lines += [f"第{p}部　柱{p}", ""]
        for f in range(1, fields + 1):
            lines += [f"第{f}章　分野{p}-{f}", ""]
            for s in range(1, sections + 1):
                lines += [f"（{s}）施策{p}-{f}-{s}", ""]
                for n in range(1, paragraphs + 1):
                    marker = "・" if n % 3 == 0 else ""
                    lines += [f"{marker}第{p}部{f}章{s}節の{n}番目の記述です。", ""]
    return "\n".join(lines)


def test_a_plan_of_two_thousand_blocks() -> None:
    text = _big_plan()
    result = import_plain(text)
    statements = [x for x in walk(result.plan) if isinstance(x.node, Statement)]
    assert len(statements) == 2000
    assert sum(1 for x in walk(result.plan) if isinstance(x.node, Section)) == 200
    assert len({x.id for x in walk(result.plan)}) == len(list(walk(result.plan)))
    assert result.warnings == ()
    assert import_plain(text) == result
