"""The DOCX writer's limits and layers: a long author is a clear error, a long title is not, and
the writer depends on no storage code."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import docx
import pytest

from planrev.comparison import compare
from planrev.errors import RenderError
from planrev.model import build as b
from planrev.views import build_handout
from planrev.word.package import CORE_PROPERTY_LIMIT
from planrev.word.writer import redline_docx
from tests.conftest import ROOT

WRITER_MODULES = ("writer.py", "layout.py", "elements.py", "package.py")


def _view(title: str = "計画"):  # type: ignore[no-untyped-def]
    old = b.plan(title, b.pillar("p1", "柱", b.vision("v1", "旧")), meeting=1)
    new = b.plan(title, b.pillar("p1", "柱", b.vision("v1", "新")), meeting=2)
    return build_handout(compare(old, new))


def test_an_author_longer_than_word_allows_is_a_render_error() -> None:
    view = _view()
    assert redline_docx(view, author="あ" * CORE_PROPERTY_LIMIT)
    with pytest.raises(RenderError) as caught:
        redline_docx(view, author="あ" * (CORE_PROPERTY_LIMIT + 1))
    message = str(caught.value)
    assert "255" in message
    assert "256" in message


def test_a_title_longer_than_a_property_is_shortened_in_the_properties_only() -> None:
    title = "長い計画名" * 60  # 300 characters
    document = docx.Document(io.BytesIO(redline_docx(_view(title))))
    assert len(document.core_properties.title) == CORE_PROPERTY_LIMIT
    assert document.core_properties.title == title[: CORE_PROPERTY_LIMIT - 1] + "…"
    assert document.paragraphs[0].text == title  # the body prints it whole


def test_the_word_writer_does_not_import_storage() -> None:
    for name in WRITER_MODULES:
        tree = ast.parse(Path(ROOT, "src", "planrev", "word", name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                assert not module.startswith("planrev.storage"), (name, module)
