"""Rendering handouts from views: HTML, PDF, Markdown, Excel and the interactive redline.

Every function lays out view objects of :mod:`planrev.views` (compare → view → render)::

    from planrev import load_folder
    from planrev.comparison import compare
    from planrev.views import build_handout
    from planrev.render import handout_html, html_to_pdf

    step = list(load_folder("drafts/aomori-dx").steps())[-1]
    opinions = step.opinions.model if step.opinions else None
    record = step.revision.model if step.revision else None
    comparison = compare(step.old.model, step.new.model, record, opinions)
    html = handout_html(build_handout(comparison, opinions))
    pdf = html_to_pdf(html)

:func:`render_outputs` renders a whole handout set and :func:`write_outputs` writes it, each file
atomically (``planrev handout`` does both).
"""

from __future__ import annotations

from planrev.render.files import write_atomic, write_bytes_atomic
from planrev.render.fonts import JapaneseFont, find_japanese_font
from planrev.render.html import comparison_table_html, handout_html, responses_html
from planrev.render.interactive import interactive_html
from planrev.render.markdown import (
    comparison_table_markdown,
    handout_markdown,
    responses_markdown,
)
from planrev.render.outputs import (
    DOCUMENTS,
    FORMATS,
    Output,
    file_name,
    render_outputs,
    write_outputs,
)
from planrev.render.pdf import html_to_pdf, pdf_unavailable
from planrev.render.xlsx import responses_xlsx

__all__ = [
    "DOCUMENTS",
    "FORMATS",
    "JapaneseFont",
    "Output",
    "comparison_table_html",
    "comparison_table_markdown",
    "file_name",
    "find_japanese_font",
    "handout_html",
    "handout_markdown",
    "html_to_pdf",
    "interactive_html",
    "pdf_unavailable",
    "render_outputs",
    "responses_html",
    "responses_markdown",
    "responses_xlsx",
    "write_atomic",
    "write_bytes_atomic",
    "write_outputs",
]
