"""The ``audit`` and ``blame`` commands, the progress bar and shell completion."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from planrev.cli import main
from planrev.cli.audit import Progress
from planrev.i18n import Msg, set_language
from planrev.testing.history import make_history
from tests.audit_cases import clean_history


@pytest.fixture(autouse=True)
def _japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language(None)


def _run(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(arguments))
    return result.exit_code, result.output


def test_audit_of_the_seed_fails_with_its_real_gaps(aomori: Path) -> None:
    code, output = _run("audit", str(aomori))
    assert code == 1
    lines = output.splitlines()
    assert lines[0] == f"(仮称)青森県DX推進プラン — {aomori}(第2回〜第3回)"
    assert "[エラー] 意見6(op-inclusion-2)の対応(disposition)が決まっていません" in output
    assert f"{aomori / 'opinions-03.yaml'}:30:5" in output
    assert (
        "[エラー] 意見1(op-admin-1)は「反映」ですが、事務局の考え方(response)がありません。"
        "意見対応表に（未記入）と出ます  (empty-response)"
    ) in output
    assert f"{aomori / 'opinions-03.yaml'}:7:5" in output
    assert output.count("[情報]") == 2
    assert lines[-1] == "計: エラー6件、警告0件、情報2件"


def test_audit_of_a_clean_history_passes(tmp_path: Path) -> None:
    code, output = _run("audit", str(clean_history(tmp_path)))
    assert code == 0
    assert "指摘はありません。" in output


def test_audit_json(aomori: Path) -> None:
    code, output = _run("audit", str(aomori), "--json")
    assert code == 1
    data = json.loads(output)
    assert data["counts"] == {"error": 6, "warning": 0, "info": 2}
    assert data["exit_code"] == 1
    assert data["meetings"] == [2, 3]
    assert [f["code"] for f in data["findings"]] == [
        "undisposed-opinion",
        *["empty-response"] * 5,
        "unknown-prior-text",
        "unknown-prior-text",
    ]
    first = data["findings"][0]
    assert first["level"] == "error"
    assert first["meeting"] == 3
    assert first["subjects"] == ["op-inclusion-2"]
    assert first["location"]["line"] == 30
    assert first["location"]["path"].endswith("opinions-03.yaml")


def test_audit_level_filters_what_is_shown_not_the_exit_code(aomori: Path) -> None:
    code, output = _run("audit", str(aomori), "--level", "error", "--format", "json")
    assert code == 1
    assert [f["code"] for f in json.loads(output)["findings"]] == [
        "undisposed-opinion",
        *["empty-response"] * 5,
    ]
    code, output = _run("audit", str(aomori), "--level", "warning")
    assert "[情報]" not in output
    assert "[エラー]" in output


def test_audit_in_english(aomori: Path) -> None:
    code, output = _run("audit", str(aomori), "--lang", "en")
    assert code == 1
    assert "[error] opinion 6 (op-inclusion-2) has no disposition" in output
    assert "Total: 6 error, 0 warning, 2 info" in output
    code, output = _run("--lang", "en", "audit", str(aomori), "--level", "error")
    assert "hint: set disposition" in output


def test_audit_markdown_to_a_file(aomori: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "audit.md"
    code, output = _run("audit", str(aomori), "--format", "markdown", "--out", str(target))
    assert code == 1
    assert output == ""
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# 監査報告: (仮称)青森県DX推進プラン\n")


def test_audit_of_a_missing_folder(tmp_path: Path) -> None:
    code, output = _run("audit", str(tmp_path / "nothing"))
    assert code == 1
    assert "エラー:" in output
    assert "Traceback" not in output


def test_audit_of_a_broken_file(tmp_path: Path) -> None:
    clean_history(tmp_path)
    (tmp_path / "draft-02.yaml").write_text("schema_version: 1\ndocument: draft\nmeta: [\n")
    code, output = _run("audit", str(tmp_path))
    assert code == 1
    assert "draft-02.yaml:" in output
    assert "Traceback" not in output


def test_blame_command(aomori: Path) -> None:
    code, output = _run("blame", str(aomori))
    assert code == 0
    lines = output.splitlines()
    assert lines[0].startswith("admin-vision-1  第3回【追加①】 ← 意見1(op-admin-1)  「自らが")
    assert any(line.startswith("convenience-1  第2回から  「") for line in lines)

    code, output = _run("blame", str(aomori), "inclusion-2")
    assert code == 0
    assert output.splitlines() == [
        "inclusion-2  取組方針(誰でも安全・安心に使えるデジタル)",
        "  新しい技術を使いこなせない人も取り残されないよう、様々なサポートをする人材が育成され、"
        "お互いが支え合い、繋がりあう仕組みが構築されている。",
        "  由来: 第2回の草案から(それより前の記録はありません)",
        "  変更: 第3回【修正】 ← 意見5(op-inclusion-1)",
    ]


def test_blame_command_json(aomori: Path) -> None:
    code, output = _run("blame", str(aomori), "talent-2", "--json")
    assert code == 0
    [item] = json.loads(output)
    assert item["id"] == "talent-2"
    assert item["type"] == "statement"
    assert item["kind"] == "initiative"
    assert item["introduced"]["label"] == "追加"
    assert item["introduced"]["record"] == "talent-add"
    assert item["introduced"]["opinions"] == [
        {"id": "op-talent-1", "meeting": 3, "number": 3, "disposition": "反映"}
    ]
    assert item["changes"] == []
    assert item["deleted"] is None
    assert item["cells"][0]["set_by"]["change"] == "talent-2"


def test_blame_of_kpi_cells_in_text(tmp_path: Path) -> None:
    generated = make_history(tmp_path, 3)
    edit = next(e for e in generated.edits(2) if e.kind == "kpi")
    code, output = _run("blame", str(tmp_path), edit.target)
    assert code == 0
    assert "目標値" in output
    assert "← 第2回【" in output


def test_blame_command_opinion(aomori: Path) -> None:
    code, output = _run("blame", str(aomori), "--opinion", "op-data-1")
    assert code == 0
    assert output.splitlines()[:3] == [
        "op-data-1",
        "  第3回 意見4 [反映] データをきちんと整理、経営判断に使うことを進めるべき",
        "  第3回【追加】 data-2",
    ]
    code, output = _run("blame", str(aomori), "--opinion", "op-inclusion-2", "--json")
    data = json.loads(output)
    assert data["changes"] == []
    assert data["listed"][0]["disposition"] == "未定"


def test_blame_command_usage_errors(aomori: Path) -> None:
    code, output = _run("blame", str(aomori), "nope")
    assert code == 2
    assert "id 'nope'" in output
    code, _ = _run("blame", str(aomori), "--opinion", "nobody")
    assert code == 2
    code, _ = _run("blame", str(aomori), "talent-2", "--opinion", "op-data-1")
    assert code == 2


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    with Progress(Msg("比較", "comparing"), delay=0) as progress:
        progress(1, 2)
        progress(2, 2)
    assert pipe.getvalue() == ""

    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with Progress(Msg("比較", "comparing"), delay=0) as progress:
        progress(1, 2)
        progress(2, 2)
    assert "比較" in terminal.getvalue()


def test_progress_bar_waits_before_showing(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with Progress(Msg("比較", "comparing"), delay=3600) as progress:
        progress(1, 2)
    assert terminal.getvalue() == ""


def test_shell_completion_script() -> None:
    result = CliRunner().invoke(
        main, [], prog_name="planrev", env={"_PLANREV_COMPLETE": "bash_source"}
    )
    assert result.exit_code == 0
    assert "_planrev_completion" in result.output


def test_help_lists_the_commands() -> None:
    code, output = _run("--help")
    assert code == 0
    for name in ("audit", "blame", "log"):
        assert name in output
    code, output = _run("audit", "--help")
    assert "終了コード 1" in output


def _complete(words: str, index: int) -> list[str]:
    result = CliRunner().invoke(
        main,
        [],
        prog_name="planrev",
        env={"_PLANREV_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(index)},
    )
    assert result.exit_code == 0
    return [line.split(",", 1)[1] for line in result.output.splitlines() if "," in line]


def test_completion_of_node_ids_and_opinions(aomori: Path) -> None:
    assert _complete(f"planrev blame {aomori} talent-", 3) == ["talent-1", "talent-2", "talent-3"]
    # Ids of earlier drafts too: a deleted statement can still be looked up.
    assert _complete(f"planrev log {aomori} infra-", 3) == ["infra-1", "infra-2", "infra-3"]
    assert _complete(f"planrev blame {aomori} --opinion op-a", 4) == ["op-admin-1", "op-admin-2"]
    assert _complete("planrev blame /no/such/folder --opinion op-a", 4) == []
