"""Opinions from spreadsheets: committee opinion sheets (意見照会票) and public-comment tables.

::

    from planrev.importers.sheets import import_opinions

    result = import_opinions("意見照会票.xlsx", "drafts/aomori-dx", meeting=4)
    for finding in result.findings:
        print(finding)

:func:`read_opinion_sheet` reads an .xlsx workbook (every sheet, or those chosen) or a CSV file
(UTF-8 with or without BOM, or Shift_JIS/CP932) into an :class:`~planrev.model.OpinionSet`:
columns found by their Japanese headings (:mod:`.columns`), 対応 mapped onto dispositions where
the wording is unambiguous (:mod:`.values`), each 該当箇所 resolved to the part of the draft
whose ★意見 box lists the opinion (:mod:`.places`). What it cannot read with certainty is
returned as :class:`~planrev.diagnostics.Finding` values located at the sheet's row (as line)
and column. :func:`import_opinions` writes the result into a drafts folder as
``opinions-NN.yaml``, validated with the whole folder first; it never replaces an opinions file
without ``force=True``, and a failure leaves the folder as it was. The rules are in
docs/import-opinions.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from planrev.diagnostics import Finding, Level
from planrev.errors import ImportWarningError, LoadError
from planrev.guard import OutputRefusedError
from planrev.i18n import Msg
from planrev.importers.sheets.columns import ROLE_NAMES, Role, parse_role
from planrev.importers.sheets.places import PlaceIndex
from planrev.importers.sheets.reading import SheetOptions, SheetRow, build_opinions, read_rows
from planrev.importers.sheets.workbook import SheetLimits, read_grids
from planrev.model import OpinionSet, Plan
from planrev.storage.documents import dump_document
from planrev.storage.folder import DraftFolder, load_folder, write_folder

__all__ = [
    "ROLE_NAMES",
    "OpinionsImport",
    "Role",
    "SheetImport",
    "SheetLimits",
    "SheetOptions",
    "SheetRow",
    "SheetWarningsError",
    "answering_draft",
    "import_opinions",
    "opinions_file_name",
    "parse_role",
    "read_opinion_sheet",
]


class SheetWarningsError(ImportWarningError):
    """An import refused under ``strict=True`` because the sheet gave warnings."""

    def __init__(self, findings: tuple[Finding, ...]) -> None:
        warnings = [finding for finding in findings if finding.level is not Level.INFO]
        super().__init__(
            Msg(
                f"警告が{len(warnings)}件あるため、--strict により何も書き込みませんでした",
                f"{len(warnings)} warnings and --strict: nothing was written",
            ),
            hint=Msg(
                "警告の箇所を直すか、--strict を外してください。",
                "fix the places warned about, or drop --strict.",
            ),
        )
        self.findings = findings
        """Everything the sheet gave, warnings and notes."""


@dataclass(frozen=True, slots=True)
class SheetImport:
    """The opinions read from a sheet, and what could not be read with certainty."""

    opinions: OpinionSet
    """The opinions, in the order of the sheets and rows."""
    rows: tuple[SheetRow, ...]
    """Where each opinion is in the sheet (the same order as the opinions)."""
    findings: tuple[Finding, ...]
    """Rows, columns, places and dispositions that were skipped or not understood."""
    encoding: str | None
    """The encoding a CSV file was read in (``UTF-8``, ``Shift_JIS (CP932)``), None for .xlsx."""

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Return the findings of warning level or above (what ``--strict`` refuses)."""
        return tuple(finding for finding in self.findings if finding.level is not Level.INFO)


@dataclass(frozen=True, slots=True)
class OpinionsImport:
    """A sheet imported into a drafts folder."""

    sheet: SheetImport
    """What was read."""
    path: Path
    """The opinions file written."""
    folder: DraftFolder
    """The folder as it is now."""


def read_opinion_sheet(
    path: Path | str,
    draft: Plan,
    *,
    meeting: int,
    options: SheetOptions | None = None,
    limits: SheetLimits | None = None,
) -> SheetImport:
    """Read the opinions of an .xlsx or CSV sheet, resolving each 該当箇所 in ``draft``.

    ``meeting`` is the meeting whose draft answers the opinions (the set's ``meeting``).
    Raises :class:`~planrev.errors.LoadError` for a file that cannot be read at all (not a
    spreadsheet, over a limit, no opinion table, a heading named twice).
    """
    path = Path(path)
    options = options or SheetOptions()
    grids, encoding = read_grids(path, limits or SheetLimits.from_environment())
    rows, findings = read_rows(grids, path, options)
    opinions, _, more = build_opinions(
        rows, PlaceIndex(draft), meeting=meeting, path=path, options=options
    )
    return SheetImport(opinions, tuple(rows), (*findings, *more), encoding)


def answering_draft(folder: DraftFolder, meeting: int) -> Plan:
    """Return the draft the opinions of ``meeting`` are checked against: that meeting's draft,
    or the latest one while the draft of ``meeting`` is not written yet."""
    try:
        return folder.draft(meeting)
    except KeyError:
        return folder.latest


def opinions_file_name(folder: DraftFolder, meeting: int) -> str:
    """Return the name of the folder's opinions file of ``meeting`` (``opinions-04.yaml`` when
    there is none yet)."""
    existing = next((o.path for o in folder.opinions if o.model.meeting == meeting), None)
    return existing.name if existing is not None else f"opinions-{meeting:02d}.yaml"


def import_opinions(
    path: Path | str,
    folder: Path | str,
    *,
    meeting: int,
    options: SheetOptions | None = None,
    force: bool = False,
    strict: bool = False,
    limits: SheetLimits | None = None,
) -> OpinionsImport:
    """Read an opinion sheet into the drafts folder ``folder`` as the opinions of ``meeting``.

    The 該当箇所 are resolved in :func:`answering_draft`. The folder's opinions file of that
    meeting is replaced only with ``force=True`` (else
    :class:`~planrev.guard.OutputRefusedError`); with ``strict=True`` any warning stops the
    import (:class:`SheetWarningsError`, an :class:`~planrev.errors.ImportWarningError`). The whole resulting folder is
    validated before anything is written (a revision record citing opinions the sheet does not
    have is a :class:`~planrev.errors.LoadError`); on any failure the folder is left as it was.
    """
    loaded = load_folder(folder)
    result = read_opinion_sheet(
        path, answering_draft(loaded, meeting), meeting=meeting, options=options, limits=limits
    )
    if strict and result.warnings:
        raise SheetWarningsError(result.findings)
    name = opinions_file_name(loaded, meeting)
    target = loaded.path / name
    if target.exists() and not force:
        raise OutputRefusedError(
            Msg(
                f"第{meeting}回の意見ファイルが既にあります: {target}",
                f"the opinions of meeting {meeting} already exist: {target}",
            ),
            hint=Msg(
                "置き換えるなら --force を付けてください(Python では force=True)。"
                "何も書き込んでいません。",
                "add --force to replace them (force=True from Python). Nothing was written.",
            ),
        )
    try:
        written = write_folder(loaded.path, {name: dump_document(result.opinions)})
    except LoadError as error:
        raise type(error)(
            error.message,
            location=error.location,
            hint=Msg(
                f"取り込んだ意見で {name} を置き換えるとフォルダが正しくなくなるため、何も書き込んでいません。"
                + (f" {error.hint.ja}" if error.hint else ""),
                f"replacing {name} with the imported opinions would make the folder invalid, so "
                "nothing was written." + (f" {error.hint.en}" if error.hint else ""),
            ),
        ) from error
    return OpinionsImport(result, target, written)
