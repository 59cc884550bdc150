"""The names planrev exports: pinned, sorted and importable."""

from __future__ import annotations

import importlib
import inspect

import pytest

import planrev

PUBLIC = [
    "Block",
    "ChangeKind",
    "ChangeRecord",
    "Channel",
    "DanglingReferenceError",
    "Disposition",
    "Document",
    "DraftFolder",
    "DuplicateIdError",
    "EditError",
    "Field",
    "Footnote",
    "KpiRow",
    "KpiTable",
    "LoadError",
    "Located",
    "Location",
    "Note",
    "Opinion",
    "OpinionSet",
    "Pillar",
    "Plan",
    "PlanMeta",
    "PlanrevError",
    "RenderError",
    "Repost",
    "Revision",
    "SchemaError",
    "Section",
    "Span",
    "Statement",
    "StatementKind",
    "ToolMissingError",
    "YamlSyntaxError",
    "__version__",
    "dump_document",
    "find",
    "format_long",
    "format_short",
    "index",
    "load_document",
    "load_draft",
    "load_folder",
    "load_opinions",
    "load_revision",
    "loads_document",
    "open_document",
    "parse_date",
    "walk",
]
"""The public surface of planrev 0.1. Adding a name is fine (add it here too); removing or
renaming one breaks the scripts of the secretariats that use it."""


def test_all_is_sorted() -> None:
    assert planrev.__all__ == sorted(planrev.__all__)


def test_all_has_no_duplicates() -> None:
    assert len(planrev.__all__) == len(set(planrev.__all__))


def test_the_public_names_are_still_there() -> None:
    missing = sorted(set(PUBLIC) - set(planrev.__all__))
    assert missing == [], f"public names removed: {missing}"


def test_every_public_name_can_be_imported() -> None:
    module = importlib.import_module("planrev")
    for name in planrev.__all__:
        value = getattr(module, name)
        assert value is not None, name
    namespace: dict[str, object] = {}
    exec("from planrev import *", namespace)
    assert set(planrev.__all__) <= set(namespace)


def test_public_classes_and_functions_come_from_planrev() -> None:
    for name in planrev.__all__:
        value = getattr(planrev, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert value.__module__.startswith("planrev."), f"{name} comes from {value.__module__}"


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        planrev.no_such_name  # type: ignore[attr-defined]  # noqa: B018


def test_dir_lists_the_public_names() -> None:
    assert set(planrev.__all__) <= set(dir(planrev))


def test_version_matches_the_package_metadata() -> None:
    from importlib.metadata import version

    assert planrev.__version__ == version("planrev")
