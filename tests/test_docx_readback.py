"""The Word importer on the constructs planrev's DOCX writer uses: decoration runs (markers and
notes), kind labels and opinion boxes.

Each test writes a small body into a package written by planrev and imports it.
"""

from __future__ import annotations

import pytest

from planrev.comparison import compare
from planrev.i18n import set_language
from planrev.model import Section, Statement, index
from planrev.views import build_handout
from planrev.word import import_word, read_word
from planrev.word.writer import tracked_docx
from tests.docx_support import aomori_case
from tests.word_support import rezip, with_body

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
INS = 'w:id="{id}" w:author="事務局" w:date="2023-07-26T00:00:00Z"'


@pytest.fixture(autouse=True)
def _japanese() -> object:
    set_language("ja")
    yield
    set_language(None)


@pytest.fixture(scope="module")
def package() -> bytes:
    """A package written by planrev (its styles define the decoration styles)."""
    case = aomori_case()
    return tracked_docx(build_handout(case.comparison, case.opinions, move_origins=True))


def _run(text: str, style: str | None = None, tag: str = "w:t") -> str:
    properties = f'<w:rPr><w:rStyle w:val="{style}"/></w:rPr>' if style else ""
    return f'<w:r>{properties}<{tag} xml:space="preserve">{text}</{tag}></w:r>'


def _heading(text: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>{_run(text)}</w:p>'


def test_markers_and_notes_are_not_text(package: bytes) -> None:
    body = (
        _heading("柱")
        + "<w:p>"
        + _run("【追加①】", "planrevMarker")
        + f"<w:ins {INS.format(id=1)}>{_run('新しい文。')}</w:ins>"
        + _run("（再掲）", "planrevAnnotation")
        + _run("※理由による", "planrevAnnotation")
        + "</w:p>"
        + "<w:p>"
        + f"<w:del {INS.format(id=2)}>{_run('【削除】', 'planrevMarker', 'w:delText')}"
        + f"{_run('古い文。', tag='w:delText')}</w:del>"
        + "</w:p>"
    )
    result = import_word(with_body(package, body))
    texts = [s.node.text for s in index(result.new).values() if isinstance(s.node, Statement)]
    assert texts == ["新しい文。"]
    old = [s.node.text for s in index(result.old).values() if isinstance(s.node, Statement)]
    assert old == ["古い文。"]
    assert [change.kind.value for change in result.revision.changes] == ["追加", "削除"]
    codes = {warning.code: warning for warning in result.report.warnings}
    assert "marker-in-text" not in codes
    assert codes["decoration"].level == "info"
    assert "4箇所" in str(codes["decoration"].message)


def test_text_typed_into_a_marker_style_is_kept(package: bytes) -> None:
    # Typing after a marker in Word continues its style: that text is the user's, not ours.
    body = _heading("柱") + "<w:p>" + _run("【追加】を加えた文", "planrevMarker") + "</w:p>"
    document = read_word(with_body(package, body))
    paragraph = list(document.paragraphs())[-1]
    assert paragraph.text("new") == "【追加】を加えた文"
    assert [w.code for w in document.warnings] == ["decoration-text"]


def test_kind_labels_including_text(package: bytes) -> None:
    def label(text: str) -> str:
        return f'<w:p><w:pPr><w:pStyle w:val="planrevLabel"/></w:pPr>{_run(text)}</w:p>'

    body = (
        _heading("柱")
        + label("めざす姿")
        + f"<w:p>{_run('姿の文。')}</w:p>"
        + label("取組")
        + f"<w:p>{_run('取組の文。')}</w:p>"
        + label("本文")
        + f"<w:p>{_run('本文の文。')}</w:p>"
    )
    result = import_word(with_body(package, body))
    kinds = [
        (s.node.text, s.node.kind)
        for s in index(result.new).values()
        if isinstance(s.node, Statement)
    ]
    assert kinds == [("姿の文。", "vision"), ("取組の文。", "initiative"), ("本文の文。", "text")]
    notes = [str(w.message) for w in result.report.warnings if w.code == "label"]
    assert notes[-1] == "「本文」を見出し語として読み、続く記述を本文とします"


def _table(style: str, first_cell: str) -> str:
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/></w:tblPr>'
        '<w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="1000"/></w:tblGrid>'
        f"<w:tr><w:tc><w:p>{_run(first_cell)}</w:p></w:tc><w:tc><w:p/></w:tc></w:tr>"
        f"<w:tr><w:tc><w:p>{_run('意見1　本文')}</w:p></w:tc><w:tc><w:p>{_run('追加')}</w:p></w:tc></w:tr>"
        "</w:tbl>"
    )


def test_opinion_boxes_written_by_planrev_are_expected(package: bytes) -> None:
    body = _heading("柱") + _table("planrevOpinions", "★意見") + _table("TableGrid", "別の表")
    result = import_word(with_body(package, body), strict=False)
    levels = {w.code: w.level for w in result.report.warnings}
    assert levels["opinion-table"] == "info"
    assert levels["table-skipped"] == "warning"
    assert [
        w.location.paragraph  # type: ignore[union-attr]
        for w in result.report.warnings
        if w.code == "table-skipped"
    ] == [6]


def test_content_of_an_added_section_is_part_of_its_addition(package: bytes) -> None:
    def inserted(style: str | None, text: str, number: int) -> str:
        style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
        mark = f"<w:rPr><w:ins {INS.format(id=number)}/></w:rPr>"
        return (
            f"<w:p><w:pPr>{style_xml}{mark}</w:pPr>"
            f"<w:ins {INS.format(id=number + 1)}>{_run(text)}</w:ins></w:p>"
        )

    body = (
        _heading("柱")
        + '<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr>'
        + _run("分野")
        + "</w:p>"
        + f"<w:p>{_run('前からの文。')}</w:p>"
        + inserted("Heading3", "新しい施策", 10)
        + inserted(None, "新しい施策の文。", 20)
        + '<w:p><w:commentRangeStart w:id="0"/>'
        + f"<w:ins {INS.format(id=30)}>{_run('もう一つの文。')}</w:ins>"
        + '<w:commentRangeEnd w:id="0"/></w:p>'
    )
    docx = with_body(package, body)
    result = import_word(docx)
    assert [(c.kind.value, c.target) for c in result.revision.changes] == [("追加", "w-p4")]
    assert isinstance(index(result.new)["w-p4"].node, Section)
    (source,) = result.report.sources
    assert (source.change_id, source.paragraphs) == ("c-w-p4", (4, 5, 6))
    anchored = next(c for c in result.candidates if c.comment.id == "0")
    assert anchored.change_ids == ("c-w-p4",)
    # The comparison agrees: one addition, nothing left unmatched.
    comparison = compare(result.old, result.new, result.revision, None)
    assert [c.id for c in comparison.changes] == ["w-p4"]
    assert "unmatched-declaration" not in {f.code for f in comparison.findings}


@pytest.mark.parametrize("label", ["追加㉑", "修正㊿", "削除(51)"])
def test_labels_beyond_twenty(package: bytes, label: str) -> None:
    kind = label[:2]
    inserted = f"<w:ins {INS.format(id=1)}>{_run('足した')}</w:ins>"
    deleted = f"<w:del {INS.format(id=2)}>{_run('消した', tag='w:delText')}</w:del>"
    change = {"追加": inserted, "修正": deleted + inserted, "削除": deleted}[kind]
    body = (
        _heading("柱")
        + '<w:p><w:commentRangeStart w:id="0"/>'
        + _run(f"【{label}】", "planrevMarker")
        + _run("文。")
        + change
        + '<w:commentRangeEnd w:id="0"/></w:p>'
    )
    comments = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:comments {W}><w:comment w:id="0" w:author="事務局">'
        f"<w:p>{_run(f'{label} ← 意見21: 意見の文。')}</w:p></w:comment></w:comments>"
    )
    docx = rezip(with_body(package, body), {"word/comments.xml": comments.encode()})
    result = import_word(docx, strict=True)
    (change_record,) = result.revision.changes
    assert change_record.label == label
    assert "decoration-text" not in {w.code for w in result.report.warnings}


def test_the_reader_knows_the_writer_s_styles() -> None:
    from planrev.word import paragraphs, structure, writer

    assert {writer.MARKER_STYLE, writer.ANNOTATION_STYLE} == paragraphs._DECORATION_STYLES
    assert writer.BOX_STYLE == structure._OPINION_TABLE_STYLE
    assert writer.LABEL_STYLE  # label paragraphs are read by their text, whatever the style
