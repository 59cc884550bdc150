"""The one door to the YAML libraries: PyYAML's LibYAML binding and ruamel.yaml.

Three paths, each for its own job:

- :mod:`.fast` (:func:`parse_fast`) reads. LibYAML's C parser and composer, a YAML 1.2
  core-schema resolver and a builder that counts nodes (aliases expanded) against the limits:
  ≈8 MB/s on planrev drafts. Every read that writes nothing back, and every first read of a
  file, comes here.
- :mod:`.roundtrip` (:func:`parse_roundtrip`, :func:`dump_roundtrip`, :func:`sync`) edits.
  ruamel's round-trip loader keeps comments, key order, quoting and block styles so a file
  planrev changes keeps every line an edit did not touch; it builds a tree of Python objects per
  comment and style, ≈1 MB/s, which no read-only caller should pay. It opens only texts the fast
  path has already read and validated.
- :mod:`.write` (:func:`dump_new`) creates. A new file has nothing to keep, so PyYAML's emitter
  writes it in planrev's layout, the same bytes ruamel's round-trip dumper would write, about
  2.5 times faster (a 1,000-section draft: 0.6 s against 1.5 s).

Both paths report problems with :mod:`.syntax`'s located messages.
"""

from __future__ import annotations

from planrev.storage.yaml.fast import (
    WrittenFloat,
    WrittenInt,
    c_parser_in_use,
    compose,
    locate,
    parse_fast,
    position_in,
)
from planrev.storage.yaml.roundtrip import (
    RoundTrip,
    dump_roundtrip,
    guess_layout,
    parse_roundtrip,
    position_of,
    styled,
    sync,
)
from planrev.storage.yaml.write import CANONICAL, LITERAL_MIN_LENGTH, Layout, dump_new

__all__ = [
    "CANONICAL",
    "LITERAL_MIN_LENGTH",
    "Layout",
    "RoundTrip",
    "WrittenFloat",
    "WrittenInt",
    "c_parser_in_use",
    "compose",
    "dump_new",
    "dump_roundtrip",
    "guess_layout",
    "locate",
    "parse_fast",
    "parse_roundtrip",
    "position_in",
    "position_of",
    "styled",
    "sync",
]
