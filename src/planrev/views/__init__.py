"""Views: comparisons turned into what every output prints (compare → view → template)."""

from __future__ import annotations

from planrev.views.handout import box_title, build_handout
from planrev.views.objects import (
    BlockView,
    BoxRow,
    ChangeView,
    HandoutOptions,
    HandoutView,
    KpiView,
    LineView,
    Mode,
    NodeView,
    OpinionBox,
    OpinionView,
    PageBreaks,
    Piece,
    StructureEntry,
)
from planrev.views.tables import (
    ComparisonTable,
    CumulativeResponses,
    ResponsesView,
    TableOptions,
    TableRow,
    build_comparison_table,
    build_cumulative_responses,
    build_responses,
)

__all__ = [
    "BlockView",
    "BoxRow",
    "ChangeView",
    "ComparisonTable",
    "CumulativeResponses",
    "HandoutOptions",
    "HandoutView",
    "KpiView",
    "LineView",
    "Mode",
    "NodeView",
    "OpinionBox",
    "OpinionView",
    "PageBreaks",
    "Piece",
    "ResponsesView",
    "StructureEntry",
    "TableOptions",
    "TableRow",
    "box_title",
    "build_comparison_table",
    "build_cumulative_responses",
    "build_handout",
    "build_responses",
]
