"""Word-level Japanese text diffs: exact examples, properties, classification and tokens."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planrev.comparison import Op, TextSpan, classify_difference, diff_text, new_text, old_text
from planrev.comparison import tokens as tokens_module
from planrev.comparison.result import redline
from planrev.comparison.tokens import tokenize
from planrev.testing.measure import change_boundaries

WIDE_DX = "\uff24\uff38"
"""Full-width DX, written as escapes (ruff flags full-width Latin letters as confusable)."""

# --- exact expectations -------------------------------------------------------------------------

EXAMPLES = [
    # The brief's words: whole words change, never parts of them.
    (
        "県民の利便性の向上を図る。",
        "住民の利便性の向上を図る。",
        "[-県民-]{+住民+}の利便性の向上を図る。",
    ),
    ("住民参加を促進する。", "住民参画を促進する。", "住民[-参加-]{+参画+}を促進する。"),
    (
        "多様な主体の参加を促進する。",
        "多様な主体の参画を促進する。",
        "多様な主体の[-参加-]{+参画+}を促進する。",
    ),
    (
        "見直しによる効率化や生産性の向上",
        "見直しによる効率性や生産性の向上",
        "見直しによる[-効率化-]{+効率性+}や生産性の向上",
    ),
    ("行政運営の効率化", "行政運営の効率性", "行政運営の[-効率化-]{+効率性+}"),
    # A number with its unit is one word: a changed amount is replaced whole.
    ("2028年度までに", "2030年度までに", "[-2028年度-]{+2030年度+}までに"),
    ("利用率を80%とする。", "利用率を90%とする。", "利用率を[-80%-]{+90%+}とする。"),
    (
        "事業費1,000万円を計上する。",
        "事業費1,500万円を計上する。",
        "事業費[-1,000万円-]{+1,500万円+}を計上する。",
    ),
    ("3.5%から5.0%に", "3.5%から6.5%に", "3.5%から[-5.0%-]{+6.5%+}に"),
    ("年間１００人育成する。", "年間１５０人育成する。", "年間[-１００人-]{+１５０人+}育成する。"),
    ("第3回策定委員会", "第4回策定委員会", "[-第3回-]{+第4回+}策定委員会"),
    ("令和5年度から", "令和6年度から", "[-令和5年度-]{+令和6年度+}から"),
    ("100件", "約100件", "{+約+}100件"),
    # Kanji numerals (issue 14): never cut inside the number.
    ("六千八百円を支払う。", "八千七百円を支払う。", "[-六千八百円-]{+八千七百円+}を支払う。"),
    ("第十九条の規定", "第五十九条の規定", "[-第十九条-]{+第五十九条+}の規定"),
    # A branch number is a word of its own: the branch changes, the article number stays.
    ("第十九条の二第一項", "第十九条の三第一項", "第十九条[-の二-]{+の三+}第一項"),
    ("第百五条の六まで", "第百五条まで", "第百五条[-の六-]まで"),
    ("第百五条まで", "第百五条の二の十一まで", "第百五条{+の二の十一+}まで"),
    ("第十九条の二の規定", "第二十条の規定", "[-第十九条の二-]{+第二十条+}の規定"),
    ("二十三人", "二十五人", "[-二十三人-]{+二十五人+}"),
    ("三分の二以上", "四分の三以上", "[-三分の二-]{+四分の三+}以上"),
    ("2,000億円の", "2,500億円の", "[-2,000億円-]{+2,500億円+}の"),
    ("1.5℃上昇", "2.0℃上昇", "[-1.5℃-]{+2.0℃+}上昇"),
    ("平成三十一年度", "令和元年度", "[-平成三十一年度-]{+令和元年度+}"),
    ("2023年度の実績", "２０２４年度の実績", "[-2023年度-]{+２０２４年度+}の実績"),
    ("一層の統一を図る", "一層の統合を図る", "一層の[-統一-]{+統合+}を図る"),
    # The seed's mid-sentence insertion 【追加②】.
    (
        "県内産業のさらなる振興を進められるような政策分野に集中投資できている自治体。",
        "県内産業のさらなる振興を進められるような政策分野に人的資源を集中投資できている自治体。",
        "県内産業のさらなる振興を進められるような政策分野に{+人的資源を+}集中投資できている自治体。",
    ),
    # Clauses inserted and deleted.
    (
        "デジタル技術を活用し、県内企業の生産性の向上を支援する。",
        "デジタル技術を活用し、関係団体と連携しながら、県内企業の生産性の向上を支援する。",
        "デジタル技術を活用し、{+関係団体と連携しながら、+}県内企業の生産性の向上を支援する。",
    ),
    (
        "リモートワーク拠点が整備され、場所を問わず、働くことができる。",
        "リモートワーク拠点が整備され、働くことができる。",
        "リモートワーク拠点が整備され、[-場所を問わず、-]働くことができる。",
    ),
    (
        "市町村と連携して取り組む。",
        "市町村等と連携して取り組む。",
        "市町村{+等+}と連携して取り組む。",
    ),
    # A rewritten phrase is one replacement, not confetti around a shared particle.
    (
        "行政運営の効率化を進める。",
        "行政運営の効率性を高める。",
        "行政運営の[-効率化を進める-]{+効率性を高める+}。",
    ),
    # White space and width are shown, never hidden.
    ("行政手続の オンライン化", "行政手続のオンライン化", "行政手続の[- -]オンライン化"),
    ("（仮称）推進プラン", "(仮称)推進プラン", "[-（仮称）-]{+(仮称)+}推進プラン"),
    (f"{WIDE_DX}推進", "DX推進", f"[-{WIDE_DX}-]{{+DX+}}推進"),
    ("一行目\r\n二行目", "一行目\n二行目", "一行目[-\r-]\n二行目"),
]


@pytest.mark.parametrize(("old", "new", "expected"), EXAMPLES)
def test_examples(old: str, new: str, expected: str) -> None:
    assert redline(diff_text(old, new)) == expected


def test_equal_and_empty_texts() -> None:
    assert diff_text("", "") == ()
    assert diff_text("県民", "県民") == (TextSpan(Op.EQUAL, "県民"),)
    assert diff_text("", "県民") == (TextSpan(Op.INSERT, "県民"),)
    assert diff_text("県民", "") == (TextSpan(Op.DELETE, "県民"),)


def test_long_text_marks_only_the_changed_word() -> None:
    sentence = "行政手続等について、デジタル技術を活用し、県民生活の利便性向上を進める。"
    old = sentence * 2_000
    at = old.index("県民", len(old) // 2)
    new = old[:at] + "住民" + old[at + 2 :]
    spans = diff_text(old, new)
    assert [span.text for span in spans if span.op is not Op.EQUAL] == ["県民", "住民"]
    assert (old_text(spans), new_text(spans)) == (old, new)


def test_control_characters_and_surrogates_survive() -> None:
    old = "a\x00県民\ud800の\x1e参加\x1f\r\n"
    new = "a\x00住民\udc00の\x1f参画\x1e\n"
    spans = diff_text(old, new)
    assert (old_text(spans), new_text(spans)) == (old, new)


# --- classification -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("県民の参加", "県民の参加", "none"),
        ("行政手続の オンライン化", "行政手続のオンライン化", "whitespace"),
        ("一行目\r\n二行目", "一行目\n二行目", "whitespace"),
        ("地域公共交通の\u3000維持", "地域公共交通の維持", "whitespace"),
        ("８０％", "80%", "width"),
        ("（仮称）", "(仮称)", "width"),
        ("ｶﾞｲﾄﾞ", "ガイド", "width"),
        (f"{WIDE_DX} 推進", "DX推進", "width"),
        ("県民", "住民", "text"),
        ("追加①", "追加1", "text"),
        ("㍻", "平成", "text"),
        ("80%", "90%", "text"),
    ],
)
def test_classify_difference(old: str, new: str, expected: str) -> None:
    assert classify_difference(old, new) == expected


# --- tokens -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2028年度", ("2028年度",)),
        ("1,000万円", ("1,000万円",)),
        ("1万2千人", ("1万2千人",)),
        ("１，０００万円", ("１，０００万円",)),
        ("3.5%", ("3.5%",)),
        ("令和5年度", ("令和5年度",)),
        ("令和元年度", ("令和元年度",)),
        ("令和の時代", ("令和", "の", "時代")),
        ("六千八百円を", ("六千八百円", "を")),
        ("第十九条の二第一項", ("第十九条", "の二", "第一項")),
        ("第二条の規定", ("第二条", "の", "規定")),
        ("第百五条の二の十一まで", ("第百五条", "の二", "の十一", "まで")),
        ("第十九条の二の規定", ("第十九条", "の二", "の", "規定")),
        ("第二章の二", ("第二章", "の二")),
        ("昭和三十四年法律第百二十五号", ("昭和三十四年", "法律", "第百二十五号")),
        ("5km", ("5km",)),
        ("約100件", ("約", "100件")),
        ("各3人", ("各", "3人")),
        ("統一した", ("統一", "し", "た")),
        ("千葉県", ("千葉県",)),
        ("業務の効率化", ("業務", "の", "効率化")),
        ("住民等", ("住民", "等")),
        ("行政　手続", ("行政", "\u3000", "手続")),
    ],
)
def test_tokens(text: str, expected: tuple[str, ...]) -> None:
    assert tokenize(text) == expected


@given(st.text(st.characters(exclude_categories=())))
def test_tokens_join_back_to_any_text(text: str) -> None:
    assert "".join(tokenize(text)) == text
    assert all(tokenize(text))


# --- properties ---------------------------------------------------------------------------------

WORDS = (
    "県民",
    "住民",
    "市町村",
    "事業者",
    "参加",
    "参画",
    "効率化",
    "効率性",
    "利便性",
    "向上",
    "デジタル技術",
    "行政サービス",
    "マイナンバーカード",
    "DX",
    WIDE_DX,
    "ｶｰﾄﾞ",
    "オンライン化",
    "取組",
    "推進する",
    "図る",
    "連携しながら",
    "整備されている",
    "等",
    "の",
    "を",
    "が",
    "に",
    "と",
    "や",
    "令和",
    "第",
    "約",
)
UNITS = ("年度", "年", "%", "％", "万円", "円", "人", "件", "か所", "回", "倍", "")
PUNCTUATION = (
    "、",
    "。",
    "・",
    "（",
    "）",
    "(",
    ")",
    "「",
    "」",
    "【追加②】",
    "！",
    "？",
    ",",
    ".",
)
SPACES = (" ", "\u3000", "\n", "\r\n", "\t")
_WIDE = str.maketrans("0123456789,.%", "０１２３４５６７８９，．％")


@st.composite
def numbers(draw: st.DrawFn) -> str:
    """Return a number as plans write them: plain, grouped, decimal, full-width, with 万."""
    value = draw(st.integers(0, 10_000_000))
    text = draw(
        st.sampled_from(
            (
                str(value),
                f"{value:,}",
                f"{value / 10:.1f}",
                f"{value // 10_000}万" if value >= 10_000 else str(value),
            )
        )
    )
    if draw(st.booleans()):
        text = text.translate(_WIDE)
    return text + draw(st.sampled_from(UNITS))


pieces = st.one_of(
    st.sampled_from(WORDS),
    numbers(),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(SPACES),
    st.text(st.characters(exclude_categories=()), min_size=1, max_size=3),
)


def _toggle_width(piece: str) -> str:
    wide = piece.translate(_WIDE)
    return wide if wide != piece else piece.translate({v: k for k, v in _WIDE.items()})


@st.composite
def edited_texts(draw: st.DrawFn) -> tuple[str, str]:
    """Return a random Japanese text and a randomly edited copy of it."""
    old = draw(st.lists(pieces, max_size=30))
    new = list(old)
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(("insert", "delete", "replace", "width")))
        if kind == "insert" or not new:
            new.insert(draw(st.integers(0, len(new))), draw(pieces))
            continue
        at = draw(st.integers(0, len(new) - 1))
        if kind == "delete":
            del new[at]
        elif kind == "replace":
            new[at] = draw(pieces)
        else:
            new[at] = _toggle_width(new[at])
    return "".join(old), "".join(new)


_NUMBER = re.compile(r"[0-9０-９]+(?:[,，.．][0-9０-９]+)*")


def _change_boundaries(spans: tuple[TextSpan, ...]) -> list[tuple[str, int]]:
    """Return where each run of changes starts and ends, as (side, offset) in the old or new text."""
    old_marks, new_marks = change_boundaries(spans)
    return [("old", mark) for mark in old_marks] + [("new", mark) for mark in new_marks]


@given(edited_texts())
def test_diff_rebuilds_both_texts(pair: tuple[str, str]) -> None:
    old, new = pair
    spans = diff_text(old, new)
    assert old_text(spans) == old
    assert new_text(spans) == new


@given(edited_texts())
def test_diff_never_splits_a_number(pair: tuple[str, str]) -> None:
    old, new = pair
    texts = {"old": old, "new": new}
    for side, offset in _change_boundaries(diff_text(old, new)):
        text = texts[side]
        for number in _NUMBER.finditer(text):
            assert not number.start() < offset < number.end(), (redline(diff_text(old, new)), side)


@given(edited_texts())
def test_spans_are_well_formed(pair: tuple[str, str]) -> None:
    spans = diff_text(*pair)
    assert all(span.text for span in spans)
    for first, second in itertools.pairwise(spans):
        assert first.op is not second.op
        # Within a run of changes the deletion comes first.
        assert (first.op, second.op) != (Op.INSERT, Op.DELETE)


@given(edited_texts())
def test_diff_is_deterministic(pair: tuple[str, str]) -> None:
    first = diff_text(*pair)
    tokens_module._tokenize_cached.cache_clear()
    assert diff_text(*pair) == first


@given(edited_texts())
def test_identical_texts_have_no_changes(pair: tuple[str, str]) -> None:
    old, _ = pair
    assert all(span.op is Op.EQUAL for span in diff_text(old, old))


# --- the C++ and the Python diff-match-patch -----------------------------------------------------

_CODE_POINTS = st.sampled_from(
    [chr(point) for point in (*range(0xE000, 0xE00C), *range(0xF0000, 0xF0006), 0x10FFFD)]
)
"""Private-use characters as the token encoding uses them, in and beyond the BMP."""


@given(
    st.lists(_CODE_POINTS, max_size=60).map("".join),
    st.lists(_CODE_POINTS, max_size=60).map("".join),
)
def test_the_native_engine_gives_the_python_engines_diffs(old: str, new: str) -> None:
    from planrev.comparison import text as text_module

    assert text_module.fast_diff_match_patch is not None  # a dependency: diffs in C++
    assert text_module._diff is text_module._native_diff
    assert text_module._native_diff(old, new) == text_module._python_diff(old, new)


def test_both_engines_diff_real_statements_alike() -> None:
    from planrev.comparison import text as text_module
    from planrev.model import Statement, walk
    from planrev.storage.documents import load_draft
    from tests.conftest import AOMORI

    old = load_draft(AOMORI / "draft-02.yaml")
    new = load_draft(AOMORI / "draft-03.yaml")
    texts = [
        (located.node.text or "")
        for plan in (old, new)
        for located in walk(plan)
        if isinstance(located.node, Statement)
    ]
    for first, second in itertools.pairwise(texts):
        encoded_old, encoded_new, _ = text_module._encode(tokenize(first), tokenize(second))
        assert text_module._native_diff(encoded_old, encoded_new) == text_module._python_diff(
            encoded_old, encoded_new
        )
        assert text_module._native_diff(first, second) == text_module._python_diff(first, second)
