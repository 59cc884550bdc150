"""A drafter's re-typing of a draft, for the import tests: Markdown, plain text and Word.

The documents are written the way a drafting department writes its next draft, not the way
planrev prints a handout: typed heading numbers (第1章, 1, （1）, ①), ``・`` bullets, the plan's
own labels (■めざす姿, ■主な取組), KPI tables (a Markdown table, a tab-separated block, or a
table made with Word's table tool), editorial notes 【…】, footnotes, and （略） under the parts
an excerpt leaves out.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

from planrev.model import Field, Footnote, KpiTable, Note, Pillar, Plan, Section, Statement
from planrev.presentation import plan_name

__all__ = [
    "KIND_LABELS",
    "drafter_docx",
    "drafter_lines",
    "drafter_markdown",
    "drafter_text",
    "with_footnotes",
]

KIND_LABELS = {
    "vision": "めざす姿",
    "initiative": "主な取組",
    "text": "本文",
    "challenge": "現状と課題",
    "direction": "施策の方向性",
}
"""The label a drafter writes before statements of each kind."""


def _number(depth: int, position: int) -> str:
    """Return the heading number a drafter types at ``depth`` (0 pillar): 第1章, 1, （1）, ①."""
    if depth == 0:
        return f"第{position}章　"
    if depth == 1:
        return f"{position}　"
    if depth == 2:
        return f"（{position}）"
    return chr(0x2460 + position - 1)


def _children(node: Pillar | Field | Section) -> Sequence[Field | Section]:
    return node.fields if isinstance(node, Pillar) else node.sections


def drafter_lines(plan: Plan) -> Iterator[tuple[str, object]]:
    """Yield what a drafter writes for ``plan``, in order: ``("title", name)``,
    ``("heading", (depth, number, title))``, ``("label", text)``, ``("statement", (text,
    bullet))``, ``("note", text)``, ``("footnote", (mark, text))``, ``("kpi", table)``,
    ``("omitted", "（略）")``."""
    yield ("title", plan_name(plan.meta))

    def blocks(items: Sequence[object]) -> Iterator[tuple[str, object]]:
        kind = None
        for block in items:
            if isinstance(block, Statement):
                if block.kind != kind:
                    yield ("label", KIND_LABELS[block.kind])
                    kind = block.kind
                yield ("statement", (block.text or "", block.bullet))
            elif isinstance(block, Note):
                yield ("note", f"【{block.text}】")
            elif isinstance(block, Footnote):
                yield ("footnote", (block.mark, block.text))
            elif isinstance(block, KpiTable):
                yield ("kpi", block)

    def node(
        item: Pillar | Field | Section, depth: int, position: int
    ) -> Iterator[tuple[str, object]]:
        yield ("heading", (depth, _number(depth, position), item.title))
        children = _children(item)
        if item.omitted and not item.blocks and not children:
            yield ("omitted", "（略）")
        yield from blocks(item.blocks)
        for index, child in enumerate(children, start=1):
            yield from node(child, depth + 1, index)

    yield from blocks(plan.blocks)
    for index, pillar in enumerate(plan.pillars, start=1):
        yield from node(pillar, 0, index)


def _years(table: KpiTable) -> tuple[str, str]:
    baseline = f"現状値（{table.baseline_year}年度）" if table.baseline_year else "現状値"
    target = f"目標値（{table.target_year}年度）" if table.target_year else "目標値"
    return baseline, target


def _kpi_rows(table: KpiTable) -> list[list[str]]:
    rows = [["指標", *_years(table)]]
    rows += [[row.indicator, row.baseline or "", row.target or ""] for row in table.rows]
    return rows


def drafter_markdown(plan: Plan) -> str:
    """Return ``plan`` as a drafter's Markdown: ``#`` headings with typed numbers, ■ labels."""
    out: list[str] = []
    for what, value in drafter_lines(plan):
        if what == "title":
            out.append(f"# {value}")
        elif what == "heading":
            depth, number, title = value  # type: ignore[misc]
            out.append(f"{'#' * (depth + 2)} {number}{title}")
        elif what == "label":
            out.append(f"■{value}")
        elif what == "statement":
            text, bullet = value  # type: ignore[misc]
            out.append(f"・{text}" if bullet else text)
        elif what == "footnote":
            mark, text = value  # type: ignore[misc]
            out.append(f"{mark}　{text}")
        elif what == "kpi":
            rows = _kpi_rows(value)  # type: ignore[arg-type]
            lines = [f"| {' | '.join(rows[0])} |", "|" + "---|" * len(rows[0])]
            lines += [f"| {' | '.join(row)} |" for row in rows[1:]]
            out.append("\n".join(lines))
        else:
            out.append(str(value))
    return "\n\n".join(out) + "\n"


def drafter_text(plan: Plan) -> str:
    """Return ``plan`` as a drafter's plain text: typed numbers only, tab-separated KPI tables."""
    out: list[str] = []
    for what, value in drafter_lines(plan):
        if what == "title":
            continue
        if what == "heading":
            _, number, title = value  # type: ignore[misc]
            out.append(f"{number}{title}")
        elif what == "label":
            out.append(f"【{value}】")
        elif what == "statement":
            text, bullet = value  # type: ignore[misc]
            out.append(f"・{text}" if bullet else text)
        elif what == "footnote":
            mark, text = value  # type: ignore[misc]
            out.append(f"{mark}　{text}")
        elif what == "kpi":
            table: KpiTable = value  # type: ignore[assignment]
            header = [
                "KPI",
                str(table.baseline_year or "現状値"),
                str(table.target_year or "目標値"),
            ]
            lines = ["\t".join(header)]
            lines += [
                "\t".join([r.indicator, r.baseline or "", r.target or ""]) for r in table.rows
            ]
            out.append("\n".join(lines))
        else:
            out.append(str(value))
    return "\n\n".join(out) + "\n"


def drafter_docx(plan: Plan, *, heading_styles: bool = True) -> bytes:
    """Return ``plan`` as a drafter's Word document, made with python-docx.

    Headings use Word's heading styles with typed numbers (``heading_styles``; else they are
    plain paragraphs with typed numbers only), bullets a typed ``・``, labels a bold paragraph
    【めざす姿】, KPI tables Word's table tool; the plan's name is a Title paragraph.
    """
    import docx

    document = docx.Document()
    for what, value in drafter_lines(plan):
        if what == "title":
            document.add_paragraph(str(value), style="Title")
        elif what == "heading":
            depth, number, title = value  # type: ignore[misc]
            if heading_styles:
                document.add_heading(f"{number}{title}", level=depth + 1)
            else:
                document.add_paragraph(f"{number}{title}")
        elif what == "label":
            paragraph = document.add_paragraph()
            paragraph.add_run(f"【{value}】").bold = True
        elif what == "statement":
            text, bullet = value  # type: ignore[misc]
            document.add_paragraph(f"・{text}" if bullet else text)
        elif what == "footnote":
            mark, text = value  # type: ignore[misc]
            document.add_paragraph(f"{mark}　{text}")
        elif what == "kpi":
            rows = _kpi_rows(value)  # type: ignore[arg-type]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
        else:
            document.add_paragraph(str(value))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_FOOTNOTES_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def with_footnotes(data: bytes, footnotes: dict[str, str]) -> bytes:
    """Return the .docx ``data`` with footnotes made as Word's footnote tool makes them: for
    each body paragraph whose text ends with a key of ``footnotes``, a reference at its end and
    the value as the footnote's text (in ``word/footnotes.xml``)."""
    import zipfile

    from lxml import etree

    source = zipfile.ZipFile(io.BytesIO(data))
    files = {name: source.read(name) for name in source.namelist()}
    w = f"{{{_W}}}"
    document = etree.fromstring(files["word/document.xml"])
    notes = etree.Element(w + "footnotes", nsmap={"w": _W})
    for separator in ("-1", "0"):
        note = etree.SubElement(notes, w + "footnote", {w + "id": separator})
        etree.SubElement(etree.SubElement(note, w + "p"), w + "r")
    number = 0
    for paragraph in document.iter(w + "p"):
        text = "".join(t.text or "" for t in paragraph.iter(w + "t"))
        for ending, body in footnotes.items():
            if not text.endswith(ending):
                continue
            number += 1
            run = etree.SubElement(paragraph, w + "r")
            reference = etree.SubElement(run, w + "footnoteReference")
            reference.set(w + "id", str(number))
            note = etree.SubElement(notes, w + "footnote", {w + "id": str(number)})
            note_paragraph = etree.SubElement(note, w + "p")
            etree.SubElement(etree.SubElement(note_paragraph, w + "r"), w + "footnoteRef")
            note_run = etree.SubElement(note_paragraph, w + "r")
            etree.SubElement(note_run, w + "t").text = " " + body
    files["word/document.xml"] = etree.tostring(document, xml_declaration=True, encoding="UTF-8")
    files["word/footnotes.xml"] = etree.tostring(notes, xml_declaration=True, encoding="UTF-8")
    rels = files["word/_rels/document.xml.rels"].decode("utf-8")
    files["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdFootnotes" Type="{_FOOTNOTES_TYPE}" Target="footnotes.xml"/>'
        "</Relationships>",
    ).encode("utf-8")
    types = files["[Content_Types].xml"].decode("utf-8")
    files["[Content_Types].xml"] = types.replace(
        "</Types>",
        f'<Override PartName="/word/footnotes.xml" ContentType="{_FOOTNOTES_CONTENT}"/></Types>',
    ).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in files.items():
            target.writestr(name, content)
    return out.getvalue()
