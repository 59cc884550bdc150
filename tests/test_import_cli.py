"""``planrev import marked`` and ``planrev import plain`` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planrev.cli import EXIT_INPUT, EXIT_OK, EXIT_OUTPUT, main
from planrev.i18n import set_language
from planrev.storage.folder import load_folder
from tests.conftest import SEED

FILES = ("draft-02.yaml", "draft-03.yaml", "opinions-03.yaml", "revision-02-03.yaml")


@pytest.fixture(autouse=True)
def _language() -> object:
    yield
    set_language(None)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), env={"PLANREV_LANG": "ja"})


def test_marked_writes_four_files_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "aomori"
    result = run("import", "marked", str(SEED), "--out", str(out))
    assert result.exit_code == EXIT_OK, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    assert "第3回の草案: 柱4 分野7 施策14 めざす姿5 取組18 KPI表3 注記1 抜粋外15" in result.output
    assert "変更6件(追加4 修正1 削除1)" in result.output
    assert "意見6件(反映5 未定1)" in result.output
    assert f"{SEED}:78:72: 警告: 【追加②】" in result.output
    assert "警告3件" in result.output
    assert [d.model.meta.meeting for d in load_folder(out).drafts] == [2, 3]


def test_marked_report_in_english(tmp_path: Path) -> None:
    result = run("--lang", "en", "import", "marked", str(SEED), "--out", str(tmp_path / "x"))
    assert result.exit_code == EXIT_OK
    assert "6 changes (4 additions, 1 modification, 1 deletion)" in result.output
    assert f"{SEED}:78:72: warning: 【追加②】 is in the middle of a sentence" in result.output


def test_marked_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "aomori"
    out.mkdir()
    (out / "draft-03.yaml").write_text("keep me\n", encoding="utf-8")
    result = run("import", "marked", str(SEED), "--out", str(out))
    assert result.exit_code == EXIT_OUTPUT
    assert "--force" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["draft-03.yaml"]
    assert (out / "draft-03.yaml").read_text(encoding="utf-8") == "keep me\n"
    forced = run("import", "marked", str(SEED), "--out", str(out), "--force")
    assert forced.exit_code == EXIT_OK
    assert (out / "draft-03.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_marked_strict_fails_on_warnings_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "aomori"
    result = run("import", "marked", str(SEED), "--out", str(out), "--strict")
    assert result.exit_code == EXIT_INPUT
    assert "--strict" in result.output
    assert not out.exists()


def test_marked_extents_option(tmp_path: Path) -> None:
    side = tmp_path / "extents.yaml"
    side.write_text("追加②: 人的資源を\n", encoding="utf-8")
    result = run(
        "import", "marked", str(SEED), "--out", str(tmp_path / "x"), "--extents", str(side)
    )
    assert result.exit_code == EXIT_OK
    assert "警告2件" in result.output
    assert "【追加②】" not in result.output


def test_strict_passes_for_an_unambiguous_handout(tmp_path: Path) -> None:
    handout = Path(__file__).parent / "cases" / "import_marked_features" / "handout.md"
    result = run("import", "marked", str(handout), "--out", str(tmp_path / "x"), "--strict")
    assert result.exit_code == EXIT_OK, result.output
    assert "警告なし" in result.output


@pytest.mark.parametrize(
    ("content", "extra", "expected"),
    [
        (None, (), "ファイルがありません"),
        (b"", (), "取り込む内容がありません"),
        (b"# a\n\n- \xff\xfe\n", (), ":3:3: UTF-8"),
        ("# 柱\n\n- ・本文\n".encode(), (), "--meeting"),
        (SEED.read_bytes(), ("--extents", "missing.yaml"), "missing.yaml"),
    ],
)
def test_marked_bad_input_is_one_message_without_traceback(
    tmp_path: Path, content: bytes | None, extra: tuple[str, ...], expected: str
) -> None:
    source = tmp_path / "handout.txt"
    if content is not None:
        source.write_bytes(content)
    out = tmp_path / "out"
    result = run("import", "marked", str(source), "--out", str(out), *extra)
    assert result.exit_code == EXIT_INPUT
    assert expected in result.output
    assert "Traceback" not in result.output
    assert result.output.count("エラー") == 1
    assert not out.exists()


def test_marked_write_failure_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planrev.storage import journal

    out = tmp_path / "aomori"
    out.mkdir()
    (out / "draft-02.yaml").write_text("old content\n", encoding="utf-8")
    real = journal.create_exclusive
    calls: list[Path] = []

    def failing(folder: Path, *, mode: int = 0o666) -> tuple[int, Path]:
        calls.append(folder)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(folder))
        return real(folder, mode=mode)

    monkeypatch.setattr(journal, "create_exclusive", failing)
    result = run("import", "marked", str(SEED), "--out", str(out), "--force")
    assert result.exit_code == EXIT_OUTPUT
    assert "No space left on device" in result.output
    assert ".planrev-" not in result.output  # the real file is named, not a temporary one
    assert sorted(p.name for p in out.iterdir()) == ["draft-02.yaml"]
    assert (out / "draft-02.yaml").read_text(encoding="utf-8") == "old content\n"


def test_plain_writes_one_draft(tmp_path: Path) -> None:
    plan = Path(__file__).parent / "cases" / "import_plain_styles" / "plan.txt"
    out = tmp_path / "drafts" / "test" / "draft-01.yaml"
    result = run(
        "import", "plain", str(plan), "--out", str(out), "--meeting", "1", "--title", "テスト計画"
    )
    assert result.exit_code == EXIT_OK, result.output
    assert "柱2 分野2 施策8 本文8 注記1 脚注2" in result.output
    assert f"{plan}:26:6: 警告: 括弧「（」" in result.output
    assert out.exists()
    again = run("import", "plain", str(plan), "--out", str(out))
    assert again.exit_code == EXIT_OUTPUT
    strict = run("import", "plain", str(plan), "--out", str(tmp_path / "s.yaml"), "--strict")
    assert strict.exit_code == EXIT_INPUT
    assert not (tmp_path / "s.yaml").exists()


def test_plain_bad_date_is_one_message(tmp_path: Path) -> None:
    plan = tmp_path / "plan.md"
    plan.write_text("# 計画\n\n本文。\n", encoding="utf-8")
    result = run(
        "import", "plain", str(plan), "--out", str(tmp_path / "d.yaml"), "--date", "R1.4.30"
    )
    assert result.exit_code == EXIT_INPUT
    assert "Traceback" not in result.output
    assert not (tmp_path / "d.yaml").exists()


def test_help_is_bilingual() -> None:
    japanese = run("import", "marked", "--help")
    assert "見え消し版" in japanese.output
    english = CliRunner().invoke(main, ["--lang", "en", "import", "plain", "--help"])
    assert "Import a plan without edit marks" in english.output
