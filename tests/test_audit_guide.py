"""The user guide tells the truth: its script runs, its outputs are what planrev prints."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import planrev.cli
from planrev.audit import CODES, audit, blame, load_folder
from planrev.cli import main
from planrev.i18n import set_language
from tests.conftest import AOMORI, ROOT

GUIDE = ROOT / "docs" / "guide"


@pytest.fixture(autouse=True)
def _japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language(None)


def _script() -> str:
    text = (GUIDE / "python-api.md").read_text(encoding="utf-8")
    match = re.search(
        r"<!-- secretariat-script:start -->\n```python\n(.*?)```\n<!-- secretariat-script:end -->",
        text,
        re.DOTALL,
    )
    assert match is not None
    return match.group(1)


def _fenced_after(text: str, marker: str, language: str) -> str:
    start = text.index(marker)
    block = text.index(f"```{language}\n", start) + len(language) + 4
    return text[block : text.index("```", block)]


def test_secretariat_script_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "drafts" / "aomori-dx"
    shutil.copytree(AOMORI, folder)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as ended:
        exec(compile(_script(), "docs/guide/python-api.md", "exec"), {"__name__": "__main__"})
    assert ended.value.code == 0
    printed = capsys.readouterr().out
    guide = (GUIDE / "python-api.md").read_text(encoding="utf-8")
    assert printed == _fenced_after(guide, "終了コードは 0 です。", "text")

    # The files it wrote are what the guide shows, and the history audits without errors.
    for name in ("draft-04.yaml", "opinions-04.yaml", "revision-03-04.yaml"):
        assert (folder / name).is_file()
    revision = (folder / "revision-03-04.yaml").read_text(encoding="utf-8")
    shown = _fenced_after(guide, "作った変更記録", "yaml")
    assert revision.endswith(shown)
    assert "# 第3回資料の「★意見" in (folder / "opinions-03.yaml").read_text(encoding="utf-8")
    history = load_folder(folder)
    assert history.meetings == (2, 3, 4)
    assert audit(history).exit_code == 0
    talent = blame(history, "talent-4")[0]
    assert talent.introduced is not None
    assert talent.introduced.opinions == ("op4-talent-1",)

    # The log the audit chapter shows for quality-5.
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["log", "drafts/aomori-dx", "quality-5"])
    chapter = (GUIDE / "audit.md").read_text(encoding="utf-8")
    shown_log = _fenced_after(chapter, "## 履歴 `planrev log`", "console")
    assert shown_log == "$ planrev log drafts/aomori-dx quality-5\n" + result.output


def test_index_shows_the_real_audit_of_the_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["audit", "drafts/aomori-dx"])
    assert result.exit_code == 1
    index = (GUIDE / "index.md").read_text(encoding="utf-8")
    assert _fenced_after(index, "未記入の箇所を正直に報告します。", "text") == result.output


def test_audit_chapter_shows_the_real_blame(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["blame", "drafts/aomori-dx", "inclusion-2"])
    chapter = (GUIDE / "audit.md").read_text(encoding="utf-8")
    assert result.output in chapter


def test_every_finding_code_is_documented() -> None:
    chapter = (GUIDE / "audit.md").read_text(encoding="utf-8")
    reference = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in chapter, code
        assert f"`{code}`" in reference, code


def test_every_exit_code_is_documented() -> None:
    errors = (GUIDE / "errors.md").read_text(encoding="utf-8")
    codes = [
        value
        for name, value in vars(planrev.cli).items()
        if name.startswith("EXIT_") and isinstance(value, int)
    ]
    assert len(codes) == 6
    for code in [*codes, 130]:
        assert re.search(rf"^\| {code} \|", errors, re.MULTILINE), code


def test_guide_links_point_at_files() -> None:
    for page in [*GUIDE.glob("*.md"), ROOT / "docs" / "api.md"]:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#]+\.md)(?:#[^)]*)?\)", text):
            assert (page.parent / target).is_file(), f"{page.name} → {target}"
