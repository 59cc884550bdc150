"""Single WordprocessingML constructs that the tools used in the other tests do not write.

Each test puts a small body into the package pandoc wrote for ``tests/cases/word_pandoc`` (its
styles have Heading1 to Heading3, Title and the bullet list 1001) and imports it.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from planrev.cli.word import import_texts
from planrev.errors import ImportWarningError
from planrev.i18n import set_language
from planrev.importers.tree import label_kind
from planrev.model import ChangeKind, KpiTable, Plan, Span, Statement, index, walk
from planrev.storage.documents import loads_document
from planrev.word import RunStatus, import_word, read_word
from tests.word_support import PANDOC_CASE, with_body

BASE = (PANDOC_CASE / "input.docx").read_bytes()
A = 'w:author="事務局" w:date="2023-07-26T09:00:00Z"'
B = 'w:author="委員A" w:date="2023-07-27T10:00:00Z"'


@pytest.fixture(autouse=True)
def _japanese() -> object:
    set_language("ja")
    yield
    set_language(None)


def _p(text: str = "", *, style: str | None = None, ppr: str = "", runs: str | None = None) -> str:
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    body = runs if runs is not None else f"<w:r><w:t>{text}</w:t></w:r>"
    return f"<w:p><w:pPr>{props}{ppr}</w:pPr>{body}</w:p>"


def _ins(text: str, who: str = A) -> str:
    return f"<w:ins {who}><w:r><w:t>{text}</w:t></w:r></w:ins>"


def _del(text: str, who: str = A) -> str:
    return f"<w:del {who}><w:r><w:delText>{text}</w:delText></w:r></w:del>"


def _texts(plan: Plan) -> list[str | None]:
    return [n.node.text for n in walk(plan) if isinstance(n.node, Statement)]


def _codes(result: object) -> set[str]:
    return {w.code for w in result.report.warnings}  # type: ignore[attr-defined]


HEADING = _p("柱", style="Heading1") + _p("分野", style="Heading2")


def test_moved_text_is_deleted_and_added() -> None:
    body = (
        HEADING
        + _p(runs=f"<w:moveFrom {A}><w:r><w:t>移動する文。</w:t></w:r></w:moveFrom>")
        + _p("残る文。")
        + _p(runs=f"<w:moveTo {A}><w:r><w:t>移動する文。</w:t></w:r></w:moveTo>")
    )
    result = import_word(with_body(BASE, body))
    assert _texts(result.old) == ["移動する文。", "残る文。"]
    assert _texts(result.new) == ["残る文。", "移動する文。"]
    assert [(c.kind, c.target) for c in result.revision.changes] == [
        (ChangeKind.DELETE, "w-p3"),
        (ChangeKind.ADD, "w-p5"),
    ]
    moved = [run for p in result.document.paragraphs() for run in p.runs if run.moved]
    assert [run.status for run in moved] == [RunStatus.DELETE, RunStatus.INSERT]
    assert "moved" in _codes(result)


def test_text_inserted_then_deleted_is_in_neither_draft() -> None:
    inner = f"<w:ins {A}><w:del {B}><w:r><w:delText>消えた</w:delText></w:r></w:del></w:ins>"
    result = import_word(with_body(BASE, HEADING + _p(runs=f"<w:r><w:t>残る</w:t></w:r>{inner}")))
    assert _texts(result.old) == ["残る"]
    assert _texts(result.new) == ["残る"]
    assert result.revision.changes == ()
    assert "inserted-then-deleted" in _codes(result)


def test_formatting_changes_are_reported_not_recorded() -> None:
    ppr = f'<w:pPrChange {A}><w:pPr><w:jc w:val="left"/></w:pPr></w:pPrChange>'
    runs = f"<w:r><w:rPr><w:b/><w:rPrChange {B}><w:rPr/></w:rPrChange></w:rPr><w:t>太字</w:t></w:r>"
    result = import_word(with_body(BASE, HEADING + _p(ppr=ppr, runs=runs)))
    assert result.revision.changes == ()
    assert [(c.element, c.author) for c in result.document.format_changes] == [
        ("w:pPrChange", "事務局"),
        ("w:rPrChange", "委員A"),
    ]
    assert result.report.format_changes == 2
    assert "format-only" in _codes(result)


def test_breaks_and_tabs_are_kept() -> None:
    runs = (
        "<w:r><w:t>一行目</w:t><w:br/><w:t>二行目</w:t><w:tab/><w:t>後</w:t>"
        '<w:br w:type="page"/><w:noBreakHyphen/><w:t>終</w:t></w:r>'
        "<w:r><w:instrText> PAGE </w:instrText></w:r>"
    )
    result = import_word(with_body(BASE, HEADING + _p(runs=runs)))
    assert _texts(result.new) == ["一行目\n二行目\t後\u2011終"]


def test_paragraph_split_by_an_inserted_mark() -> None:
    mark = f"<w:rPr><w:ins {A}/></w:rPr>"
    body = HEADING + _p("前半。", ppr=mark) + _p("後半。")
    result = import_word(with_body(BASE, body))
    assert _texts(result.old) == ["前半。後半。"]
    assert _texts(result.new) == ["前半。", "後半。"]
    assert [(c.kind, c.target) for c in result.revision.changes] == [
        (ChangeKind.MODIFY, "w-p3"),
        (ChangeKind.ADD, "w-p4"),
    ]
    assert "split-join" in _codes(result)


def test_paragraphs_joined_by_a_deleted_mark() -> None:
    mark = f"<w:rPr><w:del {A}/></w:rPr>"
    body = HEADING + _p("前半。", ppr=mark) + _p("後半。")
    result = import_word(with_body(BASE, body))
    assert _texts(result.old) == ["前半。", "後半。"]
    assert _texts(result.new) == ["前半。後半。"]
    assert "split-join" in _codes(result)


def test_whole_paragraph_replaced_with_mark_changes() -> None:
    insert_mark = f"<w:rPr><w:ins {A}/></w:rPr>"
    delete_mark = f"<w:rPr><w:del {A}/></w:rPr>"
    body = (
        HEADING
        + _p(runs=_ins("新しい文。"), ppr=insert_mark)
        + _p(runs=_del("古い文。"), ppr=delete_mark)
        + _p("最後。")
    )
    result = import_word(with_body(BASE, body))
    assert _texts(result.old) == ["古い文。", "最後。"]
    assert _texts(result.new) == ["新しい文。", "最後。"]
    assert [(c.kind, c.target) for c in result.revision.changes] == [
        (ChangeKind.ADD, "w-p3"),
        (ChangeKind.DELETE, "w-p4"),
    ]


def test_heading_changes_are_recorded_without_span() -> None:
    body = (
        _p(style="Heading1", runs="<w:r><w:t>柱</w:t></w:r>" + _ins("の名前"))
        + _p(style="Heading2", runs=_ins("新しい分野"))
        + _p("記述。")
    )
    result = import_word(with_body(BASE, body))
    assert [(c.kind, c.target, c.span) for c in result.revision.changes] == [
        (ChangeKind.ADD, "w-p1", None),
        (ChangeKind.ADD, "w-p2", None),
    ]
    # Without the inserted field heading the statement belongs to the pillar.
    assert result.old.pillars[0].blocks[0].id == "w-p3"
    assert result.new.pillars[0].fields[0].blocks[0].id == "w-p3"


def test_structure_without_higher_headings() -> None:
    body = _p("前文。") + _p("節", style="Heading3") + _p("記述。")
    result = import_word(with_body(BASE, body))
    plan = result.new
    assert plan.blocks[0].id == "w-p1"  # before any heading: the plan's own content
    # Heading 3 is the only level: it is read as a pillar.
    assert [p.title for p in plan.pillars] == ["節"]
    assert "heading-base" in _codes(result)
    body = _p("柱", style="Heading1") + _p("節", style="Heading3") + _p("記述。")
    result = import_word(with_body(BASE, body))
    field = result.new.pillars[0].fields[0]
    assert field.id == "w-implicit-field-1"
    assert field.sections[0].title == "節"
    assert "implicit-parent" in _codes(result)


def test_no_headings_is_reported() -> None:
    result = import_word(with_body(BASE, _p("一つ目。") + _p("二つ目。")))
    assert _texts(result.new) == ["一つ目。", "二つ目。"]
    assert "no-headings" in _codes(result)


def _table(*rows: str, row_props: tuple[str, ...] = ()) -> str:
    out = []
    for position, row in enumerate(rows):
        props = row_props[position] if position < len(row_props) else ""
        cells = "".join(f"<w:tc>{_p(cell)}</w:tc>" for cell in row.split("|"))
        out.append(f"<w:tr>{props}{cells}</w:tr>")
    return f"<w:tbl>{''.join(out)}</w:tbl>"


def test_kpi_table_with_named_columns_and_unit() -> None:
    table = _table("指標|単位|基準値(R5)|目標値|備考", "利用率|％|40|80|メモ")
    result = import_word(with_body(BASE, HEADING + table))
    kpi = index(result.new)["w-t1"].node
    assert isinstance(kpi, KpiTable)
    assert (kpi.baseline_year, kpi.target_year) == (2023, None)  # R5 is 2023
    row = kpi.rows[0]
    assert (row.indicator, row.unit, row.baseline, row.target) == ("利用率", "％", "40", "80")
    assert "kpi-columns" in _codes(result)


def test_inserted_and_deleted_table_rows() -> None:
    inserted = f"<w:trPr><w:ins {A}/></w:trPr>"
    deleted = f"<w:trPr><w:del {B}/></w:trPr>"
    table = _table(
        "KPI|2023|2028", "新しい指標|1|2", "古い指標|3|4", row_props=("", inserted, deleted)
    )
    result = import_word(with_body(BASE, HEADING + table))
    kinds = [(c.kind, c.target) for c in result.revision.changes]
    assert kinds == [(ChangeKind.ADD, "w-t1-r2"), (ChangeKind.DELETE, "w-t1-r3")]
    sources = {s.change_id: s.authors for s in result.report.sources}
    assert sources == {"c-w-t1-r2": ("事務局",), "c-w-t1-r3": ("委員A",)}


def test_other_tables_are_reported() -> None:
    result = import_word(with_body(BASE, HEADING + _table("項目|内容", "あ|い")))
    assert "table-skipped" in _codes(result)
    assert all(not isinstance(n.node, KpiTable) for n in walk(result.new))


def test_warnings_name_the_paragraph() -> None:
    runs = (
        '<w:r><w:t>本文</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'
        + '<w:ins w:author="委員A" w:date="昨日"><w:r><w:t>追記</w:t></w:r></w:ins>'
        + "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隠し</w:t></w:r>"
        + '<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'
    )
    result = import_word(with_body(BASE, HEADING + _p(runs=runs)))
    warnings = {w.code: w for w in result.report.warnings}
    assert {"note", "bad-date", "hidden-text", "symbol"} <= set(warnings)
    location = warnings["note"].location
    assert location is not None
    assert location.paragraph == 3
    assert location.line is None  # a Word document is located by paragraph, not XML line
    assert str(warnings["note"]).startswith("<text>:¶3: ")
    inserted = next(r for r in result.document.paragraphs() if r.number == 3).runs
    assert [r.date for r in inserted if r.status is RunStatus.INSERT] == [None]


def test_strict_mode_fails_on_warnings() -> None:
    data = with_body(BASE, HEADING + _table("項目|内容", "あ|い"))
    with pytest.raises(ImportWarningError) as caught:
        import_word(data, strict=True)
    assert "表1" in str(caught.value)


def test_typed_bullets_and_labels() -> None:
    body = HEADING + _p("＜取組方針＞") + _p("・\u3000手で打った箇条書き。") + _p("普通の段落。")
    result = import_word(with_body(BASE, body))
    first, second = (n.node for n in walk(result.new) if isinstance(n.node, Statement))
    assert (first.kind, first.bullet, first.text) == ("initiative", True, "手で打った箇条書き。")
    assert (second.kind, second.bullet) == ("initiative", False)
    assert {"typed-bullet", "label"} <= _codes(result)


def test_bookmark_ids_and_their_collisions() -> None:
    mark = '<w:bookmarkStart w:id="1" w:name="_pr_admin_hvision_h1"/>'
    body = (
        HEADING
        + _p(runs=mark + "<w:r><w:t>一つ目。</w:t></w:r>")
        + _p(runs=mark + "<w:r><w:t>二つ目。</w:t></w:r>")
    )
    result = import_word(with_body(BASE, body))
    ids = [n.id for n in walk(result.new) if isinstance(n.node, Statement)]
    assert ids == ["admin-vision-1", "w-p4"]
    assert "bookmark-id" in _codes(result)


def test_comment_label_must_match_the_change() -> None:
    comments = (
        '<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:comment w:id="5" w:author="事務局"><w:p><w:r><w:t>削除 ← 意見2</w:t></w:r></w:p>'
        "</w:comment></w:comments>"
    )
    runs = (
        '<w:commentRangeStart w:id="5"/>' + _ins("追加した文。") + '<w:commentRangeEnd w:id="5"/>'
    )
    data = with_body(BASE, HEADING + _p(runs=runs))
    from tests.word_support import rezip

    result = import_word(rezip(data, {"word/comments.xml": comments.encode()}))
    (candidate,) = result.candidates
    assert candidate.label == "削除"
    assert candidate.change_ids == ("c-w-p3",)
    assert result.revision.changes[0].label is None
    assert "label-kind" in _codes(result)


def test_content_controls_and_hyperlinks_are_read_through() -> None:
    runs = (
        '<w:hyperlink w:anchor="x"><w:r><w:t>リンク</w:t></w:r></w:hyperlink>'
        "<w:sdt><w:sdtContent><w:r><w:t>と部品</w:t></w:r></w:sdtContent></w:sdt>"
        "<w:r><w:ruby><w:rt><w:r><w:t>ふりがな</w:t></w:r></w:rt>"
        "<w:rubyBase><w:r><w:t>振仮名</w:t></w:r></w:rubyBase></w:ruby></w:r>"
    )
    body = HEADING + f"<w:sdt><w:sdtContent>{_p(runs=runs)}</w:sdtContent></w:sdt>"
    result = import_word(with_body(BASE, body))
    assert _texts(result.new) == ["リンクと部品振仮名"]


def test_read_word_keeps_runs_unmerged_by_status() -> None:
    document = read_word(
        with_body(BASE, HEADING + _p(runs=_del("旧") + _ins("新") + _ins("新", B)))
    )
    (paragraph,) = [p for p in document.paragraphs() if p.number == 3]
    assert [(r.status, r.text, r.author) for r in paragraph.runs] == [
        (RunStatus.DELETE, "旧", "事務局"),
        (RunStatus.INSERT, "新", "事務局"),
        (RunStatus.INSERT, "新", "委員A"),
    ]
    assert paragraph.text("old") == "旧"
    assert paragraph.text("new") == "新新"


def _xml_escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


_legal_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
        "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\ufffe\uffff",
    ),
    min_size=1,
    max_size=40,
).filter(lambda text: not text.startswith(("・", "･")) and label_kind(text) is None)


@settings(max_examples=80, deadline=None)
@given(old=_legal_text, new=_legal_text, same=_legal_text)
@example(old="0", new="0", same="\x85")  # NEL: YAML readers took it for a line break
@example(old="\u2028", new="\r\n", same=" \t")
def test_any_text_is_kept_exactly_through_yaml(old: str, new: str, same: str) -> None:
    """Whatever XML can carry comes out of the import, and of the YAML files, unchanged."""
    runs = (
        f'<w:r><w:t xml:space="preserve">{_xml_escape(same)}</w:t></w:r>'
        + f'<w:del {A}><w:r><w:delText xml:space="preserve">{_xml_escape(old)}</w:delText></w:r></w:del>'
        + f'<w:ins {A}><w:r><w:t xml:space="preserve">{_xml_escape(new)}</w:t></w:r></w:ins>'
    )
    result = import_word(with_body(BASE, HEADING + _p(runs=runs)))
    assert _texts(result.old) == [same + old]
    assert _texts(result.new) == [same + new]
    texts = import_texts(result, "x.docx", opinions=False)  # reads every file back, too
    assert loads_document(texts["new"]) == result.new
    change = result.revision.changes[0] if result.revision.changes else None
    if old != new:
        assert change is not None
        assert change.kind is ChangeKind.MODIFY
        assert change.span == Span(start=len(same), end=len(same) + len(new))


def test_title_subtitle_and_a_second_title() -> None:
    body = (
        _p("計画の名前", style="Title")
        + _p("副題", style="Subtitle")
        + HEADING
        + _p("表題2", style="Title")
    )
    result = import_word(with_body(BASE, body))
    assert result.new.meta.title == "計画の名前"
    assert _texts(result.new) == ["副題", "表題2"]
    assert "second-title" in _codes(result)
