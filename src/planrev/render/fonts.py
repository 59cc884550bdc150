"""Finding a Japanese font for PDF output.

A PDF made without a Japanese font prints every kanji as an empty box, so planrev refuses to make
one: :func:`find_japanese_font` returns a font or raises :class:`~planrev.errors.ToolMissingError`.
It looks, in order, at

1. the ``PLANREV_FONT`` environment variable: a font file (``.otf``, ``.ttf``, ``.ttc``) to use;
2. the fonts installed on the system that fontconfig says cover Japanese (``fc-list :lang=ja``),
   preferring the Gothic (sans-serif) families handouts use, e.g. Noto Sans CJK JP (Debian
   ``fonts-noto-cjk``) or IPAexGothic (``fonts-ipaexfont-gothic``);
3. Noto Sans CJK JP from PyPI (the ``noto-cjk-sans-jp-regular`` package, SIL Open Font License
   1.1), a dependency of planrev, so that a fresh machine without Japanese fonts still works.
   It has no bold face: headings then stand out by size and colour only.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from planrev.errors import ToolMissingError
from planrev.i18n import Msg

__all__ = ["FONT_PACKAGE", "JapaneseFont", "find_japanese_font", "system_japanese_families"]

FONT_PACKAGE = "noto-cjk-sans-jp-regular"
"""The PyPI package that ships Noto Sans CJK JP (SIL OFL 1.1) for machines without a system font."""
_FONT_MODULE = "noto_cjk_sans_jp_regular"
_FONT_FILE = "NotoSansCJKjp-Regular.otf"

_PREFERRED = (
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "Source Han Sans JP",
    "IPAexGothic",
    "IPAGothic",
    "IPAPGothic",
    "TakaoGothic",
    "TakaoPGothic",
    "VL Gothic",
    "Hiragino Sans",
    "Hiragino Kaku Gothic ProN",
    "Yu Gothic",
    "Meiryo",
    "Noto Serif CJK JP",
    "IPAexMincho",
    "IPAMincho",
)
"""Japanese families in order of preference (Gothic first, as handouts are set)."""

_OTHER_CJK = (" SC", " TC", " HK", " KR", " CN", " TW")
"""Suffixes of CJK families designed for other languages (kanji shapes differ)."""

FAMILY = "planrev-ja"
"""The CSS family name a font file is loaded under."""


@dataclass(frozen=True, slots=True)
class JapaneseFont:
    """A font that covers Japanese, as a system family or a font file."""

    family: str
    """The family name CSS uses."""
    source: Literal["environment", "system", "package"]
    """Where it was found."""
    path: Path | None = None
    """The font file to load, or None for a system family fontconfig already knows."""

    def css(self) -> str:
        """Return the CSS that makes every element use this font."""
        family = self.family.replace("\\", "\\\\").replace('"', '\\"')
        rules = []
        if self.path is not None:
            url = self.path.resolve().as_uri().replace('"', "%22")
            rules.append(f'@font-face {{ font-family: "{family}"; src: url("{url}"); }}')
        rules.append(f'html, body, table, input, button {{ font-family: "{family}"; }}')
        return "\n".join(rules) + "\n"

    def describe(self) -> Msg:
        """Return what the font is and where it came from, for messages."""
        where = {
            "environment": Msg("環境変数 PLANREV_FONT", "the PLANREV_FONT variable"),
            "system": Msg("システムのフォント", "a system font"),
            "package": Msg(f"PyPI パッケージ {FONT_PACKAGE}", f"the PyPI package {FONT_PACKAGE}"),
        }[self.source]
        name = self.path.name if self.path is not None and self.source != "system" else self.family
        return Msg(f"{name}({where.ja})", f"{name} ({where.en})")


def system_japanese_families() -> list[str]:
    """Return the font families fontconfig lists as covering Japanese (empty without fc-list)."""
    executable = shutil.which("fc-list")
    if executable is None:
        return []
    try:
        result = subprocess.run(
            [executable, ":lang=ja", "family"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    families: list[str] = []
    for line in result.stdout.splitlines():
        for part in line.split(","):
            name = part.strip()
            if name and name not in families:
                families.append(name)
    return families


def _choose(families: list[str]) -> str | None:
    for preferred in _PREFERRED:
        if preferred in families:
            return preferred
    japanese = [f for f in families if not f.endswith(_OTHER_CJK)]
    if japanese:
        return sorted(japanese)[0]
    return sorted(families)[0] if families else None


def _package_font() -> Path | None:
    try:
        spec = importlib.util.find_spec(_FONT_MODULE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / _FONT_FILE
        if candidate.is_file():
            return candidate
    return None


@cache
def find_japanese_font() -> JapaneseFont:
    """Return the Japanese font PDFs are set in; raise ToolMissingError if there is none."""
    configured = os.environ.get("PLANREV_FONT", "")
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise ToolMissingError(
                Msg(
                    f"PLANREV_FONT のフォントファイルがありません: {configured}",
                    f"the font file in PLANREV_FONT does not exist: {configured}",
                ),
                hint=Msg(
                    "日本語を含むフォントファイル(.otf/.ttf/.ttc)のパスを指定してください。",
                    "set it to a font file (.otf/.ttf/.ttc) that covers Japanese.",
                ),
            )
        return JapaneseFont(FAMILY, "environment", path)
    family = _choose(system_japanese_families())
    if family is not None:
        return JapaneseFont(family, "system")
    bundled = _package_font()
    if bundled is not None:
        return JapaneseFont(FAMILY, "package", bundled)
    raise ToolMissingError(
        Msg(
            "PDF に使える日本語フォントがありません(文字が空白の四角になるため、PDF を作りません)",
            "no Japanese font for the PDF (its characters would print as empty boxes, so no PDF "
            "is made)",
        ),
        hint=Msg(
            f"pip install {FONT_PACKAGE} で planrev が使うフォントを入れるか、システムに日本語"
            "フォントを入れてください(Debian/Ubuntu: apt-get install fonts-noto-cjk)。"
            "フォントファイルを環境変数 PLANREV_FONT で指定することもできます。",
            f"pip install {FONT_PACKAGE} (the font planrev depends on), or install a Japanese "
            "system font (Debian/Ubuntu: apt-get install fonts-noto-cjk), or point PLANREV_FONT "
            "at a font file.",
        ),
    )
