"""``planrev diff``: compare two drafts (or two text files) in the terminal or as JSON."""

from __future__ import annotations

import difflib
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import click

from planrev.audit import load_folder
from planrev.cli import command, say
from planrev.cli.terminal import json_text, visible
from planrev.comparison import Change, Comparison, Op, TextSpan, compare, diff_text
from planrev.comparison.text import longest_increasing
from planrev.errors import LoadError, Location
from planrev.i18n import Msg, current_language
from planrev.model import OpinionSet, Revision
from planrev.presentation import location_paths
from planrev.storage.documents import DOCUMENT_KINDS, load_draft, read_text
from planrev.storage.yaml import parse_fast

PathArgument = click.Path(path_type=Path, exists=True)


def _paint(text: str, colour: bool, **style: Any) -> str:
    """Return user text for a terminal: made visible and styled with colour, as it is without.

    Without colour the whole line is made visible when printed (:func:`planrev.cli.say`); with
    colour every piece of user text is made visible here, before the styles are added.
    """
    if not colour:
        return text
    return click.style(visible(text), **style) if style else visible(text)


def _spans_text(spans: tuple[TextSpan, ...] | list[TextSpan], colour: bool) -> str:
    parts = []
    for span in spans:
        if span.op is Op.EQUAL:
            parts.append(_paint(span.text, colour))
        elif colour:
            if span.op is Op.DELETE:
                parts.append(_paint(span.text, colour, fg="red", strikethrough=True))
            else:
                parts.append(_paint(span.text, colour, fg="green", underline=True))
        elif span.op is Op.DELETE:
            parts.append(f"[-{span.text}-]")
        else:
            parts.append(f"{{+{span.text}+}}")
    return "".join(parts)


def _change_lines(
    change: Change,
    comparison: Comparison,
    numbers: dict[str, int],
    locations: dict[str, str],
    colour: bool,
) -> list[str]:
    ja = current_language() == "ja"
    why = [
        f"意見{numbers[o]}" if ja else f"opinion {numbers[o]}"
        for o in change.opinions
        if o in numbers
    ]
    why += [o for o in change.opinions if o not in numbers]
    if change.reason:
        why.append(f"※{change.reason}")
    where = locations.get(change.new_id or change.old_id or "", "")
    head = f"【{change.label}】 {where} ＞ {change.target}"
    if why:
        head += "  ← " + "、".join(why)
    elif not change.explained:
        head += "  ← " + ("(理由なし)" if ja else "(no reason)")
    if change.nature == "whitespace":
        head += "  (空白だけの違い)" if ja else "  (white space only)"
    elif change.nature == "width":
        head += "  (全角・半角だけの違い)" if ja else "  (full/half width only)"
    lines = [_paint(head, colour, bold=True) if colour else head]
    if change.old_id is None:
        text = _node_text(change.new_node)
        lines.append("  " + _spans_text([TextSpan(Op.INSERT, text)] if text else [], colour))
    elif change.new_id is None:
        text = _node_text(change.old_node)
        lines.append("  " + _spans_text([TextSpan(Op.DELETE, text)] if text else [], colour))
    else:
        if change.prior_unknown:
            lines.append("  " + ("(改訂前の文言は不明)" if ja else "(the old text is unknown)"))
            text = _node_text(change.new_node)
            if change.span is not None:
                start = min(change.span.start, len(text))
                end = len(text) if change.span.end is None else min(change.span.end, len(text))
                inserted = text[start:end] if change.span.end is not None else ""
                rest = text[end:] if change.span.end is not None else text[start:]
                marker = _paint(f"【{change.label}】", colour, bold=True)
                lines.append(
                    "  "
                    + _paint(text[:start], colour)
                    + marker
                    + _spans_text([TextSpan(Op.INSERT, inserted)] if inserted else [], colour)
                    + _paint(rest, colour)
                )
            else:
                lines.append(f"  {_paint(text, colour)}")
            return lines
        for diff in change.diffs:
            label = "" if diff.name in {"text", "title"} else f"{diff.name}: "
            if diff.spans:
                lines.append(f"  {label}{_spans_text(diff.spans, colour)}")
            elif diff.new is not None:
                lines.append(f"  {label}{_paint(diff.new, colour)}")
        if change.move is not None:
            moved = (
                ("並べ替え" if ja else "reordered")
                if change.move.reordered
                else (
                    f"移動: {change.move.old_container} → {change.move.new_container}"
                    if ja
                    else f"moved: {change.move.old_container} → {change.move.new_container}"
                )
            )
            lines.append(f"  ({_paint(moved, colour)})")
    del comparison
    return lines


def _node_text(node: Any) -> str:
    for name in ("text", "title", "indicator"):
        value = getattr(node, name, None)
        if isinstance(value, str):
            return value
    return ""


def _change_json(change: Change) -> dict[str, Any]:
    return {
        "id": change.id,
        "label": change.label,
        "kind": change.kind.value,
        "node_type": change.node_type,
        "old_id": change.old_id,
        "new_id": change.new_id,
        "scope": change.scope,
        "opinions": list(change.opinions),
        "reason": change.reason,
        "prior_unknown": change.prior_unknown,
        "nature": change.nature,
        "move": None
        if change.move is None
        else {
            "from": change.move.old_container,
            "to": change.move.new_container,
            "reordered": change.move.reordered,
        },
        "diffs": [
            {
                "name": diff.name,
                "old": diff.old,
                "new": diff.new,
                "spans": [{"op": span.op.value, "text": span.text} for span in diff.spans],
            }
            for diff in change.diffs
        ],
        "text": _node_text(change.new_node or change.old_node)
        if change.old_id is None or change.new_id is None
        else None,
    }


def _is_planrev_yaml(path: Path) -> bool:
    if path.suffix.lower() not in {".yaml", ".yml"}:
        return False
    try:
        data = parse_fast(read_text(path), path)
    except LoadError:
        return True  # let the draft loader report the problem properly
    if not isinstance(data, dict):
        return False
    kind = data.get("document")
    return isinstance(kind, str) and kind in DOCUMENT_KINDS


_DIFFLIB_PAIRS = 1_000_000
"""The most line pairs (old lines × new lines) difflib compares at once: its cost grows with
their product, so that two files of 200,000 lines each would take hours."""


def line_opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Return difflib's opcodes (tag, i1, i2, j1, j2) for two lists of lines, in near-linear time.

    Two short lists go to difflib whole. Longer ones are first split at the lines found exactly
    once in each list, in the same order (patience diff's anchors); each stretch between anchors
    goes to difflib if it is small enough (at most about a hundred line pairs per line, so the
    whole stays linear), and is one replacement otherwise.
    """
    if len(old) * len(new) <= _DIFFLIB_PAIRS:
        matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
        return [(tag, i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    old_counts, new_counts = Counter(old), Counter(new)
    position_in_new = {line: index for index, line in enumerate(new) if new_counts[line] == 1}
    candidates = [
        (index, position_in_new[line])
        for index, line in enumerate(old)
        if old_counts[line] == 1 and line in position_in_new
    ]
    anchors = [candidates[at] for at in longest_increasing([j for _, j in candidates])]
    opcodes: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for anchor_i, anchor_j in [*anchors, (len(old), len(new))]:
        opcodes.extend(_gap_opcodes(old, new, i, anchor_i, j, anchor_j))
        if anchor_i < len(old):
            opcodes.append(("equal", anchor_i, anchor_i + 1, anchor_j, anchor_j + 1))
        i, j = anchor_i + 1, anchor_j + 1
    merged: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if merged and merged[-1][0] == tag == "equal":
            merged[-1] = ("equal", merged[-1][1], i2, merged[-1][3], j2)
        else:
            merged.append((tag, i1, i2, j1, j2))
    return merged


def _gap_opcodes(
    old: list[str], new: list[str], i1: int, i2: int, j1: int, j2: int
) -> list[tuple[str, int, int, int, int]]:
    """Return the opcodes of the stretch between two anchors."""
    old_size, new_size = i2 - i1, j2 - j1
    if old_size == 0 and new_size == 0:
        return []
    if old_size * new_size <= 10_000 + 64 * (old_size + new_size):
        matcher = difflib.SequenceMatcher(a=old[i1:i2], b=new[j1:j2], autojunk=False)
        return [
            (tag, i1 + a1, i1 + a2, j1 + b1, j1 + b2)
            for tag, a1, a2, b1, b2 in matcher.get_opcodes()
        ]
    tag = "replace" if old_size and new_size else ("delete" if old_size else "insert")
    return [(tag, i1, i2, j1, j2)]


def _text_diff(old: Path, new: Path, as_json: bool, colour: bool) -> None:
    old_lines = read_text(old).splitlines()
    new_lines = read_text(new).splitlines()
    hunks: list[dict[str, Any]] = []
    for tag, i1, i2, j1, j2 in line_opcodes(old_lines, new_lines):
        if tag == "equal":
            continue
        before, after = "\n".join(old_lines[i1:i2]), "\n".join(new_lines[j1:j2])
        spans = diff_text(before, after)
        hunks.append({"old_lines": [i1 + 1, i2], "new_lines": [j1 + 1, j2], "spans": spans})
    if as_json:
        say(
            json_text(
                [
                    {
                        "old_lines": h["old_lines"],
                        "new_lines": h["new_lines"],
                        "spans": [{"op": s.op.value, "text": s.text} for s in h["spans"]],
                    }
                    for h in hunks
                ]
            )
        )
        return
    for hunk in hunks:
        head = f"@@ {old}:{hunk['old_lines'][0]} → {new}:{hunk['new_lines'][0]} @@"
        say(_paint(head, colour, fg="cyan"), styled=colour)
        say(_spans_text(hunk["spans"], colour), styled=colour)
    if not hunks:
        say("差分はありません" if current_language() == "ja" else "no differences")


@command(
    "diff",
    Msg(
        "2つの草案(または草案フォルダの2つの回、または2つのテキストファイル)の差分を表示します。\n\n"
        "\b\n"
        "  planrev diff OLD.yaml NEW.yaml        草案どうしを比較\n"
        "  planrev diff drafts/aomori-dx         フォルダの最新の改訂(変更記録と意見つき)\n"
        "  planrev diff drafts/aomori-dx --from 2 --to 3\n"
        "  planrev diff old.txt new.txt          テキストを単語単位で比較\n\n"
        "端末では削除を赤の取消線、追加を緑の下線で示します。パイプ先では [-削除-]{+追加+} と書きます。"
        "--to の既定は最新の回、--from の既定は --to の前の回です。比較には異なる2つの回の草案が"
        "要ります(草案が1つだけのフォルダや --from と --to が同じ回では終了コード 1)。",
        "Show the changes between two drafts (or two meetings of a drafts folder, or two text "
        "files).\n\n"
        "\b\n"
        "  planrev diff OLD.yaml NEW.yaml        compare two drafts\n"
        "  planrev diff drafts/aomori-dx         the folder's latest revision, with its record\n"
        "  planrev diff drafts/aomori-dx --from 2 --to 3\n"
        "  planrev diff old.txt new.txt          word-level diff of two texts\n\n"
        "In a terminal deletions are red and struck, insertions green and underlined; "
        "otherwise they are written [-deleted-]{+inserted+}. --to defaults to the latest "
        "meeting, --from to the one before --to. A comparison needs the drafts of two "
        "different meetings (a folder of one draft, or --from equal to --to, exits 1).",
    ),
)
@click.argument("old", type=PathArgument)
@click.argument("new", type=PathArgument, required=False)
@click.option(
    "--from",
    "from_meeting",
    type=int,
    default=None,
    help="比較元の回(フォルダ指定時) / meeting to compare from (folder).",
)
@click.option(
    "--to",
    "to_meeting",
    type=int,
    default=None,
    help="比較先の回(フォルダ指定時) / meeting to compare to (folder).",
)
@click.option("--json", "as_json", is_flag=True, help="JSON で出力 / print JSON.")
@click.option(
    "--color/--no-color",
    "colour",
    default=None,
    help="色付けの有無(既定: 端末なら色付け) / colour (default: when a terminal).",
)
@click.option(
    "--scope-level",
    type=click.Choice(["field", "section"]),
    default=None,
    help="ラベルを番号付けする単位 / level numbering the labels.",
)
def diff(
    old: Path,
    new: Path | None,
    from_meeting: int | None,
    to_meeting: int | None,
    as_json: bool,
    colour: bool | None,
    scope_level: str | None,
) -> None:
    use_colour = sys.stdout.isatty() if colour is None else colour
    record: Revision | None = None
    opinions: OpinionSet | None = None
    if new is None:
        if not old.is_dir():
            raise LoadError(
                Msg("比較する2つ目のファイルがありません", "a second file to compare is missing"),
                location=Location(old),
                hint=Msg(
                    "planrev diff OLD NEW か、草案フォルダを1つ指定してください。",
                    "pass OLD and NEW, or one drafts folder.",
                ),
            )
        step = load_folder(old).between(from_meeting, to_meeting)
        old_plan, new_plan = step.old, step.new
        record, opinions = step.revision, step.opinions
        comparison = (
            step.comparison
            if scope_level is None
            else compare(old_plan, new_plan, record, opinions, scope_level=scope_level)
        )
    else:
        if from_meeting is not None or to_meeting is not None:
            raise click.UsageError(
                str(
                    Msg(
                        "--from と --to は草案フォルダを1つ指定したときだけ使えます",
                        "--from and --to apply to one drafts folder only",
                    )
                )
            )
        if _is_planrev_yaml(old) and _is_planrev_yaml(new):
            old_plan, new_plan = load_draft(old), load_draft(new)
            comparison = compare(old_plan, new_plan, scope_level=scope_level)
        else:
            _text_diff(old, new, as_json, use_colour)
            return
    numbers = {o.id: n for n, o in enumerate(opinions.opinions if opinions else (), start=1)}
    if as_json:
        say(
            json_text(
                {
                    "old": old_plan.meta.meeting,
                    "new": new_plan.meta.meeting,
                    "changes": [_change_json(change) for change in comparison.changes],
                    "findings": [finding.to_json() for finding in comparison.findings],
                }
            )
        )
        return
    locations = location_paths(old_plan) | location_paths(new_plan)
    ja = current_language() == "ja"
    old_label = f"第{old_plan.meta.meeting}回" if old_plan.meta.meeting is not None else "OLD"
    new_label = f"第{new_plan.meta.meeting}回" if new_plan.meta.meeting is not None else "NEW"
    count = len(comparison.changes)
    say(f"{old_label} → {new_label}  " + (f"変更{count}件" if ja else f"{count} changes"))
    for change in comparison.changes:
        say("")
        for line in _change_lines(change, comparison, numbers, locations, use_colour):
            say(line, styled=use_colour)
    if comparison.findings and record is not None:
        say("")
        for finding in comparison.findings:
            say(f"[{finding.level.value}] {finding.message}")
