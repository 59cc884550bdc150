"""Japanese word tokens for diffs: the one door to the morphological analyser.

MeCab (through fugashi) with the IPA dictionary (the ``ipadic`` package, about 50 MB on disk)
splits text into morphemes; planrev then glues them into the units a reader sees as words:

- a number with its unit is one token, so a changed amount is replaced whole: ``六千八百円``,
  ``二十三``, ``第十九条``, ``第3回``, ``2,000億円``, ``1.5℃``, ``１００人``, ``80%``, and a year
  with its era and 年度 (``令和5年度``, ``令和元年度``, ``2023年度``). Kanji numerals are the ones
  MeCab reads as numbers (``統一``, ``一層``, ``千葉`` stay words of their own). An ordinal
  ``第`` belongs to its number; another prefix does not (``100件`` → ``約100件`` inserts ``約``);
- a branch number is a token of its own after its number: ``第十九条の二`` is ``第十九条`` +
  ``の二``, ``第百五条の二の十一`` is ``第百五条`` + ``の二`` + ``の十一``, so an article that
  gains or loses a branch (``第百五条の六`` → ``第百五条``) marks the branch only, while a changed
  number (``第十九条`` → ``第五十九条``) is still replaced whole;
- a suffix joins the word before it (``効率化``, ``利便性``, ``髙橋さん``) and a prefix the word
  after it (``新制度``, ``再構築``), so that ``効率化`` → ``効率性`` changes the whole word;
- white space is a token of its own, so the tokens always join back to exactly the input.

The concatenation of :func:`tokenize`'s result is always the input text, whatever it contains
(control characters and text MeCab cannot align fall back to one token per character, numbers
still kept whole).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import fugashi
import ipadic

__all__ = ["tokenize"]

_DIGITS = r"[0-9０-９]+(?:[,，.．][0-9０-９]+)*"
_NUMBER = re.compile(rf"{_DIGITS}(?:(?:[万億兆]|千(?![葉歳代]))(?:{_DIGITS})?)*")
"""An arabic number — with its thousands separators and decimals, and the numeral multipliers
千 万 億 兆 that belong to it (``1,000万``, ``1万2千``) — is never cut, whatever MeCab makes of
its separators."""

_ERAS = re.compile(r"明治|大正|昭和|平成|令和")
"""Japanese era names are words (the IPA dictionary predates 令和 and cuts it 令|和)."""

_LOOSE_SUFFIXES = frozenset(("等", "ら", "たち", "達", "さん", "様", "氏", "殿", "くん", "ちゃん"))
"""Suffixes that enumerate or address rather than form a new word: ``住民{+等+}`` reads as an
insertion, while ``効率化`` → ``効率性`` is a different word."""

_ORDINALS = frozenset(("第",))
"""Prefixes that belong to the number after them (``第十九条``); ``約``, ``各``, ``全`` do not."""

_COUNTERS = frozenset(
    (
        "年度",
        "月",
        "款",
        "世帯",
        "団体",
        "市町村",
        "種類",
        "品目",
        "店舗",
        "施設",
        "機関",
        "事業",
        "作品",
        "学年",
    )
)
"""Units MeCab tags as ordinary nouns after a number (it tags most, 円 年度 人 件 条, as
suffixes): after a number they are its unit."""

_SYMBOL_UNITS = re.compile(r"[%％℃℉‰°\u3380-\u33df]+")
"""Unit symbols that follow a number (``80%``, ``1.5℃``, ``100㎡``)."""

_LATIN_UNIT = re.compile(r"[A-Za-z\uff21-\uff3a\uff41-\uff5a]{1,3}")
"""Short Latin units after a number (``5km``, ``10kg``, ``5G``)."""

_BRANCHED = frozenset("条章節款目号編")
"""Counters that take a branch number: ``第十九条の二``, ``第二章の二``, ``第一号の二``."""

_FRACTION = "分の"
"""``三分の二``: the numerator continues the number."""

_SPACE = re.compile(r"[\s\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
"""Characters MeCab mishandles (NUL ends its input); they become one-character tokens."""

_FIELD = "\x1f"
_RECORD = "\x1e"
_ARGS = (
    f" --node-format=%m{_FIELD}%f[0]{_FIELD}%f[1]{_RECORD}"
    f" --unk-format=%m{_FIELD}%f[0]{_FIELD}%f[1]{_RECORD} --eos-format="
)

_local = threading.local()


def _tagger() -> fugashi.GenericTagger:
    # MeCab taggers are not thread-safe; one per thread, created on first use (~10 ms).
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        tagger = fugashi.GenericTagger(ipadic.MECAB_ARGS + _ARGS)
        _local.tagger = tagger
    return tagger


def _morphemes(chunk: str) -> tuple[list[str], list[str]]:
    """Return the surfaces of MeCab's morphemes of a chunk and what each is to the glue rules.

    The kinds: ``num`` a numeral, ``era`` an era name, ``cont`` inside an arabic number or an era
    name (it continues the morpheme before it), ``suf`` a suffix that forms a word, ``ord`` the
    ordinal prefix 第, ``pre`` another prefix, ``""`` anything else. One morpheme per character
    when MeCab did not keep the text (numbers and eras are still found).
    """
    surfaces: list[str] = []
    kinds: list[str] = []
    for record in _tagger().parse(chunk).split(_RECORD):
        if not record:
            continue
        surface, pos, subtype = (*record.split(_FIELD, 2), "", "")[:3]
        surfaces.append(surface)
        if pos == "名詞":
            if subtype == "数":
                kinds.append("num")
            elif subtype == "接尾" and surface not in _LOOSE_SUFFIXES:
                kinds.append("suf")
            else:
                kinds.append("")
        elif pos == "接頭詞":
            kinds.append("ord" if surface in _ORDINALS else "pre")
        else:
            kinds.append("")
    if "".join(surfaces) != chunk:
        surfaces = list(chunk)  # never guess: fall back to characters
        kinds = [""] * len(chunk)
    spans = sorted(
        [(m.start(), m.end(), "num") for m in _NUMBER.finditer(chunk)]
        + [(m.start(), m.end(), "era") for m in _ERAS.finditer(chunk)]
    )
    if spans:
        span = position = 0
        for index, surface in enumerate(surfaces):
            while span < len(spans) and spans[span][1] <= position:
                span += 1
            if span < len(spans) and spans[span][0] <= position:
                kinds[index] = "cont" if spans[span][0] < position else spans[span][2]
            position += len(surface)
    return surfaces, kinds


_TAKES_NUMERAL = frozenset(("number", "era", "branch", "branch_number", "ordinal"))


def _words(chunk: str) -> list[str]:
    """Return the word tokens of a chunk holding no space or control character."""
    surfaces, kinds = _morphemes(chunk)
    words: list[str] = []
    # What the last word can still take: a numeral ("number", "era", "branch", "branch_number",
    # "ordinal") or a unit ("number"). After a counter that takes a branch number ("branched",
    # "branch_number"), の followed by a numeral starts a word of its own ("branch") that takes
    # the numeral: 第百五条|の二|の十一. Other prefixes glue to a word after them but not to a
    # number (約100件, 各3人).
    state = ""
    glue_next = False
    for index, surface in enumerate(surfaces):
        kind = kinds[index]
        if kind == "cont":
            words[-1] += surface
            continue
        numeral = kind == "num" or (state == "era" and surface in ("元", "元年"))  # 令和元年度
        if not words:
            glue = False
        elif numeral:
            glue = state in _TAKES_NUMERAL
        elif state == "number":
            glue = bool(
                glue_next
                or kind == "suf"
                or surface in _COUNTERS
                or _SYMBOL_UNITS.fullmatch(surface)
                or _LATIN_UNIT.fullmatch(surface)
            )
        elif state in ("branched", "branch_number") and surface == "の":
            glue = False
            if index + 1 < len(kinds) and kinds[index + 1] == "num":
                # A branch number (の二) is a word of its own: 第百五条の六 → 第百五条 marks の六.
                words.append(surface)
                glue_next = False
                state = "branch"
                continue
        else:
            glue = glue_next or kind == "suf"
        if glue:
            words[-1] += surface
        else:
            words.append(surface)
        glue_next = kind in ("pre", "ord")
        if kind == "ord":
            state = "ordinal"
        elif kind == "era":
            state = "era"
        elif numeral:
            state = "branch_number" if state in ("branch", "branch_number") else "number"
        else:
            state = _state_after(surface, glue, state)
    return words


def _state_after(surface: str, glued: bool, state: str) -> str:
    """Return what a word extended by ``surface`` (not a numeral) can take next (see _words)."""
    if state == "number" and glued:
        if surface == _FRACTION:
            return "era"  # 三分の二: a numeral continues the number, a unit does not yet
        if surface[-1] in _BRANCHED:
            return "branched"
    return ""


_ATOMS = re.compile(f"{_SPACE.pattern}|{_CONTROL.pattern}")
"""Tokens cut before MeCab sees the text: white space and control characters."""


@lru_cache(maxsize=4096)
def _tokenize_cached(text: str) -> tuple[str, ...]:
    tokens: list[str] = []
    position = 0
    for match in _ATOMS.finditer(text):
        if match.start() > position:
            tokens.extend(_words(text[position : match.start()]))
        tokens.append(match.group())
        position = match.end()
    if position < len(text):
        tokens.extend(_words(text[position:]))
    return tuple(tokens)


def tokenize(text: str) -> tuple[str, ...]:
    """Return the word tokens of ``text``; joined, they give back ``text`` exactly."""
    return _tokenize_cached(text)
