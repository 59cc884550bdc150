"""Hostile .docx files: each is refused by a named limit (exit 1, the file and the limit named),
or imported in linear time, by ``planrev import word`` running under 1 GB of memory and 30 s
of CPU (``resource.setrlimit`` in a subprocess; no wall-clock assertion).

The files are generated from the pandoc-written case by replacing parts of the package.
"""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from planrev.cli import main
from planrev.errors import LoadError
from planrev.i18n import set_language
from planrev.word import DocxLimits, read_word
from tests.tools import run_tool
from tests.word_support import PANDOC_CASE, entries

VALID = (PANDOC_CASE / "input.docx").read_bytes()
DOCUMENT = entries(VALID)["word/document.xml"].decode("utf-8")
_BODY_START = DOCUMENT.index("<w:body>") + len("<w:body>")
_BODY_END = DOCUMENT.index("</w:body>")
MEMORY = 1024**3
CPU_SECONDS = 30


def _package(changes: dict[str, bytes], *, stored: tuple[str, ...] = ()) -> bytes:
    """Return the valid package with parts replaced or added (``stored``: not compressed)."""
    files = entries(VALID)
    files.update(changes)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            method = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


def _document(body: str, *, prolog: str = "") -> bytes:
    """Return ``word/document.xml`` with ``body`` as its body and ``prolog`` before the root."""
    head = DOCUMENT[:_BODY_START]
    declaration_end = head.index("?>") + 2 if head.startswith("<?xml") else 0
    head = head[:declaration_end] + prolog + head[declaration_end:]
    return (head + body + DOCUMENT[_BODY_END:]).encode("utf-8")


def _paragraphs(megabytes: int) -> bytes:
    """Ordinary paragraphs: about ``megabytes`` MB of XML that compresses about 150:1."""
    sentence = "県民の利便性の向上に向けて、デジタル技術を活用した取組を進めます。"
    count = megabytes * 1024 * 1024 // 200
    body = "".join(f"<w:p><w:r><w:t>{sentence}({n})</w:t></w:r></w:p>" for n in range(count))
    return _document(body)


def _limited() -> None:  # pragma: no cover - runs in the child process
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``planrev --lang en ARGS`` under the memory and CPU limits."""
    return run_tool(
        [sys.executable, "-c", "from planrev.cli import main; main()", "--lang", "en", *args],
        preexec_fn=_limited,
        capture_output=True,
        text=True,
        check=False,
    )


HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "60 MB of ordinary paragraphs": (
        lambda: _package({"word/document.xml": _paragraphs(60)}),
        "part-bytes",
    ),
    "millions of empty paragraphs, stored uncompressed": (
        lambda: _package(
            {"word/document.xml": _document("<w:p/>" * 3_000_000)},
            stored=("word/document.xml",),
        ),
        "xml-nodes",
    ),
    "300 parts of 1 MiB": (
        lambda: _package({f"word/media/zeros{n}.bin": bytes(1024 * 1024) for n in range(300)}),
        "total-bytes",
    ),
    "10,001 files": (
        lambda: _package({f"customXml/item{n}.bin": b"x" for n in range(10_001)}),
        "entries",
    ),
    "a zip bomb": (
        lambda: _package({"word/media/zeros.bin": bytes(8 * 1024 * 1024)}),
        "ratio",
    ),
    "comments left open over every paragraph": (
        lambda: _package(
            {
                "word/document.xml": _document(
                    "".join(
                        f'<w:commentRangeStart w:id="{n}"/><w:p><w:r><w:t>文</w:t></w:r></w:p>'
                        for n in range(20_000)
                    )
                )
            }
        ),
        "xml-nodes",
    ),
    "20,001 short paragraphs, each a statement to write": (
        lambda: _package(
            {"word/document.xml": _document("<w:p><w:r><w:t>文</w:t></w:r></w:p>" * 20_001)}
        ),
        "paragraphs",
    ),
    "a DTD after 8 KB of comment": (
        lambda: _package(
            {
                "word/document.xml": _document(
                    "<w:p><w:r><w:t>&x;</w:t></w:r></w:p>",
                    prolog="<!--" + " " * 8192 + '--><!DOCTYPE w:document [<!ENTITY x "秘密">]>',
                )
            }
        ),
        "DTD",
    ),
    "a DTD in the styles part": (
        lambda: _package(
            {
                "word/styles.xml": entries(VALID)["word/styles.xml"].replace(
                    b"?>", b'?><!DOCTYPE w:styles [<!ENTITY a "a">]>', 1
                )
            }
        ),
        "DTD",
    ),
    "a DTD in UTF-16": (
        lambda: _package(
            {
                "word/document.xml": _document(
                    "<w:p/>", prolog='<!DOCTYPE w:document [<!ENTITY x "x">]>'
                )
                .decode("utf-8")
                .replace('encoding="UTF-8"', 'encoding="UTF-16"')
                .encode("utf-16")
            }
        ),
        "DTD",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_docx_is_refused_by_a_named_limit(case: str, tmp_path: Path) -> None:
    make, named = HOSTILE[case]
    source = tmp_path / "hostile.docx"
    source.write_bytes(make())
    out = tmp_path / "drafts"
    result = _run("import", "word", str(source), "--out", str(out))
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert str(source) in result.stderr
    assert named in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_raised_limit_lets_the_document_through(tmp_path: Path) -> None:
    source = tmp_path / "plan.docx"
    source.write_bytes(VALID)
    largest = max(len(data) for data in entries(VALID).values())
    lowered = f"part-bytes={largest - 1}"
    refused = _run("import", "word", str(source), "--out", str(tmp_path / "a"), "--limit", lowered)
    assert refused.returncode == 1
    assert "part-bytes" in refused.stderr
    raised = f"part-bytes={largest}"
    allowed = _run("import", "word", str(source), "--out", str(tmp_path / "b"), "--limit", raised)
    assert allowed.returncode == 0, allowed.stderr[-2000:]
    assert (tmp_path / "b" / "draft-02.yaml").exists()


@pytest.mark.parametrize("option", ["part-bytes", "sections=5", "xml-nodes=0", "xml-nodes=many"])
def test_a_bad_limit_option_is_a_usage_error(option: str, tmp_path: Path) -> None:
    source = tmp_path / "a.docx"
    source.write_bytes(VALID)
    try:
        result = CliRunner().invoke(
            main,
            [
                "--lang=en",
                "import",
                "word",
                str(source),
                "--out",
                str(tmp_path / "x"),
                "--limit",
                option,
            ],
        )
    finally:
        set_language(None)
    assert result.exit_code == 2, (option, result.output)
    assert "--limit" in result.output
    assert not (tmp_path / "x").exists()


def test_one_paragraph_of_many_runs_imports_in_linear_time(tmp_path: Path) -> None:
    """250,000 runs in one paragraph: joining them used to take quadratic time."""
    source = tmp_path / "runs.docx"
    runs = "".join(f"<w:r><w:t>{n % 10}</w:t></w:r>" for n in range(250_000))
    document = _document(f"<w:p>{runs}</w:p>")
    source.write_bytes(_package({"word/document.xml": document}, stored=("word/document.xml",)))
    code = (
        "import sys\n"
        "from planrev.word import import_word\n"
        "result = import_word(sys.argv[1])\n"
        "(statement,) = result.new.blocks\n"
        "assert len(statement.text) == 250_000, len(statement.text)\n"
    )
    result = run_tool(
        [sys.executable, "-c", code, str(source)],
        preexec_fn=_limited,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]


# --------------------------------------------------------------------------------------------
# The limits in Python


def test_limits_are_keyword_arguments() -> None:
    with pytest.raises(LoadError) as caught:
        read_word(VALID, limits=DocxLimits(xml_nodes=100))
    assert "xml-nodes" in caught.value.message.en
    assert "DocxLimits(xml_nodes=" in str(caught.value.hint)
    assert read_word(VALID, limits=DocxLimits(xml_nodes=100_000)).paragraphs()


def test_limits_from_options() -> None:
    limits = DocxLimits().raised(["part-bytes=64M", "xml-nodes=2_000_000", "entries=20000"])
    assert (limits.part_bytes, limits.xml_nodes, limits.entries) == (
        64 * 1024**2,
        2_000_000,
        20_000,
    )
    assert limits.file_bytes == DocxLimits().file_bytes
    assert DocxLimits().raised(["paragraphs=50_000"]).paragraphs == 50_000
    with pytest.raises(ValueError, match="part-bytes"):
        DocxLimits().raised(["parts=1"])
