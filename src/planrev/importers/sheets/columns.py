"""Which column of a sheet holds what: the heading row, found by its Japanese headings.

A sheet's table starts at its heading row, below any title rows (merged titles, a date line,
「委員名：…」). The heading row is the first row holding an opinion heading (意見, 意見の概要 …)
and at least one other known heading; a second heading row right below it (対応 split into
対応区分 and 考え方) joins it. A later row that is itself a heading row starts a new table with
its own columns. Headings are compared without their spaces and line breaks, in Unicode's
compatibility form (full-width ``No.`` is ``No.``), and without a trailing note in brackets
(「意見(200字以内)」 is 意見): only for comparing, the text read is never changed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from planrev.i18n import Msg

__all__ = [
    "ALIASES",
    "ROLE_NAMES",
    "Role",
    "Table",
    "comparable",
    "find_tables",
    "heading_role",
    "parse_role",
    "title_speaker",
]


class Role(StrEnum):
    """What a column of an opinion sheet holds."""

    NUMBER = "番号"
    """The opinion's number in the sheet (1, ①, (1), No.1 …)."""
    SPEAKER = "委員名"
    """Who gave it."""
    PLACE = "該当箇所"
    """Which part of the draft it is about (a title, a heading number, a page)."""
    TEXT = "意見"
    """The opinion itself."""
    DISPOSITION = "対応"
    """What became of it (反映, 一部反映 …)."""
    RESPONSE = "考え方"
    """The secretariat's response (事務局の考え方, 県の考え方)."""
    REFLECTED = "反映箇所"
    """Where it was reflected (filled in when the sheet is written back)."""


ROLE_NAMES: dict[str, Role] = {
    **{role.value: role for role in Role},
    "number": Role.NUMBER,
    "speaker": Role.SPEAKER,
    "place": Role.PLACE,
    "text": Role.TEXT,
    "opinion": Role.TEXT,
    "disposition": Role.DISPOSITION,
    "response": Role.RESPONSE,
    "reflected": Role.REFLECTED,
}
"""The names a role can be given by on the command line (Japanese or English)."""

ALIASES: dict[Role, tuple[str, ...]] = {
    Role.NUMBER: (
        "番号",
        "No",
        "No.",
        "NO.",
        "№",
        "項番",
        "整理番号",
        "通し番号",
        "意見番号",
        "連番",
    ),
    Role.SPEAKER: (
        "委員名",
        "委員",
        "委員氏名",
        "意見者",
        "意見提出者",
        "提出者",
        "提出者名",
        "発言者",
        "氏名",
        "お名前",
        "名前",
        "所属・氏名",
        "団体名・氏名",
    ),
    Role.PLACE: (
        "該当箇所",
        "該当ページ",
        "該当頁",
        "該当項目",
        "該当部分",
        "該当する項目",
        "該当箇所・項目",
        "素案の該当箇所",
        "計画の該当箇所",
        "意見箇所",
        "箇所",
        "ページ",
        "頁",
        "項目",
        "項目名",
        "章・節",
    ),
    Role.TEXT: (
        "意見",
        "意見の概要",
        "意見の内容",
        "意見の要旨",
        "意見内容",
        "意見概要",
        "意見要旨",
        "意見等",
        "意見・提案",
        "意見・要望",
        "ご意見",
        "ご意見の概要",
        "ご意見の内容",
        "ご意見・ご提案",
        "御意見",
        "御意見の概要",
        "御意見の内容",
        "提出された意見",
    ),
    Role.DISPOSITION: (
        "対応",
        "対応区分",
        "対応の区分",
        "対応状況",
        "区分",
        "反映状況",
        "反映区分",
        "反映の有無",
    ),
    Role.RESPONSE: (
        "考え方",
        "県の考え方",
        "市の考え方",
        "町の考え方",
        "村の考え方",
        "事務局の考え方",
        "意見に対する考え方",
        "意見に対する県の考え方",
        "ご意見に対する県の考え方",
        "対応の考え方",
        "対応・考え方",
        "回答",
        "県の回答",
    ),
    Role.REFLECTED: ("反映箇所", "修正箇所", "反映先", "反映した箇所", "反映ページ"),
}
"""The headings each role is known by (compared as :func:`comparable` makes them)."""

_SPACES = re.compile(r"\s+")
_PAGE_HEADINGS = frozenset({"頁", "ページ", "該当ページ", "該当頁", "ページ番号"})
_NOTE = re.compile(r"(?:[（(［\[【][^（(［\[【]*[）)］\]】]|※.*)$")


def comparable(text: str) -> str:
    """Return ``text`` as headings and labels are compared: compatibility form, no spaces.

    For comparison only: what a sheet says is never changed.
    """
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).casefold()


_KNOWN: dict[str, Role] = {
    comparable(alias): role for role, aliases in ALIASES.items() for alias in aliases
}


def heading_role(text: str, explicit: Mapping[str, Role] | None = None) -> Role | None:
    """Return the role a heading names, or None.

    ``explicit`` maps headings (as :func:`comparable` makes them) to roles, ahead of the known
    headings; a role given there is found by that heading only.
    """
    explicit = explicit or {}
    key = comparable(text)
    if key in explicit:
        return explicit[key]
    for candidate in (key, _NOTE.sub("", key)):
        role = _KNOWN.get(candidate)
        if role is None and candidate.endswith(("考え方", "回答")) and len(candidate) <= 20:
            role = Role.RESPONSE
        if role is not None:
            return None if role in explicit.values() else role
    return None


def parse_role(name: str) -> Role | None:
    """Return the role named on the command line (``意見``, ``text`` …), or None."""
    return ROLE_NAMES.get(name.strip()) or ROLE_NAMES.get(comparable(name))


@dataclass(frozen=True, slots=True)
class Table:
    """One table of a sheet: where its headings are and which column holds what."""

    heading_row: int
    """The (last) heading row; the data starts below it."""
    columns: dict[Role, int]
    """The column of each role found (the first, for 該当箇所)."""
    places: tuple[int, ...]
    """Every 該当箇所 column (頁 and 項目 are often two): their texts are read together."""
    headings: dict[int, str]
    """Every heading of the heading row(s), by column, as written."""
    pages: tuple[int, ...] = ()
    """The 該当箇所 columns headed as pages (頁, ページ): a bare number there is a page."""


@dataclass(frozen=True, slots=True)
class HeadingProblem:
    """Two columns of one heading row that name the same role."""

    row: int
    """The heading row."""
    role: Role
    """The role named twice."""
    columns: tuple[int, int]
    """The two columns."""

    @property
    def message(self) -> Msg:
        """Return what is wrong."""
        return Msg(
            f"見出し行({self.row}行目)の {self.columns[0]}列目と {self.columns[1]}列目が、どちらも"
            f"「{self.role.value}」の列に見えます",
            f"the heading row (row {self.row}) has two columns for 「{self.role.value}」: "
            f"columns {self.columns[0]} and {self.columns[1]}",
        )


def _roles(
    cells: Mapping[int, str], explicit: Mapping[str, Role], row: int
) -> tuple[dict[Role, int], HeadingProblem | None]:
    found: dict[Role, int] = {}
    problem = None
    for column, text in sorted(cells.items()):
        role = heading_role(text, explicit)
        if role is None:
            continue
        if role in found and role is not Role.PLACE:
            problem = problem or HeadingProblem(row, role, (found[role], column))
            continue
        found.setdefault(role, column)
    return found, problem


def _is_heading(roles: Mapping[Role, int]) -> bool:
    return Role.TEXT in roles and len(roles) >= 2


def find_tables(
    rows: Mapping[int, Mapping[int, str]], explicit: Mapping[str, Role] | None = None
) -> tuple[list[Table], HeadingProblem | None]:
    """Return the tables of a sheet's rows, in order, or a problem with a heading row.

    ``explicit`` maps headings (as :func:`comparable` makes them) to roles.
    """
    explicit = explicit or {}
    tables: list[Table] = []
    skip_until = 0
    numbers = list(rows)
    for index, number in enumerate(numbers):
        if number <= skip_until:
            continue
        roles, problem = _roles(rows[number], explicit, number)
        if not _is_heading(roles):
            continue
        if problem is not None:
            return tables, problem
        headings = {
            column: text
            for column, text in rows[number].items()
            if heading_role(text, explicit) is not None
        }
        last = number
        following = numbers[index + 1] if index + 1 < len(numbers) else None
        if following == number + 1:
            extra = _sub_headings(rows[number], rows[following], roles, explicit)
            if extra:
                roles = {**roles, **extra}
                headings.update({column: rows[following][column] for column in extra.values()})
                last = following
        places = tuple(
            column
            for column, text in sorted(headings.items())
            if heading_role(text, explicit) is Role.PLACE
        )
        pages = tuple(column for column in places if comparable(headings[column]) in _PAGE_HEADINGS)
        tables.append(Table(last, roles, places, headings, pages))
        skip_until = last
    return tables, None


def _sub_headings(
    above: Mapping[int, str],
    cells: Mapping[int, str],
    roles: Mapping[Role, int],
    explicit: Mapping[str, Role],
) -> dict[Role, int]:
    """Return the roles a second heading row adds, or nothing if it is not a heading row.

    It is one when every cell of it is either a heading of a role not yet found, or the same
    text as the cell above (a heading merged down both rows).
    """
    extra: dict[Role, int] = {}
    for column, text in cells.items():
        if above.get(column) == text:
            continue
        role = heading_role(text, explicit)
        if role is None or role in roles or role in extra:
            return {}
        extra[role] = column
    return extra


_LABEL_END = "：:　 \t"


def title_speaker(
    rows: Mapping[int, Mapping[int, str]], before: int, explicit: Mapping[str, Role]
) -> tuple[str, int, int] | None:
    """Return the speaker named above a table (委員名：山田 太郎), with its row and column.

    Either a label cell (委員名, 氏名 …) followed by the name in the next filled cell to its
    right, or one cell holding label, separator and name. The name is kept as written.
    """
    for number, cells in rows.items():
        if number >= before:
            break
        ordered = sorted(cells.items())
        for index, (column, text) in enumerate(ordered):
            label = text.rstrip(_LABEL_END)
            if heading_role(label, explicit) is Role.SPEAKER:
                if index + 1 < len(ordered):
                    name_column, name = ordered[index + 1]
                    return name, number, name_column
                continue
            match = re.match(
                rf"^\s*(?P<label>[^{_LABEL_END}]+)[{_LABEL_END}]+(?P<name>\S.*)$", text
            )
            if match and heading_role(match.group("label"), explicit) is Role.SPEAKER:
                return match.group("name"), number, column
    return None
