"""Layers: what each package may import, and what starting the command line loads.

The model is pure (pydantic and the standard library); the audit renders nothing, directly or
not (its report is laid out by render.audit, which loads nothing); the Word writer does not reach
storage or the Word reader; the draft cache sits below the library; no module imports the
package's public face (``from planrev import …``); the command
line loads the libraries of the output formats only when an output is made, and ``planrev
--version`` and ``planrev --help`` load no part of the library at all. Imports are checked in
the source (every ``import`` statement, including those inside functions), and what a fresh
interpreter loads is checked in a subprocess.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.tools import run_tool

SOURCE = ROOT / "src"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Return every module the file imports, anywhere in it (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else None
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = (package or _module_name(path)).split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base]) if base else ".".join(anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _source_of(module: str) -> Path | None:
    path = SOURCE.joinpath(*module.split("."))
    if path.with_suffix(".py").is_file():
        return path.with_suffix(".py")
    if (path / "__init__.py").is_file():
        return path / "__init__.py"
    return None


def _closure(start: list[str], skip: frozenset[str] = frozenset()) -> tuple[set[str], set[str]]:
    """Return (planrev modules, third-party top-level names) reachable from ``start``.

    Modules in ``skip`` are not followed: a package's ``__init__`` that only re-exports (Python
    runs it on any import of a submodule, but the submodule does not depend on what it lists).
    """
    seen: set[str] = set()
    outside: set[str] = set()
    todo = list(start)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        source = _source_of(module)
        if source is None:
            continue
        seen.add(module)
        for name in _imports(source):
            top = name.split(".")[0]
            if top in {"planrev", "planrev_console"}:
                if name not in skip:
                    todo.append(name)
            elif top not in sys.stdlib_module_names and top != "__future__":
                outside.add(top)
    return seen, outside


def test_the_model_imports_pydantic_and_the_standard_library_only() -> None:
    model = sorted(_module_name(path) for path in (SOURCE / "planrev" / "model").glob("*.py"))
    reached, outside = _closure(model)
    assert outside <= {"pydantic", "pydantic_core", "annotated_types", "typing_extensions"}
    allowed = ("planrev.model", "planrev.errors", "planrev.i18n", "planrev.era", "planrev_console")
    assert {m for m in reached if not m.startswith(allowed)} <= {"planrev"}, sorted(reached)


def test_the_audit_renders_nothing() -> None:
    forbidden = (
        "planrev.render",
        "planrev.views",
        "planrev.word",
        "planrev.storage.yaml",
        "planrev.cli",
        "markupsafe",
        "ruamel",
        "yaml",
        "click",
    )
    for path in (SOURCE / "planrev" / "audit").glob("*.py"):
        bad = sorted(name for name in _imports(path) if name.startswith(forbidden))
        assert bad == [], f"{path.name} imports {bad}"


def _package(name: str) -> list[str]:
    return sorted(_module_name(path) for path in SOURCE.joinpath("planrev", name).rglob("*.py"))


def test_the_audit_reaches_no_rendering_however_indirectly() -> None:
    # Everything the audit imports, however indirectly: it reads folders (through
    # storage.folder) but renders, views and writes nothing.
    reached, outside = _closure(_package("audit"), skip=frozenset({"planrev"}))
    forbidden = (
        "planrev.render",
        "planrev.views",
        "planrev.word",
        "planrev.cli",
        "planrev.importers",
        "planrev.edit",
    )
    assert sorted(m for m in reached if m.startswith(forbidden)) == []
    assert outside.isdisjoint({"markupsafe", "openpyxl", "weasyprint", "docx", "lxml", "click"})


def test_the_audit_report_renderer_is_rendering_only() -> None:
    # render.audit lays out the audit's report; it loads, stores and compares nothing itself.
    names = _imports(SOURCE / "planrev" / "render" / "audit.py")
    forbidden = ("planrev.storage", "planrev.comparison", "planrev.cli", "jinja2", "yaml", "ruamel")
    assert sorted(name for name in names if name.startswith(forbidden)) == []


def test_the_word_writer_does_not_reach_storage_or_the_word_reader() -> None:
    # planrev.word's __init__ re-exports the readers too; the writer itself depends only on the
    # views, the model and its own OOXML modules, and writes its file with planrev.files.
    start = [
        "planrev.word.writer",
        "planrev.word.layout",
        "planrev.word.package",
        "planrev.word.elements",
        "planrev.word.tracking",
    ]
    reached, _ = _closure(start, skip=frozenset({"planrev", "planrev.word"}))
    reader = (
        "planrev.storage",
        "planrev.importers",
        "planrev.word.opening",
        "planrev.word.paragraphs",
        "planrev.word.structure",
        "planrev.word.changes",
        "planrev.word.formatted",
        "planrev.word.units",
        "planrev.word.report",
    )
    assert sorted(m for m in reached if m.startswith(reader)) == []


def test_the_draft_cache_is_below_the_library() -> None:
    # storage.cache serves storage.documents: it may use the model, the errors and the file
    # helpers, never the package's public face nor anything above storage.
    names = {
        name
        for name in _imports(SOURCE / "planrev" / "storage" / "cache.py")
        if name.split(".")[0] == "planrev"
    }
    allowed = ("planrev.model", "planrev.storage.files", "planrev.errors", "planrev.i18n")
    assert sorted(name for name in names if not name.startswith(allowed)) == []


def test_no_module_imports_the_public_face_of_the_package() -> None:
    # ``from planrev import …`` inside the library would tie every module to the eager public
    # API (and to import cycles); modules import what they use from where it lives.
    offenders = [
        str(path.relative_to(SOURCE))
        for path in SOURCE.joinpath("planrev").rglob("*.py")
        if path.name != "__init__.py" or path.parent.name != "planrev"
        if "planrev" in _imports(path)
    ]
    assert offenders == []


def _loaded_by(code: str) -> set[str]:
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))\n"
    result = run_tool([sys.executable, "-c", script], capture_output=True, text=True)
    return set(json.loads(result.stdout.splitlines()[-1]))


OUTPUT_LIBRARIES = ("weasyprint", "openpyxl", "docx", "markupsafe", "lxml")


@pytest.mark.parametrize(
    "module",
    [
        "planrev.cli",
        "planrev.cli.basic",
        "planrev.cli.diff",
        "planrev.cli.audit",
        "planrev.cli.handout",
    ],
)
def test_the_command_line_loads_no_output_library_until_an_output_is_made(module: str) -> None:
    loaded = {name.split(".")[0] for name in _loaded_by(f"import {module}")}
    assert loaded.isdisjoint(OUTPUT_LIBRARIES), sorted(loaded & set(OUTPUT_LIBRARIES))


@pytest.mark.parametrize("option", ["--version", "--help"])
def test_version_and_help_load_no_part_of_the_library(option: str) -> None:
    code = (
        "from planrev_console.main import main\n"
        f"sys.argv = ['planrev', '{option}']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
    )
    loaded = _loaded_by(code)
    assert not {name for name in loaded if name == "planrev" or name.startswith("planrev.")}
    assert "pydantic" not in loaded


def test_the_console_script_is_the_front_door() -> None:
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "planrev"]
    assert script.value == "planrev_console.main:main"
