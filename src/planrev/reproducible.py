"""Office packages (DOCX, XLSX) with fixed times, so that equal documents are equal bytes.

A secretariat re-renders a handout set before every meeting and compares or archives the files;
a package that changed only because it was written a second later would look like a new version.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile

__all__ = ["FIXED_MOMENT", "FIXED_ZIP_TIME", "normalised_zip"]

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""The time stamped on every entry of a package planrev writes (the earliest a zip can hold)."""

FIXED_MOMENT = _dt.datetime(2000, 1, 1)
"""The creation and modification time of a document whose data gives no date."""


def normalised_zip(data: bytes) -> bytes:
    """Return a zip package with fixed entry times and permissions, entries kept in their order."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info))
    return out.getvalue()
