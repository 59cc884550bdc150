"""``planrev diff a.txt b.txt`` pairs lines in near-linear time (issue 18: two files of 200,000
lines each used to run for hours in difflib); the opcodes always describe both files exactly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planrev.cli import diff as diff_module
from planrev.cli.diff import line_opcodes

LINES = st.lists(st.sampled_from(["県民", "市民", "推進", "加速", "", "①", "②", "③"]), max_size=40)


def _check(old: list[str], new: list[str]) -> None:
    opcodes = line_opcodes(old, new)
    i = j = 0
    for tag, i1, i2, j1, j2 in opcodes:
        assert (i1, j1) == (i, j)  # contiguous, in order, covering everything
        if tag == "equal":
            assert old[i1:i2] == new[j1:j2]
        i, j = i2, j2
    assert (i, j) == (len(old), len(new))


@given(LINES, LINES)
def test_the_opcodes_cover_both_files_exactly(old: list[str], new: list[str]) -> None:
    _check(old, new)


@given(
    st.lists(st.text(alphabet="あいう", max_size=3), max_size=60),
    st.lists(st.text(alphabet="あいう", max_size=3), max_size=60),
)
def test_the_anchored_path_covers_both_files_exactly(old: list[str], new: list[str]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(diff_module, "_DIFFLIB_PAIRS", 0)  # force the anchors on small inputs
        _check(old, new)


def test_scattered_edits_in_long_files_are_found_line_by_line() -> None:
    old = [f"行{n} 県民" for n in range(50_000)]
    new = list(old)
    for n in range(0, 50_000, 5_000):
        new[n] = f"変更{n}"
    opcodes = line_opcodes(old, new)
    assert [(i1, i2) for tag, i1, i2, _, _ in opcodes if tag != "equal"] == [
        (n, n + 1) for n in range(0, 50_000, 5_000)
    ]
