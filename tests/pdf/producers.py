"""The R5.7.26 handout as PDF, made by three producers independent of the importer.

- WeasyPrint: ``planrev handout drafts/aomori-dx --format pdf`` (planrev's own handout);
- Chromium: ``chromium --headless --print-to-pdf`` of planrev's HTML redline;
- LibreOffice: the hand-formatted Word 見え消し of :mod:`tests.pdf.mikeshi_docx`, converted.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner

from planrev.cli import main
from tests.conftest import AOMORI
from tests.docx_support import docx_to_pdf
from tests.pdf.mikeshi_docx import build_mikeshi_docx
from tests.tools import run_tool


def planrev_handout(folder: Path, formats: str = "pdf") -> Path:
    """Write planrev's handout of drafts/aomori-dx in ``formats`` into ``folder``; return it."""
    result = CliRunner().invoke(
        main, ["handout", str(AOMORI), "--out", str(folder), "--format", formats]
    )
    assert result.exit_code == 0, result.output
    return folder


def weasyprint_pdf(folder: Path) -> Path:
    """Return planrev's redline PDF of drafts/aomori-dx (WeasyPrint)."""
    return planrev_handout(folder) / "redline.pdf"


def chromium_pdf(chromium: str, folder: Path) -> Path:
    """Return Chromium's print to PDF of planrev's HTML redline of drafts/aomori-dx."""
    html = planrev_handout(folder, "html") / "redline.html"
    out = folder / "chromium.pdf"
    profile = Path(tempfile.mkdtemp(prefix="chromium-planrev-"))
    try:
        run_tool(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={profile}",
                f"--print-to-pdf={out}",
                html.as_uri(),
            ],
            capture_output=True,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return out


def libreoffice_pdf(soffice: str, folder: Path) -> Path:
    """Return LibreOffice's PDF of the hand-formatted Word 見え消し of the R5.7.26 excerpt."""
    docx = build_mikeshi_docx(folder / "mikeshi.docx")
    return docx_to_pdf(soffice, docx, folder)
