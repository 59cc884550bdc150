"""A PDF is read within limits before pdfminer sees it (issue 18): regular files only, the bytes
counted as they are read, and the inflated size of its compressed streams bounded."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import pytest

from planrev.errors import LimitError, LoadError
from planrev.importers.pdf import pdf_to_marked
from planrev.importers.pdf.bounds import check_inflated, read_pdf_bytes
from planrev.storage.files import Limits


def pdf_with_stream(content: bytes) -> bytes:
    """Return a one-page PDF whose page content is ``content``, Flate-compressed."""
    data = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def test_a_pdf_bomb_is_refused_before_pdfminer_inflates_it(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_with_stream(b" " * (64 * 1024 * 1024)))  # 64 MB in about 64 KB
    assert path.stat().st_size < 200_000
    with pytest.raises(LimitError, match="PLANREV_MAX_PDF_INFLATED_BYTES") as caught:
        read_pdf_bytes(path, Limits(pdf_inflated=16 * 1024 * 1024))
    assert caught.value.location.path == path
    with pytest.raises(LimitError, match="展開すると大きすぎます"):
        check_inflated(path.read_bytes(), path, 1024)
    assert read_pdf_bytes(path, Limits(pdf_inflated=128 * 1024 * 1024)) == path.read_bytes()


def test_streams_that_are_not_flate_are_not_counted(tmp_path: Path) -> None:
    data = b"1 0 obj\n<< /Length 5 >>\nstream\nhello\nendstream\nendobj\n"
    check_inflated(data, None, 1)  # nothing to inflate: no error


def test_the_limits_have_variables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf_with_stream(b"BT ET\n" * 1000))
    monkeypatch.setenv("PLANREV_MAX_PDF_BYTES", "100")
    with pytest.raises(LimitError, match="PLANREV_MAX_PDF_BYTES"):
        pdf_to_marked(path)
    monkeypatch.setenv("PLANREV_MAX_PDF_BYTES", "1000000")
    monkeypatch.setenv("PLANREV_MAX_PDF_INFLATED_BYTES", "100")
    with pytest.raises(LimitError, match="PLANREV_MAX_PDF_INFLATED_BYTES"):
        pdf_to_marked(path)


def test_a_fifo_or_a_device_is_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.pdf"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(LoadError, match="通常のファイルではありません"):
            pdf_to_marked(path)
