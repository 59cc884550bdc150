"""Japanese word tokens for diffs: the one door to the morphological analyser.

MeCab (through fugashi) with the IPA dictionary (the ``ipadic`` package, about 50 MB on disk)
splits text into morphemes; planrev then glues them into the units a reader sees as words:

- a number is one token (``2027``, ``1,000``, ``3.5``, ``1,000万``) followed by its unit
  (``年度``, ``%``, ``円``), so a changed number is replaced whole and an unchanged unit stays
  unmarked;
- a suffix joins the word before it (``効率化``, ``利便性``, ``髙橋さん``) and a prefix the word
  after it (``新制度``, ``再構築``), so that ``効率化`` → ``効率性`` changes the whole word;
- white space is a token of its own, so the tokens always join back to exactly the input.

The concatenation of :func:`tokenize`'s result is always the input text, whatever it contains
(control characters and text MeCab cannot align fall back to one token per character).
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
"""A number — with its thousands separators and decimals, and the numeral multipliers 千 万 億 兆
that belong to it (``1,000万``, ``1万2千``) — is one token, so ``2028`` → ``2030`` never becomes
``20[-28-]{+30+}``; its unit is the next token, so ``2028年度`` → ``2030年度`` reads
``[-2028-]{+2030+}年度`` and ``1,000万円`` → ``1,500万円`` reads ``[-1,000万-]{+1,500万+}円``.
A counter prefix stays a word of its own: ``100件`` → ``約100件`` reads ``{+約+}100件``."""

_ERAS = re.compile(r"明治|大正|昭和|平成|令和")
"""Japanese era names are words (the IPA dictionary predates 令和 and cuts it 令|和)."""

_LOOSE_SUFFIXES = frozenset(("等", "ら", "たち", "達", "さん", "様", "氏", "殿", "くん", "ちゃん"))
"""Suffixes that enumerate or address rather than form a new word: ``住民{+等+}`` reads as an
insertion, while ``効率化`` → ``効率性`` is a different word."""

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


def _words(chunk: str) -> list[str]:
    """Return the word tokens of a chunk holding no space, number or control character."""
    words: list[str] = []
    surfaces: list[str] = []
    glue_next = False
    for record in _tagger().parse(chunk).split(_RECORD):
        if not record:
            continue
        surface, pos, subtype = (*record.split(_FIELD, 2), "", "")[:3]
        surfaces.append(surface)
        suffix = pos == "名詞" and subtype == "接尾" and surface not in _LOOSE_SUFFIXES
        if words and (glue_next or suffix):
            words[-1] += surface
        else:
            words.append(surface)
        glue_next = pos == "接頭詞"
    if "".join(surfaces) != chunk:
        return list(chunk)  # MeCab did not keep the text: never guess, fall back to characters
    return words


_ATOMS = re.compile(f"{_SPACE.pattern}|{_CONTROL.pattern}|{_NUMBER.pattern}|{_ERAS.pattern}")
"""Tokens cut before MeCab sees the text: white space, control characters, numbers, eras."""


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
