"""The seam between the marked-text rules and the Word / PDF front-ends, tested on text.

A front-end turns its document into marked text — underlined runs as ``<u>…</u>``, struck runs as
``~~…~~``, literal ``~`` and ``<`` escaped — and gives one location per line (a Word paragraph, a
PDF page), so that every finding and error points at the original document.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planrev.errors import LoadError, Location
from planrev.importers import import_marked
from planrev.importers.marked import escape
from planrev.model import ChangeKind, Span, Statement, find
from tests.conftest import SEED
from tests.test_import_support import assert_consistent

SEED_TEXT = SEED.read_text(encoding="utf-8")
HEADER = "R5.7.26第3回「(仮称)テスト計画」策定委員会\n# 柱\n\n"


def _one(
    body: str,
) -> tuple[list[str | None], list[str | None], list[tuple[str, Span | None]], list[str]]:
    """Import one bullet; return the new and old texts, the changes and the warning codes."""
    result = import_marked(HEADER + f"- ・{body}\n")
    assert_consistent(result, reload=False)
    new = [b.text for b in result.new.pillars[0].blocks if isinstance(b, Statement)]
    old = [b.text for b in result.old.pillars[0].blocks if isinstance(b, Statement)]
    changes = [(c.kind.value, c.span) for c in result.revision.changes]
    return new, old, changes, [w.code for w in result.warnings]


# --------------------------------------------------------------------------------------------
# <u>…</u>: the extent of a change


def test_underline_after_a_marker_states_the_extent_like_a_closing_mark() -> None:
    underlined = import_marked(
        SEED_TEXT.replace("【追加②】人的資源を", "【追加②】<u>人的資源を</u>")
    )
    closed = import_marked(
        SEED_TEXT.replace("【追加②】人的資源を", "【追加②】人的資源を【/追加②】")
    )
    assert "extent-unknown" not in [w.code for w in underlined.warnings]
    assert (underlined.new, underlined.old, underlined.revision) == (
        closed.new,
        closed.old,
        closed.revision,
    )
    change = next(c for c in underlined.revision.changes if c.label == "追加②")
    assert change.span == Span(start=68, end=73)


def test_struck_then_underlined_is_a_modification_with_both_texts() -> None:
    new, old, changes, codes = _one("前半【修正】~~旧い~~<u>新しい</u>後半")
    assert (new, old) == (["前半新しい後半"], ["前半旧い後半"])
    assert changes == [("修正", Span(start=2, end=5))]
    assert codes == []


def test_a_wholly_underlined_item_is_an_added_item() -> None:
    result = import_marked(HEADER + "- ・【追加①】<u>まるごと追加した取組</u>\n")
    (change,) = result.revision.changes
    assert (change.kind, change.span) == (ChangeKind.ADD, None)
    assert find(result.old, change.target) is None
    assert result.warnings == ()


def test_underline_covering_part_of_an_item_headed_by_a_marker() -> None:
    new, old, changes, codes = _one("【追加】<u>新しい</u>文")
    assert (new, old) == (["新しい文"], ["文"])
    assert changes == [("追加", Span(start=0, end=3))]
    assert codes == []


def test_underline_without_a_marker_is_reported_not_guessed() -> None:
    new, old, changes, codes = _one("強調した<u>下線</u>の文")
    assert new == old == ["強調した下線の文"]
    assert changes == []
    assert codes == ["underline-unmarked"]


def test_underline_without_a_marker_is_located() -> None:
    result = import_marked(HEADER + "- ・強調した<u>下線</u>の文\n", path=Path("h.md"))
    (warning,) = result.warnings
    assert warning.location == Location(Path("h.md"), 4, 8)


def test_unclosed_underline_is_kept_as_written() -> None:
    new, old, changes, codes = _one("閉じない<u>下線")
    assert new == old == ["閉じない<u>下線"]
    assert (changes, codes) == ([], ["underline-unclosed"])


def test_underlined_cell_of_a_kpi_table_is_the_new_value() -> None:
    text = HEADER + "KPI\t2023\t2028\n指標\t【修正】~~20~~<u>30</u>\t50\n"
    result = import_marked(text)
    (new_row,) = result.new.pillars[0].blocks[0].rows  # type: ignore[union-attr]
    (old_row,) = result.old.pillars[0].blocks[0].rows  # type: ignore[union-attr]
    assert (new_row.baseline, old_row.baseline) == ("30", "20")


def test_underlined_heading_matches_by_its_plain_title() -> None:
    text = HEADER + "## 分野\n\n### 【追加】<u>新しい施策</u>\n\n- ・取組\n"
    result = import_marked(text)
    section = result.new.pillars[0].fields[0].sections[0]
    assert section.title == "新しい施策"
    assert find(result.old, section.id) is None


# --------------------------------------------------------------------------------------------
# Literal ~ and < in a source's own text


def test_escaped_tildes_and_angle_brackets_are_text() -> None:
    new, old, changes, codes = _one(r"a\~~b\~~ \<u>c\</u> と \~")
    assert new == old == ["a~~b~~ <u>c</u> と ~"]
    assert (changes, codes) == ([], [])


def test_escape_inside_struck_and_underlined_text() -> None:
    new, old, _, codes = _one(r"【修正】~~約\~20~~<u>約\<30</u>")
    assert (new, old, codes) == (["約<30"], ["約~20"], [])


_PLAIN = st.text(
    alphabet=st.sampled_from(list("あ漢字~<>u/\\ab 、。【】～〜")), min_size=1, max_size=30
).filter(
    lambda text: (
        text.strip(" ") == text
        and not text.startswith(("・", "【", "~", "\\"))
        and "【" not in text
        and "】" not in text
        and "※" not in text
    )
)


@settings(max_examples=200, deadline=None)
@given(_PLAIN)
def test_escaped_text_reads_back_exactly(text: str) -> None:
    result = import_marked(HEADER + f"- ・{escape(text)}\n")
    (statement,) = result.new.pillars[0].blocks
    assert statement.text == text  # type: ignore[union-attr]
    assert result.revision.changes == ()
    assert result.warnings == ()


# --------------------------------------------------------------------------------------------
# Origins: findings and errors point at the original document


def _origins(text: str, path: Path) -> list[Location]:
    """One location per line: line n of the text came from Word paragraph 10 + n."""
    return [Location(path, paragraph=10 + n) for n in range(1, len(text.splitlines()) + 1)]


def test_findings_point_at_the_origin_of_their_line() -> None:
    source = Path("見え消し.docx")
    text = HEADER + "- ・強調した<u>下線</u>の文\n- ・前半【追加】後半\n"
    result = import_marked(text, path=Path("intermediate.md"), origins=_origins(text, source))
    assert [(w.code, w.location) for w in result.warnings] == [
        ("underline-unmarked", Location(source, paragraph=14)),
        ("extent-unknown", Location(source, paragraph=15)),
    ]
    assert str(result.warnings[0]).startswith("見え消し.docx:¶14: ")


def test_pdf_pages_as_origins() -> None:
    source = Path("handout.pdf")
    text = HEADER + "- ・強調した<u>下線</u>の文\n"
    origins = [Location(source, line=n, page=2) for n in (7, 8, 9, 10)]
    result = import_marked(text, origins=origins)
    (warning,) = result.warnings
    assert warning.location == Location(source, line=10, page=2)
    assert str(warning).startswith("handout.pdf:p2:10: ")


def test_errors_point_at_the_origin() -> None:
    source = Path("scan.pdf")
    text = "# 柱\n\n- ・本文\n"
    with pytest.raises(LoadError) as caught:
        import_marked(text, origins=[Location(source, page=3)] * 3)
    assert caught.value.location == Location(source, page=3)


def test_messages_name_the_origin_instead_of_a_line_number() -> None:
    first = "R5.7.26第3回「(仮称)テスト計画」策定委員会"
    text = f"{first}\n# 柱\n\n- ・本文\n\n{first.replace('第3回', '第4回')}\n"
    origins = [Location(Path("a.docx"), paragraph=n) for n in range(1, 7)]
    result = import_marked(text, origins=origins)
    (warning,) = result.warnings
    assert warning.code == "header-differs"
    assert "a.docx:¶1" in warning.message.ja
    assert warning.location == Location(Path("a.docx"), paragraph=6)


def test_one_origin_per_line_is_required() -> None:
    with pytest.raises(ValueError, match="2 origins given for 3 lines"):
        import_marked(HEADER, origins=[Location(None)] * 2)


def test_the_front_end_example_of_the_docs_runs(capsys: pytest.CaptureFixture[str]) -> None:
    text = (Path(__file__).parent.parent / "docs" / "import.md").read_text(encoding="utf-8")
    start = text.index("### For front-ends")
    body = text[
        text.index("```python\n", start) + len("```python\n") : text.index(
            "```\n", text.index("```python\n", start) + 10
        )
    ]
    exec(compile(body, "docs/import.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "政策分野に人的資源を集中投資できている自治体~~。"
    assert printed[1] == "start=5 end=10"
    assert printed[2].startswith("見え消し.docx:¶6: ")


def test_an_extent_that_does_not_match_names_the_marker_s_origin() -> None:
    from planrev.importers import parse_extents

    text = HEADER + "- ・前半【追加】後半\n"
    origins = [Location(Path("b.docx"), paragraph=n) for n in range(1, 5)]
    with pytest.raises(LoadError) as caught:
        import_marked(text, origins=origins, extents=parse_extents("追加: 別の文言\n"))
    assert "b.docx:¶4" in caught.value.message.ja


def test_plain_text_takes_origins_too() -> None:
    from planrev.importers import import_plain

    text = "# 計画\n\n第1章　総論\n\n（1）施策\n\n①細目\n\n第2章　各論\n\n（ア）飛んだ階層\n"
    origins = [Location(Path("p.docx"), paragraph=n) for n in range(1, 12)]
    result = import_plain(text, origins=origins)
    assert [(w.code, w.location) for w in result.warnings] == [
        ("level-skipped", Location(Path("p.docx"), paragraph=11))
    ]
    with pytest.raises(ValueError, match="origins"):
        import_plain(text, origins=origins[:3])


def test_header_lines_are_recognised_for_front_ends() -> None:
    from planrev.importers.marked import is_header_line

    assert is_header_line("R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会")
    assert is_header_line("会議資料「(仮称)青森県DX推進プラン素案(案)」(抜粋)")
    assert not is_header_line("- ・本文")
