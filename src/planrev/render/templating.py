"""The one door to Jinja2: the template environment every HTML output is rendered with.

Autoescaping is on for every template and undefined names are errors (``StrictUndefined``), so a
typo in a template fails loudly instead of printing nothing, and user text such as ``<script>`` or
``{{ x }}`` is printed literally. Templates and their static CSS/JavaScript are package data in
``planrev/render/templates/``; outputs inline them, so every HTML file stands alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache, lru_cache
from typing import Any

import jinja2
import markupsafe

from planrev.comparison import Op
from planrev.errors import RenderError
from planrev.i18n import Msg
from planrev.render.printable import FORBIDDEN, visible
from planrev.views import BlockView, KpiView, LineView, NodeView, Piece, StructureEntry

__all__ = [
    "blocks_html",
    "line_html",
    "markdown_cell",
    "outline",
    "pieces_html",
    "render_template",
    "shown",
    "structure_html",
    "visible",
]


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


def outline(nodes: Iterable[NodeView]) -> Iterator[NodeView | None]:
    """Yield the shown nodes in document order (filter ``outline``), and None where a node's
    section ends (after its content and its shown sub-nodes).

    The handout's sections nest; printing them from this flat sequence instead of a recursive
    macro saves a macro call per node and the copies of every sub-tree's HTML it would return.
    """
    for node in nodes:
        if shown(node):
            yield from _outline(node)


def _outline(node: NodeView) -> Iterator[NodeView | None]:
    yield node
    for child in node.children:
        if shown(child):
            yield from _outline(child)
    yield None


def _tojson(value: Any) -> markupsafe.Markup:
    """Jinja's ``tojson`` (safe inside <script>), with characters HTML forbids written as JSON
    escapes (``\\u007f``): the data stays exact, the document stays valid."""
    text = jinja2.utils.htmlsafe_json_dumps(
        value, dumps=json.dumps, sort_keys=True, ensure_ascii=False
    )
    return markupsafe.Markup(FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


_MARKDOWN_SPECIAL = str.maketrans({char: f"\\{char}" for char in "\\`*_[]<>|~#"})


def markdown_cell(text: object) -> str:
    """Return text safe inside a Markdown table cell (marks escaped, lines as ``<br>``)."""
    if text is None or text == "":
        return ""
    return "<br>".join(line.translate(_MARKDOWN_SPECIAL) for line in str(text).split("\n"))


def _finalize(value: Any) -> Any:
    # Every {{ … }} passes here before autoescaping: user text is made printable, markup the
    # templates built (Markup) is left alone.
    if (
        isinstance(value, str)
        and not isinstance(value, markupsafe.Markup)
        and FORBIDDEN.search(value) is not None
    ):
        return visible(value)
    return value


# ---- the leaves of a handout ------------------------------------------------------------------
# Runs of pieces, lines of text and KPI tables are the innermost, hottest part of every handout: a
# long plan has thousands of them, and as template macros each cost a macro call and a dozen
# escapes. They are printed by the Python filters |pieces, |line and |blocks below instead; the
# document's structure (sections, headings, opinion boxes) stays in the templates. Each value goes
# through _html, exactly what {{ value }} does in a template (_finalize, then autoescaping), so
# the output is the same as the macros printed.

_SPECIAL = re.compile(f"{FORBIDDEN.pattern}|[&<>'\"]")
"""What ``_finalize`` or autoescaping would change in a text: forbidden or HTML-special characters."""


def _html(value: object) -> str:
    """Return ``value`` as ``{{ value }}`` prints it: made visible by ``_finalize``, escaped."""
    if type(value) is str and _SPECIAL.search(value) is None:
        return value  # the common case: nothing to make visible, nothing to escape
    if type(value) is int:
        return str(value)  # digits (levels, numbers): nothing to escape either
    return str(markupsafe.escape(_finalize(value)))


def _pieces(items: Iterable[Piece]) -> str:
    html = ""
    for piece in items:
        text = _html(piece.text)
        kind = piece.kind
        if kind == "text":
            op = piece.op
            if op is Op.EQUAL:
                html += text  # most pieces: unchanged text
                continue
            tag, attributes = ("ins" if op is Op.INSERT else "del"), ""
        elif kind == "marker":
            html += f'<span class="marker" data-change="{_html(piece.change)}">【{text}】</span>'
            continue
        else:
            tag, attributes = "span", ' class="note-piece"'
        if piece.change:
            attributes += f' data-change="{_html(piece.change)}"'
        html += f"<{tag}{attributes}>{text}</{tag}>"
    return html


def pieces_html(items: Iterable[Piece]) -> markupsafe.Markup:
    """Return a run of pieces as inline HTML (filter ``pieces``): text, ``<ins>`` inserted and
    ``<del>`` deleted text, ``<span class="marker">【追加①】</span>`` and note spans."""
    return markupsafe.Markup(_pieces(items))


def _line(line: LineView) -> str:
    classes = _line_classes(line.kind, line.role, line.bullet, line.status)
    changes = line.changes
    attributes = (
        f'{classes}" data-node="{_html(line.node_id)}"'
        f' data-changes="{_html(" ".join(changes)) if changes else ""}">'
    )
    text = _pieces(line.pieces)
    if line.kind == "note":
        return f'<p class="line {attributes}<span class="text">【{text}】</span></p>'
    if line.bullet:
        return f'<p class="line {attributes}<span class="bullet">・</span><span class="text">{text}</span></p>'
    return f'<p class="line {attributes}<span class="text">{text}</span></p>'


@lru_cache(maxsize=256)
def _line_classes(kind: str, role: str, bullet: bool, status: str) -> str:
    """Return the classes of a line (``statement role-text bullet status-same``), escaped.

    Cached: kind, role and status are a handful of fixed words, and most lines share them.
    """
    if kind == "note":
        return f"note status-{_html(status)}"
    classes = _html(kind)
    if role:
        classes += f" role-{_html(role)}"
    if bullet:
        classes += " bullet"
    return f"{classes} status-{_html(status)}"


def line_html(line: LineView) -> markupsafe.Markup:
    """Return a statement, note or footnote as one ``<p class="line …">`` (filter ``line``)."""
    return markupsafe.Markup(_line(line))


def _kpi(table: KpiView) -> str:
    """Return a KPI table as one ``<table class="kpi …">``: a heading row of indicator and years,
    then a row per indicator (one blank row when there is none)."""
    cells = "".join(
        f'<tr class="status-{_html(status)}" data-node="{_html(row_id)}">'
        f'<td class="indicator">{_pieces(indicator)}</td><td class="unit">{_pieces(unit)}</td>'
        f'<td class="year">{_pieces(baseline)}</td><td class="year">{_pieces(target)}</td></tr>\n'
        for (indicator, unit, baseline, target), row_id, status in zip(
            table.rows, table.row_ids, table.row_status, strict=True
        )
    )
    if not table.rows:
        cells = _BLANK_ROW
    baseline_year, target_year = table.header
    return (
        f'<table class="kpi status-{_html(table.status)}" data-node="{_html(table.node_id)}"'
        f' data-changes="{_html(" ".join(table.changes))}">\n'
        f'<thead><tr><th class="indicator" colspan="2">{_pieces(table.title)}</th>'
        f'<th class="year">{_pieces(baseline_year)}</th><th class="year">{_pieces(target_year)}</th>'
        f"</tr></thead>\n<tbody>\n{cells}</tbody>\n</table>"
    )


def structure_html(entries: Iterable[StructureEntry]) -> markupsafe.Markup:
    """Return the items of the structure overview (filter ``structure``), a ``<li>`` per title,
    each followed by a line break (one call for the list: a long plan has thousands of titles)."""
    return markupsafe.Markup(
        "".join(
            f'<li class="level-{_html(entry.level)}" data-node="{_html(entry.node_id)}">'
            f"{_html(entry.title)}</li>\n"
            for entry in entries
        )
    )


def opening_html(node: NodeView) -> markupsafe.Markup:
    """Return the start of a node's section (filter ``opening``): the ``<section>`` tag, the
    heading (``<h2>``–``<h6>`` by level) and the content as :func:`blocks_html` prints it.

    One call per node: the tag's attributes, the heading and the content would otherwise cost a
    template lookup and an autoescape pass each, for every pillar, field and section.
    """
    level = node.level
    depth = level + 1 if level < 6 else 6
    return markupsafe.Markup(
        f'<section class="node level-{_html(level)} status-{_html(node.status)}"'
        f' data-node="{_html(node.node_id)}">\n'
        f'<h{depth} class="heading">{_pieces(node.title)}</h{depth}>\n'
        f"{_blocks(node.blocks)}"
    )


def blocks_html(blocks: Iterable[BlockView]) -> markupsafe.Markup:
    """Return the content of a node (filter ``blocks``): each block as :func:`line_html` prints
    it or as a KPI table, followed by a line break.

    One call per node rather than one ``{{ item|line }}`` per block: every ``{{ … }}`` costs an
    autoescape pass that copies the printed Markup, and a long plan has thousands of blocks.
    """
    return markupsafe.Markup(_blocks(blocks))


def _blocks(blocks: Iterable[BlockView]) -> str:
    return "".join(
        f"{_kpi(block) if type(block) is KpiView else _line(block)}\n"  # type: ignore[arg-type]
        for block in blocks
    )


_BLANK_ROW = (
    '<tr class="blank"><td class="indicator"></td><td class="unit"></td><td class="year"></td>'
    '<td class="year"></td></tr>\n'
)


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("planrev.render", "templates"),
        # HTML templates escape every value; Markdown templates (*.md.j2) escape with |md.
        autoescape=lambda name: not (name or "").endswith(".md.j2"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    environment.filters["tojson"] = _tojson
    environment.filters["md"] = markdown_cell
    environment.filters["pieces"] = pieces_html
    environment.filters["line"] = line_html
    environment.filters["blocks"] = blocks_html
    environment.filters["opening"] = opening_html
    environment.filters["outline"] = outline
    environment.filters["structure"] = structure_html
    return environment


def render_template(name: str, context: Mapping[str, Any]) -> str:
    """Render template ``name`` with ``context``; template mistakes become a RenderError."""
    try:
        return _environment().get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        raise RenderError(
            Msg(
                f"テンプレート {name} を描画できません: {exc}",
                f"cannot render template {name}: {exc}",
            )
        ) from exc
