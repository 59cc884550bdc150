"""Reading a PDF within limits, before pdfminer.six sees a byte of it.

- The file is read as bytes by :func:`planrev.storage.files.read_bytes`: regular files only (a
  FIFO or ``/dev/zero`` would hang pdfminer), counted as they are read, at most
  :attr:`~planrev.storage.files.Limits.pdf_bytes`.
- Every Flate-compressed stream is inflated once here, in chunks and in constant memory, and the
  inflated sizes are added up: past :attr:`~planrev.storage.files.Limits.pdf_inflated` the PDF is
  refused, so that a small file whose streams expand into gigabytes (a "PDF bomb") stops after a
  fraction of a second instead of exhausting memory inside pdfminer.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from planrev.errors import LimitError, LoadError, Location
from planrev.i18n import Msg
from planrev.storage.files import Limits, raise_hint, read_bytes

__all__ = ["check_inflated", "read_pdf_bytes"]

_STREAM = re.compile(rb"stream\r?\n")
_END = b"endstream"
_CHUNK = 4 * 1024 * 1024


def read_pdf_bytes(path: Path, limits: Limits | None = None) -> bytes:
    """Return the bytes of the PDF at ``path`` once they are known to stay within ``limits``.

    Raises :class:`~planrev.errors.LoadError` for a file that is not a regular file, and
    :class:`~planrev.errors.LimitError` for one over a limit (naming the limit's variable).
    """
    limits = limits if limits is not None else Limits.from_environment()

    def too_large(size: int) -> LoadError:
        return LimitError(
            Msg(
                f"PDF が大きすぎます({size:,}バイト以上、上限{limits.pdf_bytes:,}バイト)",
                f"the PDF is too large ({size:,} bytes or more; the limit is {limits.pdf_bytes:,})",
            ),
            location=Location(path),
            hint=raise_hint("pdf_bytes"),
        )

    data = read_bytes(path, limit=limits.pdf_bytes, too_large=too_large)
    check_inflated(data, path, limits.pdf_inflated)
    return data


def check_inflated(data: bytes, path: Path | None, limit: int) -> None:
    """Refuse a PDF whose Flate streams inflate to more than ``limit`` bytes together.

    A stream that is not Flate-compressed (or is damaged) is not counted: pdfminer decides what
    to make of it.
    """
    total = 0
    view = memoryview(data)
    for match in _STREAM.finditer(data):
        start = match.end()
        end = data.find(_END, start)
        inflater = zlib.decompressobj()
        try:
            piece = inflater.decompress(view[start : end if end >= 0 else len(data)], _CHUNK)
            while piece:
                total += len(piece)
                if total > limit:
                    raise _too_inflated(path, limit)
                piece = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
        except zlib.error:
            continue


def _too_inflated(path: Path | None, limit: int) -> LimitError:
    return LimitError(
        Msg(
            f"PDF の圧縮されたデータを展開すると大きすぎます(上限{limit:,}バイト)",
            f"the PDF's compressed streams inflate to too much data (the limit is {limit:,} bytes)",
        ),
        location=Location(path),
        hint=raise_hint("pdf_inflated"),
    )
