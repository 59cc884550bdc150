"""Word documents: importing tracked changes, and writing native tracked changes.

:mod:`planrev.word.ooxml` holds the shared OOXML helpers (names, dates, safe text, bookmarks);
:mod:`planrev.word.opening` is the one module that opens a .docx to read it and parses its XML,
within :class:`DocxLimits`. Reading: :mod:`~planrev.word.paragraphs` (the XML → the paragraph
model of :mod:`~planrev.word.document`), :mod:`~planrev.word.units` (old and new paragraphs
paired), :mod:`~planrev.word.structure` (drafts, :func:`import_word`), :mod:`~planrev.word.changes`
(the revision) and :mod:`~planrev.word.report`; :mod:`~planrev.word.formatted`
(:func:`import_formatted`) reads a hand-formatted 見え消し (strike, underline, typed markers)
through the marked-text rules. :mod:`planrev.word.writer` writes the
tracked-changes document (real tracked changes and comments: accept all gives the new draft,
reject all the old one), the 見え消し版 as printed (underline, strike, markers, opinion boxes),
the clean copy (溶け込み版) and the 新旧対照表 from the views.
"""

from __future__ import annotations

from planrev.word.document import (
    RunFormat,
    RunStatus,
    TaggedRun,
    WordComment,
    WordDocument,
    WordParagraph,
    WordRow,
    WordTable,
)
from planrev.word.formatted import FormatOptions, import_formatted
from planrev.word.opening import DocxLimits
from planrev.word.paragraphs import read_word
from planrev.word.report import CommentCandidate, ImportReport
from planrev.word.structure import WordImport, import_word
from planrev.word.writer import (
    WordFonts,
    clean_docx,
    comparison_table_docx,
    redline_docx,
    tracked_docx,
    write_clean,
    write_comparison_table,
    write_redline,
    write_tracked,
)

__all__ = [
    "CommentCandidate",
    "DocxLimits",
    "FormatOptions",
    "ImportReport",
    "RunFormat",
    "RunStatus",
    "TaggedRun",
    "WordComment",
    "WordDocument",
    "WordFonts",
    "WordImport",
    "WordParagraph",
    "WordRow",
    "WordTable",
    "clean_docx",
    "comparison_table_docx",
    "import_formatted",
    "import_word",
    "read_word",
    "redline_docx",
    "tracked_docx",
    "write_clean",
    "write_comparison_table",
    "write_redline",
    "write_tracked",
]
