"""HTML handouts: the 見え消し版, the 溶け込み版, the 新旧対照表 and the 意見対応表.

Each function lays out a view (:mod:`planrev.views`) with a template; the result is one
self-contained HTML file (styles inline) that prints on A4 and is also what the PDF is made from.
"""

from __future__ import annotations

from planrev.render.templating import render_template
from planrev.views import ComparisonTable, CumulativeResponses, HandoutView, ResponsesView

__all__ = [
    "KIND_NAMES",
    "comparison_table_html",
    "cumulative_responses_html",
    "handout_html",
    "responses_html",
]

KIND_NAMES = {"redline": "見え消し版", "clean": "溶け込み版"}
"""The Japanese name of each handout mode."""


def handout_html(view: HandoutView) -> str:
    """Return the HTML of a handout: the 見え消し版 (redline) or the 溶け込み版 (clean copy)."""
    return render_template(
        "handout.html.j2",
        {"view": view, "header": view.header, "kind_name": KIND_NAMES[view.mode]},
    )


def comparison_table_html(table: ComparisonTable) -> str:
    """Return the HTML of a 新旧対照表."""
    return render_template("table.html.j2", {"table": table, "header": table.header})


def cumulative_responses_html(view: CumulativeResponses) -> str:
    """Return the HTML of the 意見対応表 over every meeting (one table per meeting)."""
    return render_template("responses-all.html.j2", {"view": view, "header": view.header})


def responses_html(view: ResponsesView) -> str:
    """Return the HTML of an 意見対応表."""
    return render_template("responses.html.j2", {"view": view, "header": view.header})
