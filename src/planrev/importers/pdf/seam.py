"""The seam between the PDF front-end and the marked-text rules: the one place they meet.

The front-end hands the marked reader its text (the page's own characters escaped, ``~~…~~``
for struck and ``<u>…</u>`` for underlined text) and one origin per line; the reader's findings
and errors then point at the PDF's page and line. The front-end asks the rules one thing
besides: which lines are the handout's header lines (:func:`is_header_line`), kept once.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planrev.errors import Location
from planrev.importers.extents import Extents
from planrev.importers.marked import MarkedImport, escape, import_marked, is_header_line

__all__ = ["escape", "import_marked_text", "is_header_line"]


def import_marked_text(
    text: str,
    origins: Sequence[Location],
    *,
    path: Path,
    extents: Extents | None = None,
    meeting: int | None = None,
    title: str | None = None,
    old_meeting: int | None = None,
) -> MarkedImport:
    """Import the front-end's marked ``text``; findings and errors point at ``origins``.

    Raises :class:`planrev.errors.LoadError` (located on the PDF's page) for input the marked
    rules cannot import at all.
    """
    return import_marked(
        text,
        path=path,
        origins=origins,
        extents=extents,
        meeting=meeting,
        title=title,
        old_meeting=old_meeting,
    )
