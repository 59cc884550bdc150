"""The command line is safe to run on hostile or degenerate input (issue 18).

- it never writes onto one of its inputs, and onto an existing file only with ``--force``;
- control characters in user text reach no terminal: every command shows them visibly;
- a comparison of one draft (a folder of a single draft, ``--from`` equal to ``--to``) is
  refused the same way by every command that compares;
- bad input ends with one message and exit code 1 or 2, never an internal error (70).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planrev.cli import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE, main
from planrev.cli.terminal import CONTROLS, json_text, visible
from tests.audit_cases import clean_history
from tests.conftest import AOMORI


def run(*arguments: str) -> Result:
    return CliRunner().invoke(main, list(arguments))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Return a copy of the R5.7.26 example (without its source material)."""
    target = tmp_path / "drafts"
    shutil.copytree(AOMORI, target, ignore=shutil.ignore_patterns("source"))
    return target


# --------------------------------------------------------------------------------------------
# Never overwrite (18.1)

# Every command that writes files, with the name of one file it writes into --out.
WRITERS = [
    (["audit", "{folder}", "--format", "markdown", "--out", "{out}/audit.md"], "audit.md"),
    (["handout", "{folder}", "--out", "{out}", "-f", "md"], "redline.md"),
    (["redline", "{folder}", "--out", "{out}", "-f", "md"], "redline.md"),
    (["clean", "{folder}", "--out", "{out}", "-f", "md"], "clean.md"),
    (["table", "{folder}", "--out", "{out}", "-f", "md"], "table.md"),
    (["responses", "{folder}", "--out", "{out}", "-f", "md"], "responses.md"),
    (
        ["responses", "{folder}", "--all-meetings", "--out", "{out}", "-f", "md"],
        "responses-all.md",
    ),
    (["schema", "--out", "{out}"], "draft.schema.json"),
]


def _arguments(template: list[str], folder: Path, out: Path) -> list[str]:
    return [part.format(folder=folder, out=out) for part in template]


@pytest.mark.parametrize(("template", "name"), WRITERS, ids=lambda v: str(v)[:40])
def test_an_existing_file_is_replaced_only_with_force(
    folder: Path, tmp_path: Path, template: list[str], name: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / name).write_text("前の版", encoding="utf-8")
    result = run(*_arguments(template, folder, out))
    assert result.exit_code == EXIT_OUTPUT, result.output
    assert "既にファイルがあります" in result.output
    assert "--force" in result.output
    assert (out / name).read_text(encoding="utf-8") == "前の版"
    assert [p.name for p in out.iterdir()] == [name]  # nothing else written either
    result = run(*_arguments(template, folder, out), "--force")
    assert result.exit_code in {EXIT_OK, EXIT_INPUT}, result.output  # audit: 1 for its errors
    assert (out / name).read_text(encoding="utf-8") != "前の版"


def _links_to_input(out: Path, name: str, draft: Path, kind: str) -> None:
    out.mkdir(exist_ok=True)
    if kind == "symlink":
        (out / name).symlink_to(draft)
    else:
        os.link(draft, out / name)


@pytest.mark.parametrize("kind", ["symlink", "hardlink"])
@pytest.mark.parametrize(("template", "name"), WRITERS[:-1], ids=lambda v: str(v)[:40])
def test_an_input_is_never_written_even_with_force(
    folder: Path, tmp_path: Path, template: list[str], name: str, kind: str
) -> None:
    draft = folder / "draft-03.yaml"
    before = draft.read_bytes()
    out = tmp_path / "out"
    _links_to_input(out, name, draft, kind)
    result = run(*_arguments(template, folder, out), "--force")
    assert result.exit_code == EXIT_OUTPUT, result.output
    assert "入力ファイル" in result.output
    assert draft.read_bytes() == before
    assert (out / name).samefile(draft)


def test_audit_refuses_to_write_onto_a_draft_by_any_path(folder: Path) -> None:
    # issue 18.1: `planrev audit D --format markdown --out D/draft-03.yaml` replaced the draft.
    before = (folder / "draft-03.yaml").read_bytes()
    for target in (
        folder / "draft-03.yaml",
        folder / ".." / folder.name / "draft-03.yaml",
        folder / "opinions-03.yaml",
    ):
        result = run("audit", str(folder), "--format", "markdown", "--out", str(target), "--force")
        assert result.exit_code == EXIT_OUTPUT, result.output
        assert "入力は --force でも上書きしません" in result.output
    assert (folder / "draft-03.yaml").read_bytes() == before
    assert run("validate", str(folder)).exit_code == EXIT_OK


def test_handout_into_the_drafts_folder_writes_beside_the_drafts(folder: Path) -> None:
    # The drafts folder is not an input file: handouts may sit beside the drafts.
    result = run("table", str(folder), "--out", str(folder), "-f", "md")
    assert result.exit_code == EXIT_OK, result.output
    assert (folder / "table.md").is_file()
    assert run("validate", str(folder)).exit_code == EXIT_OK


def test_a_file_where_a_folder_is_expected_is_refused(folder: Path, tmp_path: Path) -> None:
    before = (folder / "draft-03.yaml").read_bytes()
    result = run("handout", str(folder), "-o", str(folder / "draft-03.yaml"), "--force")
    assert result.exit_code == EXIT_OUTPUT, result.output
    assert "は入力ファイルです。入力は上書きしません" in result.output
    assert (folder / "draft-03.yaml").read_bytes() == before
    other = tmp_path / "notes.txt"
    other.write_text("メモ", encoding="utf-8")
    result = run("responses", str(folder), "--all-meetings", "-o", str(other), "--force")
    assert result.exit_code == EXIT_OUTPUT, result.output
    assert "はファイルです。書き出すフォルダを指定してください" in result.output
    assert other.read_text(encoding="utf-8") == "メモ"


def test_a_folder_where_a_file_is_expected_is_refused(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.mkdir()
    result = run("audit", str(folder), "--format", "markdown", "--out", str(target), "--force")
    assert result.exit_code in {EXIT_OUTPUT, EXIT_USAGE}, result.output
    assert target.is_dir()


# --------------------------------------------------------------------------------------------
# Terminal output (18.6)

HOSTILE = "限られた\x1b[31mデジタル\x00人材\x7f\x9b\u202eを\x1b]0;pwned\x07活用する\r"


def _hostile_folder(folder: Path) -> Path:
    """Put control characters in a changed statement, the plan's title and an opinion."""
    draft = folder / "draft-03.yaml"
    text = draft.read_text(encoding="utf-8")
    text = text.replace(
        "            text: 限られたデジタル人材を最適化して活用するための仕組みを構築する。",
        "            text: " + json_text(HOSTILE),
    )
    text = text.replace("  title: 青森県DX推進プラン", "  title: " + json_text("青森\x1b[2J県"))
    # A statement both drafts hold, rewritten: its redline has spans in diff and log.
    text = text.replace(
        "                  いつでも、どこでも、わかりやすく、短時間で、",
        "                  いつでも、\u202eどこでも、わかりやすく、\u2066短時間で、",
    )
    draft.write_text(text, encoding="utf-8")
    opinions = folder / "opinions-03.yaml"
    text = opinions.read_text(encoding="utf-8")
    text = text.replace(
        "    text: 空いた時間で丁寧に対応できる体制は？",
        "    text: " + json_text("空いた時間で\x1b[5m丁寧に\u2066対応できる体制は？"),
    )
    opinions.write_text(text, encoding="utf-8")
    return folder


def _without_our_styles(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@pytest.mark.parametrize(
    "arguments",
    [
        ["validate", "{folder}"],
        ["summary", "{folder}"],
        ["summary", "{folder}", "--json"],
        ["diff", "{folder}"],
        ["diff", "{folder}", "--color"],
        ["diff", "{folder}", "--json"],
        ["log", "{folder}", "talent-2"],
        ["log", "{folder}", "talent-2", "--color"],
        ["log", "{folder}", "convenience-vision"],
        ["log", "{folder}", "convenience-vision", "--color"],
        ["log", "{folder}", "talent-2", "--json"],
        ["blame", "{folder}"],
        ["blame", "{folder}", "talent-2"],
        ["blame", "{folder}", "--opinion", "op-admin-2"],
        ["audit", "{folder}"],
        ["audit", "{folder}", "--json"],
        ["redline", "{folder}", "-o", "{folder}/out", "-f", "md"],
    ],
    ids=" ".join,
)
def test_no_control_character_reaches_the_terminal(folder: Path, arguments: list[str]) -> None:
    _hostile_folder(folder)
    result = run(*[part.format(folder=folder) for part in arguments])
    assert result.exit_code in {EXIT_OK, EXIT_INPUT}, result.output
    shown = result.stdout + result.stderr
    colour = "--color" in arguments
    raw = CONTROLS.findall(_without_our_styles(shown) if colour else shown)
    assert raw == [], sorted(set(raw))
    if arguments[0] in {"summary", "diff", "log", "blame"} and "--json" not in arguments:
        assert "␛" in shown or "\\u202e" in shown  # shown, not dropped


def test_json_keeps_the_text_exactly(folder: Path) -> None:
    import json

    _hostile_folder(folder)
    result = run("log", str(folder), "talent-2", "--json")
    assert json.loads(result.stdout)["entries"][-1]["text"] == HOSTILE


def test_a_file_name_with_control_characters_is_shown_visibly(tmp_path: Path) -> None:
    path = tmp_path / "bad\x1b[31m.yaml"
    path.write_text("schema_version: 1\ndocument: draft\nmeta: [\n", encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == EXIT_INPUT
    assert "\x1b" not in result.output
    assert "bad␛[31m.yaml" in result.output


def test_visible_shows_every_control_and_keeps_text() -> None:
    assert visible(HOSTILE) == ("限られた␛[31mデジタル␀人材␡\\u009b\\u202eを␛]0;pwned␇活用する␍")
    assert visible("改行\nとタブ\tは残る　全角も①㈱髙") == "改行\nとタブ\tは残る　全角も①㈱髙"
    assert visible(visible(HOSTILE)) == visible(HOSTILE)


# --------------------------------------------------------------------------------------------
# One rule for degenerate folders (18.9)

COMPARING = [
    ["diff", "{folder}"],
    ["handout", "{folder}", "-o", "{out}"],
    ["redline", "{folder}", "-o", "{out}"],
    ["clean", "{folder}", "-o", "{out}"],
    ["table", "{folder}", "-o", "{out}"],
    ["responses", "{folder}", "-o", "{out}"],
    ["responses", "{folder}", "--all-meetings", "-o", "{out}"],
]


@pytest.mark.parametrize("arguments", COMPARING, ids=" ".join)
def test_a_folder_of_one_draft_has_nothing_to_compare(
    folder: Path, tmp_path: Path, arguments: list[str]
) -> None:
    for name in ("draft-02.yaml", "revision-02-03.yaml"):
        (folder / name).unlink()
    out = tmp_path / "out"
    result = run(*[part.format(folder=folder, out=out) for part in arguments])
    assert result.exit_code == EXIT_INPUT, result.output
    assert "フォルダの草案は第3回の1つだけで、比較する前の草案がありません" in result.output
    assert "比較には2つの異なる回の草案が要ります" in result.output
    assert not out.exists()


@pytest.mark.parametrize("arguments", COMPARING[:-1], ids=" ".join)
def test_one_meeting_twice_has_nothing_to_compare(
    folder: Path, tmp_path: Path, arguments: list[str]
) -> None:
    out = tmp_path / "out"
    given = [part.format(folder=folder, out=out) for part in arguments]
    result = run(*given, "--from", "3", "--to", "3")
    assert result.exit_code == EXIT_INPUT, result.output
    assert "比較元と比較先が同じ第3回の草案です" in result.output
    result = run(*given, "--to", "2")
    assert result.exit_code == EXIT_INPUT, result.output
    assert "第2回より前の草案がフォルダにありません" in result.output
    result = run(*given, "--from", "3", "--to", "2")
    assert result.exit_code == EXIT_INPUT, result.output
    assert "第3回は第2回より後の回です" in result.output
    result = run(*given, "--to", "9")
    assert result.exit_code == EXIT_USAGE, result.output
    assert "第9回の草案がフォルダにありません(あるのは第2回、第3回)" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    "arguments",
    [["validate"], ["summary"], ["audit"], ["blame"], ["log", "talent-2"]],
    ids=" ".join,
)
def test_a_folder_of_one_draft_is_a_history_of_one_meeting(
    folder: Path, arguments: list[str]
) -> None:
    for name in ("draft-02.yaml", "revision-02-03.yaml"):
        (folder / name).unlink()
    result = run(arguments[0], str(folder), *arguments[1:])
    assert result.exit_code in {EXIT_OK, EXIT_INPUT}, result.output
    assert result.exit_code != EXIT_INTERNAL
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------------------------
# The audit before a handout (18.12)


def test_handout_says_when_the_audit_has_errors(folder: Path, tmp_path: Path) -> None:
    result = run("table", str(folder), "-o", str(tmp_path / "out"), "-f", "md")
    assert result.exit_code == EXIT_OK
    assert "注意: 監査のエラーが6件あります" in result.stderr
    assert (tmp_path / "out" / "table.md").is_file()


def test_strict_handout_refuses_to_write_when_the_audit_has_errors(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run("handout", str(folder), "-o", str(out), "-f", "md", "--strict")
    assert result.exit_code == EXIT_INPUT
    assert "監査のエラーが6件あるため、配布資料を書き出しません(--strict)" in result.stderr
    assert "意見6(op-inclusion-2)の対応(disposition)が決まっていません" in result.stderr
    assert "ほか1件" in result.stderr
    assert not out.exists()


def test_strict_handout_of_a_clean_history_writes(tmp_path: Path) -> None:
    drafts = clean_history(tmp_path / "drafts")
    result = run("handout", str(drafts), "-o", str(tmp_path / "out"), "-f", "md", "--strict")
    assert result.exit_code == EXIT_OK, result.output
    assert "監査" not in result.output
    assert (tmp_path / "out" / "redline.md").is_file()


# --------------------------------------------------------------------------------------------
# No internal errors on bad input (18.7)


@pytest.mark.parametrize("document", ["[draft, opinions]", "{kind: draft}"])
def test_a_document_key_that_is_a_list_or_a_map(folder: Path, document: str) -> None:
    draft = folder / "draft-03.yaml"
    draft.write_text(
        draft.read_text(encoding="utf-8").replace("document: draft", f"document: {document}"),
        encoding="utf-8",
    )
    for arguments in (
        ["validate", str(draft)],
        ["validate", str(folder)],
        ["audit", str(folder)],
        ["handout", str(folder), "-o", str(folder / "out")],
    ):
        result = run(*arguments)
        assert result.exit_code == EXIT_INPUT, (arguments, result.output)
        assert "draft-03.yaml:" in result.output
        assert "document にはリストや対応表ではなく" in result.output
    # Not a planrev document: two YAML files are then compared as text.
    result = run("diff", str(folder / "draft-02.yaml"), str(draft))
    assert result.exit_code == EXIT_OK, result.output


@pytest.mark.parametrize("author", ["長" * 256, "", "事務\x1b局"])
def test_an_author_word_cannot_store(folder: Path, tmp_path: Path, author: str) -> None:
    out = tmp_path / "out"
    result = run("redline", str(folder), "-o", str(out), "-f", "docx", "--author", author)
    assert result.exit_code == EXIT_USAGE, result.output
    assert "作成者は1〜255文字" in result.output
    assert not out.exists()


def test_an_author_of_255_characters_is_fine(folder: Path, tmp_path: Path) -> None:
    result = run("redline", str(folder), "-o", str(tmp_path), "-f", "docx", "--author", "長" * 255)
    assert result.exit_code == EXIT_OK, result.output


def test_from_and_to_need_a_folder(folder: Path) -> None:
    result = run("diff", str(folder / "draft-02.yaml"), str(folder / "draft-03.yaml"), "--to", "3")
    assert result.exit_code == EXIT_USAGE
    assert "--from と --to は草案フォルダを1つ指定したときだけ使えます" in result.output
