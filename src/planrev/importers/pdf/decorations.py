"""Strike-through and underline: which characters the drawn lines cross or underline.

A horizontal line is set against each text line it overlaps, in units of the font size above the
baseline: through the body of the characters (0.12–0.65 em) it strikes them; at the baseline or
just under it (−0.28–0.06 em) it underlines them. Producers draw these lines differently —
WeasyPrint one stroke per line of text, Chromium a thin filled rectangle, LibreOffice one stroke
per run with gaps at the spacing between scripts, some producers one segment per character or
dotted — so collinear pieces are joined first. Two lines through the same characters are a
double strike-through (or a double underline).

What is not a text decoration: a line that runs more than two em past the characters on either
side (a heading's rule, a separator) and a table's or box's border. A border that sits where an
underline would is reported (``underline-or-border``), as is a line that covers only part of a
character (``partial-line``); the character then counts as decorated when at least half of it is
covered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from planrev.i18n import Msg
from planrev.importers.pdf.notes import Note
from planrev.importers.pdf.page import Glyph, Page, Rule

__all__ = ["decorate", "merge_rules"]

_STRIKE = (0.12, 0.65)
"""Where a strike-through runs: em above the baseline."""
_UNDERLINE = (-0.28, 0.06)
"""Where an underline runs: em above the baseline (negative: below it)."""
_OVERHANG = 2.0
"""How far (em) a line may run past the characters and still be their decoration."""
_JOIN = 1.6
"""The widest gap (points) between two collinear pieces of one line."""
_FULL = 0.85
"""The share of a character's width a line must cover to cover it without doubt."""
_NONE = 0.15
"""The share below which a line does not touch a character."""


@dataclass(slots=True)
class _Line:
    baseline: float
    glyphs: list[Glyph]


def merge_rules(rules: Iterable[Rule]) -> list[Rule]:
    """Return the horizontal rules with collinear touching pieces joined into one.

    Lines split at each character, dotted lines and one underline drawn per run become single
    lines; the result keeps the colour of the first piece, and is an edge or wavy if any piece is.
    """
    # Pieces of one line may sit a fraction of a point apart in height (LibreOffice draws each
    # run's underline at its font's position): rows of pieces within 0.3 pt, then left to right.
    rows: list[list[Rule]] = []
    for rule in sorted((r for r in rules if r.horizontal), key=lambda r: r.y):
        if rows and rule.y - rows[-1][0].y <= 0.3:
            rows[-1].append(rule)
        else:
            rows.append([rule])
    merged: list[Rule] = []
    for row in rows:
        merged.extend(_joined(sorted(row, key=lambda r: r.x0)))
    return merged


def _joined(pieces: list[Rule]) -> list[Rule]:
    """Return the pieces of one row (left to right) with touching pieces of a thickness joined."""
    merged: list[Rule] = []
    for rule in pieces:
        last = merged[-1] if merged else None
        if (
            last is not None
            and rule.x0 <= last.x1 + _JOIN
            and abs((last.bottom - last.top) - (rule.bottom - rule.top)) <= 0.5
        ):
            merged[-1] = Rule(
                last.x0,
                min(last.top, rule.top),
                max(last.x1, rule.x1),
                max(last.bottom, rule.bottom),
                last.colour,
                edge=last.edge or rule.edge,
                wavy=last.wavy or rule.wavy,
            )
        else:
            merged.append(rule)
    return merged


def _text_lines(glyphs: list[Glyph]) -> list[_Line]:
    lines: list[_Line] = []
    for glyph in sorted(glyphs, key=lambda g: (g.baseline, g.x0)):
        if lines and abs(lines[-1].baseline - glyph.baseline) <= 0.5:
            lines[-1].glyphs.append(glyph)
        else:
            lines.append(_Line(glyph.baseline, [glyph]))
    return lines


def _grid_edge(rule: Rule, verticals: list[Rule]) -> bool:
    """Return whether vertical lines meet both ends of ``rule`` (a table or box border)."""
    if rule.edge:
        return True

    def meets(x: float) -> bool:
        return any(
            abs(v.x - x) <= 1.5 and v.top - 1.5 <= rule.y <= v.bottom + 1.5 for v in verticals
        )

    return meets(rule.x0) and meets(rule.x1)


def _where(glyph: Glyph) -> Msg:
    mm = 25.4 / 72
    return Msg(
        f"(上から {glyph.top * mm:.0f} mm、左から {glyph.x0 * mm:.0f} mm の「{glyph.text}」)",
        f"(the '{glyph.text}' {glyph.top * mm:.0f} mm from the top, {glyph.x0 * mm:.0f} mm from "
        "the left)",
    )


def decorate(page: Page) -> list[Note]:
    """Set ``strike`` and ``underline`` on the page's glyphs; return what was ambiguous."""
    notes: list[Note] = []
    horizontals = merge_rules(page.rules)
    verticals = [r for r in page.rules if not r.horizontal]
    lines = _text_lines(page.glyphs)
    for rule in horizontals:
        for line in lines:
            size = max(g.size for g in line.glyphs)
            if rule.bottom - rule.top > 0.2 * size:
                continue
            height = (line.baseline - rule.y) / size
            if _STRIKE[0] <= height <= _STRIKE[1]:
                kind = "strike"
            elif _UNDERLINE[0] <= height <= _UNDERLINE[1]:
                kind = "underline"
            else:
                continue
            _apply(rule, line, kind, verticals=verticals, page=page, notes=notes)
    return notes


def _apply(
    rule: Rule, line: _Line, kind: str, *, verticals: list[Rule], page: Page, notes: list[Note]
) -> None:
    covered: list[Glyph] = []
    partial: list[Glyph] = []
    reach = -1e9  # the right end of the characters so far on the line
    for glyph in line.glyphs:
        # Compressed punctuation (。（ set in one em) overlaps the character before: only the
        # part of a character clear of its neighbour counts.
        left = max(glyph.x0, min(reach, glyph.x1))
        reach = max(reach, glyph.x1)
        width = glyph.x1 - left
        if width <= 0:
            continue
        share = (min(rule.x1, glyph.x1) - max(rule.x0, left)) / width
        if share <= _NONE:
            continue
        if share < _FULL and glyph.text.strip():
            partial.append(glyph)
        if share >= 0.5:
            covered.append(glyph)
    if not covered:
        return
    size = max(g.size for g in line.glyphs)
    left = min(g.x0 for g in covered)
    right = max(g.x1 for g in covered)
    if left - rule.x0 > _OVERHANG * size or rule.x1 - right > _OVERHANG * size:
        return  # a rule under a heading, a separator: not this text's decoration
    if kind == "underline" and _grid_edge(rule, verticals):
        first = covered[0]
        notes.append(
            Note(
                "underline-or-border",
                Msg(
                    "文字の下の線は表や枠の罫線とも下線とも読めます。罫線とみて、下線(追加)とはしていません"
                    + _where(first).ja,
                    "the line under these characters could be a table or box border or an "
                    "underline; it is read as a border, not as an underline (insertion) "
                    + _where(first).en,
                ),
                Msg(
                    "下線であれば、罫線と離れるように PDF を作り直すか、テキストに直して <u>…</u> で囲んでください。",
                    "if it is an underline, make the PDF with the text clear of the border, or "
                    "mark the text <u>…</u> in a text copy.",
                ),
                page.number,
                first.top,
            )
        )
        return
    for glyph in covered:
        if kind == "strike":
            glyph.strike = min(glyph.strike + 1, 2)
        else:
            glyph.underline = min(glyph.underline + 1, 2)
    for glyph in partial:
        notes.append(
            Note(
                "partial-line",
                Msg(
                    f"{'取り消し線' if kind == 'strike' else '下線'}が文字の一部にしかかかっていません。"
                    f"半分以上かかる文字だけを{'取り消し' if kind == 'strike' else '下線付き'}としました"
                    + _where(glyph).ja,
                    f"a {'strike-through' if kind == 'strike' else 'underline'} covers only part of "
                    "a character; only characters covered at least halfway count "
                    + _where(glyph).en,
                ),
                Msg(
                    "取り込んだ文言の ~~ ~~ や <u> </u> の範囲を資料と見比べてください。",
                    "compare the ~~ ~~ and <u> </u> spans of the import with the document.",
                ),
                page.number,
                glyph.top,
            )
        )
