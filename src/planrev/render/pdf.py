"""PDF handouts: the HTML of :mod:`planrev.render.html` set on A4 by WeasyPrint.

The page header (the two meeting lines) repeats on every page through a running element, page
numbers sit at the foot, and the Japanese font (:mod:`planrev.render.fonts`) is embedded. The only
module that imports WeasyPrint.
"""

from __future__ import annotations

import logging
from typing import Any

from planrev.errors import RenderError, ToolMissingError
from planrev.i18n import Msg
from planrev.render.fonts import JapaneseFont, find_japanese_font

__all__ = ["html_to_pdf", "pdf_unavailable"]


def _weasyprint() -> Any:
    """Import WeasyPrint, or raise ToolMissingError (it needs the Pango library)."""
    try:
        # Imported on first use: it takes a while, and fails where Pango is missing.
        import weasyprint  # noqa: PLC0415
        import weasyprint.text.fonts  # noqa: PLC0415
    except (ImportError, OSError) as exc:  # OSError: the Pango/HarfBuzz libraries are missing
        raise ToolMissingError(
            Msg(
                f"PDF を作るための WeasyPrint を読み込めません: {exc}",
                f"cannot load WeasyPrint, which makes the PDF: {exc}",
            ),
            hint=Msg(
                "pip install weasyprint を実行し、Pango ライブラリを入れてください"
                "(Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0)。"
                "Windows と macOS の手順は WeasyPrint の文書にあります。",
                "pip install weasyprint, and install the Pango library (Debian/Ubuntu: apt-get "
                "install libpango-1.0-0 libpangoft2-1.0-0; see WeasyPrint's documentation for "
                "Windows and macOS).",
            ),
        ) from exc
    return weasyprint


def pdf_unavailable() -> ToolMissingError | None:
    """Return why PDFs cannot be made on this machine, or None if they can."""
    try:
        _weasyprint()
        find_japanese_font()
    except ToolMissingError as error:
        return error
    return None


def html_to_pdf(html: str, *, font: JapaneseFont | None = None) -> bytes:
    """Return the A4 PDF of an HTML handout, its Japanese font embedded.

    ``font`` defaults to :func:`~planrev.render.fonts.find_japanese_font`; ToolMissingError if
    WeasyPrint or a Japanese font is missing, RenderError if WeasyPrint fails.
    """
    weasyprint = _weasyprint()
    chosen = font or find_japanese_font()
    font_config = weasyprint.text.fonts.FontConfiguration()
    stylesheet = weasyprint.CSS(string=chosen.css(), font_config=font_config)
    # WeasyPrint reports unsupported CSS through logging; a handout does not need those notes.
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        document = weasyprint.HTML(string=html, base_url=None)
        data = document.write_pdf(stylesheets=[stylesheet], font_config=font_config)
    except Exception as exc:
        raise RenderError(Msg(f"PDF を作れません: {exc}", f"cannot make the PDF: {exc}")) from exc
    finally:
        logger.setLevel(level)
    if not isinstance(data, bytes):  # pragma: no cover - write_pdf without a target returns bytes
        raise RenderError(Msg("PDF を作れません", "cannot make the PDF"))
    return data
