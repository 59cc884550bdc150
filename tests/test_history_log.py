"""The log of one node: its text at each meeting with the word-level redline between them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from planrev.audit import load_folder, node_log, node_text
from planrev.cli import main
from planrev.comparison import Op, new_text, old_text
from planrev.i18n import set_language
from planrev.model.build import kpi, kpi_row
from planrev.testing.history import make_history


@pytest.fixture(autouse=True)
def _japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language(None)


def test_log_of_a_text_the_sources_never_showed(aomori: Path) -> None:
    log = node_log(load_folder(aomori), "inclusion-2")
    assert [(e.meeting, e.text is None) for e in log.entries] == [(2, True), (3, False)]
    assert log.entries[1].event is not None
    assert log.entries[1].event.label == "修正"
    assert log.entries[1].spans == ()  # nothing to diff against an unknown text
    assert log.deleted is None


def test_log_of_a_deleted_node(aomori: Path) -> None:
    log = node_log(load_folder(aomori), "infra-3")
    assert [e.meeting for e in log.entries] == [2]
    assert log.deleted is not None


def test_redlines_rebuild_both_texts(tmp_path: Path) -> None:
    generated = make_history(tmp_path, 3)
    history = load_folder(generated.folder)
    checked = 0
    for node_id in generated.statements():
        log = node_log(history, node_id)
        for before, after in zip(log.entries, log.entries[1:], strict=False):
            if after.spans:
                assert old_text(after.spans) == before.text
                assert new_text(after.spans) == after.text
                assert any(span.op is not Op.EQUAL for span in after.spans)
                assert after.event is not None
                checked += 1
            else:
                assert after.text == before.text
    assert checked > 0


def test_log_follows_a_rekeyed_node(tmp_path: Path) -> None:
    generated = make_history(tmp_path, 3)
    rekeyed = [
        (meeting, edit)
        for meeting in generated.meetings[1:]
        for edit in generated.edits(meeting)
        if edit.kind == "rekey"
    ]
    assert rekeyed, "seed 3 re-keys a statement"
    meeting, edit = rekeyed[0]
    log = node_log(load_folder(generated.folder), edit.target)
    ids = {entry.meeting: entry.node_id for entry in log.entries}
    assert ids[meeting] == edit.target
    assert ids[meeting - 1] == edit.old_id


def test_node_text_of_kpis() -> None:
    row = kpi_row("k1", "オンライン手続の割合", unit="%", baseline="40", target=None)
    assert node_text(row) == "オンライン手続の割合(%): 基準値 40 → 目標値 —"
    table = kpi("t", row, baseline_year=2023, target_year=None)
    assert node_text(table) == "KPI: 基準年 2023 / 目標年 —"


def test_log_command_marks_changes_without_a_terminal(tmp_path: Path) -> None:
    generated = make_history(tmp_path, 3)
    history = load_folder(generated.folder)
    node_id = next(
        n for n in generated.statements() if any(e.spans for e in node_log(history, n).entries)
    )
    result = CliRunner().invoke(main, ["log", str(tmp_path), node_id])
    assert result.exit_code == 0, result.output
    assert "{+" in result.output or "[-" in result.output
    assert "\x1b[" not in result.output
    colored = CliRunner().invoke(main, ["log", str(tmp_path), node_id, "--color"], color=True)
    assert "\x1b[" in colored.output
    assert "{+" not in colored.output
    assert "[-" not in colored.output


def test_log_command_json(aomori: Path) -> None:
    result = CliRunner().invoke(main, ["log", str(aomori), "inclusion-2", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ids"] == ["inclusion-2"]
    assert [e["meeting"] for e in data["entries"]] == [2, 3]
    assert data["entries"][0]["text"] is None
    assert data["entries"][1]["change"]["label"] == "修正"
    assert data["entries"][1]["change"]["opinions"][0]["id"] == "op-inclusion-1"
    assert data["deleted"] is None


def test_log_command_text(aomori: Path) -> None:
    result = CliRunner().invoke(main, ["log", str(aomori), "inclusion-2"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "第2回  inclusion-2",
        "    (文言不明)",
        "第3回  inclusion-2  第3回【修正】 ← 意見5(op-inclusion-1)",
        "    新しい技術を使いこなせない人も取り残されないよう、様々なサポートをする人材が育成され、"
        "お互いが支え合い、繋がりあう仕組みが構築されている。",
    ]


def test_log_command_unknown_node(aomori: Path) -> None:
    result = CliRunner().invoke(main, ["log", str(aomori), "nope"])
    assert result.exit_code == 2
    assert "nope" in result.output
