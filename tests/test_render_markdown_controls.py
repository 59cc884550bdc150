"""Markdown outputs show control characters instead of writing them raw (issue 18): an ESC in a
draft must not act on the terminal that shows ``redline.md``, and a NUL must not cut the file."""

from __future__ import annotations

import re

from planrev.comparison import compare
from planrev.model import ChangeKind, ChangeRecord, Disposition, Opinion, OpinionSet, Revision
from planrev.model import build as b
from planrev.render import comparison_table_markdown, handout_markdown, responses_markdown
from planrev.render.markdown import parse_marked, unescape
from planrev.views import build_comparison_table, build_handout, build_responses

CONTROLS = "NUL\x00ESC\x1b[31mDEL\x7fSOH\x01CR\rNEL\x85"
"""Draft text with control characters: NUL, ESC (a colour sequence), DEL, U+0001, CR, U+0085."""
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Any control character but tab and line feed."""


def _outputs() -> dict[str, str]:
    old = b.plan(
        "計画\x1b",
        b.pillar(
            "p1", "柱\x07", b.vision("v1", "旧" + CONTROLS), b.vision("v2", "残る" + CONTROLS)
        ),
        meeting=1,
    )
    new = b.plan(
        "計画\x1b",
        b.pillar(
            "p1",
            "柱\x07",
            b.vision("v1", "新" + CONTROLS),
            b.vision("v2", "残る" + CONTROLS),
            b.vision("v3", "追加␛は記号" + CONTROLS),
        ),
        meeting=2,
    )
    opinions = OpinionSet(
        meeting=2,
        opinions=(
            Opinion(
                id="o1",
                text="意見" + CONTROLS,
                speaker="委員\x1b",
                scope="p1",
                disposition=Disposition.REFLECTED,
                response="考え方" + CONTROLS,
            ),
        ),
    )
    record = Revision(
        old=1,
        new=2,
        changes=(
            ChangeRecord(id="c1", kind=ChangeKind.MODIFY, target="v1", opinions=("o1",)),
            ChangeRecord(id="c2", kind=ChangeKind.ADD, target="v3", reason="理由\x1b"),
        ),
    )
    comparison = compare(old, new, record, opinions)
    return {
        "redline.md": handout_markdown(build_handout(comparison, opinions)),
        "clean.md": handout_markdown(build_handout(comparison, opinions, mode="clean")),
        "table.md": comparison_table_markdown(build_comparison_table(comparison, opinions)),
        "responses.md": responses_markdown(build_responses(comparison, opinions)),
    }


def test_no_markdown_output_holds_a_raw_control_character() -> None:
    for name, text in _outputs().items():
        assert RAW.search(text) is None, (name, RAW.findall(text))
        assert "␀" in text, name
        assert "␛" in text, name
        assert "␡" in text, name
        assert "␁" in text, name
        assert "␍" in text, name
        assert "\\u0085" in text, name


def test_the_redline_still_reads_back_exactly() -> None:
    redline = _outputs()["redline.md"]
    lines = [line.removeprefix("- ・") for line in redline.splitlines()]
    kept = next(line for line in lines if line.startswith("残る"))
    assert unescape(kept) == "残る" + CONTROLS
    added = next(line for line in lines if "追加" in line and "記号" in line)
    text = "".join(span.text for span in parse_marked(added) if span.kind == "text")
    # A control picture the user typed (␛) stays a picture; the ESC after it is the control.
    assert text == "追加␛は記号" + CONTROLS
