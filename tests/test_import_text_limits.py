"""A text or Markdown document to import holds at most ``PLANREV_MAX_IMPORT_LINES`` non-blank
lines (issue 18): each line becomes a heading or a statement to write, so more would take
minutes and gigabytes while the file stays well under its size limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from planrev.errors import LimitError
from planrev.importers.marked import read_marked
from planrev.importers.plain import read_plain
from planrev.storage.files import Limits, check_import_lines

TEXT = "第1章 総則\n\n" + "".join(f"本文{n}です。\n\n" for n in range(1, 100))


def test_the_line_past_the_limit_is_named() -> None:
    with pytest.raises(LimitError, match="PLANREV_MAX_IMPORT_LINES") as caught:
        check_import_lines(TEXT, Path("plan.txt"), Limits(import_lines=10))
    assert (caught.value.location.line, caught.value.location.column) == (21, 1)  # 11th line
    check_import_lines(TEXT, Path("plan.txt"), Limits(import_lines=100))


def test_blank_lines_do_not_count() -> None:
    check_import_lines("\n" * 1000 + "本文\n", None, Limits(import_lines=1))


@pytest.mark.parametrize("reader", [read_plain, read_marked], ids=["plain", "marked"])
def test_imports_are_held_to_the_limit(
    reader: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(TEXT, encoding="utf-8")
    monkeypatch.setenv("PLANREV_MAX_IMPORT_LINES", "50")
    with pytest.raises(LimitError, match="取り込む文書の行が多すぎます") as caught:
        reader(path)  # type: ignore[operator]
    assert caught.value.location.path == path
