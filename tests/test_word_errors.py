"""Bad Word input: one clear LoadError with a hint, never a traceback; and fuzzing.

Broken packages are made from the committed pandoc-written .docx by replacing or removing files.
"""

from __future__ import annotations

import copy
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planrev.cli.word import import_texts
from planrev.errors import LoadError
from planrev.i18n import set_language
from planrev.model.checks import check_plan, check_revision, check_revision_links
from planrev.word import DocxLimits, import_word, ooxml, read_word
from tests.word_support import PANDOC_CASE, entries, rezip

VALID = (PANDOC_CASE / "input.docx").read_bytes()
DOCUMENT = entries(VALID)["word/document.xml"]


@pytest.fixture(autouse=True)
def _japanese() -> object:
    set_language("ja")
    yield
    set_language(None)


def _error(source: bytes | Path) -> LoadError:
    with pytest.raises(LoadError) as caught:
        read_word(source)
    error = caught.value
    assert error.hint is not None, f"no hint for: {error}"
    return error


def test_not_a_zip() -> None:
    error = _error(b"This is plain text, not a Word document.\n")
    assert "ZIP" in str(error.message)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    error = _error(path)
    assert error.location.path == path


def test_word_97_document() -> None:
    error = _error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert ".doc" in str(error.message)


def test_zip_without_main_document() -> None:
    error = _error(rezip(VALID, {"word/document.xml": None}))
    assert "word/document.xml" in str(error.message)


def test_zip_without_content_types() -> None:
    error = _error(rezip(VALID, {"[Content_Types].xml": None}))
    assert "[Content_Types].xml" in str(error.message)


def test_zip_of_something_else() -> None:
    error = _error(_plain_zip())
    assert "Word" in str(error.message)


def _plain_zip() -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "こんにちは")
    return buffer.getvalue()


def test_malformed_xml_names_part_line_and_column() -> None:
    broken = DOCUMENT.replace(b"</w:body>", b"</w:bod>")
    error = _error(rezip(VALID, {"word/document.xml": broken}))
    assert "word/document.xml" in str(error.message)
    assert error.location.line is not None
    assert error.location.column is not None


def test_malformed_comments_part() -> None:
    error = _error(rezip(VALID, {"word/comments.xml": b"<w:comments"}))
    assert "word/comments.xml" in str(error.message)


@pytest.mark.parametrize("bad", [b"&#x1;", b"\x01", b"&#xFFFE;", b"\x0b"])
def test_characters_xml_forbids(bad: bytes) -> None:
    broken = DOCUMENT.replace("人的資源を".encode(), "人的".encode() + bad + "資源を".encode())
    error = _error(rezip(VALID, {"word/document.xml": broken}))
    assert "U+" in str(error.message) or "XML" in str(error.message)
    assert error.location.line is not None


def test_dtd_is_refused() -> None:
    broken = DOCUMENT.replace(
        b"<w:document",
        b'<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">]><w:document',
        1,
    )
    error = _error(rezip(VALID, {"word/document.xml": broken}))
    assert "DTD" in str(error.message)


def test_strict_open_xml_is_refused() -> None:
    strict = DOCUMENT.replace(
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    )
    error = _error(rezip(VALID, {"word/document.xml": strict}))
    assert "Strict" in str(error.message)


def test_huge_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.docx"
    with path.open("wb") as stream:
        stream.truncate(DocxLimits().file_bytes + 1)  # sparse: costs no disk
    error = _error(path)
    assert "大きすぎ" in str(error.message)


def test_huge_part() -> None:
    with pytest.raises(LoadError) as caught:
        read_word(VALID, limits=DocxLimits(part_bytes=1000))
    assert "大きすぎ" in str(caught.value.message)
    assert "part-bytes" in str(caught.value.message)


def test_zip_bomb() -> None:
    bomb = rezip(VALID, {"word/media/zeros.bin": b"\x00" * (4 * 1024 * 1024)})
    error = _error(bomb)
    assert "圧縮率" in str(error.message)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "ありません" in str(_error(tmp_path / "nothing.docx").message)
    with pytest.raises(LoadError):
        read_word(tmp_path)


def test_english_messages() -> None:
    set_language("en")
    error = _error(b"not a zip")
    assert "not a Word document" in str(error)


# --------------------------------------------------------------------------------------------
# Fuzzing (bounded)

_FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _import_or_load_error(data: bytes) -> None:
    """Import ``data``: either a LoadError, or drafts that validate and write as YAML."""
    try:
        result = import_word(data)
    except LoadError:
        return
    assert check_plan(result.old) == []
    assert check_plan(result.new) == []
    assert check_revision(result.revision) == []
    assert check_revision_links(result.revision, result.old, result.new, None) == []
    import_texts(result, "fuzz.docx", opinions=True)


@_FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    _import_or_load_error(data)


@_FUZZ
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), max_size=8))
def test_random_byte_mutations(flips: list[tuple[int, int]]) -> None:
    data = bytearray(VALID)
    for position, value in flips:
        data[position] = value
    _import_or_load_error(bytes(data))


@_FUZZ
@given(
    st.integers(0, len(DOCUMENT)),
    st.integers(0, 200),
    st.sampled_from(
        [b"", b"<w:p>", b"</w:p>", b"<w:ins w:author='x'>", b"</w:ins>", b"<w:del>", b"&", b"<"]
    ),
)
def test_random_xml_mutations(start: int, length: int, insert: bytes) -> None:
    mutated = DOCUMENT[:start] + insert + DOCUMENT[start + length :]
    _import_or_load_error(rezip(VALID, {"word/document.xml": mutated}))


def test_truncated_package_at_every_kilobyte() -> None:
    for size in range(0, len(VALID), 1024):
        _import_or_load_error(VALID[:size])


_FRAGMENTS = [
    "<w:p/>",
    "<w:ins w:author='x' w:date='bad'/>",
    "<w:del w:author='y' w:date='2023-13-45T99:99:99Z'/>",
    "<w:tbl/>",
    "<w:tr/>",
    "<w:tc/>",
    "<w:r><w:t>あ</w:t></w:r>",
    "<w:r><w:delText>削</w:delText></w:r>",
    "<w:pPr><w:rPr><w:ins/></w:rPr></w:pPr>",
    "<w:pPr><w:rPr><w:del/></w:rPr></w:pPr>",
    "<w:moveFrom/>",
    "<w:moveTo/>",
    "<w:commentRangeStart w:id='9'/>",
    "<w:commentRangeEnd w:id='1'/>",
    "<w:pPr><w:outlineLvl w:val='3'/></w:pPr>",
    "<w:pPr><w:outlineLvl w:val='99'/></w:pPr>",
    "<w:pPr><w:numPr><w:ilvl w:val='x'/><w:numId w:val='1001'/></w:numPr></w:pPr>",
    "<w:pPr><w:pStyle w:val='Title'/></w:pPr>",
    "<w:sdt><w:sdtContent/></w:sdt>",
    "<w:bookmarkStart w:name='_pr_w_hp5'/>",
    "<w:trPr><w:ins/></w:trPr>",
    "<w:sym w:char='F0FF'/>",
    "<w:sym w:char='0001'/>",
    "<w:br/>",
    "<w:rPr><w:rPrChange/></w:rPr>",
    "<w:tcPr><w:cellIns/></w:tcPr>",
    "<w:ruby><w:rubyBase/></w:ruby>",
]
"""Pieces of WordprocessingML, some of them invalid where they land, for element-level fuzzing."""


def test_random_element_mutations() -> None:
    """Insert, remove and move whole elements: well-formed XML in orders no tool writes."""
    from lxml import etree

    namespace = ooxml.W_NS
    fragments = [
        etree.fromstring(f"<x xmlns:w='{namespace}'>{fragment}</x>")[0] for fragment in _FRAGMENTS
    ]
    generator = random.Random(20230726)
    base = etree.fromstring(DOCUMENT)
    for _ in range(60):
        root = copy.deepcopy(base)
        nodes = [node for node in root.iter() if isinstance(node.tag, str)]
        for _ in range(generator.randint(1, 8)):
            node = generator.choice(nodes)
            choice = generator.random()
            parent = node.getparent()
            if choice < 0.5:
                new = copy.deepcopy(generator.choice(fragments))
                node.insert(generator.randint(0, len(node)), new)
                nodes.extend(new.iter())
            elif choice < 0.75 and parent is not None:
                parent.remove(node)
                nodes = [n for n in root.iter() if isinstance(n.tag, str)]
            else:
                target = generator.choice(nodes)
                if parent is None or node is target or node in target.iterancestors():
                    continue
                parent.remove(node)
                target.append(node)
        _import_or_load_error(rezip(VALID, {"word/document.xml": etree.tostring(root)}))
