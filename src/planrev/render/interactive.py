"""The interactive redline: one self-contained HTML file (no server, no network, file:// works).

Clicking an opinion highlights the changes it caused; clicking a change (a marker such as 【追加①】
or an entry of the list) shows the opinions or the reason behind it; a filter lists only the
changes nothing explains. The page's data is embedded as JSON (:func:`~planrev.render.markup.
json_script`); its script and styles are inline.
"""

from __future__ import annotations

from typing import Any

from planrev.render.html import body_html, title_block
from planrev.render.markup import json_script, page, static, text
from planrev.views import ChangeView, HandoutView, OpinionView

__all__ = ["interactive_html"]

_KIND_NAME = "見え消し版（対話型）"


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


def _opinion(opinion: OpinionView) -> str:
    if opinion.reflected:
        where = f'<span class="label">→ {text("、".join(opinion.reflected))}</span>'
    else:
        where = '<span class="meta">→ 本文の変更なし</span>'
    return (
        f'<li class="opinion-item" data-opinion="{text(opinion.id)}"><span class="meta">'
        f"意見{opinion.number}・{text(opinion.disposition)}・{text(opinion.scope_title)}</span>\n"
        f"{text(opinion.text)}\n{where}</li>\n"
    )


def _change(change: ChangeView) -> str:
    badge = "" if change.explained else '<span class="unexplained-badge">理由なし</span>'
    why = ""
    if change.opinions:
        why = "意見" + "、意見".join(str(number) for number in change.opinions)
    elif change.reason:
        why = f"※{text(change.reason)}"
    return (
        f'<li class="change-item {"explained" if change.explained else "unexplained"}"'
        f' data-change="{text(change.id)}"><span class="label">【{text(change.label)}】</span>'
        f'<span class="meta">{text(change.location)}</span>{badge}{why}</li>\n'
    )


def _panel(view: HandoutView) -> str:
    visible = "" if view.unexplained else " visible"
    return (
        '<aside class="panel" id="panel">\n'
        '<p class="hint">意見をクリックすると、その意見による変更箇所が本文で強調されます。'
        "変更（【追加①】など）をクリックすると、その理由の意見が示されます。</p>\n"
        '<div class="detail" id="detail"><span class="hint">（意見または変更を選んでください）'
        "</span></div>\n"
        f"<h2>意見（{len(view.opinions)}件）</h2>\n"
        f'<ul class="opinions">\n{"".join(_opinion(o) for o in view.opinions)}</ul>\n'
        f"<h2>変更（{len(view.changes)}件）</h2>\n"
        '<label class="filter"><input type="checkbox" id="only-unexplained"> '
        f"理由のない変更だけを表示（{len(view.unexplained)}件）</label>\n"
        f'<p class="none-unexplained{visible}">理由のない変更はありません。</p>\n'
        f'<ul class="changes">\n{"".join(_change(c) for c in view.changes)}</ul>\n'
        "</aside>\n"
    )


def interactive_html(view: HandoutView) -> str:
    """Return the interactive HTML of a redline view (``mode="redline"``)."""
    if view.mode != "redline":
        raise ValueError("the interactive handout needs a redline view")
    body = (
        '<div class="layout">\n<div class="document">\n'
        f"{title_block(view, _KIND_NAME)}{body_html(view)}</div>\n{_panel(view)}</div>\n"
        f'<script type="application/json" id="planrev-data">{json_script(_data(view))}</script>\n'
        f"<script>\n{static('interactive.js')}</script>\n"
    )
    return page(
        title=f"{view.title} {_KIND_NAME}",
        body_class="handout redline interactive",
        header=view.header,
        body=body,
        style=static("interactive.css"),
    )
