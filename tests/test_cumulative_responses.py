"""The cumulative 意見対応表: every meeting's opinions, in every format, from a history."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from planrev.cli import main
from planrev.comparison import compare
from planrev.render.html import cumulative_responses_html
from planrev.render.markdown import cumulative_responses_markdown
from planrev.render.xlsx import cumulative_responses_xlsx
from planrev.storage.folder import load_folder
from planrev.testing.history import make_history
from planrev.views import build_cumulative_responses


def _view(folder: Path):  # type: ignore[no-untyped-def]
    steps = []
    for step in load_folder(folder).steps():
        record = step.revision.model if step.revision else None
        opinions = step.opinions.model if step.opinions else None
        steps.append((compare(step.old.model, step.new.model, record, opinions), opinions))
    return build_cumulative_responses(steps)


def test_every_meeting_has_its_part_with_its_own_opinions(tmp_path: Path) -> None:
    make_history(tmp_path / "h", seed=3, meetings=4, sections=4)
    view = _view(tmp_path / "h")
    assert [part.meeting for part in view.parts] == ["第2回", "第3回", "第4回"]
    folder = load_folder(tmp_path / "h")
    for part, opinion_set in zip(view.parts, folder.opinions, strict=True):
        assert [o.id for o in part.opinions] == [o.id for o in opinion_set.model.opinions]
    assert view.count == sum(len(o.model.opinions) for o in folder.opinions)


def test_formats_show_every_opinion(tmp_path: Path) -> None:
    make_history(tmp_path / "h", seed=4, meetings=4, sections=3)
    view = _view(tmp_path / "h")
    html = cumulative_responses_html(view)
    markdown = cumulative_responses_markdown(view)
    workbook = openpyxl.load_workbook(io.BytesIO(cumulative_responses_xlsx(view)))
    assert workbook.sheetnames == ["第2回", "第3回", "第4回"]
    for part in view.parts:
        assert f"{part.meeting}" in html
        assert f"## {part.meeting}" in markdown
        sheet = workbook[part.meeting]
        cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
        for opinion in part.opinions:
            assert opinion.text in html
            assert opinion.text in markdown
            assert opinion.text in cells


def test_the_command_writes_the_cumulative_table(tmp_path: Path) -> None:
    make_history(tmp_path / "h", seed=5, meetings=3, sections=3)
    result = CliRunner().invoke(
        main,
        [
            "responses",
            str(tmp_path / "h"),
            "--out",
            str(tmp_path / "out"),
            "--all-meetings",
            "-f",
            "html,md,xlsx",
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "responses-all.html",
        "responses-all.md",
        "responses-all.xlsx",
    ]
    assert "2回分の意見対応表" in result.output
