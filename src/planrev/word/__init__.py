"""Word documents: importing tracked changes, and writing native tracked changes.

:mod:`planrev.word.ooxml` holds the shared OOXML helpers (names, dates, safe text, bookmarks) and is
the one module that opens .docx packages and parses their XML; :mod:`planrev.word.reader` turns a
document with tracked changes into drafts and a revision; :mod:`planrev.word.writer` writes the
tracked-changes document (real tracked changes and comments: accept all gives the new draft,
reject all the old one), the 見え消し版 as printed (underline, strike, markers, opinion boxes),
the clean copy (溶け込み版) and the 新旧対照表 from the views.
"""

from __future__ import annotations

from planrev.word.reader import (
    CommentCandidate,
    ImportReport,
    ImportWarning,
    RunStatus,
    TaggedRun,
    WordComment,
    WordDocument,
    WordImport,
    WordParagraph,
    WordRow,
    WordTable,
    import_word,
    read_word,
)
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
    "ImportReport",
    "ImportWarning",
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
    "import_word",
    "read_word",
    "redline_docx",
    "tracked_docx",
    "write_clean",
    "write_comparison_table",
    "write_redline",
    "write_tracked",
]
