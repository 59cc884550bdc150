"""Bilingual messages: Japanese by default, English on request.

Everything a secretariat reads from the command line (errors, reports, progress) is built from
:class:`Msg` pairs and printed in the current language. The language is chosen, in order, by
:func:`set_language` (the CLI's ``--lang``), the ``PLANREV_LANG`` environment variable, then
``LANG``/``LC_ALL``/``LC_MESSAGES`` (``en*`` gives English); anything else gives Japanese.

The library reads this module as :mod:`planrev.i18n`; it lives here, outside the library, so that
the ``planrev`` command can print its help in the chosen language before the library is loaded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

__all__ = ["Language", "Msg", "current_language", "set_language"]

Language = Literal["ja", "en"]
_LANGUAGES: tuple[Language, ...] = ("ja", "en")
_chosen: Language | None = None


@dataclass(frozen=True, slots=True)
class Msg:
    """A message in Japanese and English."""

    ja: str
    """The Japanese text (shown by default)."""
    en: str
    """The English text."""

    def __str__(self) -> str:
        return self.ja if current_language() == "ja" else self.en

    def format(self, **values: object) -> Msg:
        """Return the message with ``{name}`` placeholders filled in both languages."""
        return Msg(self.ja.format(**values), self.en.format(**values))


def set_language(language: str | None) -> None:
    """Choose the message language (``"ja"`` or ``"en"``); ``None`` goes back to the environment."""
    global _chosen  # noqa: PLW0603 - one process-wide setting, like the locale itself
    if language is None:
        _chosen = None
        return
    if language == "ja":
        _chosen = "ja"
    elif language == "en":
        _chosen = "en"
    else:
        raise ValueError(f"unsupported language {language!r}; use 'ja' or 'en'")


def current_language() -> Language:
    """Return the language messages are printed in now."""
    if _chosen is not None:
        return _chosen
    explicit = os.environ.get("PLANREV_LANG", "")
    if explicit == "ja":
        return "ja"
    if explicit == "en":
        return "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else "ja"
    return "ja"
