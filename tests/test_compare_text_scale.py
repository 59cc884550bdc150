"""Word diffs of very long statements: bounded work, valid spans, the same answer on ordinary text."""

from __future__ import annotations

import random
import resource
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given

from planrev.comparison import Op, diff_text, new_text, old_text
from planrev.comparison import text as text_module
from planrev.comparison.tokens import tokenize
from planrev.testing.synthetic import sentence
from tests.test_compare_text import _NUMBER, _change_boundaries, edited_texts
from tests.tools import run_tool

LAWS = Path(__file__).parent / "realdata" / "laws"


def _unrelated(length: int, seed: int) -> str:
    rng = random.Random(seed)
    text = ""
    while len(text) < length:
        text += sentence(rng)
    return text[:length]


def test_longest_increasing_subsequence() -> None:
    assert text_module.longest_increasing([3, 1, 2, 5, 4]) == [1, 2, 4]
    assert text_module.longest_increasing([5, 4, 3]) == [2]
    assert text_module.longest_increasing([]) == []


def test_long_rewritten_statement_is_diffed_in_bounded_pieces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sizes: list[int] = []
    exact = text_module._exact_token_diff

    def recording(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, str]]:
        sizes.append(max(len(old), len(new)))
        return exact(old, new)

    monkeypatch.setattr(text_module, "_exact_token_diff", recording)
    old, new = _unrelated(30_000, 1), _unrelated(30_000, 2)
    spans = diff_text(old, new)
    assert (old_text(spans), new_text(spans)) == (old, new)
    assert len(sizes) > 1
    assert max(sizes) <= text_module.EXACT_TOKENS


def test_long_statement_with_local_edits_reads_as_the_exact_diff() -> None:
    # The longest article of a real statute, edited in three places: anchoring on unchanged
    # clauses must find what one minimal diff of the whole statement finds.
    law = min((LAWS / "405AC0000000047").glob("*.txt"))
    article = max(law.read_text(encoding="utf-8").split("\n\n"), key=len)
    old = article * 3
    new = (
        article.replace("営業秘密", "秘密情報", 1)
        + article.replace("輸出し、", "", 1)
        + article.replace("第二条", "第五十九条", 1)
    )
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    assert max(len(old_tokens), len(new_tokens)) > text_module.EXACT_TOKENS
    anchored = text_module._cleanup(text_module._anchored_token_diff(old_tokens, new_tokens))
    exact = text_module._cleanup(text_module._exact_token_diff(old_tokens, new_tokens))
    assert anchored == exact
    changed = [span.text for span in diff_text(old, new) if span.op is not Op.EQUAL]
    assert changed == ["営業秘密", "秘密情報", "輸出し、", "第二条", "第五十九条"]


@given(edited_texts())
def test_pieces_and_anchors_keep_every_property(pair: tuple[str, str]) -> None:
    old, new = pair
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text_module, "EXACT_TOKENS", 3)  # every text takes the long path
        spans = diff_text(old, new)
    assert (old_text(spans), new_text(spans)) == (old, new)
    assert all(span.text for span in spans)
    texts = {"old": old, "new": new}
    for side, offset in _change_boundaries(spans):
        for number in _NUMBER.finditer(texts[side]):
            assert not number.start() < offset < number.end()


_GUARD = textwrap.dedent(
    """
    import random, sys
    from planrev.comparison import diff_text, new_text, old_text
    from planrev.testing.synthetic import sentence

    def text(seed):
        rng, out = random.Random(seed), ""
        while len(out) < 300_000:
            out += sentence(rng)
        return out

    old, new = text(1), text(2)
    spans = diff_text(old, new)
    assert (old_text(spans), new_text(spans)) == (old, new)
    kanji = [chr(point) for point in range(0x4E00, 0x4E00 + 2000)]
    rng = random.Random(3)
    old = "".join(rng.choice(kanji) for _ in range(100_000))
    new = "".join(rng.choice(kanji) for _ in range(100_000))
    spans = diff_text(old, new)
    assert (old_text(spans), new_text(spans)) == (old, new)
    """
)


def _limit_cpu() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (120, 120))


@pytest.mark.slow
def test_very_long_rewritten_statements_do_not_hang() -> None:
    # A hang guard, not a timing: 300,000 characters rewritten throughout took minutes of CPU
    # before the long path; a machine many times slower than ours still passes.
    done = run_tool(
        [sys.executable, "-c", _GUARD],
        capture_output=True,
        text=True,
        preexec_fn=_limit_cpu,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
