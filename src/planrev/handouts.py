"""Handouts from a script in one call: :func:`write_handouts`.

::

    import planrev

    planrev.write_handouts("drafts/aomori-dx", "out")                      # the whole set
    planrev.write_handouts("drafts/aomori-dx", "out", documents=["table"], formats=["pdf"])

The drafts to compare are chosen as the command line chooses them (:meth:`History.between`); the
revision record and opinions are those of the folder, or None; the files are checked before
anything is rendered (:func:`planrev.guard.guard_outputs`: never onto an input, onto an existing
file only with ``force=True``), rendered in memory, then each written atomically. ``planrev
handout``, ``redline``, ``clean``, ``table`` and ``responses`` run this same code. The output
libraries (openpyxl, WeasyPrint, python-docx, markupsafe) are imported here only when a call needs
them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from planrev.audit.checks import audit
from planrev.audit.history import History, HistoryStep, load_folder
from planrev.diagnostics import Finding, Level
from planrev.errors import PlanrevError, ToolMissingError
from planrev.guard import guard_folder, guard_outputs
from planrev.i18n import Msg
from planrev.model import Field, OpinionSet, Pillar, Section, walk

if TYPE_CHECKING:
    from planrev.comparison import Comparison
    from planrev.views import HandoutOptions, TableOptions

__all__ = [
    "DOCUMENTS",
    "DOCUMENT_NAMES",
    "FORMATS",
    "FORMAT_NAMES",
    "TRACKED",
    "VARIANT_NAMES",
    "WORD_CHOICES",
    "AuditFailedError",
    "Document",
    "Format",
    "HandoutFile",
    "Handouts",
    "Word",
    "audit_errors",
    "check_author",
    "check_only",
    "check_word",
    "choose_formats",
    "file_name",
    "variants",
    "write_cumulative_responses",
    "write_handouts",
]

Document = Literal["redline", "clean", "table", "responses"]
"""A handout document: 見え消し版, 溶け込み版, 新旧対照表, 意見対応表."""
Format = Literal["html", "pdf", "md", "docx", "xlsx", "interactive"]
"""An output format (``interactive``: the redline as ``interactive.html``)."""

Word = Literal["both", "tracked", "mikeshi"]
"""Which Word redlines to write: both, the tracked-changes document, or the 見え消し版 as printed."""

DOCUMENTS: tuple[Document, ...] = ("redline", "clean", "table", "responses")
"""Every document of a handout set, in the order they are written."""
FORMATS: tuple[Format, ...] = ("html", "pdf", "md", "docx", "xlsx", "interactive")
"""Every output format."""

DOCUMENT_NAMES: dict[str, Msg] = {
    "redline": Msg("見え消し版", "redline"),
    "clean": Msg("溶け込み版", "clean copy"),
    "table": Msg("新旧対照表", "comparison table"),
    "responses": Msg("意見対応表", "opinion responses"),
}
"""Each document's name."""
FORMAT_NAMES: dict[str, Msg] = {
    "html": Msg("HTML", "HTML"),
    "pdf": Msg("PDF", "PDF"),
    "md": Msg("Markdown", "Markdown"),
    "docx": Msg("Word", "Word"),
    "xlsx": Msg("Excel", "Excel"),
    "interactive": Msg("対話型 HTML", "interactive HTML"),
}
"""Each format's name."""
WORD_CHOICES: tuple[Word, ...] = ("both", "tracked", "mikeshi")
"""Every choice of Word redlines."""
TRACKED = "tracked"
"""The variant of the Word redline with tracked changes (``redline-tracked.docx``)."""
VARIANT_NAMES: dict[str, Msg] = {
    "": Msg("", ""),
    TRACKED: Msg("変更履歴", "tracked changes"),
}
"""How each variant is named beside its format (``Word・変更履歴``)."""

_MAKES: dict[Format, tuple[Document, ...]] = {
    "html": DOCUMENTS,
    "pdf": DOCUMENTS,
    "md": DOCUMENTS,
    "docx": ("redline", "clean", "table"),
    "xlsx": ("responses",),
    "interactive": ("redline",),
}
_CUMULATIVE: tuple[Format, ...] = ("html", "pdf", "md", "xlsx")

MAX_AUTHOR = 255
"""The longest author name Word stores for tracked changes and comments."""
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_ALIASES = {"markdown": "md", "excel": "xlsx", "word": "docx"}


class AuditFailedError(PlanrevError):
    """Handouts refused in strict mode: the audit found errors."""

    def __init__(self, message: Msg, *, findings: tuple[Finding, ...], hint: Msg) -> None:
        super().__init__(message, hint=hint)
        self.findings = findings
        """The findings of error level."""


@dataclass(frozen=True, slots=True)
class HandoutFile:
    """One file written."""

    document: str
    """Which document (``redline``, ``clean``, ``table``, ``responses``)."""
    format: str
    """Which format (``html``, ``pdf`` …)."""
    path: Path
    """Where it was written."""
    variant: str = ""
    """``tracked`` for the Word redline with tracked changes (``redline-tracked.docx``), else
    empty."""


@dataclass(frozen=True, slots=True)
class Handouts:
    """What :func:`write_handouts` wrote."""

    step: HistoryStep | None
    """The two drafts compared (None for the 意見対応表 over every meeting)."""
    files: tuple[HandoutFile, ...]
    """Every file written, in order."""
    pdf_skipped: ToolMissingError | None
    """Why PDF was left out when no formats were given and PDF cannot be made here, or None."""
    audit_errors: tuple[Finding, ...]
    """The audit's errors up to the new draft's meeting (what ``strict=True`` refuses)."""

    @property
    def paths(self) -> tuple[Path, ...]:
        """Return the paths of the files written."""
        return tuple(file.path for file in self.files)


def choose_formats(
    names: Iterable[str] | None, documents: Sequence[str]
) -> tuple[list[Format], bool]:
    """Return the formats to make of ``documents``, and whether PDF is optional.

    ``names`` None means every format that makes one of the documents, PDF only where it can
    be made (optional). Aliases ``markdown``, ``excel``, ``word`` are accepted. Raises
    ValueError (with a bilingual message as its argument) for an unknown format, a format none
    of the documents exists in, or an empty list.
    """
    if names is None:
        return [f for f in FORMATS if any(d in _MAKES[f] for d in documents)], True
    chosen: list[Format] = []
    for given in names:
        name = _ALIASES.get(given.strip().lower(), given.strip().lower())
        if name not in FORMATS:
            raise ValueError(
                Msg(
                    f"不明な形式 {given!r}(使えるのは {', '.join(FORMATS)})",
                    f"unknown format {given!r} (use {', '.join(FORMATS)})",
                )
            )
        output_format: Format = name
        if not any(d in _MAKES[output_format] for d in documents):
            wanted = [DOCUMENT_NAMES[d] for d in documents]
            raise ValueError(
                Msg(
                    f"{'、'.join(m.ja for m in wanted)}は {name} 形式では作れません",
                    f"{', '.join(m.en for m in wanted)} cannot be made as {name}",
                )
            )
        if output_format not in chosen:
            chosen.append(output_format)
    if not chosen:
        raise ValueError(Msg("形式を1つ以上指定してください", "give at least one format"))
    return chosen, False


def check_author(author: str) -> None:
    """Refuse an author name Word cannot store (empty, over 255 characters, control characters).

    Raises ValueError with a bilingual message as its argument.
    """
    if not author or len(author) > MAX_AUTHOR or _CONTROLS.search(author):
        raise ValueError(
            Msg(
                f"作成者は1〜{MAX_AUTHOR}文字で、制御文字を含まない名前にしてください"
                f"({len(author)}文字)",
                f"the author must be 1 to {MAX_AUTHOR} characters without control characters "
                f"({len(author)} given)",
            )
        )


def _documents(documents: Iterable[str]) -> list[Document]:
    chosen: list[Document] = []
    for document in documents:
        if document not in DOCUMENTS:
            raise ValueError(
                Msg(
                    f"不明な資料 {document!r}(使えるのは {', '.join(DOCUMENTS)})",
                    f"unknown document {document!r} (use {', '.join(DOCUMENTS)})",
                )
            )
        if document not in chosen:
            chosen.append(document)
    if not chosen:
        raise ValueError(Msg("資料を1つ以上指定してください", "give at least one document"))
    return chosen


def check_only(only: Iterable[str] | None, step: HistoryStep) -> list[str] | None:
    """Return the ids of an excerpt, refusing any that is not a pillar, field or section id.

    Raises ValueError (with a bilingual message) for an unknown id or an empty list.
    """
    if only is None:
        return None
    ids = [part for part in only if part]
    known = {
        located.id
        for plan in (step.old, step.new)
        for located in walk(plan)
        if isinstance(located.node, Pillar | Field | Section)
    }
    unknown = [i for i in ids if i not in known]
    if unknown or not ids:
        raise ValueError(
            Msg(
                f"柱・分野・施策の id ではありません: {', '.join(unknown) or '(空)'}",
                f"not the id of a pillar, field or section: {', '.join(unknown) or '(empty)'}",
            )
        )
    return ids


def _history(source: History | str | os.PathLike[str]) -> History:
    return source if isinstance(source, History) else load_folder(Path(source))


def _pdf_problem(formats: list[Format], pdf_optional: bool) -> ToolMissingError | None:
    """Drop PDF from ``formats`` when it cannot be made and was not asked for; say why.

    Raises the problem when PDF was asked for explicitly.
    """
    if "pdf" not in formats:
        return None
    from planrev.render.pdf import pdf_unavailable  # noqa: PLC0415 - WeasyPrint when needed

    problem = pdf_unavailable()
    if problem is None:
        return None
    if not pdf_optional:
        raise problem
    formats.remove("pdf")
    return problem


def file_name(document: str, output_format: str, variant: str = "") -> str:
    """Return the file name of a document in a format, e.g. ``redline.pdf`` (a variant of it:
    ``redline-tracked.docx``)."""
    if output_format == "interactive":
        return "interactive.html"
    if variant:
        return f"{document}-{variant}.{output_format}"
    return f"{document}.{output_format}"


def variants(document: str, output_format: str, word: Word = "both") -> tuple[str, ...]:
    """Return the variants of a document in a format: for the Word redline the 見え消し版
    (``""``, ``redline.docx``) and the tracked-changes document (``tracked``,
    ``redline-tracked.docx``) as ``word`` chooses; for every other pair ``("",)``."""
    if document != "redline" or output_format != "docx":
        return ("",)
    return {"both": ("", TRACKED), "tracked": (TRACKED,), "mikeshi": ("",)}[word]


def check_word(word: str) -> Word:
    """Return ``word`` if it chooses Word redlines (``both``, ``tracked``, ``mikeshi``).

    Raises ValueError with a bilingual message as its argument.
    """
    for choice in WORD_CHOICES:
        if word == choice:
            return choice
    raise ValueError(
        Msg(
            f"不明な Word の種類 {word!r}(使えるのは {', '.join(WORD_CHOICES)})",
            f"unknown Word choice {word!r} (use {', '.join(WORD_CHOICES)})",
        )
    )


def write_handouts(
    source: History | HistoryStep | str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    documents: Iterable[str] = DOCUMENTS,
    formats: Iterable[str] | None = None,
    old: int | None = None,
    new: int | None = None,
    only: Iterable[str] | None = None,
    table_options: TableOptions | None = None,
    handout_options: HandoutOptions | None = None,
    word: str = "both",
    author: str = "事務局",
    force: bool = False,
    strict: bool = False,
) -> Handouts:
    """Write handout documents of a drafts folder into the folder ``out`` (created if needed).

    ``source`` is a drafts folder (a path or a loaded :class:`History`), or one
    :class:`HistoryStep`. The drafts of meetings ``old`` and ``new`` are compared (by default
    the latest draft with the one before it; see :meth:`History.between`). ``documents`` are any
    of ``redline``, ``clean``, ``table``, ``responses``; ``formats`` any of ``html``, ``pdf``,
    ``md``, ``docx``, ``xlsx``, ``interactive`` (None: every format of those documents, PDF
    only where WeasyPrint and a Japanese font are installed — :attr:`Handouts.pdf_skipped`
    says why not). A pair that does not exist (an XLSX redline) is skipped. ``only`` restricts
    every document to the given pillars, fields or sections (an excerpt, 抜粋);
    ``table_options`` sets the 新旧対照表's headings and columns; ``handout_options``
    (:class:`~planrev.views.HandoutOptions`) what the redline and clean copy show beyond the
    plan's text (opinion numbers, legend, structure overview) and where their pages break;
    ``word`` which Word redlines are written: ``both`` (default), ``tracked`` (the
    tracked-changes document, ``redline-tracked.docx``) or ``mikeshi`` (the 見え消し版 as
    printed, ``redline.docx``; :func:`check_word`); ``author`` is the author of the Word
    tracked changes and comments (:func:`check_author`).

    Files are named ``redline.html``, ``redline-tracked.docx``, ``table.pdf``,
    ``responses.xlsx``, ``interactive.html`` …; an existing one is replaced only with
    ``force=True``, an input file never
    (:class:`~planrev.guard.OutputRefusedError`). The history is audited first
    (:func:`planrev.audit`): its errors up to the new draft's meeting are returned in
    :attr:`Handouts.audit_errors`, and with ``strict=True`` they stop the call
    (:class:`AuditFailedError`) before anything is written. Raises
    :class:`~planrev.audit.history.NothingToCompareError` for a folder of a single draft or
    ``old`` equal to ``new``, :class:`~planrev.errors.ToolMissingError` when a PDF is asked for
    and cannot be made, and ValueError for an unknown document, format or id.
    """
    step = source if isinstance(source, HistoryStep) else _history(source).between(old, new)
    chosen = _documents(documents)
    output_formats, pdf_optional = choose_formats(formats, chosen)
    excerpt = check_only(only, step)
    check_author(author)
    words = check_word(word)
    names = [
        file_name(d, f, variant)
        for f in output_formats
        for d in DOCUMENTS
        if d in chosen and d in _MAKES[f]
        for variant in variants(d, f, words)
    ]
    directory = Path(out)
    guard_folder(directory, inputs=step.history.files)
    guard_outputs([directory / name for name in names], inputs=step.history.files, force=force)
    errors = audit_errors(step.history, step.new_meeting)
    if strict and errors:
        raise _audit_failed(errors)
    skipped = _pdf_problem(output_formats, pdf_optional)
    from planrev.render.outputs import render_outputs, write_outputs  # noqa: PLC0415

    outputs = render_outputs(
        step.comparison,
        step.opinions,
        documents=chosen,
        formats=output_formats,
        only=excerpt,
        table_options=table_options,
        handout_options=handout_options,
        author=author,
        word=words,
    )
    written = write_outputs(outputs, directory)
    files = tuple(
        HandoutFile(output.document, output.format, path, output.variant)
        for output, path in zip(outputs, written, strict=True)
    )
    return Handouts(step, files, skipped, errors)


def audit_errors(history: History, meeting: int) -> tuple[Finding, ...]:
    """Return the audit's errors about the history up to the draft of ``meeting``."""
    report = audit(history)
    return tuple(
        finding
        for finding in report.findings
        if finding.level is Level.ERROR and (finding.meeting is None or finding.meeting <= meeting)
    )


def _audit_failed(errors: tuple[Finding, ...]) -> AuditFailedError:
    shown = errors[:5]
    more = len(errors) - len(shown)
    lines_ja = "".join(f"\n  - {finding.message.ja}" for finding in shown)
    lines_en = "".join(f"\n  - {finding.message.en}" for finding in shown)
    return AuditFailedError(
        Msg(
            f"監査のエラーが{len(errors)}件あるため、配布資料を書き出しません(--strict):"
            + lines_ja
            + (f"\n  ほか{more}件" if more else ""),
            f"the audit found {len(errors)} error(s): no handout written (--strict):"
            + lines_en
            + (f"\n  and {more} more" if more else ""),
        ),
        findings=errors,
        hint=Msg(
            "planrev audit で全件と対処を確認し、直してから作り直してください。",
            "run planrev audit for every finding and what to do; fix them, then try again.",
        ),
    )


def write_cumulative_responses(
    source: History | str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    formats: Iterable[str] | None = None,
    force: bool = False,
    strict: bool = False,
) -> Handouts:
    """Write the 意見対応表 over every meeting of a drafts folder as ``responses-all.*``.

    One table per revision (in Excel, one sheet per meeting), in ``html``, ``pdf``, ``md`` and
    ``xlsx`` (None: all, PDF where it can be made). Raises
    :class:`~planrev.audit.history.NothingToCompareError` for a folder of a single draft;
    overwriting and the audit follow :func:`write_handouts`.
    """
    history = _history(source)
    history.between()  # refuses a folder of a single draft, as every comparison does
    output_formats, pdf_optional = choose_formats(formats, ("responses",))
    output_formats = [f for f in output_formats if f in _CUMULATIVE]
    if not output_formats:
        raise ValueError(
            Msg(
                "累積の意見対応表は html・pdf・md・xlsx でだけ作れます",
                "the cumulative 意見対応表 is made as html, pdf, md or xlsx only",
            )
        )
    directory = Path(out)
    guard_folder(directory, inputs=history.files)
    guard_outputs(
        [directory / f"responses-all.{f}" for f in output_formats],
        inputs=history.files,
        force=force,
    )
    errors = audit_errors(history, history.meetings[-1])
    if strict and errors:
        raise _audit_failed(errors)
    skipped = _pdf_problem(output_formats, pdf_optional)
    from planrev.render.outputs import (  # noqa: PLC0415
        render_cumulative_responses,
        write_outputs,
    )
    from planrev.views import build_cumulative_responses  # noqa: PLC0415

    parts: list[tuple[Comparison, OpinionSet | None]] = [
        (step.comparison, step.opinions) for step in history.steps
    ]
    view = build_cumulative_responses(parts)
    outputs = render_cumulative_responses(view, output_formats)
    written = write_outputs(outputs, directory)
    files = tuple(
        HandoutFile(output.document, output.format, path)
        for output, path in zip(outputs, written, strict=True)
    )
    return Handouts(None, files, skipped, errors)
