"""Write Word documents: the redline with native tracked changes, the clean copy, the 新旧対照表.

Three documents, each rendered from a view (compare → view → template; no comparison logic here):

- :func:`write_redline` — the 見え消し版 of a :class:`~planrev.views.HandoutView`: inserted text in
  real ``w:ins`` runs and deleted text in ``w:del`` runs (``w:delText``), each with its author and
  date, so that Word and LibreOffice show them as tracked changes the secretariat can accept or
  reject. A statement or heading added (deleted) as a whole also has its paragraph mark inserted
  (deleted), so that "accept all" and "reject all" give exactly the new and the old draft. Each
  change has its marker 【追加①】 and one Word comment anchored to it, reading
  「追加① ← 意見1: …」 (or the declared reason, 「削除 ← ※…」). KPI tables are Word tables with the
  changes inside their cells (added and deleted rows are tracked rows); each opinion box (★意見) is
  a bordered table after its part's own content.
- :func:`write_clean` — the 溶け込み版: the new text only, no marks, no comments, no opinion boxes.
- :func:`write_comparison_table` — the 新旧対照表 of a :class:`~planrev.views.ComparisonTable` in the
  ministries' format: the new text (改正後) and the old text (改正前) side by side, the changed
  passages underlined (傍線), optionally a 備考 column.

Conventions that make the documents read back (:func:`planrev.word.import_word`):

- markers 【追加①】 are runs in the character style ``planrev Marker`` and notes (（再掲）,
  ※理由, ※移動) runs in ``planrev Annotation``: decoration, not text of the plan; the importer
  skips them. In a paragraph added or deleted as a whole they are inserted or deleted with it, so
  "reject all" / "accept all" leave none behind; in a changed paragraph they are ordinary text;
- the kind of the statements that follow is given by a label paragraph (めざす姿, 取組, 本文 in the
  paragraph style ``planrev Label``) wherever it changes;
- every statement and heading paragraph carries a hidden bookmark ``_pr_<id>`` holding its node id
  (:func:`planrev.word.ooxml.encode_bookmark_id`), so that an import keeps the ids;
- headings use the styles 見出し 1–4 (Heading 1–4), bullets the style List Bullet (・).

The output is deterministic: revision, comment and bookmark ids are numbered in document order,
dates come from the data (the new draft's meeting date, or the ``date`` given), the package's
properties carry that date too and the zip entries a fixed time, so that the same view always
gives the same bytes. Characters XML forbids (control characters) in any text are written as
visible escapes (``\\x01``; :func:`planrev.word.ooxml.xml_safe_text`), never as a corrupt file.

The work is shared by three modules: :mod:`planrev.word.layout` lays out the view,
:mod:`planrev.word.elements` makes runs, paragraphs and tables, :mod:`planrev.word.package` adds
the styles, header, comments and properties (fonts: :class:`WordFonts`).
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
    "write_clean",
    "write_comparison_table",
    "write_redline",
]


# --------------------------------------------------------------------------------------------
# Public functions


def redline_docx(
    view: HandoutView,
    *,
    author: str = "事務局",
    date: _dt.date | _dt.datetime | None = None,
    fonts: WordFonts | None = None,
) -> bytes:
    """Return the redline (見え消し版) of ``view`` as the bytes of a .docx file.

    ``author`` is the author of every tracked change and comment (at most
    :data:`~planrev.word.package.CORE_PROPERTY_LIMIT` = 255 characters, else RenderError);
    ``date`` their date (default: the new draft's meeting date, ``view.date``; without either,
    changes carry no date). A view built with ``mode="clean"`` gives a document without tracked
    changes.
    """
    _check_author(author)
    when = _when(view, date)
    layout = Layout(fonts or WordFonts(), author=author, when=when)
    layout.handout(view, redline=view.mode == "redline")
    return _package(layout, title=view.title, subject="見え消し版")


def clean_docx(view: HandoutView, *, fonts: WordFonts | None = None) -> bytes:
    """Return the clean copy (溶け込み版) of ``view`` as the bytes of a .docx file.

    Only the new text is written: deleted text, markers, reasons and opinion boxes are left out
    (so a redline view gives the same document as a clean one).
    """
    layout = Layout(fonts or WordFonts(), author="", when=_when(view, None))
    layout.handout(view, redline=False)
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


def write_redline(
    view: HandoutView,
    path: Path | str,
    *,
    author: str = "事務局",
    date: _dt.date | _dt.datetime | None = None,
    fonts: WordFonts | None = None,
) -> Path:
    """Write the redline (見え消し版) of ``view`` to ``path`` (see :func:`redline_docx`).

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
