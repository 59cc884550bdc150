"""An opinion sheet's rows as opinions: what each row says, its id, and what could not be read.

Every row below a table's heading row is one opinion when its 意見 cell holds text. A row with
nothing in it, or only a number (a numbered blank line of a form), is skipped; a row with text
elsewhere but no opinion is reported, never dropped unnoticed. Cell text is taken exactly as the
cell holds it, spaces and line breaks included: a cell's padding is part of what was written,
and planrev changes no user text. Blank means nothing but spaces.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from planrev.diagnostics import Finding, Level
from planrev.errors import LoadError, Location
from planrev.i18n import Msg
from planrev.importers.sheets.columns import (
    Role,
    Table,
    comparable,
    find_tables,
    title_speaker,
)
from planrev.importers.sheets.places import Outcome, PlaceIndex
from planrev.importers.sheets.values import disposition_key, number_id, read_disposition
from planrev.importers.sheets.workbook import Grid
from planrev.model import Channel, Disposition, Opinion, OpinionSet

__all__ = ["SheetOptions", "SheetRow", "build_opinions", "read_rows"]


@dataclass(frozen=True, slots=True)
class SheetOptions:
    """How to read an opinion sheet, beyond what its headings say."""

    sheets: tuple[str, ...] = ()
    """The sheets to read, by name; empty: every sheet."""
    columns: Mapping[Role, str] = field(default_factory=dict)
    """The heading of each role's column, where the sheet's own headings are not the known ones
    (``{Role.TEXT: "ご意見"}``); a role given here is found by this heading only."""
    dispositions: Mapping[str, Disposition] = field(default_factory=dict)
    """What further 対応 wordings mean (``{"A": Disposition.REFLECTED}``), ahead of the known ones."""
    channel: Channel = Channel.WRITTEN
    """How the opinions reached the secretariat (a sheet is written: 書面)."""

    def explicit(self) -> dict[str, Role]:
        """Return the given headings as :func:`comparable` makes them, with their roles."""
        return {comparable(heading): role for role, heading in self.columns.items()}

    def wordings(self) -> dict[str, Disposition]:
        """Return the given 対応 wordings as they are compared, with their dispositions."""
        return {disposition_key(text): value for text, value in self.dispositions.items()}


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One opinion as a sheet holds it."""

    sheet: str
    """The sheet's name."""
    sheet_position: int
    """The sheet's place in the workbook, from 1."""
    row: int
    """The row, from 1."""
    heading_row: int
    """The (last) heading row of the row's table."""
    columns: Mapping[Role, int]
    """The column of each role in the row's table."""
    cells: Mapping[Role, str]
    """The text of each role's cell, as written (blank cells left out)."""
    speaker: str | None
    """Who gave the opinion: the 委員名 cell, else the name above the table, else None."""

    @property
    def text(self) -> str:
        """Return the opinion."""
        return self.cells[Role.TEXT]

    def location(self, path: Path, role: Role | None = None) -> Location:
        """Return where the row (or its cell of ``role``) is: row as line, column number."""
        column = self.columns.get(role) if role is not None else None
        return Location(path, self.row, column)


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _sheet_label(grid: Grid, several: bool) -> Msg:
    if not several:
        return Msg("", "")
    return Msg(f"シート「{grid.name}」: ", f"sheet '{grid.name}': ")


def read_rows(
    grids: Sequence[Grid], path: Path, options: SheetOptions
) -> tuple[list[SheetRow], list[Finding]]:
    """Return every opinion row of the chosen sheets, and what was skipped or not understood.

    Raises :class:`LoadError` for a sheet named in the options that is not there, a heading row
    with two columns for one role, headings named in the options that no table has, and a file
    in which no table is found at all.
    """
    chosen = _choose(grids, path, options.sheets)
    several = len(grids) > 1
    explicit = options.explicit()
    rows: list[SheetRow] = []
    findings: list[Finding] = []
    seen_headings: set[str] = set()
    tables_found = 0
    for grid in chosen:
        label = _sheet_label(grid, several)
        tables, problem = find_tables(grid.rows, explicit)
        if problem is not None:
            raise LoadError(
                Msg(label.ja + problem.message.ja, label.en + problem.message.en),
                location=Location(path, problem.row, problem.columns[1]),
                hint=Msg(
                    "どちらの列を読むか --column で指定してください(例: --column 意見=意見の概要)。",
                    "say which column to read with --column (e.g. --column 意見=意見の概要).",
                ),
            )
        if not tables:
            if grid.rows:
                findings.append(_no_table(grid, path, several))
            continue
        tables_found += len(tables)
        speaker = None
        if Role.SPEAKER not in tables[0].columns:
            named = title_speaker(grid.rows, tables[0].heading_row, explicit)
            speaker = named[0] if named else None
        ends = [table.heading_row for table in tables[1:]] + [max(grid.rows) + 1]
        for table, end in zip(tables, ends, strict=True):
            seen_headings.update(comparable(text) for text in table.headings.values())
            findings.extend(_unread_columns(grid, table, path, label))
            for number, cells in grid.rows.items():
                if not table.heading_row < number < end:
                    continue
                values = {
                    role: cells[column]
                    for role, column in table.columns.items()
                    if not _blank(cells.get(column))
                }
                places = [
                    f"p.{cells[c]}" if c in table.pages and cells[c].strip().isdigit() else cells[c]
                    for c in table.places
                    if not _blank(cells.get(c))
                ]
                if places:
                    values[Role.PLACE] = " ".join(places)
                if Role.TEXT in values:
                    rows.append(
                        SheetRow(
                            sheet=grid.name,
                            sheet_position=grid.position,
                            row=number,
                            heading_row=table.heading_row,
                            columns=table.columns,
                            cells=values,
                            speaker=values.get(Role.SPEAKER, speaker),
                        )
                    )
                elif _worth_reporting(cells, table.columns.get(Role.NUMBER)):
                    findings.append(_without_opinion(cells, path, label, number))
    if tables_found == 0:
        raise _no_tables(path)
    missing = [heading for heading in explicit if heading not in seen_headings]
    if missing:
        wanted = [options.columns[explicit[key]] for key in missing]
        raise LoadError(
            Msg(
                f"--column で指定した見出し「{'」「'.join(wanted)}」の列がありません",
                f"no column is headed {', '.join(wanted)} as --column says",
            ),
            location=Location(path),
            hint=Msg(
                "見出しの文字を表のとおりに書いてください(空白と改行は無視します)。",
                "spell the heading as the sheet does (spaces and line breaks do not matter).",
            ),
        )
    return rows, findings


def _choose(grids: Sequence[Grid], path: Path, names: Sequence[str]) -> list[Grid]:
    if not names:
        return list(grids)
    by_name = {grid.name: grid for grid in grids}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        listed = "、".join(f"「{grid.name}」" for grid in grids)
        raise LoadError(
            Msg(
                f"シート「{'」「'.join(unknown)}」がありません(あるシート: {listed})",
                f"no sheet named {', '.join(unknown)} (the sheets: {listed})",
            ),
            location=Location(path),
            hint=Msg("--sheet にシートの名前を書いてください。", "give a sheet's name to --sheet."),
        )
    return [by_name[name] for name in dict.fromkeys(names)]


def _worth_reporting(cells: Mapping[int, str], number_column: int | None) -> bool:
    """Return whether a row without an opinion holds something (more than a form's number)."""
    filled = {column: text for column, text in cells.items() if not _blank(text)}
    if not filled:
        return False
    if number_column is None or set(filled) != {number_column}:
        return True
    return number_id(filled[number_column]) is None


def _no_table(grid: Grid, path: Path, several: bool) -> Finding:
    label = _sheet_label(grid, several)
    return Finding(
        "sheet-without-table",
        Level.WARNING,
        Msg(
            f"{label.ja}意見の表(「意見」と、番号・委員名・該当箇所などの見出しの行)が見つからないため、"
            "このシートは読みませんでした",
            f"{label.en}no opinion table (a heading row with 意見 and another known heading) was "
            "found, so this sheet was not read",
        ),
        hint=Msg(
            "表の見出しが別の言葉なら --column で指定してください(例: --column 意見=ご意見)。",
            "if the table's headings are worded otherwise, map them with --column "
            "(e.g. --column 意見=ご意見).",
        ),
        location=Location(path),
    )


def _no_tables(path: Path) -> LoadError:
    return LoadError(
        Msg(
            "意見の表が見つかりません: 「意見」(意見の概要など)の列と、番号・委員名・該当箇所・"
            "対応・考え方のどれかの列の見出しが並ぶ行がありません",
            "no opinion table found: no row has a heading for the opinion (意見, 意見の概要 …) "
            "together with another known heading (番号, 委員名, 該当箇所, 対応, 考え方)",
        ),
        location=Location(path),
        hint=Msg(
            "見出しが別の言葉なら --column で指定してください(例: --column 意見=ご意見 "
            "--column 番号=No)。読める見出しは docs/import-opinions.md にあります。",
            "map other headings with --column (e.g. --column 意見=ご意見 --column 番号=No); the "
            "headings read are listed in docs/import-opinions.md.",
        ),
    )


def _unread_columns(grid: Grid, table: Table, path: Path, label: Msg) -> list[Finding]:
    """Report the columns of a table whose headings name no role: their cells are not read."""
    findings = []
    used = {*table.columns.values(), *table.places}
    for column, heading in sorted(grid.rows.get(table.heading_row, {}).items()):
        if column in used or _blank(heading):
            continue
        findings.append(
            Finding(
                "sheet-column-not-read",
                Level.INFO,
                Msg(
                    f"{label.ja}{column}列目「{heading}」は planrev の項目にないため読みません",
                    f"{label.en}column {column} ({heading}) is not one planrev reads",
                ),
                hint=Msg(
                    f"読む列なら --column で役割を指定してください(例: --column 意見={heading})。",
                    f"to read it, map it with --column (e.g. --column 意見={heading}).",
                ),
                location=Location(path, table.heading_row, column),
            )
        )
    return findings


def _without_opinion(cells: Mapping[int, str], path: Path, label: Msg, row: int) -> Finding:
    column = min(column for column, text in cells.items() if not _blank(text))
    return Finding(
        "sheet-row-without-opinion",
        Level.WARNING,
        Msg(
            f"{label.ja}{row}行目には文字がありますが、意見の欄が空なので取り込みませんでした",
            f"{label.en}row {row} holds text but its opinion cell is empty, so it was not imported",
        ),
        hint=Msg(
            "意見なら意見の欄に書き、表の外の注記なら表の下に空行を置くか、そのままにしてください。",
            "if it is an opinion, put it in the opinion column; a note outside the table can "
            "stay as it is.",
        ),
        location=Location(path, row, column),
    )


def opinion_ids(rows: Sequence[SheetRow]) -> tuple[list[str], Finding | None]:
    """Return an id for each row's opinion, from the sheet's numbers where they serve.

    The numbers of the 番号 column become the ids (①, (1), 1 → ``op-1``) when every row has one
    and no two are the same; when they repeat from sheet to sheet, the sheet's place is put in
    front (``op-2-1``: sheet 2, number 1). Otherwise the opinions are numbered in order
    (``op-1``, ``op-2`` …), and the finding returned says why.
    """
    numbers = [number_id(row.cells.get(Role.NUMBER, "")) for row in rows]
    present = [number for number in numbers if number is not None]
    if rows and len(present) == len(rows):
        if len(set(present)) == len(present):
            return [f"op-{number}" for number in present], None
        keyed = [
            f"{row.sheet_position}-{number}" for row, number in zip(rows, present, strict=True)
        ]
        if len(set(keyed)) == len(keyed):
            return [f"op-{key}" for key in keyed], None
    ids = [f"op-{position}" for position in range(1, len(rows) + 1)]
    if not any(Role.NUMBER in row.columns for row in rows):
        return ids, None
    repeated = sorted(number for number, count in Counter(present).items() if count > 1)
    return ids, Finding(
        "sheet-ids-in-order",
        Level.INFO,
        Msg(
            "番号の欄に空欄・番号でない値・重複(" + "、".join(repeated[:5]) + ")があるため、"
            "意見の id は上からの順(op-1, op-2 …)にしました",
            "the number column has blanks, values that are not numbers or repeats ("
            + ", ".join(repeated[:5])
            + "), so the opinions' ids follow their order (op-1, op-2 …)",
        ),
    )


def build_opinions(
    rows: Sequence[SheetRow],
    places: PlaceIndex,
    *,
    meeting: int,
    path: Path,
    options: SheetOptions,
) -> tuple[OpinionSet, list[str], list[Finding]]:
    """Return the opinions of ``rows`` (with their ids, in order) and what could not be read.

    A 該当箇所 names the opinion's scope when it resolves in the draft (:class:`PlaceIndex`); an
    ambiguous or unresolved one, and a 対応 whose wording is not unambiguous, are reported at
    their cell and leave the scope empty or the disposition 未定.
    """
    ids, numbering = opinion_ids(rows)
    findings: list[Finding] = [numbering] if numbering is not None else []
    wordings = options.wordings()
    opinions = []
    several = len({row.sheet for row in rows}) > 1
    for opinion_id, row in zip(ids, rows, strict=True):
        label = (
            Msg(f"シート「{row.sheet}」: ", f"sheet '{row.sheet}': ") if several else Msg("", "")
        )
        scope = None
        place = row.cells.get(Role.PLACE)
        if place is not None:
            resolution = places.resolve(place)
            scope = resolution.scope
            finding = _place_finding(resolution.outcome, resolution.candidates, place, places)
            if finding is not None:
                findings.append(
                    _located(finding, opinion_id, row.location(path, Role.PLACE), label, meeting)
                )
        written = row.cells.get(Role.DISPOSITION, "")
        disposition = read_disposition(written, wordings)
        if disposition is None:
            findings.append(
                _located(
                    _unknown_disposition(written),
                    opinion_id,
                    row.location(path, Role.DISPOSITION),
                    label,
                    meeting,
                )
            )
            disposition = Disposition.UNDECIDED
        opinions.append(
            Opinion(
                id=opinion_id,
                text=row.text,
                channel=options.channel,
                speaker=row.speaker,
                scope=scope,
                disposition=disposition,
                response=row.cells.get(Role.RESPONSE),
            )
        )
    return OpinionSet(meeting=meeting, opinions=tuple(opinions)), ids, findings


def _located(
    finding: Finding, opinion_id: str, location: Location, label: Msg, meeting: int
) -> Finding:
    return Finding(
        finding.code,
        finding.level,
        Msg(label.ja + finding.message.ja, label.en + finding.message.en),
        hint=finding.hint,
        subjects=(opinion_id,),
        meeting=meeting,
        location=location,
    )


def _unknown_disposition(written: str) -> Finding:
    return Finding(
        "sheet-unknown-disposition",
        Level.WARNING,
        Msg(
            f"対応「{written}」がどの対応(反映・一部反映・反映しない・記載済み・今後検討・未定)か"
            "決められないため、「未定」にしました",
            f"the disposition 「{written}」 is not clearly one of 反映, 一部反映, 反映しない, "
            "記載済み, 今後検討, 未定; it was set to 未定",
        ),
        hint=Msg(
            f"意味を --disposition で指定できます(例: --disposition '{written}=反映')。",
            f"state its meaning with --disposition (e.g. --disposition '{written}=反映').",
        ),
    )


def _place_finding(
    outcome: Outcome, candidates: Sequence[str], place: str, places: PlaceIndex
) -> Finding | None:
    if outcome is Outcome.AMBIGUOUS:
        listed = "、".join(candidates[:6])
        return Finding(
            "sheet-ambiguous-place",
            Level.WARNING,
            Msg(
                f"該当箇所「{place}」に当てはまる箇所が複数あります({listed})。意見欄は決めていません",
                f"the place 「{place}」 matches several parts ({listed}); no opinion box was chosen",
            ),
            hint=Msg(
                "該当箇所を分野・施策の名前で書くか、YAML の scope を書いてください。",
                "write the place as a field or section title, or set scope in the YAML.",
            ),
        )
    if outcome in {Outcome.PAGE, Outcome.UNRESOLVED}:
        why = (
            Msg(
                "ページ番号は草案の箇所に結び付けられません",
                "a page number names no part of a draft",
            )
            if outcome is Outcome.PAGE
            else Msg(
                "草案の見出し・記述に当てはまるものがありません",
                "no title or statement of the draft matches it",
            )
        )
        if outcome is Outcome.UNRESOLVED and not places.numbered:
            why = Msg(
                why.ja + "(草案の見出しには番号がないため、番号では探せません)",
                why.en + " (the draft's titles carry no numbers to look numbers up by)",
            )
        return Finding(
            "sheet-unresolved-place",
            Level.WARNING,
            Msg(
                f"該当箇所「{place}」: {why.ja}。意見欄は決めていません",
                f"the place 「{place}」: {why.en}; no opinion box was chosen",
            ),
            hint=Msg(
                "該当箇所に分野・施策の名前を書き足すか、YAML の scope を書いてください。",
                "add a field or section title to the place, or set scope in the YAML.",
            ),
        )
    return None
