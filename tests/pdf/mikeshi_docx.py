"""A hand-formatted Word 見え消し of the R5.7.26 excerpt, built with python-docx.

This is how many secretariats make a redline without change tracking: the meeting lines in the
page header, the page number in the footer, the structure (体系) on the first page, headings as
bold paragraphs (or, with ``headings="styles"``, in the heading styles 見出し 1/2/3 that
``planrev import word`` reads as pillars, fields and sections), 取消線 / 二重取消線 for deleted
text, 下線 (and red) for inserted text, the markers 【追加①】 typed in, and ★意見 and KPI tables as
Word tables. Its text follows the seed
(drafts/aomori-dx/source/R5.7.26-handout-excerpt.txt) word for word; the two sections that the
original slide set side by side (住民の利便性の向上, 質の高い自治体運営) are set in two columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

HEADER = (
    "R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会",
    "会議資料「(仮称)青森県DX推進プラン素案(案)」(抜粋)",
)
RED = RGBColor(0xC0, 0x00, 0x00)
FONT = "Noto Sans CJK JP"


@dataclass(frozen=True)
class Run:
    """A piece of text and its formatting: ``strike``, ``double``, ``underline``, ``red``, ``bold``."""

    text: str
    style: str = ""


Piece = str | Run


def _set_font(run_element: object, size: float | None = None) -> None:
    run = run_element
    run.font.name = FONT  # type: ignore[attr-defined]
    properties = run._element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), FONT)
    if size is not None:
        run.font.size = Pt(size)  # type: ignore[attr-defined]


def _add_runs(paragraph: Paragraph, pieces: Sequence[Piece], *, size: float = 10.5) -> None:
    for piece in pieces:
        run_spec = piece if isinstance(piece, Run) else Run(piece)
        run = paragraph.add_run(run_spec.text)
        _set_font(run, size)
        styles = run_spec.style.split()
        if "bold" in styles:
            run.bold = True
        if "strike" in styles:
            run.font.strike = True
        if "double" in styles:
            run.font.double_strike = True
        if "underline" in styles:
            run.underline = True
        if "red" in styles:
            run.font.color.rgb = RED


class _Builder:
    def __init__(self, headings: Literal["bold", "styles"] = "bold") -> None:
        self.headings = headings
        self.document = Document()
        section = self.document.sections[0]
        section.page_height, section.page_width = Pt(841.9), Pt(595.3)
        section.left_margin = section.right_margin = Pt(56.7)
        section.top_margin, section.bottom_margin = Pt(70.9), Pt(56.7)
        for line in HEADER:
            paragraph = (
                section.header.paragraphs[0]
                if not section.header.paragraphs[0].text
                else section.header.add_paragraph()
            )
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _add_runs(paragraph, [line], size=9)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_number(footer)

    def heading(self, text: str, size: float, level: int) -> None:
        style = f"Heading {level}" if self.headings == "styles" else None
        paragraph = self.document.add_paragraph(style=style)
        paragraph.paragraph_format.space_before = Pt(8)
        paragraph.paragraph_format.space_after = Pt(4)
        paragraph.paragraph_format.keep_with_next = True
        _add_runs(paragraph, [Run(text, "bold")], size=size)

    def line(self, *pieces: Piece, size: float = 10.5) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(3)
        _add_runs(paragraph, pieces, size=size)

    def bullet(self, *pieces: Piece) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(3)
        paragraph.paragraph_format.left_indent = Pt(10.5)
        paragraph.paragraph_format.first_line_indent = Pt(-10.5)
        _add_runs(paragraph, ["・", *pieces])

    def table(self, rows: Sequence[Sequence[Sequence[Piece]]], widths: Sequence[float]) -> Table:
        table = self.document.add_table(rows=len(rows), cols=len(widths))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Pt(width)
        for row, cells in zip(table.rows, rows, strict=True):
            for cell, width, pieces in zip(row.cells, widths, cells, strict=True):
                cell.width = Pt(width)
                _add_runs(cell.paragraphs[0], pieces, size=9.5)
        self.document.add_paragraph().paragraph_format.space_after = Pt(2)
        return table

    def opinions(self, rows: Sequence[tuple[str, str]]) -> None:
        self.line(Run("★意見(事務局が聞き取りしたもの)", "bold"))
        self.table([[[text], [Run(label, "red")]] for text, label in rows], (400, 70))

    def kpi(self) -> None:
        self.table([[["KPI"], ["2023"], ["2028"]], [[], [], []]], (280, 95, 95))

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def columns(self, count: int) -> None:
        section = self.document.add_section(WD_SECTION.CONTINUOUS)
        columns = section._sectPr.find(qn("w:cols"))
        if columns is None:
            columns = OxmlElement("w:cols")
            section._sectPr.append(columns)
        columns.set(qn("w:num"), str(count))
        columns.set(qn("w:space"), "425")


def _page_number(paragraph: Paragraph) -> None:
    run = paragraph.add_run()
    _set_font(run, 9)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)


STRUCTURE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "「産業・しごと」を支えるDX",
        "産業・しごと分野",
        ("商工業・サービス業", "観光業", "農林水産業", "働き方"),
    ),
    (
        "「暮らし・まち」を支えるDX",
        "暮らし・まち分野",
        (
            "医療・福祉",
            "安全・安心",
            "子育て",
            "防災・危機管理",
            "学校教育",
            "インフラ",
            "地域公共交通",
        ),
    ),
    (
        "「行政経営」を支えるDX",
        "行政経営分野",
        ("住民の利便性の向上", "情報セキュリティ対策", "質の高い自治体運営"),
    ),
)
FOUNDATION = (
    "デジタル人材",
    "データの利活用",
    "誰でも安全・安心に使えるデジタル",
    "デジタル基盤の整備",
)


def build_mikeshi_docx(out: Path, *, headings: Literal["bold", "styles"] = "bold") -> Path:
    """Write the hand-formatted 見え消し of the R5.7.26 excerpt to ``out``; return ``out``.

    ``headings`` chooses how titles are set: bold paragraphs, or the heading styles (level 1
    pillars and level 2 fields on the structure page; fields 2 and sections 3 in the body, as
    the seed's ``##`` and ``###``).
    """
    b = _Builder(headings)
    inserted = "underline red"
    for pillar, field, sections in STRUCTURE:
        b.heading(pillar, 12, 1)
        b.heading(field, 11, 2)
        for section in sections:
            b.line(section)
    b.heading("各分野を支える基盤整備", 12, 1)
    for field in FOUNDATION:
        b.line(field)
    b.line(Run("【体系図を追加】", "bold red"))
    b.page_break()

    b.heading("行政経営分野", 14, 2)
    b.bullet(
        Run("【追加①】", "bold red"),
        Run(
            "自らが積極的にデジタル技術の導入を進め、地域全体のDXの推進を牽引する意識を持っている自治体。",
            inserted,
        ),
    )
    b.bullet(
        "行政手続等について、デジタル技術を活用し、効率化することにより、県民生活の利便性向上や県内産業の"
        "さらなる振興を進められるような政策分野に",
        Run("【追加②】", "bold red"),
        Run("人的資源を", "red"),
        "集中投資できている自治体。",
    )
    b.opinions(
        [
            (
                "民間の働き方を支援するためには、行政側も民間へ負担を減らし、県内企業の効率化・省力化を進めることが重要",
                "追加①",
            ),
            ("空いた時間で丁寧に対応できる体制は？", "追加②"),
        ]
    )
    b.columns(2)
    b.heading("住民の利便性の向上", 12, 3)
    b.line(
        "いつでも、どこでも、わかりやすく、短時間で、手軽に、必要な行政サービスを受けることができる"
    )
    b.bullet("行政手続きのオンライン化の推進")
    b.bullet("公金収納のキャッシュレス化の推進")
    b.table([[["KPI"], ["2023"], ["2028"]], [[], [], []]], (120, 50, 50))
    b.heading("質の高い自治体運営", 12, 3)
    b.line(
        "デジタルで処理できる業務はすべてデジタル化され、職員一人ひとりの変革に向けたマインドを持ち続け、"
        "複雑化・高度化する行政課題に正面から向き合い、質の高い行政サービスを提供することができる自治体"
    )
    for text in (
        "業務のデジタル化や業務プロセスの見直しによる効率化や生産性の向上",
        "データに基づく施策立案",
        "自治体のデジタル人材の育成",
        "市町村のDX化の支援",
        "県・市町村の業務システムの標準化・共通化",
    ):
        b.bullet(text)
    b.table([[["KPI"], ["2023"], ["2028"]], [[], [], []]], (120, 50, 50))
    b.columns(1)
    b.page_break()

    b.heading("行政経営分野", 14, 2)
    b.heading("情報セキュリティ対策", 12, 3)
    b.line("県民が安心して、さまざまな行政サービスを利用できる信頼性が高い環境が整備されている")
    b.bullet(
        "インターネットからの攻撃や情報流出等を防止し、マイナンバー制度を確実に運用するための庁内ネットワーク"
        "及び情報システムの強靱性の向上"
    )
    b.bullet("県の情報セキュリティポリシーに基づく庁内情報システムへの監査などの実施")
    b.kpi()
    b.page_break()

    b.heading("デジタル人材", 14, 2)
    b.bullet(
        "業務工程を理解し、その変革について自ら考え、それをシステムとして具体化することができる専門性の高い"
        "人材の育成やUIJターンでの確保、外部のデジタル人材との連携などを進める。"
    )
    b.bullet(
        Run("【追加】", "bold red"),
        Run("限られたデジタル人材を最適化して活用するための仕組みを構築する。", inserted),
    )
    b.bullet(
        "働く人すべてがデジタルを理解し、それぞれの業務において、積極的に活用することができる。"
    )
    b.opinions(
        [
            (
                "デジタル人材不足は回復の兆しがなく、即戦力がある人材の奪い合いとなっている。方法として考えられるのは、"
                "新卒の育成、移民受け入れ、海外発注、育児が終わった女性をリスクリング、AIの活用など。外部の副業人材の"
                "活用(週数時間の勤務)、UIJターン(プロジェクト単位で、プロボノ的に関わる)などが現実的だと考える。",
                "追加",
            )
        ]
    )
    b.heading("誰でも安全・安心に使えるデジタル", 12, 3)
    b.bullet(
        "誰もが早いスピードで進化するデジタル技術についての正しい知識を持ち、デジタル社会に取り残されず、"
        "不安を感じずに必要な時に必要な技術を使いこなすことができる。"
    )
    b.bullet(
        Run("【修正】", "bold red"),
        Run(
            "新しい技術を使いこなせない人も取り残されないよう、様々なサポートをする人材が育成され、"
            "お互いが支え合い、繋がりあう仕組みが構築されている。",
            inserted,
        ),
    )
    b.opinions(
        [
            ("サポート人材の育成も大事", "修正"),
            ("使えない人への対応、使いなれたインターフェースできるような対応・工夫", ""),
        ]
    )
    b.heading("データの利活用", 12, 3)
    b.bullet(
        "データのオープンデータ化などにより、誰でも簡単にデータを活用でき、データを活用した県民生活の"
        "利便性の向上や新しいサービスが創出されている。"
    )
    b.bullet(
        Run("【追加】", "bold red"),
        Run(
            "行政においても、民間企業においても、データをきちんと把握、分析し、これに基づいた施策立案や"
            "経営判断により、有効性の高い施策や生産性が高いビジネスが実現されている。",
            inserted,
        ),
    )
    b.opinions([("データをきちんと整理、経営判断に使うことを進めるべき", "追加")])
    b.page_break()

    b.heading("デジタル基盤の整備", 14, 2)
    b.bullet(
        "信頼性が高いマイナンバーカードや公的個人認証サービスによって、日常生活が便利になっている。"
    )
    b.bullet(
        "プランに掲げるめざす姿を実現するために欠かせない安定した情報通信基盤が整備されている。"
    )
    b.bullet(
        Run("【削除】", "bold red"),
        "リモートワーク拠点が整備され、",
        Run("場所を問わず、", "strike red"),
        Run("自分のライフスタイルに合わせて働くことができる。", "double red"),
        "（再掲）※商工業・サービス業の取組方針の削除に伴い削除",
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    b.document.save(str(out))
    return out
