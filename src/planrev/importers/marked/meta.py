"""The handout's header lines → the draft's metadata (name, meeting, date, stage, excerpt)."""

from __future__ import annotations

import re
from pathlib import Path

from planrev.era import EraDateError, parse_date
from planrev.i18n import Msg
from planrev.importers.base import Findings
from planrev.importers.marked.lexer import FIRST_HEADER, to_int
from planrev.model import PlanMeta

__all__ = ["old_meeting", "read_meta"]

_PROVISIONAL = re.compile(r"^[（(]仮称[）)]")
_STAGE = re.compile(r"(?:骨子案|骨子|素案|原案|最終案|計画案|案)(?:[（(]案[）)])?$")


def read_meta(
    headers: list[tuple[int, str, re.Match[str]]],
    findings: Findings,
    *,
    path: Path | None,
    given_meeting: int | None,
    given_title: str | None,
) -> PlanMeta:
    """Return the draft's metadata from the handout's header lines (line, text, match).

    ``given_meeting`` and ``given_title`` override what the lines say; without a meeting number either way
    the handout cannot be imported (a located error).
    """
    first = next(((n, t, m) for n, t, m in headers if "meeting" in m.groupdict()), None)
    second = next(((n, t, m) for n, t, m in headers if "body" in m.groupdict()), None)
    for number, text, _ in headers:
        reference = first if first and FIRST_HEADER.match(text) else second
        if reference is not None and text != reference[1]:
            findings.add(
                "header-differs",
                Msg(
                    f"見出し行が{findings.where(reference[0]).ja}と異なります。"
                    "最初の行を使い、この行は本文に入れていません",
                    f"this header line differs from {findings.where(reference[0]).en}; the first "
                    "one is used and this one is not taken as text",
                ),
                number,
            )
    name: str | None = None
    title: str | None = None
    provisional = False
    committee = ""
    meeting: int | None = None
    date = None
    stage = ""
    excerpt = False
    if first is not None:
        number, _, match = first
        name = match["name"]
        meeting = to_int(match["meeting"])
        committee = match["committee"] or ""  # planrev writes none when the plan has none
        date_text = match["date"].strip(" \t\u3000")
        if date_text:
            try:
                date = parse_date(date_text)
            except EraDateError as exc:
                findings.add(
                    "date",
                    Msg(
                        f"日付「{date_text}」を読めません({exc.message.ja})",
                        f"cannot read the date '{date_text}' ({exc.message.en})",
                    ),
                    number,
                )
    if second is not None:
        _, _, match = second
        body = match["body"]
        excerpt = match["excerpt"] is not None
        if name is not None and body.startswith(name):
            stage = body[len(name) :]
        else:
            found = _STAGE.search(body)
            stage = found.group(0) if found else ""
            if name is None:
                name = body[: found.start()] if found else body
    if name is not None:
        provisional = bool(_PROVISIONAL.match(name))
        title = _PROVISIONAL.sub("", name, count=1)
    if given_meeting is not None:
        meeting = given_meeting
    if meeting is None:
        raise findings.error(
            1,
            1,
            Msg(
                "第何回の資料か分かりません(「R5.7.26第3回「…」策定委員会」のような行がありません)",
                "the meeting number is unknown (no line such as 'R5.7.26第3回「…」策定委員会')",
            ),
            Msg(
                "--meeting 3 のように回の番号を指定してください。",
                "give the meeting number, e.g. --meeting 3.",
            ),
        )
    if given_title is not None:
        title = given_title
    if title is None:
        title = path.stem if path is not None else "計画"
        findings.add(
            "title",
            Msg(
                f"計画の名称が資料から分からないため「{title}」としました",
                f"the plan's name is not in the handout; '{title}' is used",
            ),
            1,
            hint=Msg("--title で名称を指定できます。", "give the name with --title."),
        )
    return PlanMeta(
        title=title,
        provisional=provisional,
        stage=stage,
        committee=committee,
        meeting=meeting,
        date=date,
        excerpt=excerpt,
    )


def old_meeting(meta: PlanMeta, given: int | None, findings: Findings) -> int:
    """Return the previous draft's meeting: ``given``, or the one before the handout's."""
    assert meta.meeting is not None
    old = given if given is not None else meta.meeting - 1
    if old < 1:  # the handout of meeting 1 revises no earlier draft
        raise findings.error(
            1,
            1,
            Msg(
                f"第{meta.meeting}回の資料には改訂前の回がありません(回は1から数えます)",
                f"meeting {meta.meeting} has no previous meeting (meetings start at 1)",
            ),
            Msg(
                "見え消し版は2回目以降の資料です。--meeting を確認してください。",
                "a marked-up handout revises an earlier meeting's draft; check --meeting.",
            ),
        )
    if old >= meta.meeting:
        raise findings.error(
            1,
            1,
            Msg(
                f"改訂前の回({old})は第{meta.meeting}回より前でなければなりません",
                f"the previous meeting ({old}) must come before meeting {meta.meeting}",
            ),
            Msg("--old-meeting を確認してください。", "check --old-meeting."),
        )
    return old
