"""The hostile-input corpus (issue 18): every case ends with its exit code and a located message,
never a traceback, within 1 GB of memory and 30 s of CPU each (enforced by ``setrlimit``).

The inputs are written by :func:`tests.hostile.corpus.build`; all commands run in one process
that forks a child per case (:mod:`tests.hostile.runner`), so planrev is imported once.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import AOMORI, ROOT
from tests.hostile.corpus import CASES, HOSTILE_CELLS, build
from tests.tools import run_tool

MEMORY = 1024**3
CPU_SECONDS = 30
CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Corpus:
    """The corpus folder, and what each case gave."""

    def __init__(self, root: Path, results: dict[str, dict[str, Any]]) -> None:
        self.root = root
        self.results = results

    def output(self, name: str, stream: str) -> bytes:
        index = [case.name for case in CASES].index(name)
        return (self.root / f".{stream}-{index}.txt").read_bytes()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("hostile")
    build(root)
    spec = {
        "memory": MEMORY,
        "cpu": CPU_SECONDS,
        "hang": 120,  # a hang guard for a process blocked without using CPU
        "cases": [
            {
                "name": case.name,
                "args": list(case.args),
                "cwd": str(root),
                "stdout": str(root / f".stdout-{index}.txt"),
                "stderr": str(root / f".stderr-{index}.txt"),
                "env": {"PLANREV_LANG": "ja", "PLANREV_CACHE": "0", "NO_COLOR": "1"},
            }
            for index, case in enumerate(CASES)
        ],
    }
    spec_path = root / ".spec.json"
    spec_path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    results_path = root / ".results.json"
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8"}
    environment.pop("PLANREV_MAX_FILE_BYTES", None)
    run_tool(
        [sys.executable, "-m", "tests.hostile.runner", str(spec_path), str(results_path)],
        what="the hostile-input runner",
        cwd=ROOT,
        env=environment,
    )
    return Corpus(root, json.loads(results_path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_case_ends_as_it_must(corpus: Corpus, case: Any) -> None:
    result = corpus.results[case.name]
    stderr = corpus.output(case.name, "stderr").decode("utf-8", errors="replace")
    assert not result["hung"], f"{case.name}: blocked for 120 s"
    assert result["exit"] >= 0, f"{case.name}: killed by signal {-result['exit']} ({result})"
    assert result["exit"] == case.exit, (result, stderr[-3000:])
    assert "Traceback" not in stderr
    if case.message is not None:
        assert re.search(case.message, stderr, re.MULTILINE), stderr[-3000:]


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def test_no_input_changed(corpus: Corpus) -> None:
    source = _fingerprint(AOMORI)
    for name in ("D", "import-target"):
        assert _fingerprint(corpus.root / name) == source, name
    assert sorted(p.name for p in (corpus.root / "marked-target").iterdir()) == ["other.yaml"]
    assert (corpus.root / "plan.txt").read_text(encoding="utf-8") == "第1章 総則\n\n本文です。\n"
    assert (corpus.root / "existing.txt").read_text(encoding="utf-8") == "前の版\n"
    assert not list(corpus.root.parent.glob("**/escaped.txt"))
    assert not Path("/absolute-escaped.txt").exists()


def test_no_formula_reaches_the_excel_sheet(corpus: Corpus) -> None:
    sheet = load_workbook(corpus.root / "formulas-out" / "responses.xlsx").active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    texts = {str(cell.value) for cell in cells}
    assert set(HOSTILE_CELLS) <= texts


def test_no_raw_control_character_reaches_a_terminal_or_markdown(corpus: Corpus) -> None:
    for case in CASES:
        if case.name.startswith("18.6"):
            assert not CONTROLS.search(corpus.output(case.name, "stdout")), case.name
    markdown = list((corpus.root / "controls-out").glob("*.md"))
    assert markdown
    for path in markdown:
        assert not CONTROLS.search(path.read_bytes()), path.name
