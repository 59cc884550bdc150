"""The fast path builds the same data as PyYAML's own constructor with planrev's resolver.

The reference is PyYAML's generic construction over the same YAML 1.2 resolver, with numbers
that keep their text as the builder's do; it lives here, as an oracle, not in planrev.
"""

from __future__ import annotations

import random

import pytest
import yaml
from hypothesis import given, settings

from planrev.errors import YamlSyntaxError
from planrev.storage.documents import dump_document
from planrev.storage.yaml import WrittenFloat, WrittenInt, parse_fast
from planrev.storage.yaml.fast import _FastLoader
from planrev.testing.synthetic import make_plan, revise
from tests.conftest import AOMORI
from tests.strategies import plans

TRICKY = """\
a: yes
b: 0o17
c: 017
d: 2023-07-26
e: ~
f:
g: on
h: true
i: 1.5
j: 2023-07-26 10:00:00
k: '80'
l: 80.50
m: -12
n: .inf
o: [1, {p: null, q: [true, False]}]
r: &anchor {s: 1}
t: *anchor
"""


class _ReferenceLoader(_FastLoader):  # type: ignore[misc]
    """PyYAML's constructors, refusing repeated keys, numbers keeping their text."""


def _int(loader: _ReferenceLoader, node: yaml.Node) -> WrittenInt:
    text = loader.construct_scalar(node)
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    base = {"0o": 8, "0x": 16}.get(digits[:2], 10)
    return WrittenInt(sign * int(digits[2:] if base != 10 else digits, base), text)


def _float(loader: _ReferenceLoader, node: yaml.Node) -> WrittenFloat:
    return WrittenFloat(loader.construct_yaml_float(node), loader.construct_scalar(node))


def _mapping(loader: _ReferenceLoader, node: yaml.MappingNode) -> dict[object, object]:
    mapping: dict[object, object] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, "duplicate key", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_ReferenceLoader.add_constructor("tag:yaml.org,2002:int", _int)
_ReferenceLoader.add_constructor("tag:yaml.org,2002:float", _float)
_ReferenceLoader.add_constructor("tag:yaml.org,2002:map", _mapping)


def _reference(text: str) -> object:
    return yaml.load(text, Loader=_ReferenceLoader)


def test_tricky_scalars_match_the_reference() -> None:
    assert parse_fast(TRICKY) == _reference(TRICKY)
    # Written numbers keep their text, as KPI cells need.
    assert str(parse_fast("a: 80.50\n")["a"]) == "80.50"


def test_example_and_generated_drafts_match_the_reference() -> None:
    for path in AOMORI.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert parse_fast(text) == _reference(text), path
    rng = random.Random(7)
    old = make_plan(rng, 20)
    revised = revise(rng, old)
    for model in (old, revised.plan, revised.opinions, revised.record):
        text = dump_document(model)
        assert parse_fast(text) == _reference(text)


@settings(max_examples=50, deadline=None)
@given(plans())
def test_generated_plans_match_the_reference(plan: object) -> None:
    text = dump_document(plan)  # type: ignore[arg-type]
    assert parse_fast(text) == _reference(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &x [1, *x]\n", "recursive alias"),
        ("a: !foo 1\n", "not part of planrev"),
        ("? [1, 2]\n: 3\n", "unhashable"),
        ("a: 1\na: 2\n", "2回書かれています"),
    ],
)
def test_what_planrev_files_never_hold_is_refused(text: str, message: str) -> None:
    with pytest.raises(YamlSyntaxError, match=message):
        parse_fast(text)
