"""Shared helpers of the rendering tests: the example comparison, a hostile one, golden files,
reading text back out of HTML, and what the R5.7.26 seed says must be printed."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from html.parser import HTMLParser
from pathlib import Path

from planrev.comparison import Comparison, compare
from planrev.model import (
    ChangeKind,
    ChangeRecord,
    Channel,
    Disposition,
    Opinion,
    OpinionSet,
    Plan,
    Revision,
    Statement,
    find,
)
from planrev.model.build import (
    field,
    footnote,
    initiative,
    kpi,
    kpi_row,
    note,
    pillar,
    plan,
    section,
    vision,
)
from planrev.storage.folder import load_folder
from tests.conftest import AOMORI, SEED

GOLDEN = Path(__file__).resolve().parent / "golden"
"""Golden files: ``golden/<case>/<file>``; PLANREV_UPDATE_GOLDEN=1 rewrites them."""


def aomori() -> tuple[Comparison, OpinionSet | None]:
    """Return the comparison of the R5.7.26 example (第2回 → 第3回) and its opinions."""
    step = list(load_folder(AOMORI).steps())[-1]
    opinions = step.opinions.model if step.opinions else None
    record = step.revision.model if step.revision else None
    return compare(step.old.model, step.new.model, record, opinions), opinions


def check_golden(case: str, name: str, actual: str) -> None:
    """Compare ``actual`` with ``golden/<case>/<name>`` (or rewrite it when updating)."""
    path = GOLDEN / case / name
    if os.environ.get("PLANREV_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        return
    assert path.exists(), f"no golden file {path}; run with PLANREV_UPDATE_GOLDEN=1 and review it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path} differs; review and update with PLANREV_UPDATE_GOLDEN=1"


def squeeze(text: str) -> str:
    """Return ``text`` without any whitespace (PDF text breaks lines anywhere)."""
    return re.sub(r"\s+", "", text)


# ---- hostile user text ----------------------------------------------------------------------

HOSTILE = (
    "<script>alert('x')</script>",
    "{{ x }}",
    "~~",
    "|",
    "**",
)
"""Strings that must appear literally in every output."""


def hostile() -> tuple[Comparison, OpinionSet]:
    """Return a comparison whose text is full of markup of every output format."""
    nasty = "先頭" + "と".join(HOSTILE) + "と~~取消~~と|表|と**太字**と【追加】と※注"
    old = plan(
        "<b>計画</b>|**",
        note("n1", "体系図を<追加>"),
        pillar(
            "p1",
            "「柱」<i>|</i>",
            field(
                "f1",
                "~~分野~~ {{ y }}",
                vision("v1", nasty),
                initiative("i1", "- 先頭がハイフン|の記述"),
                initiative("i2", "# 見出し風 | 表 ** ~~ 削除される"),
                text_block("t1", "一行目\n二行目\tタブ\\バックスラッシュ"),
                initiative("i4", " 先頭と末尾に空白 "),
                kpi(
                    "k1",
                    kpi_row("k1-1", "<i>指標</i>|**", unit="%", baseline="1", target="2"),
                    baseline_year=2023,
                    target_year=2028,
                ),
                footnote("fn1", "※1", "脚注<u>|</u>"),
                section("s1", "{{ x }}施策", initiative("s1-1", "1. 番号風の記述")),
            ),
        ),
        meeting=1,
        committee="委員会",
        stage="素案",
    )
    new = plan(
        "<b>計画</b>|**",
        note("n1", "体系図を<追加>"),
        pillar(
            "p1",
            "「柱」<i>|</i>",
            field(
                "f1",
                "~~分野~~ {{ y }}",
                vision("v1", nasty),
                initiative("i1", "- 先頭がハイフン|の<script>x</script>記述"),
                initiative("i3", "【削除】ではない※注記（再掲）と\\と" + nasty),
                text_block("t1", "一行目\n二行目\tタブ\\バックスラッシュ"),
                initiative("i4", " 先頭と末尾に空白 "),
                kpi(
                    "k1",
                    kpi_row("k1-1", "<i>指標</i>|**", unit="%", baseline="1", target="3"),
                    baseline_year=2023,
                    target_year=2028,
                ),
                footnote("fn1", "※1", "脚注<u>|</u>"),
                section("s1", "{{ x }}施策", initiative("s1-1", "1. 番号風の記述")),
            ),
        ),
        meeting=2,
        committee="委員会",
        stage="素案",
    )
    opinions = OpinionSet(
        meeting=2,
        opinions=(
            Opinion(
                id="o1",
                text="意見に" + "と".join(HOSTILE),
                channel=Channel.MEETING,
                speaker="委員<A>|",
                scope="f1",
                disposition=Disposition.REFLECTED,
                response="考え方" + "と".join(HOSTILE),
            ),
            Opinion(id="o2", text="変更なしの意見~~|", scope="f1"),
        ),
    )
    record = Revision(
        old=1,
        new=2,
        changes=(
            ChangeRecord(id="c1", kind=ChangeKind.MODIFY, target="i1", opinions=("o1",)),
            ChangeRecord(id="c2", kind=ChangeKind.DELETE, target="i2", reason="理由|~~<b>"),
            ChangeRecord(id="c3", kind=ChangeKind.ADD, target="i3", opinions=("o1",)),
            ChangeRecord(id="c4", kind=ChangeKind.MODIFY, target="k1-1", reason="目標の見直し"),
        ),
    )
    return compare(old, new, record, opinions), opinions


def text_block(node_id: str, body: str) -> Statement:
    """Return a prose paragraph (not a bullet)."""
    return Statement(kind="text", id=node_id, text=body, bullet=False)


# ---- reading HTML back -----------------------------------------------------------------------


@dataclass
class _Line:
    node: str
    classes: set[str]
    new: list[str] = dataclass_field(default_factory=list)
    old: list[str] = dataclass_field(default_factory=list)


class _Reader(HTMLParser):
    """Collects the visible text, and the new/old projection of every statement line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.lines: list[_Line] = []
        self.stack: list[tuple[str, set[str], dict[str, str | None]]] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        if tag in {"style", "script", "title"}:
            self.skip += 1
        if tag == "p" and "line" in classes and attributes.get("data-node"):
            self.lines.append(_Line(attributes["data-node"] or "", classes))
        if tag in {"br"}:
            return
        self.stack.append((tag, classes, attributes))

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "script", "title"}:
            self.skip -= 1
        while self.stack:
            top, _, _ = self.stack.pop()
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.text.append(data)
        if not self.lines or not any(t == "p" and "line" in c for t, c, _ in self.stack):
            return
        tags = {t for t, _, _ in self.stack}
        classes = set().union(*(c for t, c, _ in self.stack if t == "span"))
        if classes & {"marker", "note-piece", "bullet"}:
            return
        line = self.lines[-1]
        if "del" not in tags:
            line.new.append(data)
        if "ins" not in tags:
            line.old.append(data)


def html_text(html: str) -> str:
    """Return the visible text of an HTML document (no styles, scripts or title)."""
    reader = _Reader()
    reader.feed(html)
    return "".join(reader.text)


def html_projections(html: str) -> list[tuple[str, set[str], str, str]]:
    """Return each printed line: node id, classes, its new text and its old text."""
    reader = _Reader()
    reader.feed(html)
    return [
        (line.node, line.classes, "".join(line.new), "".join(line.old)) for line in reader.lines
    ]


def expected_texts(comparison: Comparison, node_id: str) -> tuple[str, str | None]:
    """Return the new and old text of a statement (empty where it does not exist; None when the
    old text is unknown)."""
    new = find(comparison.new, node_id)
    new_text = new.node.text if new is not None and isinstance(new.node, Statement) else ""
    change = next(
        (c for c in comparison.changes if node_id in {c.new_id, c.old_id}),
        None,
    )
    if change is not None:
        old_node = change.old_node
        if old_node is None:
            return new_text or "", ""
        if change.new_id is None:
            new_text = ""
        old_text = old_node.text if isinstance(old_node, Statement) else None
        return new_text or "", old_text
    renamed = {new_id: old_id for old_id, new_id in comparison.renamed}
    old = find(comparison.old, renamed.get(node_id, node_id))
    old_text = old.node.text if old is not None and isinstance(old.node, Statement) else ""
    return new_text or "", old_text


def statements(plan_: Plan) -> Iterator[Statement]:
    """Yield the statements of a draft in document order."""
    from planrev.model import walk

    for located in walk(plan_):
        if isinstance(located.node, Statement):
            yield located.node


# ---- the seed --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeedItems:
    """What the R5.7.26 excerpt prints, whitespace removed."""

    header: tuple[str, str]
    lines: tuple[str, ...]
    """Headings, statements (with their markers and notes), KPI headers, structure entries."""
    opinions: tuple[tuple[str, str], ...]
    """Each opinion with its label ('' when it changed nothing)."""
    markers: tuple[str, ...]
    """Every marker, e.g. 【追加①】."""
    notes: tuple[str, ...]
    """Every reason note, e.g. （再掲）※…."""


def seed_items() -> SeedItems:
    """Return what the seed prints, for the coverage tests."""
    raw = SEED.read_text(encoding="utf-8")
    joined = raw.replace("【体系図  \nを追加】", "【体系図を追加】")
    header = (
        "R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会",
        "会議資料「(仮称)青森県DX推進プラン素案(案)」(抜粋)",
    )
    lines: list[str] = []
    opinions: list[tuple[str, str]] = []
    in_box = False
    pending: str | None = None
    for line in joined.splitlines():
        stripped = line.strip()
        if not stripped or squeeze(stripped) in {squeeze(h) for h in header}:
            continue
        if "★意見" in stripped:
            in_box = True
            continue
        if stripped.startswith(("#", "- ", "KPI")):
            in_box = False
        if in_box:
            if set(stripped) <= {"-", "\t"}:
                continue
            if "\t" in line:
                text, _, label = line.partition("\t")
                opinions.append((squeeze(text), squeeze(label)))
                pending = None
            elif pending is not None:
                opinions.append((pending, squeeze(stripped)))
                pending = None
            else:
                pending = squeeze(stripped)
            continue
        content = stripped.lstrip("#").strip()
        if content.startswith("- "):
            content = content[2:]
        lines.append(squeeze(content.replace("~~", "")))
    markers = tuple(dict.fromkeys(re.findall(r"【[^】]*】", joined.replace("\n", ""))))
    notes = tuple(re.findall(r"（再掲）※[^\n]*", raw))
    return SeedItems(header, tuple(lines), tuple(opinions), markers, notes)
