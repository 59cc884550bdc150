"""Write Word documents: the tracked-changes document, the 見え消し版, the clean copy and the
新旧対照表.

Four documents, each rendered from a view (compare → view → template; no comparison logic here):

- :func:`write_tracked` — the tracked-changes document (``redline-tracked.docx``) of a
  :class:`~planrev.views.HandoutView` built with ``move_origins=True``: only the plan's text, every
  change a Word tracked change — inserted text in ``w:ins``, deleted text in ``w:del``
  (``w:delText``), a statement, heading or note added or deleted as a whole with its paragraph
  mark tracked too, a moved part in ``w:moveFrom`` where it stood and ``w:moveTo`` where it went
  (with the move ranges Word pairs them by), KPI rows added or deleted as tracked rows and changed
  cells tracked inside —, each with its author and date. Accepting every change gives exactly the
  new draft's text, rejecting every change exactly the old draft's
  (:func:`planrev.word.texts.draft_text`). Markers and opinion boxes are left out: each change
  has one Word comment, 「追加① ← 意見1: …」 (or the declared reason, 「削除 ← ※…」).
- :func:`write_redline` — the 見え消し版 (``redline.docx``) as the printed handout shows it, in
  ordinary formatting, no tracked changes: markers 【追加①】, inserted text underlined (``w:u``),
  deleted text struck through (``w:strike``), notes (（再掲）※…), the legend and structure
  overview (as ``view.options`` asks) and the opinion boxes (★意見) after each part's content.
- :func:`write_clean` — the 溶け込み版: the new text only, no marks, no comments, no opinion boxes.
- :func:`write_comparison_table` — the 新旧対照表 of a :class:`~planrev.views.ComparisonTable` in the
  ministries' format: the new text (改正後) and the old text (改正前) side by side, the changed
  passages underlined (傍線), optionally a 備考 column.

Conventions that make the documents read back (:func:`planrev.word.import_word`):

- markers 【追加①】 are runs in the character style ``planrev Marker`` and notes (（再掲）,
  ※理由, ※移動, the 【】 of an editorial note) runs in ``planrev Annotation``: decoration, not
  text of the plan;
- the kind of the statements that follow is given by a label paragraph (めざす姿, 取組, 本文 in the
  paragraph style ``planrev Label``) wherever it changes (in the tracked document, wherever it
  changes in either draft, the label tracked with it);
- every statement and heading paragraph carries a hidden bookmark ``_pr_<id>`` holding its node id
  (:func:`planrev.word.ooxml.encode_bookmark_id`), so that an import keeps the ids;
- headings use the styles 見出し 1–4 (Heading 1–4), bullets the style List Bullet (・); tables
  that are not KPI tables have planrev's table styles (``planrev Opinions``, ``planrev Legend``,
  ``planrev Structure``); the empty paragraph after a table is in ``planrev Spacer``.

The output is deterministic: revision, comment and bookmark ids are numbered in document order,
dates come from the data (the new draft's meeting date, or the ``date`` given), the package's
properties carry that date too and the zip entries a fixed time, so that the same view always
gives the same bytes. Characters XML forbids (control characters) in any text are written as
visible escapes (``\\x01``; :func:`planrev.word.ooxml.xml_safe_text`), never as a corrupt file.

The work is shared by four modules: :mod:`planrev.word.layout` lays out the view,
:mod:`planrev.word.tracking` decides what is tracked how, :mod:`planrev.word.elements` makes
runs, paragraphs and tables, :mod:`planrev.word.package` adds the styles, header, comments and
properties (fonts: :class:`WordFonts`).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from planrev.era import parse_date
from planrev.errors import RenderError
from planrev.files import write_bytes_atomic
from planrev.i18n import Msg
from planrev.views import ComparisonTable, HandoutView
from planrev.word.elements import WordFonts
from planrev.word.layout import Layout
from planrev.word.package import (
    ANNOTATION_STYLE,
    BOX_STYLE,
    CORE_PROPERTY_LIMIT,
    LABEL_STYLE,
    MARKER_STYLE,
    NOTE_STYLE,
    package,
)

__all__ = [
    "ANNOTATION_STYLE",
    "BOX_STYLE",
    "LABEL_STYLE",
    "MARKER_STYLE",
    "NOTE_STYLE",
    "WordFonts",
    "clean_docx",
    "comparison_table_docx",
    "redline_docx",
    "tracked_docx",
    "write_clean",
    "write_comparison_table",
    "write_redline",
    "write_tracked",
]


# --------------------------------------------------------------------------------------------
# Public functions


def tracked_docx(
    view: HandoutView,
    *,
    author: str = "事務局",
    date: _dt.date | _dt.datetime | None = None,
    fonts: WordFonts | None = None,
) -> bytes:
    """Return the tracked-changes document of ``view`` as the bytes of a .docx file.

    ``view`` is a redline view built with ``build_handout(…, move_origins=True)`` (else
    ValueError: a moved part must also be shown where it stood). ``author`` is the author of
    every tracked change and comment (at most
    :data:`~planrev.word.package.CORE_PROPERTY_LIMIT` = 255 characters, else RenderError);
    ``date`` their date (default: the new draft's meeting date, ``view.date``; without either,
    changes carry no date).
    """
    if view.mode != "redline" or (
        not view.move_origins and any(change.moved for change in view.changes)
    ):
        raise ValueError(
            "the tracked document needs a redline view built with "
            "build_handout(comparison, opinions, move_origins=True)"
        )
    _check_author(author)
    layout = Layout(fonts or WordFonts(), author=author, when=_when(view, date))
    layout.handout(view, "tracked")
    return _package(layout, title=view.title, subject="見え消し版(変更履歴)")


def redline_docx(
    view: HandoutView,
    *,
    author: str = "事務局",
    date: _dt.date | _dt.datetime | None = None,
    fonts: WordFonts | None = None,
) -> bytes:
    """Return the 見え消し版 of ``view`` as the bytes of a .docx file: the printed handout's
    markers, underlines, strikes, notes and opinion boxes as ordinary formatting.

    ``author`` and ``date`` (default: ``view.date``) go into the file's properties only (the
    author at most :data:`~planrev.word.package.CORE_PROPERTY_LIMIT` = 255 characters, else
    RenderError). A view built with ``mode="clean"`` gives a document without marks.
    """
    _check_author(author)
    layout = Layout(fonts or WordFonts(), author=author, when=_when(view, date))
    layout.handout(view, "mikeshi" if view.mode == "redline" else "clean")
    return _package(layout, title=view.title, subject="見え消し版")


def clean_docx(view: HandoutView, *, fonts: WordFonts | None = None) -> bytes:
    """Return the clean copy (溶け込み版) of ``view`` as the bytes of a .docx file.

    Only the new text is written: deleted text, markers, reasons and opinion boxes are left out
    (so a redline view gives the same document as a clean one).
    """
    layout = Layout(fonts or WordFonts(), author="", when=_when(view, None))
    layout.handout(view, "clean")
    return _package(layout, title=view.title, subject="溶け込み版")


def comparison_table_docx(
    table: ComparisonTable,
    *,
    landscape: bool = True,
    date: _dt.date | _dt.datetime | None = None,
    fonts: WordFonts | None = None,
) -> bytes:
    """Return the 新旧対照表 ``table`` as the bytes of a .docx file.

    The columns and their headings come from ``table.options`` (改正後 / 改正前 / 備考 by
    default); changed passages are underlined (傍線) in both text columns. ``landscape`` lays the
    page out as A4 landscape (default) or portrait; ``date`` goes into the file's properties only.
    """
    layout = Layout(fonts or WordFonts(), author="", when=date, landscape=landscape)
    layout.comparison(table)
    return _package(layout, title=f"{table.plan} {table.title}", subject=table.title)


def write_tracked(
    view: HandoutView,
    path: Path | str,
    *,
    author: str = "事務局",
    date: _dt.date | _dt.datetime | None = None,
    fonts: WordFonts | None = None,
) -> Path:
    """Write the tracked-changes document of ``view`` to ``path`` (see :func:`tracked_docx`).

    The file is written whole or not at all; returns the path written.
    """
    return _write(path, tracked_docx(view, author=author, date=date, fonts=fonts))


def write_redline(
    view: HandoutView,
    path: Path | str,
    *,
    author: str = "事務局",
    date: _dt.date | _dt.datetime | None = None,
    fonts: WordFonts | None = None,
) -> Path:
    """Write the 見え消し版 of ``view`` to ``path`` (see :func:`redline_docx`).

    The file is written whole or not at all; returns the path written.
    """
    return _write(path, redline_docx(view, author=author, date=date, fonts=fonts))


def write_clean(view: HandoutView, path: Path | str, *, fonts: WordFonts | None = None) -> Path:
    """Write the clean copy (溶け込み版) of ``view`` to ``path`` (see :func:`clean_docx`)."""
    return _write(path, clean_docx(view, fonts=fonts))


def write_comparison_table(
    table: ComparisonTable,
    path: Path | str,
    *,
    landscape: bool = True,
    date: _dt.date | _dt.datetime | None = None,
    fonts: WordFonts | None = None,
) -> Path:
    """Write the 新旧対照表 ``table`` to ``path`` (see :func:`comparison_table_docx`)."""
    return _write(path, comparison_table_docx(table, landscape=landscape, date=date, fonts=fonts))


def _package(layout: Layout, *, title: str, subject: str) -> bytes:
    return package(
        layout.body,
        fonts=layout.fonts,
        landscape=layout.landscape,
        header=layout.header,
        comments=layout.comments,
        author=layout.author,
        when=layout.when,
        title=title,
        subject=subject,
    )


def _check_author(author: str) -> None:
    """Raise RenderError when ``author`` is longer than a Word document property may be."""
    if len(author) > CORE_PROPERTY_LIMIT:
        raise RenderError(
            Msg(
                f"変更履歴の作成者名が長すぎます({len(author)}文字。{CORE_PROPERTY_LIMIT}文字まで)",
                f"the author of the tracked changes is too long ({len(author)} characters; "
                f"at most {CORE_PROPERTY_LIMIT})",
            ),
            hint=Msg(
                f"--author には{CORE_PROPERTY_LIMIT}文字以内の名前を指定してください。",
                f"give --author a name of at most {CORE_PROPERTY_LIMIT} characters.",
            ),
        )


def _when(view: HandoutView, date: _dt.date | _dt.datetime | None) -> _dt.date | None:
    if date is not None:
        return date
    if view.date:
        try:
            return parse_date(view.date)
        except (ValueError, TypeError):  # pragma: no cover - the view writes dates it can read
            return None
    return None


def _write(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename: all or nothing."""
    target = Path(path)
    try:
        write_bytes_atomic(target, data)
    except OSError as exc:
        raise _write_error(target, exc) from exc
    return target


def _write_error(path: Path, exc: OSError) -> RenderError:
    return RenderError(
        Msg(
            f"{path} に書き込めません: {exc.strerror or exc}",
            f"cannot write {path}: {exc.strerror or exc}",
        ),
        hint=Msg(
            "フォルダがあり書き込めるか、Word で開いたままになっていないか確認してください。",
            "check that the folder exists and is writable, and that the file is not open in Word.",
        ),
    )
