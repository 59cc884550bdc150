"""The interactive redline: one self-contained HTML file (no server, no network, file:// works).

Clicking an opinion highlights the changes it caused; clicking a change (a marker such as 【追加①】
or an entry of the list) shows the opinions or the reason behind it; a filter lists only the
changes nothing explains. The page's data is embedded as JSON (escaped for HTML by Jinja's
``tojson``); its script and styles are inline.
"""

from __future__ import annotations

from typing import Any

from planrev.render.templating import render_template
from planrev.views import HandoutView

__all__ = ["interactive_html"]


def _data(view: HandoutView) -> dict[str, Any]:
    return {
        "opinions": [
            {
                "id": opinion.id,
                "number": opinion.number,
                "text": opinion.text,
                "disposition": opinion.disposition,
                "changes": list(opinion.changes),
            }
            for opinion in view.opinions
        ],
        "changes": [
            {
                "id": change.id,
                "label": change.label,
                "location": change.location,
                "opinion_ids": list(change.opinion_ids),
                "reason": change.reason,
                "explained": change.explained,
            }
            for change in view.changes
        ],
    }


def interactive_html(view: HandoutView) -> str:
    """Return the interactive HTML of a redline view (``mode="redline"``)."""
    if view.mode != "redline":
        raise ValueError("the interactive handout needs a redline view")
    return render_template(
        "interactive.html.j2", {"view": view, "header": view.header, "data": _data(view)}
    )
