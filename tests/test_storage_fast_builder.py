"""The fast path builds the same data as PyYAML's constructor with planrev's resolver."""

from __future__ import annotations

import random

import pytest
import yaml
from hypothesis import given, settings

from planrev.errors import YamlSyntaxError
from planrev.storage.documents import dump_document
from planrev.storage.yaml import _FastLoader, parse_fast
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


def _reference(text: str) -> object:
    return yaml.load(text, Loader=_FastLoader)


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
