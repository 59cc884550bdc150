"""Importers: existing documents into planrev drafts.

- :func:`import_marked` / :func:`read_marked` — a marked-up handout (見え消し版) as text or
  Markdown, like the R5.7.26 material: the new draft, the derived previous draft, the revision
  record and the opinions;
- :func:`import_plain` / :func:`read_plain` — a plan with headings and paragraphs but no edit
  marks: one draft.

Both return what they could not read with certainty as :class:`planrev.diagnostics.Finding`
values located by line and column, and raise :class:`planrev.errors.LoadError` only for input that
cannot be imported at all. The rules (heading levels, extents, ids) are in docs/import.md.
"""

from __future__ import annotations

from planrev.diagnostics import Finding
from planrev.importers.extents import Extent, Extents, load_extents, parse_extents
from planrev.importers.marked import MarkedImport, import_marked, read_marked
from planrev.importers.plain import PlainImport, import_plain, read_plain

ImportFinding = Finding
"""The name the importers' findings had; the one finding type is :class:`Finding`."""

__all__ = [
    "Extent",
    "Extents",
    "ImportFinding",
    "MarkedImport",
    "PlainImport",
    "import_marked",
    "import_plain",
    "load_extents",
    "parse_extents",
    "read_marked",
    "read_plain",
]
