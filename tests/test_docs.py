"""The examples in docs/ stay true: YAML examples load, Python examples run."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from planrev.storage.documents import loads_document
from tests.conftest import AOMORI, ROOT

DOCS = ROOT / "docs"
FENCE = re.compile(r"^```(?P<language>\w+)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def blocks(name: str, language: str) -> list[str]:
    text = (DOCS / name).read_text(encoding="utf-8")
    return [m["body"] for m in FENCE.finditer(text) if m["language"] == language]


WHOLE_FILES = [
    (name, body)
    for name in ("format.md", "concepts.md")
    for body in blocks(name, "yaml")
    if "schema_version: 1" in body and re.search(r"^(meta|meeting|old):", body, re.MULTILINE)
]


def test_the_format_shows_every_kind_of_file() -> None:
    kinds = {re.search(r"^document: (\w+)", body, re.MULTILINE)[1] for _, body in WHOLE_FILES}  # type: ignore[index]
    assert kinds == {"draft", "opinions", "revision"}


@pytest.mark.parametrize(("name", "body"), WHOLE_FILES, ids=lambda value: str(value)[:20])
def test_yaml_examples_are_valid_files(name: str, body: str) -> None:
    loads_document(body)


@pytest.mark.parametrize("name", ["format.md", "concepts.md"])
def test_python_examples_run(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(AOMORI, tmp_path / "drafts" / "aomori-dx")
    monkeypatch.chdir(tmp_path)
    before = (tmp_path / "drafts" / "aomori-dx" / "draft-03.yaml").read_text(encoding="utf-8")
    for body in blocks(name, "python"):
        exec(compile(body, f"docs/{name}", "exec"), {})
    after = (tmp_path / "drafts" / "aomori-dx" / "draft-03.yaml").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.split("\n"), after.split("\n"), strict=True) if a != b]
    assert changed in ([], [("  stage: 素案(案)", "  stage: 素案")])


@pytest.mark.parametrize("record", [True, False], ids=["with record", "without record"])
def test_readme_example_runs(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    record: bool,
) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    bodies = [m["body"] for m in FENCE.finditer(text) if m["language"] == "python"]
    assert bodies
    shutil.copytree(AOMORI, tmp_path / "drafts" / "aomori-dx")
    if not record:  # a step without a revision record: the example still runs
        (tmp_path / "drafts" / "aomori-dx" / "revision-02-03.yaml").unlink()
    monkeypatch.chdir(tmp_path)
    for body in bodies:
        exec(compile(body, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert ("追加① admin-vision-1" if record else "admin-vision-1") in printed
    assert ("商工業・サービス業の取組方針の削除に伴い削除" in printed) is record
    assert (tmp_path / "out" / "aomori-dx" / "redline.html").is_file()


def _examples(name: str) -> list[str]:
    """Return the Python examples of a page that are whole scripts (they import what they use).

    Fragments that continue an example (no import of their own) and the secretariat's script
    (it opens with its docstring; tests/test_audit_guide.py runs it and checks what it writes)
    are left out.
    """
    return [body for body in blocks(name, "python") if body.startswith(("import ", "from "))]


@pytest.mark.parametrize("name", ["api.md", "guide/python-api.md"])
def test_api_examples_run(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = _examples(name)
    assert len(examples) >= 2
    for number, body in enumerate(examples):
        folder = tmp_path / str(number)
        shutil.copytree(AOMORI, folder / "drafts" / "aomori-dx")
        monkeypatch.chdir(folder)
        exec(compile(body, f"docs/{name}", "exec"), {})
    printed = capsys.readouterr().out
    if name == "guide/python-api.md":
        assert "3 追加 ('op-talent-1',)" in printed
        assert "3 追加① admin-vision-1" in printed
        assert "redline md handouts/redline.md\ntable md handouts/table.md\n" in printed


def test_diff_doc_example_is_true() -> None:
    from planrev.comparison import diff_text, redline

    text = (DOCS / "diff.md").read_text(encoding="utf-8")
    assert "'[-2028年度-]{+2030年度+}までに県民の[-参加-]{+参画+}を促進する。'" in text
    assert (
        redline(
            diff_text(
                "2028年度までに県民の参加を促進する。", "2030年度までに県民の参画を促進する。"
            )
        )
        == "[-2028年度-]{+2030年度+}までに県民の[-参加-]{+参画+}を促進する。"
    )
