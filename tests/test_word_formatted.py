"""Hand-formatted Word 見え消し (strike, underline, colour, typed markers) read by the marked rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from planrev.cli import main
from planrev.errors import LoadError
from planrev.i18n import set_language
from planrev.importers import import_marked, read_marked
from planrev.model import ChangeKind, Span, find
from planrev.word import FormatOptions, import_formatted, read_word
from planrev.word.formatted import choose_mode, marked_text, parse_colour, read_for_import
from tests.conftest import SEED
from tests.pdf.mikeshi_docx import build_mikeshi_docx
from tests.word_formatted_support import (
    DOUBLE,
    SAME,
    SPLIT_MARKER,
    WAVY,
    R,
    SmallDoc,
    compare_imports,
)
from tests.word_support import PANDOC_CASE


def run(*args: str) -> Result:
    try:
        return CliRunner().invoke(main, ["--lang=ja", *args])
    finally:
        set_language(None)


@pytest.fixture(scope="module")
def mikeshi(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-formatted 見え消し of the R5.7.26 excerpt, headings in heading styles."""
    return build_mikeshi_docx(
        tmp_path_factory.mktemp("mikeshi") / "mikeshi.docx", headings="styles"
    )


@pytest.fixture(scope="module")
def seed_import() -> object:
    return read_marked(SEED)


# --------------------------------------------------------------------------------------------
# The R5.7.26 excerpt: the Word 見え消し against the seed


def test_mikeshi_imports_to_the_seed_field_by_field(mikeshi: Path, seed_import: object) -> None:
    result = import_formatted(mikeshi)
    assert compare_imports(result, seed_import) == {  # type: ignore[arg-type]
        "new": [],
        "old": [],
        "revision": [],
        "opinions": [],
    }


def test_mikeshi_imports_to_exactly_the_seed(mikeshi: Path, seed_import: object) -> None:
    differences = compare_imports(import_formatted(mikeshi), seed_import)  # type: ignore[arg-type]
    assert not any(differences.values())


def test_mikeshi_warnings_point_at_word_paragraphs(mikeshi: Path) -> None:
    result = import_formatted(mikeshi)
    document = read_word(mikeshi)
    texts = {p.number: p.text("new") for p in document.paragraphs()}
    found = [(w.code, w.location.paragraph) for w in result.warnings]  # type: ignore[union-attr]
    assert found == [("extent-unknown", 30), ("delete-unstruck", 106)]
    assert "【追加②】人的資源を" in texts[30]
    assert texts[106].startswith("・【削除】リモートワーク")
    assert str(result.warnings[0]).startswith(f"{mikeshi}:¶30: ")


def test_mikeshi_marked_text_shows_the_formatting(mikeshi: Path) -> None:
    text = marked_text(read_word(mikeshi, formatting=True)).text
    assert text.startswith(
        "R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会\n\n会議資料「(仮称)青森県DX推進プラン素案(案)」(抜粋)\n\n"
        "# 「産業・しごと」を支えるDX\n\n## 産業・しごと分野\n\n商工業・サービス業\n"
    )
    assert "\n・【追加①】<u>自らが積極的に" in text
    assert "~~場所を問わず、自分のライフスタイルに合わせて働くことができる。~~（再掲）" in text
    assert "\nKPI\t2023\t2028\n\n" in text  # the empty KPI row is left out
    assert "\n空いた時間で丁寧に対応できる体制は？\t追加②\n" in text


def test_command_writes_the_files_import_marked_writes(mikeshi: Path, tmp_path: Path) -> None:
    word = run("import", "word", str(mikeshi), "--out", str(tmp_path / "word"))
    assert word.exit_code == 0, word.output
    assert "手で書式を付けた見え消しとして読みました" in word.output
    marked = run("import", "marked", str(SEED), "--out", str(tmp_path / "marked"))
    assert marked.exit_code == 0, marked.output
    names = sorted(p.name for p in (tmp_path / "marked").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "word").iterdir())
    assert names == ["draft-02.yaml", "draft-03.yaml", "opinions-03.yaml", "revision-02-03.yaml"]
    for name in names:
        ours = (tmp_path / "word" / name).read_text(encoding="utf-8").splitlines()
        theirs = (tmp_path / "marked" / name).read_text(encoding="utf-8").splitlines()
        assert ours == theirs, name


def test_command_json_report(mikeshi: Path, tmp_path: Path) -> None:
    result = run("import", "word", str(mikeshi), "--out", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["mode"] == "formatted"
    assert data["changes"] == {"追加": 4, "修正": 1, "削除": 1}
    assert data["opinions"] == 6
    # The front-end's findings (how the document was read) come first, then the marked rules'.
    codes = [w["code"] for w in data["warnings"]]
    assert codes[-2:] == ["extent-unknown", "delete-unstruck"]
    assert data["warnings"][-2]["location"]["paragraph"] == 30
    assert len(data["written"]) == 4


def test_extents_option_gives_the_extent(mikeshi: Path, tmp_path: Path) -> None:
    side = tmp_path / "extents.yaml"
    side.write_text("追加②: 人的資源を\n", encoding="utf-8")
    result = run(
        "import", "word", str(mikeshi), "--out", str(tmp_path / "o"), "--extents", str(side)
    )
    assert result.exit_code == 0, result.output
    assert "範囲は不明" not in result.output
    text = (tmp_path / "o" / "revision-02-03.yaml").read_text(encoding="utf-8")
    assert "start: 68\n      end: 73" in text


def test_strict_stops_on_the_warnings(mikeshi: Path, tmp_path: Path) -> None:
    result = run("import", "word", str(mikeshi), "--out", str(tmp_path), "--strict")
    assert result.exit_code == 1
    assert not list(tmp_path.iterdir())


def test_meetings_and_dates_can_be_given(mikeshi: Path, tmp_path: Path) -> None:
    result = run(
        "import",
        "word",
        str(mikeshi),
        "--out",
        str(tmp_path),
        "--mode",
        "formatted",
        "--old",
        "1",
        "--new",
        "4",
        "--old-date",
        "R5.3.1",
        "--new-date",
        "令和5年8月1日",
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "draft-01.yaml",
        "draft-04.yaml",
        "opinions-04.yaml",
        "revision-01-04.yaml",
    ]
    assert "date: 2023-03-01" in (tmp_path / "draft-01.yaml").read_text(encoding="utf-8")
    assert "date: 2023-08-01" in (tmp_path / "draft-04.yaml").read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------
# The formatting a hand-made 見え消し uses


def _small(path: Path, *pieces: R | str) -> Path:
    return (
        SmallDoc()
        .heading("行政経営分野", 1)
        .bullet("既存の取組。")
        .bullet(*pieces)
        .save(path / "small.docx")
    )


def _statement(result: object) -> tuple[str | None, str | None]:
    new = result.new.pillars[0].blocks[1].text  # type: ignore[attr-defined]
    old = result.old.pillars[0].blocks[1].text  # type: ignore[attr-defined]
    return new, old


def test_double_strike_is_deleted_text(tmp_path: Path) -> None:
    docx = _small(tmp_path, "政策に", R("【削除】"), R("重点的に", double=True), "取り組む。")
    result = import_formatted(docx)
    assert _statement(result) == ("政策に取り組む。", "政策に重点的に取り組む。")
    (change,) = result.revision.changes
    assert (change.kind, change.label, change.span) == (
        ChangeKind.DELETE,
        "削除",
        Span(start=3, end=7),
    )


@pytest.mark.parametrize("underline", [True, DOUBLE, WAVY], ids=["single", "double", "wavy"])
def test_any_underline_is_inserted_text(tmp_path: Path, underline: object) -> None:
    docx = _small(
        tmp_path, "政策に", "【追加】", R("人的資源を", underline=underline), "集中する。"
    )
    result = import_formatted(docx)
    assert _statement(result) == ("政策に人的資源を集中する。", "政策に集中する。")
    assert result.revision.changes[0].span == Span(start=3, end=8)
    assert not result.warnings


def test_colour_marks_insertions_only_when_given(tmp_path: Path) -> None:
    docx = _small(tmp_path, "政策に", "【追加②】", R("人的資源を", colour="0070C0"), "集中する。")
    unknown = import_formatted(docx)
    assert [w.code for w in unknown.warnings] == ["extent-unknown"]
    assert _statement(unknown) == ("政策に人的資源を集中する。", None)
    given = import_formatted(docx, options=FormatOptions(inserted_colours=("0070C0",)))
    assert not given.warnings
    assert _statement(given) == ("政策に人的資源を集中する。", "政策に集中する。")


def test_highlight_and_deleted_colour(tmp_path: Path) -> None:
    docx = _small(
        tmp_path,
        "【修正】",
        R("旧い文言", colour="808080"),
        R("新しい文言", highlight=WD_COLOR_INDEX.YELLOW),
        "です。",
    )
    options = FormatOptions(
        inserted_colours=(parse_colour("yellow"),), deleted_colours=(parse_colour("#808080"),)
    )
    result = import_formatted(docx, options=options)
    assert _statement(result) == ("新しい文言です。", "旧い文言です。")
    assert result.revision.changes[0].kind is ChangeKind.MODIFY


def test_strike_wins_over_underline(tmp_path: Path) -> None:
    docx = _small(tmp_path, "【削除】", R("消した文。", strike=True, underline=True))
    result = import_formatted(docx)
    assert result.new.pillars[0].blocks[1:] == ()
    assert result.old.pillars[0].blocks[1].text == "消した文。"


def test_hand_edited_marker_split_over_runs(tmp_path: Path) -> None:
    # Word splits runs wherever an edit or a proofing mark happened: the marker in pieces, in
    # another run than the underlined text, the underline itself in pieces and on the marker.
    docx = _small(
        tmp_path,
        *SPLIT_MARKER,
    )
    document = read_word(docx, formatting=True)
    line = marked_text(document).text.split("\n")[-3]
    assert line == "・業務に【追加】<u>人的資源を</u>集中する。"
    result = import_formatted(document)
    assert _statement(result) == ("業務に人的資源を集中する。", "業務に集中する。")
    assert not result.warnings


def test_marker_inside_the_struck_text_stays_a_marker(tmp_path: Path) -> None:
    docx = _small(tmp_path, R("【削除】古い取組。", strike=True))
    result = import_formatted(docx)
    assert result.old.pillars[0].blocks[1].text == "古い取組。"
    assert result.revision.changes[0].label == "削除"


def test_underline_without_marker_is_reported_not_a_change(tmp_path: Path) -> None:
    docx = _small(tmp_path, R("強調", underline=True), "した文。")
    result = import_formatted(docx)
    assert [(w.code, w.location.paragraph) for w in result.warnings] == [  # type: ignore[union-attr]
        ("underline-unmarked", 4)
    ]
    assert _statement(result) == ("強調した文。", "強調した文。")
    assert not result.revision.changes


def test_strike_in_a_heading_is_reported(tmp_path: Path) -> None:
    docx = (
        SmallDoc()
        .heading(R("旧い分野", strike=True), 1)
        .bullet("取組。")
        .save(tmp_path / "heading.docx")
    )
    result = import_formatted(docx)
    assert [(w.code, w.location.paragraph) for w in result.warnings] == [  # type: ignore[union-attr]
        ("strike-unmarked", 2)
    ]


def test_literal_tildes_and_angle_brackets_are_text(tmp_path: Path) -> None:
    docx = _small(tmp_path, "a~~b~~ <u>c</u> 1~2", R("【追加】"), R("<新>", underline=True))
    result = import_formatted(docx)
    assert _statement(result) == ("a~~b~~ <u>c</u> 1~2<新>", "a~~b~~ <u>c</u> 1~2")


# --------------------------------------------------------------------------------------------
# Styles


def _struck_by_style(path: Path, *pieces: R | str) -> Path:
    """Save a document with the character style 削除文字 (strike) and a statement of ``pieces``."""
    doc = SmallDoc()
    doc.character_style("削除文字", strike=True)
    return doc.heading("行政経営分野", 1).bullet("既存の取組。").bullet(*pieces).save(path)


def test_strike_from_a_character_style_is_read_and_reported(tmp_path: Path) -> None:
    docx = _struck_by_style(
        tmp_path / "styled.docx",
        "政策に",
        "【削除】",
        R("重点的に", style="削除文字"),
        "取り組む。",
    )
    result = import_formatted(docx)
    assert _statement(result) == ("政策に取り組む。", "政策に重点的に取り組む。")
    (warning,) = result.warnings
    assert (warning.code, warning.location.paragraph) == ("format-from-style", 4)  # type: ignore[union-attr]
    assert "削除文字" in warning.message.ja


def test_direct_formatting_overrides_the_style(tmp_path: Path) -> None:
    docx = _struck_by_style(
        tmp_path / "override.docx",
        "政策に",
        R("重点的に", style="削除文字", strike=False),
        "取り組む。",
    )
    result = import_formatted(docx)
    assert not result.warnings
    assert not result.revision.changes


def test_paragraph_style_underline_and_toggles(tmp_path: Path) -> None:
    doc = SmallDoc()
    doc.paragraph_style("下線段落", underline=True)
    doc.paragraph_style("取消段落", strike=True)
    doc.character_style("取消文字", strike=True)
    docx = (
        doc.heading("分野", 1)
        .paragraph("【追加】全体に下線。", style="下線段落")
        # strike in both the paragraph and the character style: toggles cancel (as in Word)
        .paragraph("打ち消し合う", R("文字", style="取消文字"), style="取消段落")
        .save(tmp_path / "paragraph.docx")
    )
    text = marked_text(read_word(docx, formatting=True))
    assert "【追加】<u>全体に下線。</u>" in text.text
    assert "~~打ち消し合う~~文字" in text.text
    codes = [(f.code, f.location.paragraph) for f in text.findings]  # type: ignore[union-attr]
    assert codes == [("format-from-style", 3), ("format-from-style", 4)]


# --------------------------------------------------------------------------------------------
# Structure: headers, titles, tables


def test_header_lines_in_the_page_header_give_the_metadata(mikeshi: Path) -> None:
    document = read_word(mikeshi, formatting=True)
    assert document.headers[:2] == (
        "R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会",
        "会議資料「(仮称)青森県DX推進プラン素案(案)」(抜粋)",
    )
    meta = import_formatted(document).new.meta
    assert (meta.title, meta.provisional, meta.meeting, meta.stage, meta.excerpt) == (
        "青森県DX推進プラン",
        True,
        3,
        "素案(案)",
        True,
    )


def test_without_header_lines_the_meeting_is_needed_and_the_title_paragraph_names_the_plan(
    tmp_path: Path,
) -> None:
    doc = SmallDoc(header=False)
    doc.document.add_paragraph("青森県DX推進プラン", style="Title")
    docx = doc.heading("分野", 1).bullet("【追加】", R("新しい。", underline=True))
    path = docx.save(tmp_path / "untitled.docx")
    with pytest.raises(LoadError, match="第何回"):
        import_formatted(path)
    result = import_formatted(path, meeting=2)
    assert result.new.meta.title == "青森県DX推進プラン"
    assert result.old.meta.meeting == 1


def test_numbered_list_items_as_headings(tmp_path: Path) -> None:
    doc = SmallDoc()
    for text in ("行政経営分野", "住民の利便性の向上"):
        doc.paragraph(text, style="List Number")
    docx = doc.bullet("【追加】", R("新しい。", underline=True)).save(tmp_path / "numbered.docx")
    document = read_word(docx, formatting=True)
    plain = marked_text(document).text
    assert "\n行政経営分野\n" in plain
    headed = marked_text(document, FormatOptions(numbered_as_headings=True)).text
    assert "\n# 行政経営分野\n\n# 住民の利便性の向上\n" in headed
    assert [f.code for f in marked_text(document).findings] == ["no-headings"]


def test_comments_are_not_imported_and_said_so(tmp_path: Path) -> None:
    doc = SmallDoc().heading("分野", 1)
    paragraph = doc.document.add_paragraph("・【追加】")
    added = paragraph.add_run("新しい。")
    added.font.underline = True
    doc.document.add_comment(added, text="委員の意見です", author="委員A")
    docx = doc.save(tmp_path / "comments.docx")
    result = import_formatted(docx)
    assert [(w.code, w.level.value) for w in result.warnings] == [("comments", "info")]
    assert not result.opinions.opinions
    strict = run("import", "word", str(docx), "--out", str(tmp_path / "o"), "--strict")
    assert strict.exit_code == 0, strict.output  # information does not stop --strict
    assert "コメント1件は取り込みません" in strict.output


def test_no_headings_is_reported(tmp_path: Path) -> None:
    docx = SmallDoc().bullet("【追加】", R("新しい。", underline=True)).save(tmp_path / "n.docx")
    codes = [f.code for f in import_formatted(docx).warnings]
    assert "no-headings" in codes


def test_opinion_table_with_a_cell_of_two_paragraphs(tmp_path: Path) -> None:
    docx = (
        SmallDoc()
        .heading("行政経営分野", 1)
        .bullet("【追加】", R("新しい取組。", underline=True))
        .paragraph("★意見(事務局が聞き取りしたもの)")
        .table([[["一段落目。", "二段落目。"], "追加"], ["ほかの\n意見。", ""], ["", ""]])
        .save(tmp_path / "opinions.docx")
    )
    document = read_word(docx, formatting=True)
    text = marked_text(document)
    rows = [
        (line, origin.paragraph)
        for line, origin in zip(text.text.split("\n"), text.origins, strict=False)
        if line and origin.paragraph is not None and origin.paragraph >= 5
    ]
    assert rows == [  # each line where it starts: cells 5 and 6 | 7, then 8 | 9
        ("一段落目。", 5),
        ("二段落目。\t追加", 6),
        ("ほかの", 8),
        ("意見。\t", 8),
    ]
    result = import_formatted(document)
    texts = [opinion.text for opinion in result.opinions.opinions]
    assert texts == ["一段落目。\n二段落目。", "ほかの\n意見。"]
    (change,) = result.revision.changes
    assert change.opinions == (result.opinions.opinions[0].id,)
    assert not result.warnings


def test_kpi_table_with_changes_in_cells(tmp_path: Path) -> None:
    docx = (
        SmallDoc()
        .heading("行政経営分野", 1)
        .bullet("取組。")
        .table(
            [
                ["KPI", "2023", "2028"],
                [
                    "電子申請の割合",
                    "20%",
                    ("【修正】", R("50%", strike=True), R("60%", underline=True)),
                ],
                ["", "", ""],
            ]
        )
        .save(tmp_path / "kpi.docx")
    )
    document = read_word(docx, formatting=True)
    assert "\nKPI\t2023\t2028\n電子申請の割合\t20%\t【修正】~~50%~~<u>60%</u>\n\n" in (
        marked_text(document).text
    )
    result = import_formatted(document)
    (new_row,) = result.new.pillars[0].blocks[1].rows  # type: ignore[union-attr]
    (old_row,) = result.old.pillars[0].blocks[1].rows  # type: ignore[union-attr]
    assert (new_row.target, old_row.target) == ("60%", "50%")
    assert [w.code for w in result.warnings] == ["kpi-changes"]


# --------------------------------------------------------------------------------------------
# Choosing between tracked changes and hand formatting


def _with_insertion(path: Path, source: Path) -> Path:
    """Save ``source`` with its last paragraph's first run wrapped in a tracked insertion."""
    from docx import Document

    document = Document(str(source))
    run = document.paragraphs[-1].runs[0]._element
    insertion = OxmlElement("w:ins")
    insertion.set(qn("w:id"), "1")
    insertion.set(qn("w:author"), "事務局")
    run.addprevious(insertion)
    insertion.append(run)
    document.save(str(path))
    return path


def test_auto_mode_choices(tmp_path: Path, mikeshi: Path) -> None:
    hand = read_word(mikeshi, formatting=True)
    assert choose_mode(hand)[0] == "formatted"
    tracked = read_word(PANDOC_CASE / "input.docx", formatting=True)
    assert choose_mode(tracked) == ("tracked", ())
    both = read_word(_with_insertion(tmp_path / "both.docx", mikeshi), formatting=True)
    mode, findings = choose_mode(both)
    assert (mode, [f.code for f in findings]) == ("tracked", ["mixed-changes"])
    unmarked = _small(tmp_path, R("強調", underline=True), "した文。")
    mode, findings = choose_mode(read_word(unmarked, formatting=True))
    assert (mode, [(f.code, f.level.value) for f in findings]) == (
        "tracked",
        [("mode", "warning")],
    )


def test_read_for_import_reads_a_tracked_document_once(tmp_path: Path, mikeshi: Path) -> None:
    mode, findings, document = read_for_import(PANDOC_CASE / "input.docx")
    assert (mode, findings) == ("tracked", ())
    assert all(run.format is None for p in document.paragraphs() for run in p.runs)
    mode, findings, document = read_for_import(mikeshi)
    assert mode == "formatted"
    assert all(run.format is not None for p in document.paragraphs() for run in p.runs)
    both = _with_insertion(tmp_path / "both.docx", mikeshi)
    mode, findings, document = read_for_import(both)  # markers typed: formatting is looked at
    assert (mode, [f.code for f in findings]) == ("tracked", ["mixed-changes"])
    assert all(run.format is None for p in document.paragraphs() for run in p.runs)


def test_command_reads_a_tracked_document_as_before(tmp_path: Path) -> None:
    result = run(
        "import", "word", str(PANDOC_CASE / "input.docx"), "--out", str(tmp_path), "--new", "3"
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "draft-01.yaml",
        "draft-03.yaml",
        "revision-01-03.yaml",
    ]


def test_command_reports_a_document_with_both(tmp_path: Path, mikeshi: Path) -> None:
    both = _with_insertion(tmp_path / "both.docx", mikeshi)
    result = run("import", "word", str(both), "--out", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    assert "mixed-changes" not in result.output  # messages, not codes, are shown
    assert "変更履歴と、手で付けた見え消しの書式" in result.output
    strict = run("import", "word", str(both), "--out", str(tmp_path / "s"), "--strict")
    assert strict.exit_code == 1
    forced = run("import", "word", str(both), "--out", str(tmp_path / "f"), "--mode", "formatted")
    assert forced.exit_code == 1
    assert "変更履歴をすべて承諾" in forced.output
    assert not (tmp_path / "f").exists()


def test_command_refuses_bad_options(tmp_path: Path, mikeshi: Path) -> None:
    colour = run("import", "word", str(mikeshi), "--out", str(tmp_path), "--inserted-colour", "赤")
    assert colour.exit_code == 2
    assert "RRGGBB" in colour.output
    extents = tmp_path / "e.yaml"
    extents.write_text("追加: x\n", encoding="utf-8")
    tracked = run(
        "import",
        "word",
        str(PANDOC_CASE / "input.docx"),
        "--out",
        str(tmp_path),
        "--extents",
        str(extents),
    )
    assert tracked.exit_code == 2
    assert "--mode formatted" in tracked.output


def test_formatted_reading_is_the_marked_reading(mikeshi: Path) -> None:
    """One code path: the result is import_marked of the front-end's text, nothing added."""
    document = read_word(mikeshi, formatting=True)
    text = marked_text(document)
    direct = import_marked(text.text, path=mikeshi, origins=text.origins)
    assert compare_imports(import_formatted(document), direct) == SAME
    assert find(direct.new, "st-fa4b0d70") is not None


def test_docs_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.test_docs import blocks

    (example,) = [body for body in blocks("word.md", "python") if "import_formatted" in body]
    build_mikeshi_docx(tmp_path / "R5.7.26-見え消し.docx", headings="styles")
    monkeypatch.chdir(tmp_path)
    exec(compile(example, "docs/word.md", "exec"), {})
    printed = capsys.readouterr().out
    assert printed.startswith("30 ")
