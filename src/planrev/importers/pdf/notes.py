"""What the PDF front-end reports, before its place in the marked text is known."""

from __future__ import annotations

from dataclasses import dataclass

from planrev.diagnostics import Level
from planrev.i18n import Msg

__all__ = ["Note"]


@dataclass(frozen=True, slots=True)
class Note:
    """A finding of the front-end at a place on a page (turned into a Finding at the end)."""

    code: str
    """The finding's code, e.g. ``partial-line``."""
    message: Msg
    """What was found and how it was read."""
    hint: Msg | None
    """What to do about it, or None."""
    page: int
    """The page (1-based)."""
    top: float | None = None
    """Where on the page (points from the top), or None for the whole page."""
    level: Level = Level.WARNING
    """How serious it is."""
