"""The handout set: every document in every format, rendered in memory, then written atomically.

Documents: ``redline`` (見え消し版), ``clean`` (溶け込み版), ``table`` (新旧対照表), ``responses``
(意見対応表). Formats: ``html``, ``pdf``, ``md``, ``docx`` (Word: the redline twice — the 見え消し版
as printed, ``redline.docx``, and the tracked-changes document, ``redline-tracked.docx``, as
``word`` chooses —, the clean copy and the 新旧対照表), ``xlsx`` (the 意見対応表 only) and
``interactive`` (the redline only, as ``interactive.html``). File names are fixed —
``redline.html``, ``redline.pdf``, ``redline-tracked.docx``, ``table.md``, ``responses.xlsx`` … —
so a folder of handouts always reads the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from planrev.comparison import Comparison
from planrev.handouts import TRACKED, WORD_CHOICES, Word, variants
from planrev.handouts import file_name as handout_file_name
from planrev.model import OpinionSet
from planrev.render.files import write_atomic
from planrev.render.html import (
    comparison_table_html,
    cumulative_responses_html,
    handout_html,
    responses_html,
)
from planrev.render.interactive import interactive_html
from planrev.render.markdown import (
    comparison_table_markdown,
    cumulative_responses_markdown,
    handout_markdown,
    responses_markdown,
)
from planrev.render.pdf import html_to_pdf
from planrev.render.xlsx import cumulative_responses_xlsx, responses_xlsx
from planrev.views import (
    ComparisonTable,
    CumulativeResponses,
    HandoutOptions,
    HandoutView,
    ResponsesView,
    TableOptions,
    build_comparison_table,
    build_handout,
    build_responses,
)
from planrev.word.writer import clean_docx, comparison_table_docx, redline_docx, tracked_docx

__all__ = [
    "DOCUMENTS",
    "DOCUMENT_NAMES",
    "FORMATS",
    "FORMAT_NAMES",
    "WORD_CHOICES",
    "Document",
    "Format",
    "Output",
    "Word",
    "file_name",
    "makes",
    "render_cumulative_responses",
    "render_outputs",
    "variants",
    "write_outputs",
]

Document = Literal["redline", "clean", "table", "responses"]
Format = Literal["html", "pdf", "md", "docx", "xlsx", "interactive"]

DOCUMENTS: tuple[Document, ...] = ("redline", "clean", "table", "responses")
"""Every document of a handout set, in the order they are written."""
FORMATS: tuple[Format, ...] = ("html", "pdf", "md", "docx", "xlsx", "interactive")
"""Every output format."""

DOCUMENT_NAMES: dict[str, tuple[str, str]] = {
    "redline": ("見え消し版", "redline"),
    "clean": ("溶け込み版", "clean copy"),
    "table": ("新旧対照表", "comparison table"),
    "responses": ("意見対応表", "opinion responses"),
}
"""Each document's Japanese and English name."""
FORMAT_NAMES: dict[str, str] = {
    "html": "HTML",
    "pdf": "PDF",
    "md": "Markdown",
    "docx": "Word",
    "xlsx": "Excel",
    "interactive": "対話型 HTML",
}
"""How each format is named in messages."""

_MAKES: dict[Format, tuple[Document, ...]] = {
    "html": DOCUMENTS,
    "pdf": DOCUMENTS,
    "md": DOCUMENTS,
    "docx": ("redline", "clean", "table"),
    "xlsx": ("responses",),
    "interactive": ("redline",),
}


def makes(document: Document, output_format: Format) -> bool:
    """Return whether ``output_format`` exists for ``document``."""
    return document in _MAKES[output_format]


def file_name(document: Document, output_format: Format, variant: str = "") -> str:
    """Return the file name of a document in a format, e.g. ``redline.pdf`` (a variant of it:
    ``redline-tracked.docx``)."""
    return handout_file_name(document, output_format, variant)


@dataclass(frozen=True, slots=True)
class Output:
    """One rendered file, not yet written."""

    document: Document
    """Which document."""
    format: Format
    """Which format."""
    name: str
    """Its file name."""
    content: str | bytes
    """Its text (HTML, Markdown) or bytes (PDF, XLSX)."""
    variant: str = ""
    """``tracked`` for the Word redline with tracked changes, else empty."""


@dataclass(frozen=True, slots=True)
class _Views:
    redline: HandoutView
    """The redline showing moved parts where they went and, struck with （…へ移動）, where they
    stood (HTML, PDF, Markdown, Word)."""
    redline_landed: HandoutView
    """The redline showing moved parts only where they went (the interactive page, whose
    change list leads to each change once)."""
    clean: HandoutView
    table: ComparisonTable
    responses: ResponsesView
    tracked: HandoutView | None
    """The redline showing moved parts where they stood too (for the tracked document)."""


def _views(
    comparison: Comparison,
    opinions: OpinionSet | None,
    only: Sequence[str] | None,
    table_options: TableOptions,
    handout_options: HandoutOptions,
    *,
    tracked: bool,
) -> _Views:
    table = build_comparison_table(comparison, opinions, table_options, only=only)
    responses = build_responses(comparison, opinions, only=only)
    redline = build_handout(
        comparison, opinions, only=only, options=handout_options, move_origins=True
    )
    return _Views(
        redline=redline,
        redline_landed=build_handout(
            comparison, opinions, mode="redline", only=only, options=handout_options
        ),
        clean=build_handout(comparison, opinions, mode="clean", only=only, options=handout_options),
        table=table,
        responses=responses,
        tracked=redline if tracked else None,
    )


def _html(views: _Views, document: Document) -> str:
    if document == "redline":
        return handout_html(views.redline)
    if document == "clean":
        return handout_html(views.clean)
    if document == "table":
        return comparison_table_html(views.table)
    return responses_html(views.responses)


def _markdown(views: _Views, document: Document) -> str:
    if document == "redline":
        return handout_markdown(views.redline)
    if document == "clean":
        return handout_markdown(views.clean)
    if document == "table":
        return comparison_table_markdown(views.table)
    return responses_markdown(views.responses)


def _docx(
    views: _Views, document: Document, variant: str, comparison: Comparison, author: str
) -> bytes:
    if document == "redline" and variant == TRACKED:
        assert views.tracked is not None  # made when a tracked document is asked for
        return tracked_docx(views.tracked, author=author)
    if document == "redline":
        return redline_docx(views.redline, author=author)
    if document == "clean":
        return clean_docx(views.clean)
    return comparison_table_docx(views.table, date=comparison.new.meta.date)


def render_outputs(
    comparison: Comparison,
    opinions: OpinionSet | None,
    *,
    documents: Sequence[Document] = DOCUMENTS,
    formats: Sequence[Format] = FORMATS,
    only: Sequence[str] | None = None,
    table_options: TableOptions | None = None,
    handout_options: HandoutOptions | None = None,
    author: str = "事務局",
    word: Word = "both",
) -> list[Output]:
    """Render the chosen documents in the chosen formats, in memory.

    ``table_options`` lays out the 新旧対照表 (headings, column order, remarks);
    ``handout_options`` chooses what the redline and the clean copy show beyond the plan's text
    (opinion numbers, legend, structure overview) and where their printed pages break.
    ``word`` chooses the Word redlines: ``both`` (default), ``tracked`` (the tracked-changes
    document, ``redline-tracked.docx``) or ``mikeshi`` (the 見え消し版 as printed,
    ``redline.docx``). ``author`` is the author of the Word tracked changes and comments (at
    most 255 characters, else RenderError).
    ``only`` restricts every document to the given pillars, fields or sections (an excerpt,
    抜粋). Pairs that do not exist (an XLSX redline) are skipped. Raises ToolMissingError when a
    PDF is asked for and cannot be made; nothing is written either way.
    """
    tracked = "redline" in documents and "docx" in formats and word in {"both", "tracked"}
    views = _views(
        comparison,
        opinions,
        only,
        table_options or TableOptions(),
        handout_options or HandoutOptions(),
        tracked=tracked,
    )
    outputs: list[Output] = []
    for output_format in FORMATS:
        if output_format not in formats:
            continue
        for document in DOCUMENTS:
            if document not in documents or not makes(document, output_format):
                continue
            for variant in variants(document, output_format, word):
                content: str | bytes
                if output_format == "html":
                    content = _html(views, document)
                elif output_format == "pdf":
                    content = html_to_pdf(_html(views, document))
                elif output_format == "md":
                    content = _markdown(views, document)
                elif output_format == "docx":
                    content = _docx(views, document, variant, comparison, author)
                elif output_format == "xlsx":
                    content = responses_xlsx(views.responses)
                else:
                    content = interactive_html(views.redline_landed)
                name = file_name(document, output_format, variant)
                outputs.append(Output(document, output_format, name, content, variant))
    return outputs


def render_cumulative_responses(
    view: CumulativeResponses, formats: Sequence[Format] = ("html", "pdf", "md", "xlsx")
) -> list[Output]:
    """Render the 意見対応表 over every meeting as ``responses-all.*`` in the chosen formats.

    Formats without such a document (docx, interactive) are skipped.
    """
    outputs: list[Output] = []
    for output_format in formats:
        content: str | bytes
        if output_format == "html":
            content = cumulative_responses_html(view)
        elif output_format == "pdf":
            content = html_to_pdf(cumulative_responses_html(view))
        elif output_format == "md":
            content = cumulative_responses_markdown(view)
        elif output_format == "xlsx":
            content = cumulative_responses_xlsx(view)
        else:
            continue
        outputs.append(
            Output("responses", output_format, f"responses-all.{output_format}", content)
        )
    return outputs


def write_outputs(outputs: Iterable[Output], directory: Path | str) -> list[Path]:
    """Write rendered outputs into ``directory`` (created if needed), each file atomically."""
    written = []
    for output in outputs:
        path = Path(directory) / output.name
        write_atomic(path, output.content)
        written.append(path)
    return written
