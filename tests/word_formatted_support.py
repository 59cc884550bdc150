"""Hand-formatted Word 見え消し for the tests of :mod:`planrev.word.formatted`.

:class:`SmallDoc` builds short documents run by run with python-docx (strike, double strike,
underline of any kind, colours, highlights, character and paragraph styles);
:func:`differences` compares two imports field by field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_COLOR_INDEX, WD_UNDERLINE
from docx.shared import RGBColor
from docx.text.paragraph import Paragraph

from planrev.importers.marked import MarkedImport
from tests.docx_support import libreoffice_convert

HEADER = "R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会"

MODELS = ("new", "old", "revision", "opinions")
"""The four documents an import gives, as ``import marked`` writes them."""

SAME: dict[str, list[str]] = {name: [] for name in MODELS}
"""What :func:`compare_imports` returns for two imports that are the same."""


@dataclass(frozen=True)
class R:
    """A run: its text and formatting (``underline``: a python-docx ``WD_UNDERLINE`` or True)."""

    text: str
    strike: bool | None = None
    double: bool | None = None
    underline: Any = None
    colour: str | None = None
    highlight: WD_COLOR_INDEX | None = None
    style: str | None = None


Piece = str | R


class SmallDoc:
    """A short Word document written paragraph by paragraph."""

    def __init__(self, *, header: bool = True) -> None:
        self.document = Document()
        if header:
            self.paragraph(HEADER)

    def character_style(self, name: str, **font: Any) -> None:
        """Add a character style ``name`` with python-docx font settings (``strike=True`` …)."""
        style = self.document.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        for key, value in font.items():
            setattr(style.font, key, value)

    def paragraph_style(self, name: str, **font: Any) -> None:
        """Add a paragraph style ``name`` based on Normal with python-docx font settings."""
        style = self.document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self.document.styles["Normal"]
        for key, value in font.items():
            setattr(style.font, key, value)

    def heading(self, text: Piece, level: int) -> SmallDoc:
        _runs(self.document.add_paragraph(style=f"Heading {level}"), [text])
        return self

    def paragraph(self, *pieces: Piece, style: str | None = None) -> SmallDoc:
        _runs(self.document.add_paragraph(style=style), pieces)
        return self

    def bullet(self, *pieces: Piece) -> SmallDoc:
        """Add a paragraph with a typed ・, as a hand-made handout has."""
        return self.paragraph("・", *pieces)

    def table(self, rows: Sequence[Sequence[Piece | tuple[Piece, ...] | list[Piece]]]) -> SmallDoc:
        """Add a table. A cell is a piece, a tuple of pieces (runs of one paragraph) or a list
        of pieces (one paragraph each)."""
        table = self.document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
        for row, cells in zip(table.rows, rows, strict=True):
            for cell, content in zip(row.cells, cells, strict=False):
                paragraphs = [[p] for p in content] if isinstance(content, list) else [content]
                for index, pieces in enumerate(paragraphs):
                    target = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                    _runs(target, pieces if isinstance(pieces, tuple | list) else [pieces])
        return self

    def save(self, path: Path) -> Path:
        self.document.save(str(path))
        return path


def _runs(paragraph: Paragraph, pieces: Sequence[Piece]) -> None:
    for piece in pieces:
        spec = piece if isinstance(piece, R) else R(piece)
        run = paragraph.add_run(spec.text, style=spec.style)
        if spec.strike is not None:
            run.font.strike = spec.strike
        if spec.double is not None:
            run.font.double_strike = spec.double
        if spec.underline is not None:
            run.font.underline = spec.underline
        if spec.colour is not None:
            run.font.color.rgb = RGBColor.from_string(spec.colour)
        if spec.highlight is not None:
            run.font.highlight_color = spec.highlight


WAVY = WD_UNDERLINE.WAVY
DOUBLE = WD_UNDERLINE.DOUBLE

SPLIT_MARKER: tuple[Piece, ...] = (
    "業務に",
    R("【", colour="FF0000"),
    R("追加", colour="FF0000", underline=True),
    R("】", colour="FF0000"),
    R("人的", underline=True),
    R("資源を", underline=True, colour="FF0000"),
    "集中する。",
)
"""A statement edited by hand in Word: the marker in three runs (red, part of it underlined), the
added text underlined in two runs of different colours. Reads as 業務に【追加】<u>人的資源を</u>集中する。"""


def differences(ours: Any, theirs: Any, path: str = "") -> list[str]:
    """Return where two JSON-like values differ, as ``path: ours != theirs`` lines."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        found = []
        for key in list(ours) + [k for k in theirs if k not in ours]:
            found += differences(ours.get(key), theirs.get(key), f"{path}.{key}")
        return found
    if isinstance(ours, list) and isinstance(theirs, list):
        found = []
        for index in range(max(len(ours), len(theirs))):
            mine = ours[index] if index < len(ours) else "<missing>"
            other = theirs[index] if index < len(theirs) else "<missing>"
            found += differences(mine, other, f"{path}[{index}]")
        return found
    return [] if ours == theirs else [f"{path}: {ours!r} != {theirs!r}"]


def compare_imports(ours: MarkedImport, theirs: MarkedImport) -> dict[str, list[str]]:
    """Return the differences of the four documents of two imports, field by field."""
    return {
        name: differences(
            getattr(ours, name).model_dump(mode="json"),
            getattr(theirs, name).model_dump(mode="json"),
            name,
        )
        for name in MODELS
    }


def libreoffice_docx(soffice: str, docx: Path, folder: Path) -> Path:
    """Return ``docx`` opened and saved again as .docx by LibreOffice, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return libreoffice_convert(soffice, docx, folder, "docx")
