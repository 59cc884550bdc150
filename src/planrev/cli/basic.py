"""Commands that read and check data: ``validate``, ``schema``, ``summary``."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import click

from planrev.audit import History, load_folder
from planrev.cli import EXIT_INPUT, command, echo_error, say
from planrev.cli.terminal import json_text
from planrev.errors import LoadError, PlanrevError
from planrev.guard import guard_folder, guard_outputs
from planrev.i18n import Msg, current_language
from planrev.model import (
    ChangeKind,
    Disposition,
    OpinionSet,
    Plan,
    PlanMeta,
    Revision,
    Statement,
    walk,
)
from planrev.presentation import header_lines, long_date, meeting_label, plan_name
from planrev.schema import DOCUMENT_MODELS, json_schema_text
from planrev.storage.documents import load_document, write_text_atomic
from planrev.storage.folder import is_drafts_folder

PathArgument = click.Path(path_type=Path)


def _targets(path: Path) -> list[Path]:
    """Return what to validate for ``path``: a file, a drafts folder, or the plan folders in it."""
    if path.is_dir() and not is_drafts_folder(path):
        children = sorted(child for child in path.iterdir() if is_drafts_folder(child))
        if children:
            return children
    return [path]


def _describe(model: Plan | OpinionSet | Revision) -> Msg:
    if isinstance(model, Plan):
        meeting = meeting_label(model.meta) or "回なし"
        return Msg(f"草案 {meeting}", f"draft of meeting {model.meta.meeting}")
    if isinstance(model, OpinionSet):
        return Msg(
            f"意見 第{model.meeting}回 {len(model.opinions)}件",
            f"opinions for meeting {model.meeting}: {len(model.opinions)}",
        )
    return Msg(
        f"変更記録 第{model.old}回→第{model.new}回 {len(model.changes)}件",
        f"revision {model.old}→{model.new}: {len(model.changes)} changes",
    )


def _describe_folder(history: History) -> Msg:
    meetings = "、".join(meeting_label(draft.meta) for draft in history.drafts)
    drafts, opinions = len(history.drafts), len(history.opinion_sets())
    revisions = len(history.revisions)
    return Msg(
        f"草案{drafts}件({meetings})、意見{opinions}件、変更記録{revisions}件",
        f"{drafts} drafts, {opinions} opinion files, {revisions} revision records",
    )


def _error_json(error: PlanrevError) -> dict[str, Any]:
    result: dict[str, Any] = {"type": type(error).__name__, "message": str(error.message)}
    if error.hint is not None:
        result["hint"] = str(error.hint)
    if isinstance(error, LoadError):
        location = error.location
        result |= {
            "path": str(location.path) if location.path else None,
            "line": location.line,
            "column": location.column,
        }
    return result


@command(
    "validate",
    Msg(
        "草案・意見・変更記録のファイル、または草案フォルダを検証します。\n\n"
        "PATH には YAML ファイル、草案フォルダ(drafts/aomori-dx)、または草案フォルダを"
        "まとめたフォルダ(drafts)を指定できます。誤りがあればファイル名・行・列と"
        "対処を表示し、終了コード 1 で終わります。",
        "Validate draft, opinions and revision files, or whole drafts folders.\n\n"
        "PATH is a YAML file, a drafts folder (drafts/aomori-dx) or a folder of drafts "
        "folders (drafts). Problems are printed with file, line, column and what to do; "
        "the exit code is then 1.",
    ),
)
@click.argument("paths", nargs=-1, required=True, type=PathArgument)
@click.option("--json", "as_json", is_flag=True, help="結果を JSON で出力 / print JSON.")
def validate(paths: tuple[Path, ...], as_json: bool) -> None:
    results: list[dict[str, Any]] = []
    failed = False
    for given in paths:
        for target in _targets(given):
            try:
                if target.is_dir():
                    summary = _describe_folder(load_folder(target))
                else:
                    summary = _describe(load_document(target))
            except PlanrevError as error:
                failed = True
                results.append({"path": str(target), "ok": False, "error": _error_json(error)})
                if not as_json:
                    echo_error(error)
                continue
            results.append({"path": str(target), "ok": True, "summary": str(summary)})
            if not as_json:
                say(f"OK  {target}: {summary}")
    if as_json:
        say(json_text(results))
    if failed:
        sys.exit(EXIT_INPUT)


@command(
    "schema",
    Msg(
        "草案・意見・変更記録の YAML の JSON Schema を出力します。\n\n"
        "KIND を省略すると草案(draft)のスキーマを表示します。--out DIR を付けると3種類すべてを "
        "DIR/<kind>.schema.json に書き出します(草案ファイル1行目の "
        "`# yaml-language-server: $schema=../../schemas/draft.schema.json` がこれを参照し、"
        "エディタでキーの補完と検査ができます)。既にあるファイルは --force がなければ"
        "上書きしません。",
        "Print the JSON Schema of the draft, opinions or revision YAML.\n\n"
        "Without KIND the draft schema is printed. With --out DIR all three are written to "
        "DIR/<kind>.schema.json (the first line of a draft file, "
        "`# yaml-language-server: $schema=../../schemas/draft.schema.json`, points editors there "
        "for completion and checking). Existing files are not overwritten without --force.",
    ),
)
@click.argument("kind", required=False, default="draft", type=click.Choice(list(DOCUMENT_MODELS)))
@click.option(
    "--out",
    "out",
    type=PathArgument,
    default=None,
    help="3種類のスキーマを書き出すフォルダ / folder to write all three schemas to.",
)
@click.option("--force", is_flag=True, help="既存のファイルを上書き / overwrite existing files.")
def schema(kind: str, out: Path | None, force: bool) -> None:
    if out is None:
        say(json_schema_text(kind), nl=False)
        return
    guard_folder(out)
    targets = {name: out / f"{name}.schema.json" for name in DOCUMENT_MODELS}
    guard_outputs(targets.values(), force=force)
    for name, target in targets.items():
        write_text_atomic(target, json_schema_text(name))
        say(str(target))


def _count_plan(plan: Plan) -> Counter[str]:
    counts: Counter[str] = Counter()
    for located in walk(plan):
        node = located.node
        counts[type(node).__name__] += 1
        if isinstance(node, Statement) and node.text is None:
            counts["unknown"] += 1
    return counts


def _meeting(meta: PlanMeta, ja: bool) -> str:
    if ja:
        return meeting_label(meta)
    return f"meeting {meta.meeting}" if meta.meeting is not None else ""


def _count(value: str, count: int, ja: bool) -> str:
    return f"{value}{count}件" if ja else f"{value}: {count}"


def _summary_lines(history: History) -> list[str]:
    ja = current_language() == "ja"
    latest = history.latest
    lines = [f"{plan_name(latest.meta)} — {history.path}"]
    for meeting, draft in zip(history.meetings, history.drafts, strict=True):
        meta = draft.meta
        counts = _count_plan(draft)
        date = long_date(meta) or ("日付不明" if ja else "date unknown")
        unknown = counts["unknown"]
        if ja:
            detail = (
                f"柱{counts['Pillar']} 分野{counts['Field']} 施策{counts['Section']} "
                f"記述{counts['Statement']}" + (f"(うち文言不明{unknown})" if unknown else "")
            )
        else:
            detail = (
                f"{counts['Pillar']} pillars, {counts['Field']} fields, "
                f"{counts['Section']} sections, {counts['Statement']} statements"
                + (f" ({unknown} of unknown text)" if unknown else "")
            )
        lines.append(f"  {_meeting(meta, ja)} {date}  {history.draft_file(meeting).name}  {detail}")
    first, second = header_lines(latest.meta)
    lines += ["", f"  {first}", f"  {second}"]
    for step in history.steps:
        old, new = step.old.meta, step.new.meta
        lines.append("")
        lines.append(f"{_meeting(old, ja)} → {_meeting(new, ja)}")
        opinions = {o.id: o for o in step.opinions.opinions} if step.opinions else {}
        numbers = {opinion_id: n for n, opinion_id in enumerate(opinions, start=1)}
        opinion_word = "意見" if ja else "opinion "
        if step.revision is None:
            lines.append("  変更記録なし" if ja else "  no revision record")
        else:
            kinds = Counter(change.kind for change in step.revision.changes)
            lines.append(
                ("  変更 " if ja else "  changes: ")
                + ("、" if ja else ", ").join(
                    _count(kind.value, kinds[kind], ja) for kind in ChangeKind if kinds[kind]
                )
            )
            for change in step.revision.changes:
                label = change.label or change.kind.value
                why = ("、" if ja else ", ").join(
                    f"{opinion_word}{numbers[o]}" for o in change.opinions if o in numbers
                )
                if change.reason:
                    why = (
                        f"{why}{'、' if ja else ', '}※{change.reason}"
                        if why
                        else f"※{change.reason}"
                    )
                no_reason = "(理由なし)" if ja else "(no reason)"
                lines.append(f"    【{label}】 {change.target}  ← {why or no_reason}")
        if opinions:
            dispositions = Counter(o.disposition for o in opinions.values())
            lines.append(
                ("  意見 " if ja else "  opinions: ")
                + ("、" if ja else ", ").join(
                    _count(d.value, dispositions[d], ja) for d in Disposition if dispositions[d]
                )
            )
            for opinion_id, opinion in opinions.items():
                text = opinion.text if len(opinion.text) <= 40 else opinion.text[:40] + "…"
                lines.append(
                    f"    {opinion_word}{numbers[opinion_id]} [{opinion.disposition.value}] {text}"
                )
    return lines


@command(
    "summary",
    Msg(
        "草案フォルダの概要(各回の草案、変更とその理由、意見の対応状況)を表示します。",
        "Summarise a drafts folder: the drafts of each meeting, the changes with their reasons, "
        "and what became of each opinion.",
    ),
)
@click.argument("folder", type=PathArgument)
@click.option("--json", "as_json", is_flag=True, help="結果を JSON で出力 / print JSON.")
def summary(folder: Path, as_json: bool) -> None:
    history = load_folder(folder)
    if as_json:
        say(json_text(_summary_json(history)))
        return
    for line in _summary_lines(history):
        say(line)


def _summary_json(history: History) -> dict[str, Any]:
    drafts = []
    for meeting, draft in zip(history.meetings, history.drafts, strict=True):
        meta = draft.meta
        counts = _count_plan(draft)
        drafts.append(
            {
                "meeting": meta.meeting,
                "date": meta.date.isoformat() if meta.date else None,
                "file": history.draft_file(meeting).name,
                "header": list(header_lines(meta)),
                "pillars": counts["Pillar"],
                "fields": counts["Field"],
                "sections": counts["Section"],
                "statements": counts["Statement"],
                "unknown_texts": counts["unknown"],
            }
        )
    steps = []
    for step in history.steps:
        opinions = step.opinions.opinions if step.opinions else ()
        steps.append(
            {
                "old": step.old_meeting,
                "new": step.new_meeting,
                "changes": [
                    {
                        "id": c.id,
                        "label": c.label,
                        "kind": c.kind.value,
                        "target": c.target,
                        "opinions": list(c.opinions),
                        "reason": c.reason,
                    }
                    for c in (step.revision.changes if step.revision else ())
                ],
                "opinions": [
                    {"number": n, "id": o.id, "disposition": o.disposition.value, "text": o.text}
                    for n, o in enumerate(opinions, start=1)
                ],
            }
        )
    return {
        "plan": plan_name(history.latest.meta),
        "path": str(history.path),
        "drafts": drafts,
        "steps": steps,
    }
