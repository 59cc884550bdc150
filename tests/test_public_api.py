"""The names planrev exports: pinned, sorted, eager, and light to import."""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path

import planrev
import planrev.comparison
from tests.tools import run_tool

PUBLIC = [
    "AuditReport",
    "ChangeKind",
    "ChangeRecord",
    "Disposition",
    "Finding",
    "History",
    "HistoryStep",
    "Level",
    "LoadError",
    "Opinion",
    "OpinionSet",
    "Plan",
    "PlanrevError",
    "Revision",
    "__version__",
    "audit",
    "blame",
    "blame_opinion",
    "compare",
    "diff_text",
    "load_draft",
    "load_folder",
    "node_log",
    "open_document",
    "write_handouts",
]
"""The public surface of planrev: what `import planrev` gives (docs/api.md lists the same).
Adding a name is a decision (add it here and to the docs); removing or renaming one breaks the
scripts of the secretariats that use it."""

HEAVY = ("openpyxl", "weasyprint", "docx", "lxml", "markupsafe", "diff_match_patch", "fugashi")
"""Libraries `import planrev` must not load: the outputs' and the comparison's."""


def test_the_public_names_are_pinned() -> None:
    assert planrev.__all__ == PUBLIC


def test_all_is_sorted_without_duplicates() -> None:
    assert planrev.__all__ == sorted(set(planrev.__all__))


def test_every_public_name_is_bound_at_import() -> None:
    # Eager: no module __getattr__ loads names on first use.
    assert "__getattr__" not in vars(planrev)
    for name in planrev.__all__:
        assert name in vars(planrev), name
    namespace: dict[str, object] = {}
    exec("from planrev import *", namespace)
    assert set(planrev.__all__) <= set(namespace)


def test_public_classes_and_functions_come_from_planrev() -> None:
    for name in planrev.__all__:
        value = getattr(planrev, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert value.__module__.startswith("planrev"), f"{name} comes from {value.__module__}"
            assert inspect.getdoc(value), f"{name} has no docstring"


def test_the_comparison_functions_keep_the_signatures_of_their_module() -> None:
    # planrev.compare and planrev.diff_text load the diff library on first call; their
    # signatures must stay those of planrev.comparison's functions.
    for name in ("compare", "diff_text"):
        assert inspect.signature(getattr(planrev, name)) == inspect.signature(
            getattr(planrev.comparison, name)
        ), name


def test_the_comparison_functions_compare(aomori: Path) -> None:
    step = planrev.load_folder(aomori).steps[-1]
    comparison = planrev.compare(step.old, step.new, step.revision, step.opinions)
    assert [change.label for change in comparison.changes] == [
        change.label for change in step.comparison.changes
    ]
    spans = planrev.diff_text("県民の利便性", "住民の利便性")
    assert "".join(span.text for span in spans if span.op.value != "insert") == "県民の利便性"


def test_importing_planrev_loads_no_output_or_diff_library() -> None:
    script = "import json, sys, planrev\nprint(json.dumps(sorted(sys.modules)))\n"
    result = run_tool([sys.executable, "-c", script], capture_output=True, text=True)
    loaded = {name.split(".")[0] for name in json.loads(result.stdout)}
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    assert "click" not in loaded


def test_version_matches_the_package_metadata() -> None:
    from importlib.metadata import version

    assert planrev.__version__ == version("planrev")
