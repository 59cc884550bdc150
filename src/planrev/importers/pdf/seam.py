"""The seam between the PDF front-end and the marked-text rules: the one place they meet.

The front-end hands the marked reader its text (with ``<u>…</u>`` for underlined text) and one
origin per line. Until the reader takes both (``import_marked(text, origins=…)``), this module
bridges: it takes the underline tags out, imports, and moves each warning from its line of the
intermediate text to the page and line of the PDF it came from. Once the reader reads
``<u>…</u>`` and ``origins``, :func:`import_marked_text` becomes one call.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from planrev.errors import LoadError, Location
from planrev.importers.extents import Extents

# The reader's own header-line patterns (private today): which running header lines carry the
# meeting's date, number and stage. To be replaced by the reader's public test when it has one.
from planrev.importers.marked import _FIRST_HEADER, _SECOND_HEADER, MarkedImport, import_marked

__all__ = ["import_marked_text", "is_header_line", "without_underline"]

_UNDERLINE_TAG = re.compile(r"</?u>")


def is_header_line(text: str) -> bool:
    """Return whether the marked rules read ``text`` as a meeting header line (kept once)."""
    return bool(_FIRST_HEADER.match(text) or _SECOND_HEADER.match(text))


def without_underline(text: str) -> str:
    """Return the marked text without its ``<u>``/``</u>`` tags (what today's reader reads)."""
    return _UNDERLINE_TAG.sub("", text)


def import_marked_text(
    text: str,
    origins: tuple[Location, ...],
    *,
    path: Path,
    extents: Extents | None = None,
    meeting: int | None = None,
    title: str | None = None,
    old_meeting: int | None = None,
) -> MarkedImport:
    """Import the front-end's marked ``text``; warnings and errors point at the PDF (``origins``).

    Raises :class:`planrev.errors.LoadError` located on the PDF's page for input the marked
    rules cannot import at all.
    """
    try:
        result = import_marked(
            without_underline(text),
            path=path,
            extents=extents,
            meeting=meeting,
            title=title,
            old_meeting=old_meeting,
        )
    except LoadError as error:
        if error.location.path == path:
            error.location = _origin(error.location, origins)
        raise
    warnings = tuple(
        replace(warning, location=_origin(warning.location, origins))
        if warning.location.path == path
        else warning
        for warning in result.warnings
    )
    return replace(result, warnings=warnings)


def _origin(location: Location, origins: tuple[Location, ...]) -> Location:
    line = location.line
    if line is None or not origins:
        return Location(location.path)
    return origins[min(max(line, 1), len(origins)) - 1]
