"""Bad inputs: one precise Japanese message with file, line and column, and no traceback.

The cases live in ``tests/cases/_errors/<case>/`` (see the README there).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from planrev.cli import main
from planrev.errors import LoadError, PlanrevError
from planrev.storage.documents import load_document
from planrev.storage.folder import load_folder
from tests.conftest import ROOT
from tests.tools import run_tool

CASES = ROOT / "tests" / "cases" / "_errors"

GENERATED: dict[str, str] = {
    "too-long-line": (
        "schema_version: 1\ndocument: draft\nmeta:\n  title: " + "長" * 200_000 + "\n"
    ),
    # 1,000,001 nodes in 6 MB: refused before LibYAML builds them.
    "too-many-nodes": "schema_version: 1\ndocument: draft\nmeta:\n  title:\n"
    + "  - a\n" * 1_000_001,
    "too-deep": "schema_version: 1\ndocument: draft\nmeta: " + "[" * 101 + "]" * 101 + "\n",
}
"""Inputs too big to keep in the repository, written by the test."""

CASE_NAMES = sorted(path.name for path in CASES.iterdir() if path.is_dir())


def prepare(name: str, tmp_path: Path) -> tuple[Path, str]:
    """Copy case ``name`` to ``tmp_path`` and return the folder and the input to load."""
    folder = tmp_path / name
    shutil.copytree(CASES / name, folder)
    if name in GENERATED:
        (folder / "input.yaml").write_text(GENERATED[name], encoding="utf-8")
    target = "input" if (folder / "input").is_dir() else "input.yaml"
    assert (folder / target).exists(), f"case {name} has no input"
    return folder, target


def expected(name: str) -> str:
    return (CASES / name / "expected.txt").read_text(encoding="utf-8")


def test_there_are_cases() -> None:
    assert len(CASE_NAMES) >= 20
    for name in CASE_NAMES:
        assert (CASES / name / "expected.txt").is_file(), name


@pytest.mark.parametrize("name", CASE_NAMES)
def test_loading_gives_the_expected_message(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, target = prepare(name, tmp_path)
    monkeypatch.chdir(folder)
    load = load_folder if target == "input" else load_document
    with pytest.raises(PlanrevError) as caught:
        load(target)
    error = caught.value
    assert isinstance(error, LoadError)
    assert str(error) + "\n" == expected(name)
    # Errors of the libraries underneath are chained, never shown.
    if error.__cause__ is not None:
        assert not isinstance(error.__cause__, PlanrevError)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_validate_prints_the_message_and_exits_1(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, target = prepare(name, tmp_path)
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["validate", target])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.stderr == "エラー: " + expected(name)
    assert result.stdout == ""
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", ["yaml-syntax", "unknown-key", "change-target-missing"])
def test_the_installed_command_prints_no_traceback(name: str, tmp_path: Path) -> None:
    folder, target = prepare(name, tmp_path)
    script = Path(sys.executable).with_name("planrev")
    command = (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from planrev.cli import main; main()"]
    )
    result = run_tool(
        [*command, "validate", target],
        cwd=folder,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PLANREV_LANG": "ja"},
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == "エラー: " + expected(name)
    assert "Traceback" not in result.stderr


def test_validate_reports_every_bad_file_and_still_checks_the_good_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("unknown-key", "bad-id"):
        shutil.copy(CASES / name / "input.yaml", tmp_path / f"{name}.yaml")
    shutil.copy(ROOT / "drafts" / "aomori-dx" / "draft-03.yaml", tmp_path / "good.yaml")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "unknown-key.yaml", "good.yaml", "bad-id.yaml"])
    assert result.exit_code == 1
    assert result.stdout == "OK  good.yaml: 草案 第3回\n"
    assert result.stderr == (
        "エラー: "
        + expected("unknown-key").replace("input.yaml", "unknown-key.yaml")
        + "エラー: "
        + expected("bad-id").replace("input.yaml", "bad-id.yaml")
    )


def _within_1_gb_and_30_s() -> None:
    import resource

    gigabyte = 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (gigabyte, gigabyte))
    resource.setrlimit(resource.RLIMIT_CPU, (30, 30))


@pytest.mark.parametrize(
    "name", ["alias-bomb", "too-many-nodes", "too-deep", "too-long-line", "control-nul"]
)
def test_hostile_inputs_fail_within_1_gb_and_30_s_of_cpu(name: str, tmp_path: Path) -> None:
    folder, target = prepare(name, tmp_path)
    result = run_tool(
        [sys.executable, "-c", "from planrev.cli import main; main()", "validate", target],
        cwd=folder,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PLANREV_LANG": "ja", "PLANREV_CACHE": "0"},
        preexec_fn=_within_1_gb_and_30_s,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == "エラー: " + expected(name)


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_device_or_fifo_given_as_a_draft_fails_at_once(special: str, tmp_path: Path) -> None:
    import os

    target = tmp_path / "draft.yaml"
    if special == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to(special)
    result = run_tool(
        [sys.executable, "-c", "from planrev.cli import main; main()", "validate", str(target)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PLANREV_LANG": "ja", "PLANREV_CACHE": "0"},
        preexec_fn=_within_1_gb_and_30_s,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "通常のファイルではありません" in result.stderr
