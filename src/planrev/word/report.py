"""What a Word import read and made of it: the report, comment candidates, and the collector.

:class:`ImportReport` counts paragraphs, tables, tracked insertions and deletions, authors and
dates, says who made each recorded change (:class:`ChangeSource`), lists the comments as opinion
candidates (:class:`CommentCandidate`) and every finding, as text lines or JSON.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planrev.diagnostics import Finding, Level
from planrev.errors import Location
from planrev.i18n import Msg, current_language
from planrev.model import ChangeKind, Revision
from planrev.word.document import RunStatus, WordComment, WordDocument, WordParagraph, WordTable

__all__ = ["ChangeSource", "Collector", "CommentCandidate", "ImportReport", "build_report"]


@dataclass(frozen=True, slots=True)
class CommentCandidate:
    """A Word comment that may be an opinion (意見) behind some changes: to be confirmed."""

    opinion_id: str
    """The id the comment gets as an opinion candidate (``w-comment-<id>``)."""
    comment: WordComment
    """The comment."""
    change_ids: tuple[str, ...]
    """The changes whose text the comment is anchored on; empty when it sits on unchanged text."""
    node_ids: tuple[str, ...]
    """The statements, headings and KPI rows it is anchored on."""
    scope: str | None
    """The pillar, field or section of the new draft holding its anchor, or None."""
    label: str | None = None
    """A change label the comment starts with (``追加① ← 意見1: …``), or None."""


@dataclass(frozen=True, slots=True)
class ChangeSource:
    """Who made a recorded change and when, as Word's tracked changes say."""

    change_id: str
    """The change."""
    authors: tuple[str, ...]
    """The authors of its tracked insertions and deletions, in order of appearance."""
    first: _dt.datetime | None
    """The earliest date among them, or None."""
    last: _dt.datetime | None
    """The latest date among them, or None."""
    paragraphs: tuple[int, ...]
    """The Word paragraphs it comes from."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import read, what it made of it, and every warning."""

    source: str
    """The file imported."""
    paragraphs: int
    """The number of paragraphs read (table cells included)."""
    tables: int
    """The number of tables read."""
    kpi_tables: int
    """How many tables became KPI tables."""
    insertions: int
    """Inserted pieces of text (runs, paragraph marks and table rows)."""
    deletions: int
    """Deleted pieces of text (runs, paragraph marks and table rows)."""
    moves: int
    """Pieces of moved text (each counted as deleted at one place and inserted at another)."""
    format_changes: int
    """Formatting-only changes (reported, not imported)."""
    changes: dict[str, int]
    """The recorded changes by kind (追加, 修正, 削除)."""
    authors: dict[str, int]
    """Tracked insertions and deletions by author."""
    first_date: _dt.datetime | None
    """The earliest date of a tracked change, or None."""
    last_date: _dt.datetime | None
    """The latest date of a tracked change, or None."""
    sources: tuple[ChangeSource, ...]
    """Who made each recorded change and when."""
    candidates: tuple[CommentCandidate, ...]
    """The comments, as opinion candidates to confirm."""
    warnings: tuple[Finding, ...]
    """Everything not taken over exactly, and decisions to know (level ``info``)."""

    def lines(self) -> list[str]:
        """Return the report as text lines in the current language."""
        ja = current_language() == "ja"
        lines = [f"{'取り込み' if ja else 'imported'}: {self.source}"]
        if ja:
            lines.append(
                f"  段落 {self.paragraphs}、表 {self.tables}(うち KPI 表 {self.kpi_tables})"
            )
            kinds = "、".join(
                f"{k}{self.changes[k]}件" for k in ("追加", "修正", "削除") if self.changes.get(k)
            )
            lines.append(f"  変更 {sum(self.changes.values())}件" + (f"({kinds})" if kinds else ""))
            lines.append(
                f"  変更履歴: 挿入 {self.insertions}箇所、削除 {self.deletions}箇所"
                + (f"(うち移動 {self.moves}箇所)" if self.moves else "")
                + f"、書式のみの変更 {self.format_changes}箇所(取り込みません)"
            )
        else:
            lines.append(
                f"  {self.paragraphs} paragraphs, {self.tables} tables ({self.kpi_tables} KPI tables)"
            )
            kinds = ", ".join(
                f"{self.changes[k]} {k}" for k in ("追加", "修正", "削除") if self.changes.get(k)
            )
            lines.append(
                f"  {sum(self.changes.values())} changes" + (f" ({kinds})" if kinds else "")
            )
            lines.append(
                f"  tracked changes: {self.insertions} insertions, {self.deletions} deletions"
                + (f" ({self.moves} moved)" if self.moves else "")
                + f", {self.format_changes} formatting-only changes (not imported)"
            )
        if self.authors:
            people = ("、" if ja else ", ").join(
                f"{name}({count})" if ja else f"{name} ({count})"
                for name, count in self.authors.items()
            )
            lines.append(f"  {'変更者' if ja else 'authors'}: {people}")
        if self.first_date is not None and self.last_date is not None:
            lines.append(
                f"  {'日時' if ja else 'dates'}: {_show_date(self.first_date)} 〜 "
                f"{_show_date(self.last_date)}"
            )
        if self.sources:
            lines.append("  " + ("変更の出所:" if ja else "where each change comes from:"))
            for source in self.sources:
                when = _show_date(source.first) if source.first else "-"
                who = "、".join(source.authors) if source.authors else "-"
                numbers = ",".join(str(n) for n in source.paragraphs[:5])
                lines.append(
                    f"    {source.change_id}: {who} {when} "
                    + (f"(段落{numbers})" if ja else f"(paragraph {numbers})")
                )
        if self.candidates:
            lines.append(
                "  "
                + (
                    f"コメント {len(self.candidates)}件 — 意見の候補です。変更との対応を確認してください"
                    "(自動ではリンクしていません):"
                    if ja
                    else f"{len(self.candidates)} comments — opinion candidates; confirm which "
                    "change each belongs to (nothing was linked automatically):"
                )
            )
            for candidate in self.candidates:
                comment = candidate.comment
                changes = ", ".join(candidate.change_ids) or ("(変更なし)" if ja else "(no change)")
                text = comment.text.replace("\n", " ")
                if len(text) > 60:
                    text = text[:60] + "…"
                lines.append(f"    {changes} ← {comment.author or '-'}「{text}」")
        warnings = [w for w in self.warnings if w.level == "warning"]
        infos = [w for w in self.warnings if w.level == "info"]
        if warnings:
            lines.append(
                "  " + (f"警告 {len(warnings)}件:" if ja else f"{len(warnings)} warnings:")
            )
            lines.extend(f"    {warning}" for warning in warnings)
        if infos:
            lines.append("  " + (f"お知らせ {len(infos)}件:" if ja else f"{len(infos)} notes:"))
            lines.extend(f"    {info}" for info in infos)
        return lines

    def to_json(self) -> dict[str, Any]:
        """Return the report as JSON-ready data (texts in the current language)."""

        def when(value: _dt.datetime | None) -> str | None:
            return value.isoformat() if value is not None else None

        return {
            "source": self.source,
            "paragraphs": self.paragraphs,
            "tables": self.tables,
            "kpi_tables": self.kpi_tables,
            "insertions": self.insertions,
            "deletions": self.deletions,
            "moves": self.moves,
            "format_changes": self.format_changes,
            "changes": dict(self.changes),
            "authors": dict(self.authors),
            "first_date": when(self.first_date),
            "last_date": when(self.last_date),
            "sources": [
                {
                    "change": s.change_id,
                    "authors": list(s.authors),
                    "first": when(s.first),
                    "last": when(s.last),
                    "paragraphs": list(s.paragraphs),
                }
                for s in self.sources
            ],
            "candidates": [
                {
                    "opinion": c.opinion_id,
                    "comment": c.comment.id,
                    "author": c.comment.author,
                    "date": when(c.comment.date),
                    "text": c.comment.text,
                    "changes": list(c.change_ids),
                    "nodes": list(c.node_ids),
                    "paragraphs": list(c.comment.paragraphs),
                    "label": c.label,
                }
                for c in self.candidates
            ],
            "warnings": [warning.to_json() for warning in self.warnings],
        }


def _show_date(value: _dt.datetime) -> str:
    """Return a change's time as the report shows it."""
    return value.strftime("%Y-%m-%d %H:%M")


class Collector:
    """Findings raised while turning paragraphs into drafts (deduplicated), located by paragraph."""

    def __init__(self, source: Path | None) -> None:
        self.source = source
        """The file imported, or None for bytes."""
        self.warnings: list[Finding] = []
        """The findings so far, in order."""
        self._seen: set[tuple[str, int | None]] = set()

    def warn(
        self,
        code: str,
        message: Msg,
        paragraph: WordParagraph | None = None,
        level: Level = Level.WARNING,
        *,
        number: int | None = None,
    ) -> None:
        """Record one finding about ``paragraph`` (or the paragraph ``number``; None: the whole
        document), once per code and paragraph."""
        if paragraph is not None:
            number = paragraph.number
        key = (code, number)
        if key in self._seen:
            return
        self._seen.add(key)
        self.warnings.append(
            Finding(code, level, message, location=Location(self.source, paragraph=number))
        )


def build_report(
    document: WordDocument,
    *,
    revision: Revision,
    sources: Sequence[ChangeSource],
    candidates: Sequence[CommentCandidate],
    warnings: Sequence[Finding],
    kpi_tables: int,
) -> ImportReport:
    """Return the report of importing ``document`` into ``revision``."""
    insertions = deletions = moves = 0
    authors: Counter[str] = Counter()
    dates: list[_dt.datetime] = []
    tables = 0
    for item in document.body:
        if isinstance(item, WordTable):
            tables += 1
            for row in item.rows:
                if row.status is not RunStatus.EQUAL:
                    insertions += row.status is RunStatus.INSERT
                    deletions += row.status is RunStatus.DELETE
                    if row.author:
                        authors[row.author] += 1
                    if row.date is not None:
                        dates.append(row.date)
    paragraphs = 0
    for paragraph in document.paragraphs():
        paragraphs += 1
        if paragraph.mark is not RunStatus.EQUAL:
            insertions += paragraph.mark is RunStatus.INSERT
            deletions += paragraph.mark is RunStatus.DELETE
            if paragraph.mark_author:
                authors[paragraph.mark_author] += 1
            if paragraph.mark_date is not None:
                dates.append(paragraph.mark_date)
        for run in paragraph.runs:
            if run.status is RunStatus.EQUAL:
                continue
            insertions += run.status is RunStatus.INSERT
            deletions += run.status is RunStatus.DELETE
            moves += run.moved
            if run.author:
                authors[run.author] += 1
            if run.date is not None:
                dates.append(run.date)
    kinds = Counter(change.kind.value for change in revision.changes)
    source = str(document.source) if document.source is not None else "<bytes>"
    return ImportReport(
        source=source,
        paragraphs=paragraphs,
        tables=tables,
        kpi_tables=kpi_tables,
        insertions=insertions,
        deletions=deletions,
        moves=moves,
        format_changes=len(document.format_changes),
        changes={kind.value: kinds[kind.value] for kind in ChangeKind if kinds[kind.value]},
        authors=dict(authors.most_common()),
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
        sources=tuple(sources),
        candidates=tuple(candidates),
        warnings=tuple(warnings),
    )
