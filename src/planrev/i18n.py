"""Bilingual messages: Japanese by default, English on request (:class:`Msg`).

The language is chosen, in order, by :func:`set_language` (the CLI's ``--lang``), the
``PLANREV_LANG`` environment variable, then ``LANG``/``LC_ALL``/``LC_MESSAGES`` (``en*`` gives
English); anything else gives Japanese. The implementation is :mod:`planrev_console.language`,
which the ``planrev`` command reads before the library is loaded; both names are one module.
"""

from __future__ import annotations

from planrev_console.language import Language, Msg, current_language, set_language

__all__ = ["Language", "Msg", "current_language", "set_language"]
