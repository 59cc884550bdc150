"""The Markdown audit report: golden files, escaping, and a strict template."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from planrev.audit import audit, load_folder
from planrev.diagnostics import Level
from planrev.i18n import set_language
from planrev.render.audit import audit_markdown, audit_view
from planrev.render.templating import markdown_cell
from tests.conftest import ROOT

GOLDEN = Path(__file__).parent / "golden" / "audit"
"""Expected reports; regenerate with PLANREV_UPDATE_GOLDEN=1 and review the difference."""


@pytest.fixture(autouse=True)
def _japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language(None)


def _check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PLANREV_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_seed_report(monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    monkeypatch.chdir(ROOT)  # the report names the folder as given: keep it relative
    set_language(language)
    report = audit(load_folder(Path("drafts/aomori-dx")))
    _check(f"aomori-dx.{language}.md", audit_markdown(report))


def test_report_filters_by_level(aomori: Path) -> None:
    report = audit(load_folder(aomori))
    text = audit_markdown(report, Level.ERROR)
    assert "undisposed-opinion" in text
    assert "unknown-prior-text" not in text


def test_report_without_findings(tmp_path: Path) -> None:
    from tests.audit_cases import clean_history

    text = audit_markdown(audit(load_folder(clean_history(tmp_path))))
    assert "指摘はありません。" in text
    assert "エラーはありません(終了コード 0)。" in text


def test_markdown_cells_are_escaped() -> None:
    assert markdown_cell("a|b") == "a\\|b"
    assert markdown_cell("x~deleted") == "x\\~deleted"
    assert markdown_cell("1行目\n2行目") == "1行目<br>2行目"
    assert markdown_cell("<b>*強調*</b>") == "\\<b\\>\\*強調\\*\\</b\\>"
    assert markdown_cell(None) == ""
    # Japanese text is never altered.
    text = "行政手続等について、デジタル技術を活用し（全角）、１２３　件を推進する。"
    assert markdown_cell(text) == text


def test_templates_are_strict(aomori: Path) -> None:
    from planrev.errors import RenderError
    from planrev.render.templating import render_template

    view = audit_view(audit(load_folder(aomori)))
    for name in ("audit.md.j2", "audit.html.j2"):
        assert render_template(name, {"view": view, "header": ("a", "b")})
        with pytest.raises(RenderError, match="has no attribute"):
            render_template(name, {"view": SimpleNamespace(title="x"), "header": ("a", "b")})


def test_html_report_escapes_and_shows_every_finding(aomori: Path) -> None:
    from planrev.render.audit import audit_html

    report = audit(load_folder(aomori))
    html = audit_html(report)
    assert html.startswith("<!DOCTYPE html>")
    for finding in report.findings:
        assert str(finding.message).replace("<", "&lt;") in html
    assert '<tr class="level-error">' in html
    assert "op-inclusion-2" in html


def test_markdown_report_escapes_user_text() -> None:
    from planrev.render.templating import markdown_cell

    assert markdown_cell("a|b*c") == "a\\|b\\*c"
    assert markdown_cell("一行目\n二行目") == "一行目<br>二行目"
    assert markdown_cell(None) == ""
