"""Diagnostics: the one type for everything planrev reports without stopping.

A :class:`Finding` is what a comparison, an audit, an import or a check found: a stable ``code``
(for scripts and ``--json``), a :class:`Level`, a bilingual message, where it is
(:class:`~planrev.errors.Location`: file and line/column, Word paragraph or PDF page), a hint and
the ids it concerns. Errors make ``planrev audit`` exit non-zero; warnings and information do not.
Errors that stop a load are exceptions instead (:mod:`planrev.errors`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from planrev.errors import Location
from planrev.i18n import Msg

__all__ = ["Finding", "Level", "Location"]


class Level(StrEnum):
    """How serious a finding is."""

    ERROR = "error"
    """Must be fixed before the handout: the record is wrong or incomplete."""
    WARNING = "warning"
    """Probably wrong; check it."""
    INFO = "info"
    """Worth knowing (e.g. a prior text the sources never show)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a comparison or audit found."""

    code: str
    """A stable name of the kind of finding, e.g. ``unexplained-change``."""
    level: Level
    """How serious it is."""
    message: Msg
    """What was found."""
    hint: Msg | None = None
    """What to do about it, or None."""
    subjects: tuple[str, ...] = ()
    """The ids of the changes, opinions or nodes it concerns."""
    meeting: int | None = None
    """The meeting (of the new draft) the finding belongs to, or None."""
    location: Location | None = field(default=None, compare=False)
    """Where in the files it is, when known."""

    def __str__(self) -> str:
        text = (
            f"{self.location}: {self.message}" if self.location is not None else str(self.message)
        )
        if self.hint is not None:
            text += f"\n  {self.hint}"
        return text

    def to_json(self) -> dict[str, Any]:
        """Return the finding as JSON-ready data (messages in the current language)."""
        data: dict[str, Any] = {
            "code": self.code,
            "level": self.level.value,
            "message": str(self.message),
            "subjects": list(self.subjects),
        }
        if self.hint is not None:
            data["hint"] = str(self.hint)
        if self.meeting is not None:
            data["meeting"] = self.meeting
        if self.location is not None:
            where = self.location
            data["location"] = {
                "path": str(where.path) if where.path else None,
                "line": where.line,
                "column": where.column,
            }
            if where.paragraph is not None:
                data["location"]["paragraph"] = where.paragraph
            if where.page is not None:
                data["location"]["page"] = where.page
        return data
