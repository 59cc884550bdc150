"""Hand-formatted Word 見え消し saved again by LibreOffice: another producer's XML, same import.

LibreOffice writes its own styles.xml (run properties of every style, docDefaults), splits runs
where the script changes (``DX`` in Japanese text), writes ``w:u w:val="single"`` and its own
style ids; the import must not change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from docx.enum.text import WD_COLOR_INDEX

from planrev.importers import read_marked
from planrev.importers.marked import MarkedImport
from planrev.word import FormatOptions, import_formatted
from tests.conftest import SEED
from tests.docx_support import parts
from tests.pdf.mikeshi_docx import build_mikeshi_docx
from tests.test_word_formatted import run
from tests.tools import require_tool
from tests.word_formatted_support import (
    DOUBLE,
    SAME,
    SPLIT_MARKER,
    WAVY,
    R,
    SmallDoc,
    compare_imports,
    libreoffice_docx,
)

pytestmark = pytest.mark.tools

OPTIONS = FormatOptions(inserted_colours=("0070C0", "FFFF00"), deleted_colours=("808080",))


@pytest.fixture(scope="module")
def resaved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The R5.7.26 Word 見え消し as python-docx writes it, and as LibreOffice saves it again."""
    soffice = require_tool("soffice")
    folder = tmp_path_factory.mktemp("mikeshi-lo")
    original = build_mikeshi_docx(folder / "python-docx" / "mikeshi.docx", headings="styles")
    return original, libreoffice_docx(soffice, original, folder / "libreoffice")


def test_libreoffice_wrote_its_own_xml(resaved: tuple[Path, Path]) -> None:
    original, again = resaved
    ours, theirs = parts(original.read_bytes()), parts(again.read_bytes())
    body = theirs["word/document.xml"].decode()
    assert body.count("<w:r>") > ours["word/document.xml"].decode().count("<w:r>")  # split runs
    assert '<w:u w:val="single"/>' in body
    assert b"<w:docDefaults>" in theirs["word/styles.xml"]
    assert theirs["word/styles.xml"] != ours["word/styles.xml"]


def test_libreoffice_version_imports_to_the_seed_field_by_field(
    resaved: tuple[Path, Path],
) -> None:
    _, again = resaved
    assert compare_imports(import_formatted(again), read_marked(SEED)) == {
        "new": [],
        "old": [],
        "revision": [],
        "opinions": [],
    }


def test_both_versions_import_alike(resaved: tuple[Path, Path]) -> None:
    original, again = resaved
    ours, theirs = import_formatted(original), import_formatted(again)
    assert compare_imports(ours, theirs) == SAME
    assert [(w.code, w.location.paragraph) for w in ours.warnings] == [  # type: ignore[union-attr]
        (w.code, w.location.paragraph)  # type: ignore[union-attr]
        for w in theirs.warnings
    ]


def test_libreoffice_version_through_the_command(
    resaved: tuple[Path, Path], tmp_path: Path
) -> None:
    _, again = resaved
    word = run("import", "word", str(again), "--out", str(tmp_path / "word"))
    assert word.exit_code == 0, word.output
    marked = run("import", "marked", str(SEED), "--out", str(tmp_path / "marked"))
    assert marked.exit_code == 0, marked.output
    for path in sorted((tmp_path / "marked").iterdir()):
        ours = (tmp_path / "word" / path.name).read_text(encoding="utf-8")
        if path.name != "draft-02.yaml":
            assert ours == path.read_text(encoding="utf-8"), path.name
        else:
            assert ours.replace("text: ''", "text: null", 1) == path.read_text(encoding="utf-8")


def _small_documents() -> dict[str, Callable[[], SmallDoc]]:
    def base() -> SmallDoc:
        return SmallDoc().heading("行政経営分野", 1).bullet("既存の取組。")

    def styled() -> SmallDoc:
        doc = SmallDoc()
        doc.character_style("削除文字", strike=True)
        return doc.heading("分野", 1).bullet(
            "政策に", "【削除】", R("重点的に", style="削除文字"), "取り組む。"
        )

    return {
        "double-strike": lambda: base().bullet(
            "政策に", "【削除】", R("重点的に", double=True), "取り組む。"
        ),
        "wavy": lambda: base().bullet(
            "政策に", "【追加】", R("人的資源を", underline=WAVY), "集中する。"
        ),
        "double-underline": lambda: base().bullet("【追加】", R("新しい取組。", underline=DOUBLE)),
        "colours": lambda: base().bullet(
            "【修正】",
            R("旧い文言", colour="808080"),
            R("新しい", colour="0070C0"),
            R("文言", highlight=WD_COLOR_INDEX.YELLOW),
            "です。",
        ),
        "split-marker": lambda: base().bullet(
            *SPLIT_MARKER,
        ),
        "character-style": styled,
    }


@pytest.mark.parametrize("name", list(_small_documents()))
def test_small_documents_import_alike_after_libreoffice(name: str, tmp_path: Path) -> None:
    soffice = require_tool("soffice")
    original = _small_documents()[name]().save(tmp_path / f"{name}.docx")
    again = libreoffice_docx(soffice, original, tmp_path / "libreoffice")
    ours: MarkedImport = import_formatted(original, options=OPTIONS)
    theirs: MarkedImport = import_formatted(again, options=OPTIONS)
    assert ours.revision.changes, "the document has a change"
    assert compare_imports(ours, theirs) == SAME
    assert [w.code for w in ours.warnings] == [w.code for w in theirs.warnings]
