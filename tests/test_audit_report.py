"""The audit report in Markdown and HTML: golden files and escaping."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from planrev.audit import audit, load_folder
from planrev.diagnostics import Level
from planrev.i18n import set_language
from planrev.render.audit import audit_html, audit_markdown, markdown_cell
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


HOSTILE = "<script>alert('x')</script> & {{ x }} a|b *c* \x01\x7f \"q\"\n二行目"
"""User text that HTML, Markdown and templates would misread, with characters documents forbid."""


def _hostile(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every free text of the audit view :data:`HOSTILE`."""
    from planrev.render import audit as module

    original = module.audit_view

    def view(report: object, minimum: Level = Level.INFO) -> object:
        base = original(report, minimum)  # type: ignore[arg-type]
        section, trace = base.sections[0], base.traces[0]
        row = dataclasses.replace(section.rows[0], message=HOSTILE, hint=HOSTILE)
        change = dataclasses.replace(trace.changes[0], why=HOSTILE)
        return dataclasses.replace(
            base,
            title=HOSTILE,
            sections=(dataclasses.replace(section, heading=HOSTILE, rows=(row,)),),
            traces=(dataclasses.replace(trace, changes=(change,)),),
        )

    monkeypatch.setattr(module, "audit_view", view)


def test_html_report_prints_user_text_literally(
    aomori: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hostile(monkeypatch)
    html = audit_html(audit(load_folder(aomori)))
    assert "<script>" not in html
    expected = (
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; {{ x }} a|b *c* ␁␡ &#34;q&#34;"
    )
    assert html.count(expected) == 7  # <title>, header, <h1>, <h3>, message, hint, why
    assert "\x01" not in html
    assert "\x7f" not in html


def test_markdown_report_prints_user_text_literally(
    aomori: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hostile(monkeypatch)
    text = audit_markdown(audit(load_folder(aomori)))
    expected = "\\<script\\>alert('x')\\</script\\> & {{ x }} a\\|b \\*c\\* ␁␡ \"q\"<br>二行目"
    assert text.count(expected) == 5  # # title, ### heading, message, hint, why
    assert "\x01" not in text


def test_html_report_escapes_and_shows_every_finding(aomori: Path) -> None:
    report = audit(load_folder(aomori))
    html = audit_html(report)
    assert html.startswith("<!DOCTYPE html>")
    for finding in report.findings:
        assert str(finding.message).replace("<", "&lt;") in html
    assert '<tr class="level-error">' in html
    assert "op-inclusion-2" in html
