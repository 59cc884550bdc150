"""The planrev command line: validate, schema, summary, languages, help and exit codes."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planrev.cli import basic, main
from planrev.errors import RenderError, ToolMissingError
from planrev.i18n import Msg
from planrev.schema import json_schema_text
from tests.conftest import AOMORI, ROOT
from tests.tools import run_tool


def run(*arguments: str) -> Result:
    return CliRunner().invoke(main, list(arguments), prog_name="planrev")


@pytest.fixture
def drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a drafts folder holding a copy of the example, as the current directory."""
    shutil.copytree(AOMORI, tmp_path / "drafts" / "aomori-dx")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "drafts"


# --------------------------------------------------------------------------------------------
# validate


def test_validate_a_drafts_folder(drafts: Path) -> None:
    result = run("validate", "drafts/aomori-dx")
    assert result.exit_code == 0
    assert result.stdout == "OK  drafts/aomori-dx: 草案2件(第2回、第3回)、意見1件、変更記録1件\n"
    assert result.stderr == ""


def test_validate_single_files(drafts: Path) -> None:
    folder = "drafts/aomori-dx"
    result = run(
        "validate",
        f"{folder}/draft-02.yaml",
        f"{folder}/opinions-03.yaml",
        f"{folder}/revision-02-03.yaml",
    )
    assert result.exit_code == 0
    assert result.stdout == (
        f"OK  {folder}/draft-02.yaml: 草案 第2回\n"
        f"OK  {folder}/opinions-03.yaml: 意見 第3回 6件\n"
        f"OK  {folder}/revision-02-03.yaml: 変更記録 第2回→第3回 6件\n"
    )


def test_validate_a_folder_of_drafts_folders(drafts: Path) -> None:
    shutil.copytree(drafts / "aomori-dx", drafts / "broken")
    text = (drafts / "broken" / "draft-03.yaml").read_text(encoding="utf-8")
    broken = text.replace("    title: 「行政経営」を支えるDX", "    titel: 「行政経営」を支えるDX")
    line = broken.split("\n").index("    titel: 「行政経営」を支えるDX") + 1
    (drafts / "broken" / "draft-03.yaml").write_text(broken, encoding="utf-8")
    (drafts / "notes").mkdir()  # not a drafts folder: skipped
    result = run("validate", "drafts")
    assert result.exit_code == 1
    assert result.stdout == "OK  drafts/aomori-dx: 草案2件(第2回、第3回)、意見1件、変更記録1件\n"
    assert result.stderr.startswith(
        f"エラー: drafts/broken/draft-03.yaml:{line}:5: 未知のキー 'titel' です('title' の書き間違いでは?)\n"
    )


def test_validate_json(drafts: Path) -> None:
    bad = drafts / "bad.yaml"
    bad.write_text(
        "schema_version: 1\ndocument: draft\nmeta:\n  title: 計画\n  meeting: 三\n", "utf-8"
    )
    result = run("validate", "--json", "drafts/aomori-dx", "drafts/bad.yaml")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert json.loads(result.stdout) == [
        {
            "path": "drafts/aomori-dx",
            "ok": True,
            "summary": "草案2件(第2回、第3回)、意見1件、変更記録1件",
        },
        {
            "path": "drafts/bad.yaml",
            "ok": False,
            "error": {
                "type": "SchemaError",
                "message": "整数が必要です(meta.meeting、'三' は使えません)",
                "hint": "引用符や小数点を付けずに半角数字で書いてください(例: 3)。",
                "path": "drafts/bad.yaml",
                "line": 5,
                "column": 12,
            },
        },
    ]


def test_validate_json_in_english(drafts: Path) -> None:
    result = run("--lang", "en", "validate", "--json", "drafts/missing.yaml")
    assert result.exit_code == 1
    (entry,) = json.loads(result.stdout)
    assert entry["error"]["message"] == "no such file"
    assert entry["error"]["line"] is None


def test_validate_a_missing_file(drafts: Path) -> None:
    result = run("validate", "nothing.yaml")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "エラー: nothing.yaml: ファイルがありません\n  対処: パスを確認してください。\n"
    )


def test_validate_needs_a_path() -> None:
    result = run("validate")
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


# --------------------------------------------------------------------------------------------
# schema


@pytest.mark.parametrize("kind", ["draft", "opinions", "revision"])
def test_schema_prints_each_kind(kind: str) -> None:
    result = run("schema", kind)
    assert result.exit_code == 0
    assert result.stdout == json_schema_text(kind)
    assert json.loads(result.stdout)["properties"]["document"]["const"] == kind


def test_schema_prints_the_draft_schema_by_default() -> None:
    assert run("schema").stdout == json_schema_text("draft")


def test_schema_out_writes_all_three(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    result = run("schema", "--out", str(out))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        str(out / f"{kind}.schema.json") for kind in ("draft", "opinions", "revision")
    ]
    for kind in ("draft", "opinions", "revision"):
        assert (out / f"{kind}.schema.json").read_text(encoding="utf-8") == json_schema_text(kind)


def test_schema_out_onto_a_file_is_an_output_error(tmp_path: Path) -> None:
    target = tmp_path / "schemas"
    target.write_text("", encoding="utf-8")
    result = run("schema", "--out", str(target))
    assert result.exit_code == 4
    assert "はファイルです" in result.stderr
    assert target.read_text(encoding="utf-8") == ""


def test_schema_rejects_an_unknown_kind() -> None:
    result = run("schema", "plan")
    assert result.exit_code == 2


# --------------------------------------------------------------------------------------------
# summary

SUMMARY = """\
(仮称)青森県DX推進プラン — drafts/aomori-dx
  第2回 日付不明  draft-02.yaml  柱4 分野7 施策14 記述21(うち文言不明2)
  第3回 令和5年7月26日  draft-03.yaml  柱4 分野7 施策14 記述23

  R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会
  会議資料「(仮称)青森県DX推進プラン素案(案)」(抜粋)

第2回 → 第3回
  変更 追加4件、修正1件、削除1件
    【追加①】 admin-vision-1  ← 意見1
    【追加②】 admin-vision-2  ← 意見2
    【追加】 talent-2  ← 意見3
    【追加】 data-2  ← 意見4
    【修正】 inclusion-2  ← 意見5
    【削除】 infra-3  ← ※商工業・サービス業の取組方針の削除に伴い削除
  意見 反映5件、未定1件
    意見1 [反映] 民間の働き方を支援するためには、行政側も民間へ負担を減らし、県内企業の効率化・省…
    意見2 [反映] 空いた時間で丁寧に対応できる体制は？
    意見3 [反映] デジタル人材不足は回復の兆しがなく、即戦力がある人材の奪い合いとなっている。方法…
    意見4 [反映] データをきちんと整理、経営判断に使うことを進めるべき
    意見5 [反映] サポート人材の育成も大事
    意見6 [未定] 使えない人への対応、使いなれたインターフェースできるような対応・工夫
"""


def test_summary(drafts: Path) -> None:
    result = run("summary", "drafts/aomori-dx")
    assert result.exit_code == 0
    assert result.stdout == SUMMARY


def test_summary_in_english(drafts: Path) -> None:
    result = run("--lang", "en", "summary", "drafts/aomori-dx")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1] == (
        "  meeting 2 date unknown  draft-02.yaml  4 pillars, 7 fields, 14 sections, "
        "21 statements (2 of unknown text)"
    )
    assert "meeting 2 → meeting 3" in lines
    assert "  changes: 追加: 4, 修正: 1, 削除: 1" in lines
    assert "    【追加①】 admin-vision-1  ← opinion 1" in lines
    assert "  opinions: 反映: 5, 未定: 1" in lines
    # English mode keeps Japanese data (labels, dispositions, texts) as written.
    assert "    opinion 2 [反映] 空いた時間で丁寧に対応できる体制は？" in lines


def test_summary_of_a_broken_folder(drafts: Path) -> None:
    (drafts / "aomori-dx" / "opinions-03.yaml").write_text("", encoding="utf-8")
    result = run("summary", "drafts/aomori-dx")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "エラー: drafts/aomori-dx/opinions-03.yaml:1:1: ファイルが空です"
    )


# --------------------------------------------------------------------------------------------
# Languages


def test_lang_en_switches_messages(drafts: Path) -> None:
    result = run("--lang", "en", "validate", "nothing.yaml")
    assert result.stderr == "error: nothing.yaml: no such file\n  hint: check the path.\n"


@pytest.mark.parametrize(
    ("environment", "language"),
    [
        ({"PLANREV_LANG": "en"}, "en"),
        ({"PLANREV_LANG": "ja", "LANG": "en_US.UTF-8"}, "ja"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "C.UTF-8"}, "ja"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, "ja"),
        ({"PLANREV_LANG": "fr", "LANG": "en_US.UTF-8"}, "en"),
        ({}, "ja"),
    ],
)
def test_language_from_the_environment(
    environment: dict[str, str], language: str, monkeypatch: pytest.MonkeyPatch, drafts: Path
) -> None:
    for name in ("PLANREV_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    result = run("validate", "nothing.yaml")
    expected = (
        "error: nothing.yaml: no such file"
        if language == "en"
        else "エラー: nothing.yaml: ファイルがありません"
    )
    assert result.stderr.splitlines()[0] == expected


def test_lang_option_beats_the_environment(monkeypatch: pytest.MonkeyPatch, drafts: Path) -> None:
    monkeypatch.setenv("PLANREV_LANG", "en")
    result = run("--lang", "ja", "validate", "nothing.yaml")
    assert result.stderr.startswith("エラー: ")


def test_an_unknown_language_is_a_usage_error() -> None:
    result = run("--lang", "fr", "validate", "x.yaml")
    assert result.exit_code == 2


# --------------------------------------------------------------------------------------------
# Help and version


def test_help_explains_the_tool_and_its_exit_codes() -> None:
    result = run("--help")
    assert result.exit_code == 0
    text = result.stdout
    assert "計画の草案をデータとして管理し" in text
    assert "終了コード" in text
    for code in (
        "0  成功",
        "1  入力にエラーがある",
        "2  コマンドラインの誤り",
        "70 planrev の内部エラー",
    ):
        assert code in text
    for command in ("validate", "schema", "summary"):
        assert command in text
    assert "Usage: planrev" in text


def test_short_help_option() -> None:
    assert run("-h").stdout == run("--help").stdout


def test_help_in_english() -> None:
    text = run("--lang", "en", "--help").stdout
    assert "plan drafts as data" in text
    assert "Exit codes" in text
    assert "Validate draft, opinions and revision files" in text


@pytest.mark.parametrize(
    ("command", "japanese", "english"),
    [
        ("validate", "草案フォルダを検証します", "Validate draft, opinions and revision files"),
        ("schema", "JSON Schema を出力します", "Print the JSON Schema"),
        ("summary", "草案フォルダの概要", "Summarise a drafts folder"),
    ],
)
def test_command_help(command: str, japanese: str, english: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert japanese in result.stdout
    assert english in run("--lang", "en", command, "--help").stdout


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == "planrev, version 0.1.0\n"


# --------------------------------------------------------------------------------------------
# Exit codes and the absence of tracebacks


def test_an_unknown_command_is_a_usage_error() -> None:
    result = run("render")
    assert result.exit_code == 2
    assert "No such command" in result.stderr


def test_an_unknown_option_is_a_usage_error() -> None:
    assert run("validate", "--strict", "x.yaml").exit_code == 2


def _raise(error: BaseException) -> object:
    def raising(*arguments: object, **keywords: object) -> object:
        raise error

    return raising


def test_an_internal_error_prints_no_traceback(
    monkeypatch: pytest.MonkeyPatch, drafts: Path
) -> None:
    monkeypatch.delenv("PLANREV_DEBUG", raising=False)
    monkeypatch.setattr(basic, "load_folder", _raise(RuntimeError("boom")))
    result = run("summary", "drafts/aomori-dx")
    assert result.exit_code == 70
    assert "Traceback" not in result.output
    assert "boom" not in result.output
    assert result.stderr == (
        "planrev の内部エラーです。PLANREV_DEBUG=1 を付けて再実行すると詳細が表示されます。"
        "実行したコマンドを添えて報告してください。\n"
    )


def test_an_internal_error_shows_its_traceback_with_planrev_debug(
    monkeypatch: pytest.MonkeyPatch, drafts: Path
) -> None:
    monkeypatch.setenv("PLANREV_DEBUG", "1")
    monkeypatch.setattr(basic, "load_folder", _raise(RuntimeError("boom")))
    result = run("summary", "drafts/aomori-dx")
    assert result.exit_code == 70
    assert "Traceback" in result.stderr
    assert "RuntimeError: boom" in result.stderr


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (RenderError(Msg("作れません", "cannot render")), 4),
        (ToolMissingError(Msg("pandoc がありません", "pandoc is missing")), 3),
        (OSError(28, "No space left on device", "out.html"), 4),
        (KeyboardInterrupt(), 130),
    ],
    ids=["render", "tool", "os", "interrupt"],
)
def test_exit_codes_by_kind_of_failure(
    error: BaseException, code: int, monkeypatch: pytest.MonkeyPatch, drafts: Path
) -> None:
    monkeypatch.setattr(basic, "load_folder", _raise(error))
    result = run("summary", "drafts/aomori-dx")
    assert result.exit_code == code
    assert "Traceback" not in result.output


def test_an_internal_error_in_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    # A subprocess: what a user sees, without the test runner's exception handling.
    script = (
        "import sys\n"
        "from planrev.cli import basic, main\n"
        "def broken(*a, **k):\n"
        "    raise ZeroDivisionError('x')\n"
        "basic.load_document = broken\n"
        "sys.argv = ['planrev', 'validate', sys.argv[1]]\n"
        "main()\n"
    )
    result = run_tool(
        [sys.executable, "-c", script, str(AOMORI / "draft-03.yaml")],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PLANREV_LANG": "en"},
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 70
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("internal error in planrev.")


def test_summary_as_json() -> None:
    import json

    from click.testing import CliRunner

    from planrev.cli import main
    from tests.conftest import AOMORI

    result = CliRunner().invoke(main, ["summary", str(AOMORI), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["meeting"] for d in data["drafts"]] == [2, 3]
    (step,) = data["steps"]
    assert [c["label"] for c in step["changes"]] == [
        "追加①",
        "追加②",
        "追加",
        "追加",
        "修正",
        "削除",
    ]
    assert step["opinions"][5]["disposition"] == "未定"
