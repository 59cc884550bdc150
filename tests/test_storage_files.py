"""Reads accept regular files only, count the bytes they read, and hold every file to limits
that a keyword argument or an environment variable can raise."""

from __future__ import annotations

import os
import random
import re
import resource
import sys
import threading
import tracemalloc
from pathlib import Path

import pytest

from planrev.errors import LimitError, LoadError, PlanrevError
from planrev.storage.documents import dump_document, load_draft, loads_document
from planrev.storage.files import LIMIT_VARIABLES, Limits, read_bytes, read_text
from planrev.storage.folder import load_folder
from tests.conftest import AOMORI, ROOT
from tests.tools import HANG_GUARD, run_tool

DRAFT = (AOMORI / "draft-03.yaml").read_text(encoding="utf-8")


def test_a_device_is_refused_at_once() -> None:
    with pytest.raises(LoadError, match=re.escape("通常のファイルではありません(デバイス)")):
        read_bytes(Path("/dev/zero"))


def test_a_draft_linked_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "draft.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(LoadError, match="デバイス") as caught:
        load_draft(link)
    assert caught.value.location.path == link


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "draft.yaml"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            load_draft(fifo)
        except BaseException as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=HANG_GUARD)  # a hang guard only
    if reader.is_alive():  # pragma: no cover - the failure this test exists for
        with open(fifo, "wb"):  # let the reader go before failing
            pass
        pytest.fail("reading a FIFO waited for a writer")
    assert len(outcome) == 1
    assert isinstance(outcome[0], LoadError)
    assert "FIFO" in str(outcome[0])


def test_a_broken_link_is_an_error_not_a_missing_file(tmp_path: Path) -> None:
    link = tmp_path / "draft.yaml"
    link.symlink_to(tmp_path / "gone.yaml")
    with pytest.raises(LoadError, match="リンク先のファイルがありません"):
        read_text(link)


def test_a_broken_yaml_link_in_a_folder_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    folder.mkdir()
    (folder / "draft-03.yaml").write_text(DRAFT, encoding="utf-8")
    (folder / "draft-04.yaml").symlink_to(folder / "draft-04-old.yaml")
    with pytest.raises(LoadError, match="リンク先のファイルがありません") as caught:
        load_folder(folder)
    assert caught.value.location.path == folder / "draft-04.yaml"


def test_a_file_that_claims_less_than_it_holds_stops_at_the_limit() -> None:
    status = Path("/proc/self/status")
    if not status.exists() or status.stat().st_size != 0:
        pytest.skip("needs Linux's /proc, whose files report size 0")
    with pytest.raises(LimitError, match="上限10バイト"):
        read_bytes(status, limit=10)
    assert read_bytes(status, limit=1_000_000).startswith(b"Name:")


def test_a_small_read_makes_no_buffer_of_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_bytes(b"a: 1\n")
    tracemalloc.start()
    try:
        read_bytes(path, limit=200_000_000)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000


@pytest.mark.parametrize(
    ("limits", "variable", "text"),
    [
        (Limits(file_bytes=100), "PLANREV_MAX_FILE_BYTES", DRAFT),
        (Limits(line_chars=20), "PLANREV_MAX_LINE_CHARS", DRAFT),
        (Limits(depth=2), "PLANREV_MAX_DEPTH", "a: [[[1]]]\n"),
        (Limits(nodes=50), "PLANREV_MAX_YAML_NODES", DRAFT),
    ],
)
def test_each_limit_has_a_keyword_and_a_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limits: Limits, variable: str, text: str
) -> None:
    path = tmp_path / "input.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LimitError, match=variable):
        load_draft(path, limits=limits)
    name = next(name for name, known in LIMIT_VARIABLES.items() if known == variable)
    monkeypatch.setenv(variable, str(getattr(limits, name)))
    with pytest.raises(LimitError, match=variable):
        load_draft(path)
    monkeypatch.setenv(variable, "1_000_000_000")  # raised: the limit no longer applies
    try:
        load_draft(path)
    except LimitError:  # pragma: no cover - the failure this test exists for
        pytest.fail(f"{variable} did not raise the limit")
    except PlanrevError:
        pass  # not a draft: refused for that, as it should be


def test_the_defaults_read_the_example(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in LIMIT_VARIABLES.values():
        monkeypatch.delenv(variable, raising=False)
    assert Limits.from_environment() == Limits()
    assert loads_document(DRAFT).meta.meeting == 3


@pytest.mark.parametrize("value", ["many", "0", "-5"])
def test_a_bad_limit_variable_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("PLANREV_MAX_DEPTH", value)
    with pytest.raises(PlanrevError, match="PLANREV_MAX_DEPTH"):
        loads_document(DRAFT)


def test_aliases_count_as_the_nodes_they_stand_for() -> None:
    anchored = "a: &x [1, 2, 3, 4, 5, 6, 7, 8]\nb: [*x, *x, *x, *x, *x, *x, *x, *x]\n"
    from planrev.storage.yaml import parse_fast

    assert parse_fast(anchored, limits=Limits(nodes=100))["b"][7] == list(range(1, 9))
    with pytest.raises(LimitError, match=r"input.yaml:1:4: .*別名") as caught:
        parse_fast(anchored, Path("input.yaml"), limits=Limits(nodes=50))
    assert "PLANREV_MAX_YAML_NODES" in str(caught.value)


def _limited() -> None:
    gigabyte = 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (gigabyte, gigabyte))
    resource.setrlimit(resource.RLIMIT_CPU, (30, 30))


@pytest.mark.slow
def test_a_plan_of_16000_blocks_validates_within_1_gb_and_30_s(tmp_path: Path) -> None:
    from planrev.model import walk
    from planrev.testing.synthetic import make_plan

    plan = make_plan(random.Random(16), 2900, meeting=1)
    blocks = sum(1 for located in walk(plan) if hasattr(located.node, "kind"))
    assert blocks >= 16_000
    path = tmp_path / "draft-01.yaml"
    path.write_text(dump_document(plan), encoding="utf-8")
    result = run_tool(
        [sys.executable, "-c", "from planrev.cli import main; main()", "validate", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=_limited,
        check=False,
        env={**os.environ, "PLANREV_CACHE": "0"},
    )
    assert result.returncode == 0, result.stderr
