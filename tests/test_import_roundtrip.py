"""Read-back: a redline written in the documented conventions imports to the revision it shows.

The writer here is a reference of docs/import.md's "Writing a redline that reads back": headings
``#``/``##``/``###``, ``- ・`` bullets, 【追加①】 markers numbered per field, ~~struck~~ text,
【/追加】 closing marks, めざす姿/取組 lines where the kind is not the default, and ★意見 tables
after a field's own items. The property: whatever revision is generated, importing its redline
gives back every text (old and new), kind, change, span, label and opinion link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from hypothesis import given
from hypothesis import strategies as st

from planrev.importers import import_marked
from planrev.model import Field, Pillar, Plan, Section, Statement
from tests.test_import_support import assert_consistent

Edit = Literal["same", "add", "delete", "modify", "modify-unknown", "insert", "insert-open", "cut"]
KIND_WORD = {
    "add": "追加",
    "insert": "追加",
    "insert-open": "追加",
    "delete": "削除",
    "cut": "削除",
}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

words = st.text(alphabet="あいうえおかきくけこ県市町村計画推進地域、。", min_size=1, max_size=12)


@dataclass
class Item:
    kind: Literal["vision", "initiative"]
    bullet: bool
    edit: Edit
    before: str
    middle: str
    after: str
    label: str = ""
    opinions: list[str] = field(default_factory=list)

    @property
    def change(self) -> str | None:
        if self.edit == "same":
            return None
        return KIND_WORD.get(self.edit, "修正")

    def new_text(self) -> str | None:
        return {
            "same": self.before,
            "add": self.before,
            "delete": None,
            "modify": self.middle,
            "modify-unknown": self.middle,
            "insert": self.before + self.middle + self.after,
            "insert-open": self.before + self.middle + self.after,
            "cut": self.before + self.after,
        }[self.edit]

    def old_text(self) -> str | None:
        return {
            "same": self.before,
            "add": None,
            "delete": self.before,
            "modify": self.before,
            "modify-unknown": None,
            "insert": self.before + self.after,
            "insert-open": None,
            "cut": self.before + self.middle + self.after,
        }[self.edit]

    def span(self) -> tuple[int, int | None] | None:
        start = len(self.before)
        if self.edit == "insert":
            return (start, start + len(self.middle))
        if self.edit == "insert-open":
            return (start, None)
        if self.edit == "cut":
            return (start, start + len(self.middle))
        return None

    def written(self) -> str:
        marker = f"【{self.label}】"
        return {
            "same": self.before,
            "add": marker + self.before,
            "delete": f"{marker}~~{self.before}~~",
            "modify": f"{marker}~~{self.before}~~{self.middle}",
            "modify-unknown": marker + self.middle,
            "insert": f"{self.before}{marker}{self.middle}【/{self.label}】{self.after}",
            "insert-open": f"{self.before}{marker}{self.middle}{self.after}",
            "cut": f"{self.before}{marker}~~{self.middle}~~{self.after}",
        }[self.edit]


@dataclass
class Node:
    title: str
    items: list[Item]
    children: list[Node]
    opinions: list[tuple[str, list[str]]] = field(default_factory=list)


def items() -> st.SearchStrategy[list[Item]]:
    item = st.builds(
        Item,
        kind=st.sampled_from(["vision", "initiative"]),
        bullet=st.booleans(),
        edit=st.sampled_from(
            [
                "same",
                "same",
                "add",
                "delete",
                "modify",
                "modify-unknown",
                "insert",
                "insert-open",
                "cut",
            ]
        ),
        before=words,
        middle=words,
        after=words,
    )
    return st.lists(item, max_size=4)


@st.composite
def plans(draw: st.DrawFn) -> list[Node]:
    counter = iter(range(1000))

    def title(prefix: str) -> str:
        return f"{prefix}{next(counter)}"

    pillars = []
    for _ in range(draw(st.integers(1, 2))):
        fields = []
        for _ in range(draw(st.integers(1, 2))):
            sections = [
                Node(title("施策"), draw(items()), []) for _ in range(draw(st.integers(0, 2)))
            ]
            fields.append(Node(title("分野"), draw(items()), sections))
        pillars.append(Node(title("柱"), [], fields))
    for pillar in pillars:
        for field_node in pillar.children:
            _label(field_node)
            changed = [i for n in (field_node, *field_node.children) for i in n.items if i.change]
            links = draw(
                st.lists(
                    st.lists(st.sampled_from(changed), max_size=2, unique_by=id)
                    if changed
                    else st.just([]),
                    max_size=3,
                )
            )
            for number, linked in enumerate(links, start=1):
                text = f"意見{field_node.title}の{number}"
                field_node.opinions.append((text, [i.label for i in linked]))
                for item in linked:
                    item.opinions.append(text)
    return pillars


def _label(field_node: Node) -> None:
    """Number the labels of one field: 追加①, 追加② … only where a kind occurs more than once."""
    changed = [i for n in (field_node, *field_node.children) for i in n.items if i.change]
    for word in ("追加", "修正", "削除"):
        same_kind = [i for i in changed if i.change == word]
        for number, item in enumerate(same_kind):
            item.label = word + (CIRCLED[number] if len(same_kind) > 1 else "")


def write(pillars: list[Node]) -> str:
    """Write the redline of ``pillars`` in the documented conventions."""
    out = ["R6.5.20第5回「(仮称)読み戻し計画」策定委員会", "会議資料「(仮称)読み戻し計画素案」", ""]

    def node(item: Node, depth: int) -> None:
        out.extend(["#" * depth + " " + item.title, ""])
        explicit: str | None = None
        for entry in item.items:
            default = "vision" if item.children or not entry.bullet else "initiative"
            if (explicit or default) != entry.kind:
                explicit = entry.kind
                out.extend(["めざす姿" if entry.kind == "vision" else "取組", ""])
            out.extend([("- ・" if entry.bullet else "") + entry.written(), ""])
        if item.opinions:
            out.extend(["★意見(事務局が聞き取りしたもの)", ""])
            for text, labels in item.opinions:
                out.append(f"{text}\t{'、'.join(labels)}")
            out.append("")
        for child in item.children:
            node(child, depth + 1)

    for pillar in pillars:
        node(pillar, 1)
    return "\n".join(out)


def _flatten(pillars: list[Node]) -> list[tuple[Node, Item]]:
    found: list[tuple[Node, Item]] = []

    def visit(item: Node) -> None:
        found.extend((item, entry) for entry in item.items)
        for child in item.children:
            visit(child)

    for pillar in pillars:
        visit(pillar)
    return found


def _statements(plan: Plan) -> list[Statement]:
    found: list[Statement] = []

    def visit(item: Pillar | Field | Section) -> None:
        found.extend(b for b in item.blocks if isinstance(b, Statement))
        for child in item.fields if isinstance(item, Pillar) else item.sections:
            visit(child)

    for pillar in plan.pillars:
        visit(pillar)
    return found


@given(plans())
def test_redline_reads_back_to_its_revision(pillars: list[Node]) -> None:
    result = import_marked(write(pillars))
    assert_consistent(result, reload=False)
    expected = _flatten(pillars)
    new = [(i.kind, i.bullet, i.new_text()) for _, i in expected if i.new_text() is not None]
    old = [(i.kind, i.bullet, i.old_text()) for _, i in expected if i.edit != "add"]
    assert [(s.kind, s.bullet, s.text) for s in _statements(result.new)] == new
    assert [(s.kind, s.bullet, s.text) for s in _statements(result.old)] == old
    by_id = {o.id: o.text for o in result.opinions.opinions}
    changes = [
        (
            c.kind.value,
            c.label,
            (c.span.start, c.span.end) if c.span else None,
            [by_id[o] for o in c.opinions],
        )
        for c in result.revision.changes
    ]
    assert changes == [
        (i.change, i.label, i.span(), i.opinions) for _, i in expected if i.change is not None
    ]
    opinions = [(o.text, o.disposition.value) for o in result.opinions.opinions]
    assert opinions == [
        (text, "反映" if labels else "未定")
        for pillar in pillars
        for field_node in pillar.children
        for text, labels in field_node.opinions
    ]
    assert [w.code for w in result.warnings] == [
        "extent-unknown" for _, i in expected if i.edit == "insert-open"
    ]
