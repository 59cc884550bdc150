"""A minimal PDF writer for the PDF importer's unit tests: text and lines exactly where a test
puts them.

Pages are written with Helvetica (a standard font, not embedded, so only Latin text) and content
stream operators. Coordinates are points from the top left, like the importer's (the writer turns
them into PDF's bottom-left coordinates). Helvetica's metrics are what pdfminer uses for the
character boxes: at 10 pt, ``x`` is 5.0 wide and ``W`` 9.44; the baseline is where a test puts
it, and the box reaches 2.07 pt below it and 7.93 pt above.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

HEIGHT = 842.0
"""The page height (A4)."""
WIDTH = 595.0
"""The page width (A4)."""


def width(text: str, *, size: float = 10, bold: bool = False) -> float:
    """Return how wide ``text`` is set in Helvetica (the metrics pdfminer uses)."""
    from pdfminer.fontmetrics import FONT_METRICS

    widths = FONT_METRICS["Helvetica-Bold" if bold else "Helvetica"][1]
    return sum(widths[char] for char in text) * size / 1000


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


@dataclass
class Page:
    """One page's content stream, built up by the methods."""

    ops: list[str] = field(default_factory=list)

    def text(
        self,
        x: float,
        baseline: float,
        text: str,
        *,
        size: float = 10,
        bold: bool = False,
        colour: tuple[float, float, float] = (0, 0, 0),
    ) -> Page:
        """Draw ``text`` starting at ``x`` on ``baseline``."""
        font = "F2" if bold else "F1"
        red, green, blue = colour
        self.ops.append(
            f"BT {red} {green} {blue} rg /{font} {size} Tf {x} {HEIGHT - baseline} Td "
            f"({_escape(text)}) Tj ET"
        )
        return self

    def rotated(self, x: float, baseline: float, text: str, *, size: float = 10) -> Page:
        """Draw ``text`` turned by 90 degrees."""
        self.ops.append(
            f"BT /F1 {size} Tf 0 1 -1 0 {x} {HEIGHT - baseline} Tm ({_escape(text)}) Tj ET"
        )
        return self

    def line(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        *,
        width: float = 0.5,
        colour: tuple[float, float, float] = (0, 0, 0),
    ) -> Page:
        """Stroke a straight line."""
        red, green, blue = colour
        self.ops.append(
            f"{red} {green} {blue} RG {width} w {x0} {HEIGHT - y0} m {x1} {HEIGHT - y1} l S"
        )
        return self

    def wave(self, x0: float, x1: float, y: float, *, height: float = 0.8) -> Page:
        """Stroke a wavy line from ``x0`` to ``x1`` around ``y`` (Bézier curves, 2 pt per wave)."""
        path = [f"0.5 w {x0} {HEIGHT - y} m"]
        x = x0
        while x < x1:
            step = min(2.0, x1 - x)
            path.append(
                f"{x + step / 3} {HEIGHT - y - height} {x + 2 * step / 3} {HEIGHT - y + height} "
                f"{x + step} {HEIGHT - y} c"
            )
            x += step
        self.ops.append(" ".join(path) + " S")
        return self

    def rect(
        self,
        x0: float,
        top: float,
        x1: float,
        bottom: float,
        *,
        fill: tuple[float, float, float] | None = None,
        stroke: bool = False,
    ) -> Page:
        """Fill (with ``fill``) or stroke a rectangle."""
        box = f"{x0} {HEIGHT - bottom} {x1 - x0} {bottom - top} re"
        if fill is not None:
            red, green, blue = fill
            self.ops.append(f"{red} {green} {blue} rg {box} f")
        if stroke:
            self.ops.append(f"0 0 0 RG 0.5 w {box} S")
        return self

    def image(self, x0: float, top: float, x1: float, bottom: float) -> Page:
        """Draw a one-pixel grey image stretched over the box."""
        self.ops.append(
            f"q {x1 - x0} 0 0 {bottom - top} {x0} {HEIGHT - bottom} cm "
            "BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI Q"
        )
        return self


_LOCKED = (
    " /Encrypt << /Filter /Standard /V 1 /R 2 /P -4 /O <"
    + "ab" * 32
    + "> /U <"
    + "cd" * 32
    + "> >>"
    " /ID [<" + "01" * 16 + "> <" + "01" * 16 + ">]"
)
"""A standard security handler whose user password is not empty (and unknown)."""


def write_pdf(path: Path, pages: list[Page], *, locked: bool = False) -> Path:
    """Write ``pages`` as a PDF file at ``path`` (``locked``: password-protected); return it."""
    objects: list[bytes] = []
    kids = " ".join(f"{5 + 2 * n} 0 R" for n in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    )
    for number, page in enumerate(pages):
        content = "\n".join(page.ops).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {WIDTH} {HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {6 + 2 * number} 0 R >>".encode()
        )
        objects.append(
            f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{_LOCKED if locked else ''} >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode()
    )
    path.write_bytes(bytes(out))
    return path
