"""Which part of the draft a 該当箇所 names: 「デジタル人材」, 「p.12 行政経営分野」, 「第2章 2(1)」.

A 該当箇所 is matched against the draft the opinions answer, in three ways at once:

- **titles** of pillars, fields and sections found in it (with or without their heading number);
- **statement text** it quotes: the whole 該当箇所, or a part in 「」『』"", found inside exactly
  the statements of one field or section (「自治体のデジタル人材の育成」 is a line of 質の高い自治体運営);
- **heading numbers** (第2章, 2, (1), ①), when the draft's titles carry numbers: each number is
  looked for among the children of the node the one before it named.

Page references (p.12, 12ページ) are taken out first: a draft has no pages. Of the matches, one
inside another's text is dropped (「デジタル人材」 inside the quoted 「自治体のデジタル人材の育成」),
and so is one that contains another match (行政経営分野 around 住民の利便性の向上). What is left
must name one part, or parts of one scope; otherwise the 該当箇所 is ambiguous or unresolved, and
the caller reports it. Nothing is guessed from similar wording.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from planrev.importers.sheets.columns import comparable
from planrev.model import Field, Pillar, Plan, Section, Statement, walk
from planrev.model.walk import Located

__all__ = ["Outcome", "PlaceIndex", "Resolution", "scope_of"]


class Outcome(StrEnum):
    """How a 該当箇所 came out."""

    EMPTY = "empty"
    """Nothing written: an opinion about the plan as a whole."""
    WHOLE = "whole"
    """「全体」「全般」 and the like: the plan as a whole."""
    RESOLVED = "resolved"
    """One part of the draft (or parts of one scope)."""
    AMBIGUOUS = "ambiguous"
    """Parts of different scopes match."""
    PAGE = "page"
    """Only a page reference, which a draft cannot resolve."""
    UNRESOLVED = "unresolved"
    """Nothing in the draft matches."""


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a 該当箇所 names."""

    outcome: Outcome
    """How it came out."""
    node: str | None = None
    """The part it names (or the scope, when several parts of one scope matched)."""
    scope: str | None = None
    """The pillar, field or section whose ★意見 box lists the opinion, or None."""
    candidates: tuple[str, ...] = ()
    """The parts that matched, when ambiguous."""


WHOLE_PLAN = frozenset(
    comparable(text)
    for text in (
        "全体",
        "全般",
        "全体的",
        "全体について",
        "全体的な意見",
        "計画全体",
        "プラン全体",
        "素案全体",
        "計画全般",
        "プラン全般",
        "素案全般",
    )
)
"""The 該当箇所 wordings that mean the plan as a whole."""

_PAGE = re.compile(
    r"(?:(?<![a-z])pp?\.?\s*[0-9]+(?:\s*[-~〜～]\s*[0-9]+)?|[0-9]+(?:\s*[-~〜～]\s*[0-9]+)?\s*(?:ページ|頁|p\b))"
)
_QUOTED = re.compile(r"「([^「」]+)」|『([^『』]+)』|\"([^\"]+)\"|“([^“”]+)”")
_CIRCLED = {chr(0x2460 + n): f"c{n + 1}" for n in range(20)}
_KANJI_DIGITS = dict(zip("〇一二三四五六七八九", "0123456789", strict=True))
_LEADING_NUMBER = re.compile(
    r"(第[0-9〇一二三四五六七八九十]+[部章節]|\([0-9]+\)|\([ア-ン]\)|c[0-9]+|[0-9]+(?=[\s.、\-(]|c|$))"
    r"[\s.、\-]*"
)
"""A heading number at the start of a text (in :func:`_number_form`), with what follows it."""
_TRIM = " \t\u3000、，,・:：/\uff0f-"


def _number_form(text: str) -> str:
    """Return ``text`` as heading numbers are compared: ① kept apart from 1, kanji as digits."""
    plain = "".join(_CIRCLED.get(char, char) for char in text)
    plain = unicodedata.normalize("NFKC", plain)
    return re.sub(
        r"第([〇一二三四五六七八九十]+)",
        lambda match: f"第{_kanji_number(match.group(1))}",
        plain,
    )


def _kanji_number(text: str) -> str:
    if "十" not in text:
        return "".join(_KANJI_DIGITS[char] for char in text)
    tens, _, ones = text.partition("十")
    return str(int(_KANJI_DIGITS.get(tens, "1") or "1") * 10 + int(_KANJI_DIGITS.get(ones, "0")))


def _leading_numbers(text: str) -> tuple[list[str], int]:
    """Return the heading numbers ``text`` starts with (第2章 2(1) → 第2章, 2, (1)) and where
    they end in :func:`_number_form` of it."""
    form = _number_form(text).lstrip(_TRIM)
    numbers: list[str] = []
    position = 0
    while match := _LEADING_NUMBER.match(form, position):
        numbers.append(match.group(1))
        position = match.end()
    return numbers, position


def scope_of(located: Located, level: str) -> str | None:
    """Return the id of the part whose ★意見 box lists opinions about ``located``'s node.

    At ``section`` level the outermost section holding it, else its field, else its pillar;
    None for a block of the plan itself.
    """
    chain = [*located.parents, located.node]
    if level == "section":
        section = next((node for node in chain if isinstance(node, Section)), None)
        if section is not None:
            return section.id
    field = next((node for node in chain if isinstance(node, Field)), None)
    if field is not None:
        return field.id
    pillar = next((node for node in chain if isinstance(node, Pillar)), None)
    return pillar.id if pillar is not None else None


@dataclass(frozen=True, slots=True)
class _Entry:
    id: str
    scope: str | None
    ancestors: frozenset[str]
    forms: tuple[str, ...]
    """Title keys (with and without the heading number) for parts; the text key for statements."""
    number: str | None
    parent: str | None


@dataclass(frozen=True, slots=True)
class _Match:
    id: str
    start: int
    """Where the matched text starts in the 該当箇所 (-1 for heading numbers)."""
    end: int
    title: bool
    """Whether a title (or heading number) matched, rather than statement text."""

    def covers(self, other: _Match) -> bool:
        """Return whether this match's text holds ``other``'s and takes precedence over it."""
        if self.start < 0 or other.start < 0 or self is other:
            return False
        if not (self.start <= other.start and other.end <= self.end):
            return False
        longer = (self.end - self.start) > (other.end - other.start)
        return longer or (self.title and not other.title)


class PlaceIndex:
    """The titles, statement texts and heading numbers of one draft, ready to match against."""

    def __init__(self, plan: Plan) -> None:
        level = plan.meta.scope_level
        self.parts: list[_Entry] = []
        self.statements: list[_Entry] = []
        self.by_id: dict[str, _Entry] = {}
        for located in walk(plan):
            node = located.node
            ancestors = frozenset(parent.id for parent in located.parents)
            parent = located.parents[-1].id if located.parents else None
            if isinstance(node, Pillar | Field | Section):
                numbers, end = _leading_numbers(node.title)
                number = numbers[0] if len(numbers) == 1 else None
                forms = [comparable(node.title)]
                if number is not None:
                    forms.append(comparable(_number_form(node.title).lstrip(_TRIM)[end:]))
                entry = _Entry(
                    node.id,
                    scope_of(located, level),
                    ancestors,
                    tuple(form for form in forms if form),
                    number,
                    parent,
                )
                self.parts.append(entry)
            elif isinstance(node, Statement) and node.text:
                entry = _Entry(
                    node.id,
                    scope_of(located, level),
                    ancestors,
                    (comparable(node.text),),
                    None,
                    parent,
                )
                self.statements.append(entry)
            else:
                continue
            self.by_id[entry.id] = entry
        self.numbered = any(entry.number for entry in self.parts)
        """Whether the draft's titles carry heading numbers."""

    def resolve(self, place: str) -> Resolution:
        """Return what a 該当箇所 names in the draft."""
        key = comparable(place)
        if not key:
            return Resolution(Outcome.EMPTY)
        if key.strip(_TRIM + "。") in WHOLE_PLAN:
            return Resolution(Outcome.WHOLE)
        rest, pages = _PAGE.subn(" ", unicodedata.normalize("NFKC", place).casefold())
        rest_key = comparable(rest)
        matches = [
            *self._titles(rest_key),
            *self._quotes(rest, rest_key),
            *self._numbers(rest),
        ]
        kept = _most_specific(matches, self.by_id)
        if not kept:
            outcome = Outcome.PAGE if pages and not rest_key.strip(_TRIM) else Outcome.UNRESOLVED
            return Resolution(outcome)
        ids = sorted({match.id for match in kept}, key=list(self.by_id).index)
        scopes = {self.by_id[node].scope for node in ids}
        if len(scopes) != 1:
            return Resolution(Outcome.AMBIGUOUS, candidates=tuple(ids))
        (scope,) = scopes
        node = ids[0] if len(ids) == 1 else scope
        return Resolution(Outcome.RESOLVED, node=node, scope=scope)

    def _titles(self, rest_key: str) -> Iterable[_Match]:
        for entry in self.parts:
            for form in entry.forms:
                start = rest_key.find(form)
                if start >= 0:
                    yield _Match(entry.id, start, start + len(form), title=True)
                    break

    def _quotes(self, rest: str, rest_key: str) -> Iterable[_Match]:
        """Yield the statements holding the quoted text (or the whole 該当箇所) in theirs."""
        fragments = [
            comparable(piece)
            for match in _QUOTED.finditer(rest)
            for piece in match.groups()
            if piece
        ]
        whole = rest_key.strip(_TRIM + '「」『』"“”')
        if whole:
            fragments.append(whole)
        for fragment in fragments:
            if len(fragment) < 2:
                continue
            start = rest_key.find(fragment)
            for entry in self.statements:
                if fragment in entry.forms[0]:
                    yield _Match(entry.id, start, start + len(fragment), title=False)

    def _numbers(self, rest: str) -> Iterable[_Match]:
        """Yield the part a run of heading numbers names (第2章 2(1)), if the draft has numbers.

        Each number after the first is looked for among the children of the parts the numbers
        before it named; a number that names nothing there names nothing at all.
        """
        numbers, _ = _leading_numbers(rest)
        if not self.numbered or not numbers:
            return
        current = [entry for entry in self.parts if entry.number == numbers[0]]
        for number in numbers[1:]:
            parents = {entry.id for entry in current}
            current = [
                entry for entry in self.parts if entry.number == number and entry.parent in parents
            ]
        for entry in current:
            yield _Match(entry.id, -1, -1, title=True)


def _most_specific(matches: list[_Match], by_id: dict[str, _Entry]) -> list[_Match]:
    """Drop matches whose text another match holds, then parts that hold another match."""
    inside = [match for match in matches if not any(other.covers(match) for other in matches)]
    ids = {match.id for match in inside}
    return [
        match
        for match in inside
        if not any(match.id in by_id[other].ancestors for other in ids if other != match.id)
    ]
