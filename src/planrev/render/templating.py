"""The Jinja2 environment of the audit report's templates (``audit.md.j2``, ``audit.html.j2``).

Handouts are not rendered here: :mod:`planrev.render.html` builds their HTML in Python. The audit
report keeps its two templates until it moves onto the same renderer. Autoescaping is on for the
HTML template and undefined names are errors (``StrictUndefined``), so a typo in a template fails
loudly instead of printing nothing, and user text such as ``<script>`` or ``{{ x }}`` is printed
literally; every printed value has the characters documents forbid made visible first.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import jinja2
import markupsafe

from planrev.errors import RenderError
from planrev.i18n import Msg
from planrev.render.printable import FORBIDDEN, visible

__all__ = ["markdown_cell", "render_template"]

_MARKDOWN_SPECIAL = str.maketrans({char: f"\\{char}" for char in "\\`*_[]<>|~#"})


def markdown_cell(text: object) -> str:
    """Return text safe inside a Markdown table cell (marks escaped, lines as ``<br>``)."""
    if text is None or text == "":
        return ""
    return "<br>".join(line.translate(_MARKDOWN_SPECIAL) for line in str(text).split("\n"))


def _finalize(value: Any) -> Any:
    # Every {{ … }} passes here before autoescaping: user text is made printable, markup the
    # templates built (Markup) is left alone.
    if (
        isinstance(value, str)
        and not isinstance(value, markupsafe.Markup)
        and FORBIDDEN.search(value) is not None
    ):
        return visible(value)
    return value


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("planrev.render", "templates"),
        # HTML templates escape every value; Markdown templates (*.md.j2) escape with |md.
        autoescape=lambda name: not (name or "").endswith(".md.j2"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    environment.filters["md"] = markdown_cell
    return environment


def render_template(name: str, context: Mapping[str, Any]) -> str:
    """Render template ``name`` with ``context``; template mistakes become a RenderError."""
    try:
        return _environment().get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        raise RenderError(
            Msg(
                f"テンプレート {name} を描画できません: {exc}",
                f"cannot render template {name}: {exc}",
            )
        ) from exc
