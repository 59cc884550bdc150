"""Choosing the Japanese font of PDFs, and refusing to make a PDF without one."""

from __future__ import annotations

import pytest

from planrev.errors import ToolMissingError
from planrev.render import fonts as fonts_module
from planrev.render import html_to_pdf
from planrev.render.fonts import JapaneseFont, find_japanese_font


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    find_japanese_font.cache_clear()
    yield
    find_japanese_font.cache_clear()


def test_gothic_families_are_preferred() -> None:
    choose = fonts_module._choose
    assert (
        choose(["Noto Serif CJK JP", "Noto Sans CJK SC", "Noto Sans CJK JP"]) == "Noto Sans CJK JP"
    )
    assert choose(["IPAexMincho", "IPAexGothic"]) == "IPAexGothic"
    assert choose(["Some Font SC", "Some Japanese Font"]) == "Some Japanese Font"
    assert choose(["Only Font SC"]) == "Only Font SC"
    assert choose([]) is None


def test_system_fonts_come_before_the_bundled_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLANREV_FONT", raising=False)
    monkeypatch.setattr(fonts_module, "system_japanese_families", lambda: ["IPAexGothic"])
    assert find_japanese_font() == JapaneseFont("IPAexGothic", "system")


def test_the_bundled_font_is_the_fallback(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("PLANREV_FONT", raising=False)
    monkeypatch.setattr(fonts_module, "system_japanese_families", list)
    font_file = tmp_path / "font.otf"
    font_file.write_bytes(b"")
    monkeypatch.setattr(fonts_module, "_package_font", lambda: font_file)
    font = find_japanese_font()
    assert font.source == "package"
    assert font.path == font_file
    assert f'src: url("{font_file.as_uri()}")' in font.css()


def test_the_environment_names_a_font_file(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    font_file = tmp_path / "my font.ttf"
    font_file.write_bytes(b"")
    monkeypatch.setenv("PLANREV_FONT", str(font_file))
    font = find_japanese_font()
    assert font.source == "environment"
    assert "my%20font.ttf" in font.css()


def test_no_japanese_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLANREV_FONT", raising=False)
    monkeypatch.setattr(fonts_module, "system_japanese_families", list)
    monkeypatch.setattr(fonts_module, "_package_font", lambda: None)
    with pytest.raises(ToolMissingError) as caught:
        html_to_pdf("<p>日本語</p>")
    message = str(caught.value)
    assert "fonts-noto-cjk" in message
    assert fonts_module.FONT_PACKAGE in message


def test_a_missing_font_file_in_the_environment_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PLANREV_FONT", "/nonexistent/font.otf")
    with pytest.raises(ToolMissingError):
        find_japanese_font()
