"""Word documents: importing tracked changes (and, later, writing native tracked changes).

:mod:`planrev.word.ooxml` is the one module that opens .docx packages and parses their XML;
:mod:`planrev.word.reader` turns a document with tracked changes into drafts and a revision.
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

__all__ = [
    "CommentCandidate",
    "ImportReport",
    "ImportWarning",
    "RunStatus",
    "TaggedRun",
    "WordComment",
    "WordDocument",
    "WordImport",
    "WordParagraph",
    "WordRow",
    "WordTable",
    "import_word",
    "read_word",
]
