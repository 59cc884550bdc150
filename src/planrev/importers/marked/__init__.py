"""Import a marked-up handout (見え消し版) as text or Markdown: the seed's format.

One handout gives four documents: the new draft it shows, the previous draft derived from it
(additions taken out, deletions put back, what the handout does not show left unknown), the
revision record linking every marker to its opinions or reason, and the opinions. Whatever the
importer cannot read with certainty becomes a warning with line and column; it never guesses
silently. The rules are documented in docs/import.md; in short:

- the structure page (体系) at the start — ``##`` headings and one-line items up to the first
  heading that repeats one of its titles — gives the plan's pillars, fields and sections in plan
  order; body headings are matched to it by title;
- without a structure page the distinct heading levels, in order of first appearance, are pillar,
  field, section and nested sections;
- a node's own bullets are めざす姿 (vision) when it has child nodes; in a node without children a
  paragraph is a vision and a bullet an initiative (取組); ``めざす姿``/``取組`` lines override;
- 【追加①】… at the start of an item covers the whole item; elsewhere a change ends at its closing
  mark 【/追加①】 or as the extents side file says, or (削除) with the struck text right after
  it; otherwise its end is unknown: a warning, a span without end, an unknown (null) old text.

Ids are deterministic: a kind prefix and 8 hex digits of the node's text (docs/import.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planrev.errors import Location
from planrev.importers.base import Findings, split_lines
from planrev.importers.extents import Extents, load_extents
from planrev.importers.marked.build import MarkedImport, MarkedImporter
from planrev.importers.marked.inline import escape

# FIRST_HEADER and SECOND_HEADER as _-names: the PDF front-end's bridge (importers/pdf/seam.py)
# imports them; it can call import_marked(text, origins=...) and is_header_line instead.
from planrev.importers.marked.lexer import FIRST_HEADER as _FIRST_HEADER  # noqa: F401
from planrev.importers.marked.lexer import SECOND_HEADER as _SECOND_HEADER  # noqa: F401
from planrev.importers.marked.lexer import is_header_line
from planrev.storage.documents import read_text
from planrev.storage.files import check_import_lines

__all__ = ["MarkedImport", "escape", "import_marked", "is_header_line", "read_marked"]


def import_marked(
    text: str,
    *,
    path: Path | None = None,
    origins: Sequence[Location] | None = None,
    extents: Extents | None = None,
    meeting: int | None = None,
    title: str | None = None,
    old_meeting: int | None = None,
) -> MarkedImport:
    """Import a marked-up handout from ``text`` (``path`` is used in messages only).

    ``origins``, for text made by a front-end from another document (a Word file, a PDF), gives
    one location per line of ``text`` (lines end at ``\\n``, ``\\r\\n`` or ``\\r``): the Word
    paragraph or PDF page the line came from. Every finding and error then points there instead
    of at the intermediate text. ``extents`` states where changes end that the text does not
    show; ``meeting`` and ``title`` override what the handout's header lines say (and are needed
    when it has none); ``old_meeting`` is the previous draft's meeting (by default the one
    before). Raises :class:`planrev.errors.LoadError` for input that cannot be imported at all
    (nothing in it, no meeting number, an extent that does not match); everything else is a
    warning. Raises ``ValueError`` when ``origins`` does not have one location per line.
    """
    lines = split_lines(text)
    if origins is not None and len(origins) != len(lines):
        raise ValueError(f"{len(origins)} origins given for {len(lines)} lines of text")
    return MarkedImporter(
        lines=lines,
        findings=Findings(path, origins),
        path=path,
        extents=extents,
        meeting=meeting,
        title=title,
        old_meeting=old_meeting,
    ).run()


def read_marked(
    path: Path | str,
    *,
    extents: Path | str | None = None,
    meeting: int | None = None,
    title: str | None = None,
    old_meeting: int | None = None,
) -> MarkedImport:
    """Read and import the marked-up handout at ``path`` (UTF-8 text or Markdown)."""
    path = Path(path)
    text = read_text(path)
    check_import_lines(text, path)
    side = load_extents(extents) if extents is not None else None
    return import_marked(
        text, path=path, extents=side, meeting=meeting, title=title, old_meeting=old_meeting
    )
