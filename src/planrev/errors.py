"""The exceptions planrev raises.

Every error planrev raises on purpose derives from :class:`PlanrevError`; errors of the libraries
underneath (ruamel.yaml, pydantic, zipfile, …) are mapped at the boundary with ``raise … from``.
Messages are bilingual (:class:`planrev.i18n.Msg`): Japanese by default, English on request::

    PlanrevError
    ├── LoadError                 a file cannot be read, parsed or validated (path, line, column)
    │   ├── YamlSyntaxError       not well-formed YAML
    │   ├── SchemaError           unknown key, wrong type, missing field, wrong document kind
    │   ├── DuplicateIdError      one id used twice where ids must be unique
    │   ├── DanglingReferenceError  an opinion, change or 再掲 that points at nothing
    │   └── LimitError            a file over a size, nesting or node-count limit
    ├── EditError                 an edit through the API that cannot be applied
    ├── RenderError               an output that cannot be produced
    │   ├── ToolMissingError      an external program or font the output needs is absent
    │   └── WriteError            a file or folder that cannot be written (names the real file)
    └── ImportWarningError        an import that found ambiguities the caller asked to fail on
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from planrev.i18n import Msg, current_language


@dataclass(frozen=True, slots=True)
class Location:
    """A place in an input file; line, column, paragraph and page count from 1.

    Text files are located by line and column; Word documents by paragraph number (table cells
    included, in document order); PDF files by page (and, when known, the line on the page).
    """

    path: Path | None
    """The file, or None for text that did not come from a file."""
    line: int | None = None
    """The line (1-based), or None if unknown."""
    column: int | None = None
    """The column (1-based, in characters), or None if unknown."""
    paragraph: int | None = None
    """The paragraph of a Word document (1-based), or None."""
    page: int | None = None
    """The page of a PDF document (1-based), or None."""

    def __str__(self) -> str:
        parts = [str(self.path) if self.path is not None else "<text>"]
        if self.page is not None:
            parts.append(f"p{self.page}")
        if self.paragraph is not None:
            parts.append(f"¶{self.paragraph}")
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class PlanrevError(Exception):
    """The root of every error planrev raises on purpose."""

    def __init__(self, message: Msg, *, hint: Msg | None = None) -> None:
        self.message = message
        """What went wrong."""
        self.hint = hint
        """What to do about it, or None if there is nothing to add."""
        super().__init__(message.en)

    def __str__(self) -> str:
        text = str(self.message)
        if self.hint is not None:
            label = "対処" if current_language() == "ja" else "hint"
            text += f"\n  {label}: {self.hint}"
        return text


class LoadError(PlanrevError):
    """A file that cannot be read, parsed or validated."""

    def __init__(self, message: Msg, *, location: Location, hint: Msg | None = None) -> None:
        super().__init__(message, hint=hint)
        self.location = location
        """Where in which file the problem is."""

    def __str__(self) -> str:
        return f"{self.location}: {super().__str__()}"


class YamlSyntaxError(LoadError):
    """Text that is not well-formed YAML."""


class SchemaError(LoadError):
    """YAML that does not match the planrev format (unknown key, wrong type, missing field)."""


class DuplicateIdError(LoadError):
    """One id used for two things where ids must be unique."""


class DanglingReferenceError(LoadError):
    """An opinion, change, 再掲 or scope that refers to an id that does not exist."""


class LimitError(LoadError):
    """A file over one of the limits every read is held to (size, line, nesting, YAML nodes)."""


class EditError(PlanrevError):
    """An edit requested through the API that cannot be applied (unknown id, conflict)."""


class RenderError(PlanrevError):
    """An output document that cannot be produced."""


class WriteError(RenderError):
    """A file or folder that cannot be written; the message names it, never a temporary file."""

    def __init__(self, message: Msg, *, path: Path, hint: Msg | None = None) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        """The file or folder that could not be written."""

    def __str__(self) -> str:
        return f"{self.path}: {super().__str__()}"


class ToolMissingError(RenderError):
    """An external program or font that an output needs is not installed."""


class ImportWarningError(PlanrevError):
    """An import that found ambiguities while the caller asked for strict mode."""
