"""Small histories for the audit, blame and log tests, written as drafts folders.

:func:`clean_history` is a three-meeting history made with the :class:`~planrev.edit.Editor`
that audits without a single finding; each test changes one thing of it to trigger one finding.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from planrev.edit import Editor
from planrev.model import Disposition, Opinion, OpinionSet, Plan, Revision
from planrev.model.build import field, initiative, kpi, kpi_row, pillar, plan, section, vision
from planrev.storage.documents import dump_document, write_text_atomic


def first_draft() -> Plan:
    """Return the draft of meeting 1: two fields, sections with statements and KPI tables."""
    return plan(
        "テスト計画",
        pillar(
            "p1",
            "「行政経営」を支えるDX",
            field(
                "f1",
                "行政経営分野",
                vision("f1-v1", "デジタル技術で行政サービスが便利になっている。"),
                section(
                    "s1",
                    "住民の利便性の向上",
                    initiative("s1-1", "行政手続きのオンライン化の推進"),
                    initiative("s1-2", "公金収納のキャッシュレス化の推進"),
                    kpi(
                        "s1-kpi",
                        kpi_row(
                            "s1-k1", "オンライン手続の割合", unit="%", baseline="40", target="80"
                        ),
                        baseline_year=2023,
                        target_year=2028,
                    ),
                ),
                section(
                    "s2",
                    "質の高い自治体運営",
                    initiative("s2-1", "データに基づく施策立案"),
                    initiative("s2-2", "自治体のデジタル人材の育成"),
                    kpi(
                        "s2-kpi",
                        kpi_row("s2-k1", "研修の受講者数", unit="人", baseline="100", target="500"),
                        baseline_year=2023,
                        target_year=2028,
                    ),
                ),
            ),
            field(
                "f2",
                "デジタル人材",
                initiative("f2-1", "専門性の高い人材の育成やUIJターンでの確保を進める。"),
                initiative(
                    "f2-2", "働く人すべてがデジタルを理解し、積極的に活用することができる。"
                ),
            ),
        ),
        meeting=1,
        committee="策定委員会",
        provisional=True,
    )


def opinions(meeting: int, *items: tuple[str, str, Disposition]) -> OpinionSet:
    """Return the opinions answered at ``meeting``: (id, text, disposition) triples."""
    return OpinionSet(
        meeting=meeting,
        opinions=tuple(
            Opinion(
                id=opinion_id,
                text=text,
                meeting=meeting - 1,
                scope=None,
                disposition=disposition,
                response="ご意見を踏まえ対応します。",
            )
            for opinion_id, text, disposition in items
        ),
    )


REFLECTED = Disposition.REFLECTED
LATER = Disposition.LATER


def edited(
    base: Plan, answers: OpinionSet, edit: Callable[[Editor], None]
) -> tuple[Plan, Revision]:
    """Return the next draft of ``base`` and its revision record, edited by ``edit``."""
    editor = Editor(base, opinions=answers)
    edit(editor)
    return editor.result()


def meeting_2(editor: Editor) -> None:
    editor.insert(
        initiative("s1-3", "マイナンバーカードの利活用を推進する。"),
        after="s1-2",
        because=["op2-1"],
    )
    editor.modify("s2-2", text="自治体のデジタル人材の育成と確保", because=["op2-2"])


def meeting_3(editor: Editor) -> None:
    editor.modify(
        "f2-1", text="専門性の高い人材の育成や外部人材との連携を進める。", because=["op3-1"]
    )
    editor.delete("s2-1", reason="事務局による文言整理")


def clean_steps() -> list[tuple[Plan, Revision | None, OpinionSet | None]]:
    """Return the drafts of meetings 1–3 with each one's record and opinions."""
    first = first_draft()
    answers_2 = opinions(
        2,
        ("op2-1", "マイナンバーカードの活用を明記すべき", REFLECTED),
        ("op2-2", "人材の確保も大事", REFLECTED),
        ("op2-3", "アクションプランで具体化してほしい", LATER),
    )
    second, record_2 = edited(first, answers_2, meeting_2)
    answers_3 = opinions(3, ("op3-1", "外部人材との連携を書くべき", REFLECTED))
    third, record_3 = edited(second, answers_3, meeting_3)
    return [(first, None, None), (second, record_2, answers_2), (third, record_3, answers_3)]


def write_folder(
    folder: Path, steps: list[tuple[Plan, Revision | None, OpinionSet | None]]
) -> Path:
    """Write each draft, record and opinion set of ``steps`` into ``folder``; return it."""
    for draft, record, answers in steps:
        meeting = draft.meta.meeting or 0
        write_text_atomic(folder / f"draft-{meeting:02d}.yaml", dump_document(draft))
        if record is not None:
            write_text_atomic(
                folder / f"revision-{record.old:02d}-{record.new:02d}.yaml", dump_document(record)
            )
        if answers is not None:
            write_text_atomic(folder / f"opinions-{meeting:02d}.yaml", dump_document(answers))
    return folder


def clean_history(folder: Path) -> Path:
    """Write the clean three-meeting history into ``folder`` and return it."""
    return write_folder(folder, clean_steps())
