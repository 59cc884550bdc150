"""Page furniture: what a PDF repeats or adds around the plan, left out of the text.

- **Running headers and footers**: lines in the top or bottom margin (the top 12 % or the bottom
  10 % of the page) that recur at about the same height on at least two pages and half of them,
  compared with their digits ignored (a date, a page count). The meeting's header lines
  (``R5.7.26第3回「…」策定委員会`` / ``会議資料「…」(抜粋)``) are what the marked rules read the
  meeting, date and stage from: their first appearance is kept, the repeats are left out.
- **Page numbers**: a margin line that is only a page number (``3``, ``- 3 -``, ``3 / 7``,
  ``p. 3``, ``3ページ``), on any page.
- **A handout's title block** (planrev's own handouts, and others laid out the same way): the
  document kind (``見え消し版``, ``溶け込み版``, ``新旧対照表``, ``意見対応表``) with the title
  line right above it, the line ``第3回 令和5年7月26日`` (or ``第3回`` alone), the framed legend that explains the marks
  (it mentions 取消線 and 下線), and the caption ``体系`` of the structure diagram. The header
  lines carry the title, meeting and date.

Everything left out is counted; the title block is also reported (``furniture``), so that nothing
disappears unseen.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from planrev.diagnostics import Level
from planrev.i18n import Msg
from planrev.importers.pdf.layout import Item, TextItem
from planrev.importers.pdf.notes import Note

__all__ = ["remove_furniture"]

_TOP_MARGIN = 0.12
_BOTTOM_MARGIN = 0.10
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—‐－]\s*\d+\s*[-–—‐－]|\d+\s*/\s*\d+|[pP]\.?\s*\d+|\d+\s*ページ|\d+)$"
)
_KINDS = frozenset({"見え消し版", "溶け込み版", "新旧対照表", "意見対応表"})
_MEETING_DATE = re.compile(
    r"^第[0-9０-９]+回(?:[ \u3000]*(?:令和|平成|昭和)[0-9０-９元]+年[0-9０-９]+月[0-9０-９]+日)?$"
)
_CAPTIONS = frozenset({"体系", "体系図", "計画の体系", "施策体系"})
_LEGEND_WORDS = (("取消線", "取り消し線", "見え消し"), ("下線",))


def _margin(item: TextItem, height: float) -> bool:
    return item.bottom <= height * _TOP_MARGIN or item.top >= height * (1 - _BOTTOM_MARGIN)


def _key(item: TextItem) -> tuple[str, int]:
    return (re.sub(r"\s+", "", re.sub(r"[0-9０-９]+", "#", item.text)), round(item.top / 6))


def remove_furniture(
    pages: list[list[Item]],
    heights: list[float],
    is_header: Callable[[str], bool],
) -> tuple[list[list[Item]], int, list[Note]]:
    """Return the pages without furniture, how many lines were left out, and the notes.

    ``is_header`` tells the meeting's header lines (kept once) from other running lines.
    """
    counts: Counter[tuple[str, int]] = Counter()
    for items, height in zip(pages, heights, strict=True):
        keys = {_key(i) for i in items if isinstance(i, TextItem) and _margin(i, height)}
        counts.update(keys)
    running = {key for key, number in counts.items() if number >= 2 and number * 2 >= len(pages)}
    kept_headers: set[str] = set()
    removed = 0
    notes: list[Note] = []
    result: list[list[Item]] = []
    for items, height in zip(pages, heights, strict=True):
        kept: list[Item] = []
        for item in items:
            if isinstance(item, TextItem) and _margin(item, height):
                text = item.text.strip()
                if _PAGE_NUMBER.match(text):
                    removed += 1
                    continue
                if _key(item) in running:
                    if is_header(text) and text not in kept_headers:
                        kept_headers.add(text)
                        kept.append(item)
                    else:
                        removed += 1
                    continue
            kept.append(item)
        result.append(kept)
    if result:
        result[0], dropped = _title_block(result[0])
        removed += len(dropped)
        notes.extend(dropped)
    return result, removed, notes


def _title_block(items: list[Item]) -> tuple[list[Item], list[Note]]:
    """Return the first page without a handout's title block, and a note per line left out."""
    drop: set[int] = set()
    legend_frames = set()
    for index, item in enumerate(items):
        if not isinstance(item, TextItem):
            continue
        text = item.text.strip()
        if text in _KINDS:
            drop.add(index)
            previous = items[index - 1] if index else None
            if isinstance(previous, TextItem) and previous.size > item.size:
                drop.add(index - 1)
        elif _MEETING_DATE.match(text) or text in _CAPTIONS:
            drop.add(index)
        elif item.frame is not None and all(
            any(word in text for word in words) for words in _LEGEND_WORDS
        ):
            legend_frames.add(item.frame)
    for index, item in enumerate(items):
        if isinstance(item, TextItem) and item.frame in legend_frames:
            drop.add(index)
    notes = [
        Note(
            "furniture",
            Msg(
                f"資料の表題部分「{item.text.strip()}」は計画の本文ではないため取り込みませんでした",
                f"'{item.text.strip()}' belongs to the handout's title block, not to the plan; "
                "it is left out",
            ),
            None,
            item.page,
            item.top,
            Level.INFO,
        )
        for index, item in enumerate(items)
        if index in drop and isinstance(item, TextItem)
    ]
    return [item for index, item in enumerate(items) if index not in drop], notes
