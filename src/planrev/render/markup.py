"""The pieces every HTML document is made of: escaped text, the page around a body, static files.

All HTML planrev writes for a handout is built in Python from view objects (:mod:`planrev.views`),
in the style of markdown-it-py's ``RendererHTML``: one function per view object returns its HTML,
and every value that comes from the data passes through :func:`text` — characters documents forbid
made visible (:func:`planrev.render.printable.visible`), then escaped by markupsafe, the escaping
Jinja uses. User text such as ``<script>`` or ``{{ x }}`` is printed literally. The stylesheets
and the script of the interactive page are package data (``planrev/render/static``),
inlined, so that every HTML file stands alone.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

import markupsafe

from planrev.render.printable import FORBIDDEN, visible

__all__ = ["json_script", "page", "static", "text"]

_SPECIAL = re.compile(f"{FORBIDDEN.pattern}|[&<>'\"]")
"""What :func:`text` changes: characters documents forbid, and the characters HTML escapes."""


def text(value: object) -> str:
    """Return ``value`` as HTML text: forbidden characters made visible, then escaped.

    Most texts have nothing to change; they are returned as they are (a long plan prints tens of
    thousands of them, and markupsafe's escape builds a new ``Markup`` for each).
    """
    content = value if type(value) is str else str(value)
    if _SPECIAL.search(content) is None:
        return content
    return str(markupsafe.escape(visible(content)))


@cache
def static(name: str) -> str:
    """Return the text of a static file (``handout.css``, ``interactive.js`` …)."""
    folder = resources.files("planrev.render").joinpath("static")
    return folder.joinpath(name).read_text(encoding="utf-8")


_JSON_IN_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"})


def json_script(value: Any) -> str:
    """Return ``value`` as JSON safe inside ``<script>`` (as Jinja's ``tojson``: ``<``, ``>``, ``&``
    and ``'`` as JSON escapes), with the characters HTML forbids also written as JSON escapes
    (``\\u007f``): the data stays exact, the document stays valid."""
    dumped = json.dumps(value, sort_keys=True, ensure_ascii=False).translate(_JSON_IN_HTML)
    return FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def page(
    *, title: str, body_class: str, header: tuple[str, str], body: str, style: str = ""
) -> str:
    """Return a whole HTML document: the handout stylesheet (and ``style``) inline, the two
    header lines that repeat on every printed page, then ``body`` (HTML, ending in a newline).

    ``title`` and ``header`` are plain text (escaped here); ``body_class`` is a fixed word list.
    """
    return (
        '<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="planrev">\n'
        f"<title>{text(title)}</title>\n<style>\n{static('handout.css')}{style}</style>\n"
        f'</head>\n<body class="{body_class}">\n'
        f'<header class="page-header"><div>{text(header[0])}</div>'
        f"<div>{text(header[1])}</div></header>\n"
        f"{body}</body>\n</html>\n"
    )
