"""HTML handouts: the 見え消し版, the 溶け込み版, the 新旧対照表 and the 意見対応表.

Each document is one self-contained HTML file (styles inline) that prints on A4 and is also what
the PDF is made from. The HTML is built in Python from the views (:mod:`planrev.views`), one
function per view object (:mod:`planrev.render.markup` says how text is escaped); nothing here
compares or decides, it only lays out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from planrev.comparison import Op
from planrev.render.markup import page, text
from planrev.views import (
    BlockView,
    ComparisonTable,
    CumulativeResponses,
    HandoutView,
    KpiView,
    LineView,
    NodeView,
    OpinionBox,
    OpinionView,
    Piece,
    ResponsesView,
    StructureEntry,
)

__all__ = [
    "KIND_NAMES",
    "box_html",
    "comparison_table_html",
    "cumulative_responses_html",
    "handout_html",
    "line_html",
    "nodes_html",
    "pieces_html",
    "responses_html",
]

KIND_NAMES = {"redline": "見え消し版", "clean": "溶け込み版"}
"""The Japanese name of each handout mode."""

_LANDSCAPE = "@page { size: A4 landscape; }\n"

# ---- the leaves: runs of pieces, lines, KPI tables -------------------------------------------


def pieces_html(items: Iterable[Piece]) -> str:
    """Return a run of pieces as inline HTML: text, ``<ins>`` inserted and ``<del>`` deleted
    text, ``<span class="marker">【追加①】</span>`` and note spans."""
    html = ""
    for piece in items:
        content = text(piece.text)
        kind = piece.kind
        if kind == "text":
            op = piece.op
            if op is Op.EQUAL:
                html += content  # most pieces: unchanged text
                continue
            tag, attributes = ("ins" if op is Op.INSERT else "del"), ""
        elif kind == "marker":
            html += f'<span class="marker" data-change="{text(piece.change)}">【{content}】</span>'
            continue
        else:
            tag, attributes = "span", ' class="note-piece"'
        if piece.change:
            attributes += f' data-change="{text(piece.change)}"'
        html += f"<{tag}{attributes}>{content}</{tag}>"
    return html


def line_html(line: LineView) -> str:
    """Return a statement, note or footnote as one ``<p class="line …">``."""
    classes = _line_classes(line.kind, line.role, line.bullet, line.status)
    changes = line.changes
    attributes = (
        f'{classes}" data-node="{text(line.node_id)}"'
        f' data-changes="{text(" ".join(changes)) if changes else ""}">'
    )
    content = pieces_html(line.pieces)
    if line.kind == "note":
        return f'<p class="line {attributes}<span class="text">【{content}】</span></p>'
    if line.bullet:
        return (
            f'<p class="line {attributes}<span class="bullet">・</span>'
            f'<span class="text">{content}</span></p>'
        )
    return f'<p class="line {attributes}<span class="text">{content}</span></p>'


@lru_cache(maxsize=256)
def _line_classes(kind: str, role: str, bullet: bool, status: str) -> str:
    """Return the classes of a line (``statement role-text bullet status-same``), escaped.

    Cached: kind, role and status are a handful of fixed words, and most lines share them.
    """
    if kind == "note":
        return f"note status-{text(status)}"
    classes = text(kind)
    if role:
        classes += f" role-{text(role)}"
    if bullet:
        classes += " bullet"
    return f"{classes} status-{text(status)}"


_BLANK_ROW = (
    '<tr class="blank"><td class="indicator"></td><td class="unit"></td><td class="year"></td>'
    '<td class="year"></td></tr>\n'
)


def kpi_html(table: KpiView) -> str:
    """Return a KPI table as one ``<table class="kpi …">``: a heading row of indicator and years,
    then a row per indicator (one blank row when there is none)."""
    cells = "".join(
        f'<tr class="status-{text(status)}" data-node="{text(row_id)}">'
        f'<td class="indicator">{pieces_html(indicator)}</td>'
        f'<td class="unit">{pieces_html(unit)}</td>'
        f'<td class="year">{pieces_html(baseline)}</td>'
        f'<td class="year">{pieces_html(target)}</td></tr>\n'
        for (indicator, unit, baseline, target), row_id, status in zip(
            table.rows, table.row_ids, table.row_status, strict=True
        )
    )
    baseline_year, target_year = table.header
    return (
        f'<table class="kpi status-{text(table.status)}" data-node="{text(table.node_id)}"'
        f' data-changes="{text(" ".join(table.changes))}">\n'
        f'<thead><tr><th class="indicator" colspan="2">{pieces_html(table.title)}</th>'
        f'<th class="year">{pieces_html(baseline_year)}</th>'
        f'<th class="year">{pieces_html(target_year)}</th></tr></thead>\n'
        f"<tbody>\n{cells or _BLANK_ROW}</tbody>\n</table>"
    )


def blocks_html(blocks: Iterable[BlockView]) -> str:
    """Return the content of a node: each line or KPI table followed by a line break."""
    return "".join(
        f"{kpi_html(block) if type(block) is KpiView else line_html(block)}\n"  # type: ignore[arg-type]
        for block in blocks
    )


# ---- the document's structure -----------------------------------------------------------------


def box_html(box: OpinionBox, *, numbers: bool = True) -> str:
    """Return an opinion box (★意見): its title, then a row per opinion (with its number unless
    ``numbers`` is false) and the labels of the changes it caused."""
    rows = "".join(
        f'<tr data-opinion="{text(row.opinion_id)}" data-changes="{text(" ".join(row.changes))}">'
        + (f'<td class="number">{text(row.number)}</td>' if numbers else "")
        + f'<td class="text">{text(row.text)}</td>'
        f'<td class="labels">{text("、".join(row.labels))}</td></tr>\n'
        for row in box.rows
    )
    return (
        f'<aside class="opinion-box">\n<p class="box-title">{text(box.title)}</p>\n'
        f"<table>\n{rows}</table>\n</aside>\n"
    )


def shown(node: NodeView) -> bool:
    """Return whether a node has anything to print in the body of a handout.

    A part outside an excerpt (``omitted``) is only listed in the structure overview; so is a
    pillar or field whose every part is outside it.
    """
    if node.blocks or node.box is not None or node.status != "same":
        return True
    if any(shown(child) for child in node.children):
        return True
    # An empty part of the draft is still printed; a title-only part of an excerpt is not.
    return not node.omitted and not node.children


def nodes_html(nodes: Iterable[NodeView], *, numbers: bool = True) -> str:
    """Return the pillars, fields and sections, nested: each a ``<section>`` with its heading
    (``<h2>``–``<h6>`` by level), its content and opinion box (opinions numbered unless
    ``numbers`` is false), then its shown sub-nodes."""
    parts: list[str] = []
    for node in nodes:
        if shown(node):
            _node(node, parts, numbers)
    return "".join(parts)


def _node(node: NodeView, parts: list[str], numbers: bool) -> None:
    level = node.level
    depth = level + 1 if level < 6 else 6
    parts.append(
        f'<section class="node level-{level} status-{text(node.status)}"'
        f' data-node="{text(node.node_id)}">\n'
        f'<h{depth} class="heading">{pieces_html(node.title)}</h{depth}>\n'
        f"{blocks_html(node.blocks)}"
    )
    if node.box is not None:
        parts.append(box_html(node.box, numbers=numbers))
    for child in node.children:
        if shown(child):
            _node(child, parts, numbers)
    parts.append("</section>\n")


def _structure(entries: Sequence[StructureEntry]) -> str:
    items = "".join(
        f'<li class="level-{entry.level}" data-node="{text(entry.node_id)}">{text(entry.title)}</li>\n'
        for entry in entries
    )
    return f'<div class="structure">\n<h2>体系</h2>\n<ul>\n{items}</ul>\n</div>\n'


_LEGEND = (
    '<p><span class="marker">【追加①】</span>等は変更箇所の記号、<ins>下線</ins>は追加、'
    "<del>取消線</del>は削除を表します。★意見は事務局が聞き取りした意見と、"
    "それにより変更した箇所の記号です。</p>\n"
)


def _legend(view: HandoutView) -> str:
    since = (
        f"<p>{text(view.old_meeting)}の案からの変更を示しています。</p>\n"
        if view.old_meeting
        else ""
    )
    return f'<div class="legend">\n{since}{_LEGEND}</div>\n'


def title_block(view: HandoutView, kind_name: str) -> str:
    """Return the title block of a handout: the plan's name, the kind of document, the meeting."""
    meeting = ""
    if view.meeting or view.date:
        space = " " if view.meeting and view.date else ""
        meeting = f'<p class="meeting">{text(view.meeting)}{space}{text(view.date)}</p>\n'
    return (
        f'<div class="title-block">\n<h1>{text(view.title)}</h1>\n'
        f'<p class="kind">{text(kind_name)}</p>\n{meeting}</div>\n'
    )


def body_html(view: HandoutView) -> str:
    """Return the plan-level notes, the plan's opinion box and ``<main>`` with every part."""
    numbers = view.options.opinion_numbers
    notes = "".join(f"{line_html(note)}\n" for note in view.notes)
    box = box_html(view.plan_box, numbers=numbers) if view.plan_box is not None else ""
    return f'{notes}{box}<main class="body">\n{nodes_html(view.nodes, numbers=numbers)}</main>\n'


def handout_html(view: HandoutView) -> str:
    """Return the HTML of a handout: the 見え消し版 (redline) or the 溶け込み版 (clean copy),
    laid out as ``view.options`` asks (legend, structure overview, opinion numbers, page
    breaks)."""
    kind_name = KIND_NAMES[view.mode]
    options = view.options
    body = title_block(view, kind_name)
    if view.mode == "redline" and options.legend:
        body += _legend(view)
    if view.structure and options.structure:
        body += _structure(view.structure)
    breaks = f" breaks-{text(options.page_breaks)}" if options.page_breaks != "none" else ""
    return page(
        title=f"{view.title} {kind_name}",
        body_class=f"handout {text(view.mode)}{breaks}",
        header=view.header,
        body=body + body_html(view),
    )


# ---- the 新旧対照表 ---------------------------------------------------------------------------


def _sided(items: Iterable[Piece]) -> str:
    """Return a cell of a 新旧対照表: changed passages get a side line (傍線)."""
    html = ""
    for piece in items:
        content = text(piece.text)
        if piece.kind == "note":
            html += f'<span class="note-piece">{content}</span>'
        elif piece.inserted or piece.deleted:
            html += f'<u class="changed">{content}</u>'
        else:
            html += content
    return html


def comparison_table_html(table: ComparisonTable) -> str:
    """Return the HTML of a 新旧対照表."""
    columns = [text(column) for column in table.columns]
    count = len(columns)
    rows: list[str] = []
    location: str | None = None
    for number, row in enumerate(table.rows):
        if number == 0 or row.location != location:
            location = row.location
            rows.append(f'<tr class="location"><td colspan="{count}">{text(location)}</td></tr>\n')
        cells = "".join(
            f'<td class="{name}">{_sided(table.cell(row, column))}</td>'
            for name, column in zip(columns, table.columns, strict=True)
        )
        rows.append(f'<tr data-change="{text(row.change)}">{cells}</tr>\n')
    if not table.rows:
        rows.append(f'<tr><td class="nothing" colspan="{count}">変更はありません。</td></tr>\n')
    headings = "".join(
        f'<th class="{name}">{text(table.heading(column))}</th>'
        for name, column in zip(columns, table.columns, strict=True)
    )
    body = (
        f'<div class="title-block">\n<h1>{text(table.title)}</h1>\n'
        f'<p class="meeting">{text(table.plan)}</p>\n</div>\n'
        '<table class="comparison">\n<colgroup>\n'
        + "".join(f'<col class="{name}">\n' for name in columns)
        + f"</colgroup>\n<thead><tr>{headings}</tr></thead>\n<tbody>\n"
        + "".join(rows)
        + "</tbody>\n</table>\n"
    )
    return page(
        title=f"{table.plan} {table.title}",
        body_class="comparison-table",
        header=table.header,
        body=body,
    )


# ---- the 意見対応表 ---------------------------------------------------------------------------

_RESPONSES_HEAD = (
    '<table class="responses">\n'
    '<colgroup><col class="number"><col class="who"><col class="text"><col class="disposition">'
    '<col class="response"><col class="reflected"></colgroup>\n'
    '<thead><tr><th class="number">番号</th><th class="who">意見者</th><th class="text">意見</th>'
    '<th class="disposition">対応</th><th class="response">事務局の考え方</th>'
    '<th class="reflected">反映箇所</th></tr></thead>\n<tbody>\n'
)


def _responses_table(opinions: Sequence[OpinionView]) -> str:
    """Return an 意見対応表: number, who, opinion, disposition, response, where reflected."""
    rows = "".join(
        f'<tr data-opinion="{text(opinion.id)}"><td class="number">{text(opinion.number)}</td>'
        f'<td class="who">{text(opinion.who)}</td><td class="text">{text(opinion.text)}</td>'
        f'<td class="disposition">{text(opinion.disposition)}</td>'
        + (
            f'<td class="response">{text(opinion.response)}</td>'
            if opinion.response
            else '<td class="response empty">（未記入）</td>'
        )
        + f'<td class="reflected">{text(chr(10).join(opinion.reflected))}</td></tr>\n'
        for opinion in opinions
    )
    if not opinions:
        rows = '<tr><td class="nothing" colspan="6">意見はありません。</td></tr>\n'
    return f"{_RESPONSES_HEAD}{rows}</tbody>\n</table>\n"


def responses_html(view: ResponsesView) -> str:
    """Return the HTML of an 意見対応表."""
    when = "".join(f" {part}" for part in (view.meeting, view.date) if part)
    body = (
        f'<main>\n<div class="title-block">\n<h1>{text(view.title)}</h1>\n'
        f'<p class="meeting">{text(view.plan)}{text(when)}</p>\n</div>\n'
        f"{_responses_table(view.opinions)}</main>\n"
    )
    return page(
        title=f"{view.plan} {view.title}",
        body_class="responses",
        header=view.header,
        body=body,
        style=_LANDSCAPE,
    )


def cumulative_responses_html(view: CumulativeResponses) -> str:
    """Return the HTML of the 意見対応表 over every meeting (one table per meeting)."""
    parts = "".join(
        f'<h2 class="meeting-part">{text(part.meeting)}'
        f"{f'({text(part.date)})' if part.date else ''}で対応した意見</h2>\n"
        f"{_responses_table(part.opinions)}"
        for part in view.parts
    )
    body = (
        f'<main>\n<div class="title-block">\n<h1>{text(view.title)}</h1>\n'
        f'<p class="meeting">{text(view.plan)}</p>\n</div>\n{parts}</main>\n'
    )
    return page(
        title=f"{view.plan} {view.title}",
        body_class="responses",
        header=view.header,
        body=body,
        style=_LANDSCAPE + "h2.meeting-part { margin-top: 1.5em; }\n",
    )
