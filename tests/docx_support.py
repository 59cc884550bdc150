"""Helpers for the DOCX writer's tests: the example and synthetic revisions, pandoc as an
independent reader of the written files, LibreOffice to PDF and PNG, and the XML of a package.

pandoc reads the DOCX with the ``styles`` extension, so that runs and paragraphs in planrev's
own styles come out as spans and divs with a ``custom-style``: markers, notes and kind labels are
decoration, not text of the plan, and are left out of the projections here. Everything else is
pandoc's own reading, ``--track-changes=accept`` (the new text), ``reject`` (the old text) or
``all`` (every change as an insertion or deletion span).
"""

from __future__ import annotations

import datetime as _dt
import io
import json
import random
import shutil
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from planrev.comparison import Comparison, compare
from planrev.model import (
    ChangeKind,
    ChangeRecord,
    Field,
    Footnote,
    KpiTable,
    Note,
    Opinion,
    OpinionSet,
    Pillar,
    Plan,
    Revision,
    Section,
    Statement,
    walk,
)
from planrev.model import build as b
from planrev.storage.folder import load_folder
from planrev.testing.synthetic import make_plan, revise
from planrev.views import HandoutView, KpiView, LineView, NodeView, Piece
from tests.conftest import AOMORI
from tests.tools import run_tool

GOLDEN = Path(__file__).resolve().parent / "golden" / "docx"
"""The golden XML of the documents written from the example."""

DECORATION_STYLES = {"planrev Marker", "planrev Annotation", "annotation reference"}
"""Character styles whose runs are not text of the plan."""
SKIPPED_PARAGRAPH_STYLES = {"planrev Label"}
"""Paragraph styles whose paragraphs are not text of the plan (kind labels)."""


@dataclass(frozen=True)
class Case:
    """A revision to write: the comparison and the opinions it answers."""

    name: str
    comparison: Comparison
    opinions: OpinionSet | None


def aomori_case() -> Case:
    """Return the R5.7.26 example (drafts/aomori-dx, 第2回 → 第3回)."""
    folder = load_folder(AOMORI)
    step = list(folder.steps())[-1]
    revision = step.revision.model if step.revision else None
    opinions = step.opinions.model if step.opinions else None
    return Case("aomori", compare(step.old.model, step.new.model, revision, opinions), opinions)


def synthetic_case(seed: int, sections: int = 6, rate: float = 0.3) -> Case:
    """Return a synthetic revision of a synthetic plan (deterministic for ``seed``)."""
    rng = random.Random(seed)
    old = make_plan(rng, sections)
    revised = revise(rng, old, rate=rate)
    comparison = compare(old, revised.plan, revised.record, revised.opinions)
    return Case(f"synthetic-{seed}", comparison, revised.opinions)


# --------------------------------------------------------------------------------------------
# pandoc


def pandoc_json(pandoc: str, docx: Path, mode: str) -> dict[str, Any]:
    """Return pandoc's JSON reading of ``docx`` with ``--track-changes=mode`` and styles kept."""
    output = run_tool(
        [pandoc, "-f", "docx+styles", f"--track-changes={mode}", "-t", "json", str(docx)],
        what="pandoc",
    ).stdout
    document: dict[str, Any] = json.loads(output)
    return document


def _attributes(attr: list[Any]) -> tuple[list[str], dict[str, str]]:
    return attr[1], dict(attr[2])


_WRAPPERS = {"Emph", "Strong", "Underline", "Strikeout", "SmallCaps", "Superscript", "Subscript"}


def inline_text(inlines: list[Any], *, marks: bool = False) -> str:
    """Return the text of pandoc inlines without planrev's decoration; with ``marks``, insertions
    as ``{+…+}`` and deletions as ``[-…-]``."""
    out: list[str] = []
    for inline in inlines:
        kind, content = inline["t"], inline.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak"):
            out.append(" ")
        elif kind == "LineBreak":
            out.append("\n")
        elif kind in _WRAPPERS:
            out.append(inline_text(content, marks=marks))
        elif kind == "Span":
            classes, attributes = _attributes(content[0])
            if attributes.get("custom-style") in DECORATION_STYLES or "comment-start" in classes:
                continue
            text = inline_text(content[1], marks=marks)
            if marks and "insertion" in classes and text:
                text = "{+" + text + "+}"
            elif marks and "deletion" in classes and text:
                text = "[-" + text + "-]"
            out.append(text)
        elif kind in ("Link", "Quoted"):
            out.append(inline_text(content[-2] if kind == "Link" else content[1], marks=marks))
    return "".join(out)


def _cell_text(cell: list[Any], marks: bool) -> str:
    texts = [text.strip() for text, _ in _blocks(cell[4], marks) if isinstance(text, str)]
    return "\n".join(text for text in texts if text)


def _blocks(blocks: list[Any], marks: bool) -> Iterator[tuple[Any, str]]:
    """Yield (text or rows, kind) for each paragraph, heading and table."""
    for block in blocks:
        kind, content = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            yield inline_text(content, marks=marks), "p"
        elif kind == "Header":
            yield inline_text(content[2], marks=marks), "h"
        elif kind == "BulletList":
            for item in content:
                yield from _blocks(item, marks)
        elif kind == "OrderedList":
            for item in content[1]:
                yield from _blocks(item, marks)
        elif kind == "BlockQuote":
            yield from _blocks(content, marks)
        elif kind == "Div":
            _, attributes = _attributes(content[0])
            if attributes.get("custom-style") in SKIPPED_PARAGRAPH_STYLES:
                continue
            yield from _blocks(content[1], marks)
        elif kind == "Table":
            head, bodies = content[3], content[4]
            rows = [row[1] for row in head[1]]
            for body in bodies:
                rows.extend(row[1] for row in body[2])
                rows.extend(row[1] for row in body[3])
            yield [[_cell_text(cell, marks) for cell in row] for row in rows], "table"


def pandoc_projection(pandoc: str, docx: Path, mode: str) -> list[tuple[str, Any]]:
    """Return the headings, paragraphs and KPI tables of ``docx`` as pandoc reads them.

    Empty paragraphs, kind labels and opinion boxes (★意見) are left out; a KPI table is its
    rows without the header, each ``[indicator, baseline, target]`` (the unit column, if any, is
    left out); text has no leading or trailing spaces (pandoc trims paragraphs).
    """
    document = pandoc_json(pandoc, docx, mode)
    out: list[tuple[str, Any]] = []
    for value, kind in _blocks(document["blocks"], marks=mode == "all"):
        if kind == "table":
            rows = [row for row in value if any(row)]
            if not rows:
                continue  # every row tracked away in this projection (pandoc keeps them empty)
            if rows[0] and rows[0][0].startswith("★意見"):
                continue
            unit = 1 if rows and len(rows[0]) > 3 and rows[0][1] == "単位" else None
            body = [[cell for i, cell in enumerate(row) if i != unit] for row in rows[1:]]
            out.append(("table", body))
        elif value.strip():
            out.append((kind, value.strip()))
    return out


def _kept(node: Pillar | Field | Section) -> bool:
    """Whether the writer prints a node: all but unchanged excerpt titles with nothing under."""
    if not node.omitted or node.blocks:
        return True
    return any(_kept(child) for child in node.children)


def draft_projection(plan: Plan, unknown: str | None = None) -> list[tuple[str, Any]]:
    """Return a draft in the shape of :func:`pandoc_projection`; a text that is not known
    (``text: null``) becomes ``unknown``."""
    out: list[tuple[str, Any]] = []
    skipped: set[str] = set()
    for located in walk(plan):
        node = located.node
        if any(parent.id in skipped for parent in located.parents):
            continue
        if isinstance(node, Pillar | Field | Section):
            if not _kept(node):
                skipped.add(node.id)
                continue
            out.append(("h", node.heading.strip()))
        elif isinstance(node, Statement | Note):
            text = node.text.strip() if node.text is not None else unknown
            if text != "":
                out.append(("p", text))
        elif isinstance(node, Footnote):
            out.append(("p", f"{node.mark} {node.text}".strip()))
        elif isinstance(node, KpiTable):
            out.append(
                (
                    "table",
                    [[row.indicator, row.baseline or "", row.target or ""] for row in node.rows],
                )
            )
    return out


UNKNOWN = "\x00unknown"
"""Stands for a text the draft does not know (matches anything)."""


def moved_texts(comparison: Comparison) -> set[str]:
    """Return the texts of the nodes that moved, with everything inside them: the redline shows
    them where they went, so "reject all" has them there too, not where the old draft had them."""
    moves = [change for change in comparison.changes if change.move is not None]
    texts: set[str] = set()
    for plan, moved in (
        (comparison.old, {change.old_id for change in moves}),
        (comparison.new, {change.new_id for change in moves}),
    ):
        for located in walk(plan):
            if located.id in moved or any(parent.id in moved for parent in located.parents):
                node = located.node
                if isinstance(node, Statement | Note) and node.text is not None:
                    texts.add(node.text.strip())
                elif isinstance(node, Pillar | Field | Section):
                    texts.add(node.title.strip())
    return texts


def without(projection: list[tuple[str, Any]], texts: set[str]) -> list[tuple[str, Any]]:
    """Return ``projection`` without the paragraphs and headings whose text is in ``texts``."""
    return [item for item in projection if item[0] == "table" or item[1] not in texts]


def same_projection(actual: list[tuple[str, Any]], expected: list[tuple[str, Any]]) -> bool:
    """Return whether two projections are equal, :data:`UNKNOWN` matching any paragraph."""
    if len(actual) != len(expected):
        return False
    for (kind, value), (expected_kind, expected_value) in zip(actual, expected, strict=True):
        if kind != expected_kind:
            return False
        if expected_value not in (UNKNOWN, value):
            return False
    return True


# --------------------------------------------------------------------------------------------
# LibreOffice


def docx_to_pdf(soffice: str, docx: Path, folder: Path) -> Path:
    """Convert ``docx`` to PDF with LibreOffice in a profile of its own; return the PDF."""
    return libreoffice_convert(soffice, docx, folder, "pdf")


def libreoffice_convert(soffice: str, source: Path, folder: Path, extension: str) -> Path:
    """Convert ``source`` with LibreOffice (in a profile of its own) to ``extension`` in
    ``folder``; return the file written (``docx`` saves a .docx again, as LibreOffice writes it)."""
    (converted,) = libreoffice_convert_all(soffice, [source], folder, extension)
    return converted


def libreoffice_convert_all(
    soffice: str, sources: Sequence[Path], folder: Path, extension: str
) -> list[Path]:
    """Convert every file of ``sources`` in one LibreOffice run (it starts in seconds; a
    document converts in a fraction of that); return the files written, in order. The sources
    need distinct names."""
    assert len({source.stem for source in sources}) == len(sources), sources
    profile = Path(tempfile.mkdtemp(prefix="lo-planrev-docx-"))
    try:
        run_tool(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation={profile.as_uri()}",
                "--convert-to",
                extension,
                "--outdir",
                str(folder),
                *(str(source) for source in sources),
            ],
            what=f"LibreOffice (to {extension}, {len(sources)} files)",
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return [folder / f"{source.stem}.{extension}" for source in sources]


def first_page_png(pdftoppm: str, pdf: Path, out: Path, *, resolution: int = 80) -> Path:
    """Render the first page of ``pdf`` to the PNG ``out``."""
    run_tool(
        [
            pdftoppm,
            "-png",
            "-r",
            str(resolution),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(out.with_suffix("")),
        ],
        what="pdftoppm",
    )
    return out


# --------------------------------------------------------------------------------------------
# The package's XML


def parts(docx: bytes) -> dict[str, bytes]:
    """Return the files of a package by name."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def pretty_xml(data: bytes) -> str:
    """Return an XML part indented one element per line (text content untouched)."""
    root = etree.fromstring(data)
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="unicode") + "\n"


def shown_changes(view: HandoutView) -> set[str]:
    """Return the ids of the changes whose marker or text a handout view shows."""
    shown: set[str] = set()

    def pieces(items: Iterable[Piece]) -> None:
        shown.update(piece.change for piece in items if piece.change is not None)

    def blocks(items: Iterable[LineView | KpiView]) -> None:
        for block in items:
            if isinstance(block, LineView):
                pieces(block.pieces)
            else:
                pieces(block.title)
                for cell in (*block.header, *(c for row in block.rows for c in row)):
                    pieces(cell)

    def node(item: NodeView) -> None:
        pieces(item.title)
        blocks(item.blocks)
        for child in item.children:
            node(child)

    blocks(view.notes)
    for item in view.nodes:
        node(item)
    return shown


def features_case() -> Case:
    """Return a small revision with every construct the writer lays out: a pillar, field and
    section added or deleted as a whole, mid-sentence insertions and deletions, a reworded
    heading, kind labels including 本文, KPI rows added, deleted and changed (with units), a KPI
    table added, a footnote, a note, line breaks and tabs, and an opinion behind two changes."""
    old = b.plan(
        "テスト計画",
        b.note("memo", "体系図を追加"),
        b.pillar(
            "p1",
            "「暮らし」を支えるDX",
            b.field(
                "f1",
                "暮らし分野",
                b.vision("f1-v", "誰もが安心して暮らせる地域。"),
                b.initiative("f1-i1", "行政手続きのオンライン化の推進"),
                b.initiative("f1-i2", "窓口の混雑の解消"),
                b.text("f1-t", "本文の段落です。\n二行目\tタブ"),
                b.kpi(
                    "f1-kpi",
                    b.kpi_row("f1-k1", "オンライン申請率", unit="%", baseline="20", target="60"),
                    b.kpi_row("f1-k2", "窓口の待ち時間", unit="分", baseline="30", target="10"),
                    baseline_year=2023,
                    target_year=2028,
                ),
                b.footnote("f1-fn", "※1", "申請率は県の手続に限る。"),
                b.section(
                    "s1",
                    "子育ての支援",
                    b.initiative("s1-i1", "保育サービスの充実"),
                ),
                b.section("s2", "古い施策", b.initiative("s2-i1", "廃止する取組")),
            ),
        ),
        b.pillar("p-old", "廃止する柱", b.field("f-old", "廃止する分野")),
        meeting=2,
        date=_dt.date(2023, 5, 1),
    )
    new = b.plan(
        "テスト計画",
        b.note("memo", "体系図を追加"),
        b.pillar(
            "p1",
            "「暮らし」を支えるDX",
            b.field(
                "f1",
                "暮らし・まち分野",
                b.vision("f1-v", "誰もが安心して快適に暮らせる地域。"),
                b.initiative("f1-i1", "行政手続きのオンライン化の推進"),
                b.initiative("f1-i3", "デジタル窓口の設置"),
                b.text("f1-t", "本文の段落です。\n二行目\tタブ"),
                b.kpi(
                    "f1-kpi",
                    b.kpi_row("f1-k1", "オンライン申請率", unit="%", baseline="20", target="70"),
                    b.kpi_row("f1-k3", "デジタル窓口の利用者数", unit="人", target="1,000"),
                    baseline_year=2023,
                    target_year=2028,
                ),
                b.footnote("f1-fn", "※1", "申請率は県の手続に限る。"),
                b.section(
                    "s1",
                    "子育ての支援",
                    b.initiative("s1-i1", "保育サービスの充実"),
                ),
                b.section(
                    "s3",
                    "新しい施策",
                    b.vision("s3-v", "新しい姿。", bullet=False),
                    b.kpi("s3-kpi", b.kpi_row("s3-k1", "新しい指標", target="5")),
                ),
            ),
        ),
        b.pillar(
            "p2", "新しい柱", b.field("f2", "新しい分野", b.initiative("f2-i1", "新しい取組"))
        ),
        meeting=3,
        date=_dt.date(2023, 7, 26),
    )
    opinions = OpinionSet(
        meeting=3,
        opinions=(
            Opinion(id="op1", text="快適さにも触れるべき。", scope="f1"),
            Opinion(id="op2", text="窓口のデジタル化を。", scope="f1"),
            Opinion(id="op3", text="行動計画で検討してほしい。", scope="p2"),
        ),
    )
    record = Revision(
        old=2,
        new=3,
        changes=(
            ChangeRecord(id="c1", kind=ChangeKind.ADD, target="f1-v", opinions=("op1",)),
            ChangeRecord(id="c2", kind=ChangeKind.ADD, target="f1-i3", opinions=("op2",)),
            ChangeRecord(
                id="c3",
                kind=ChangeKind.DELETE,
                target="f1-i2",
                opinions=("op2",),
                reason="デジタル窓口に統合",
            ),
            ChangeRecord(id="c4", kind=ChangeKind.DELETE, target="s2", reason="事業終了"),
        ),
    )
    return Case("features", compare(old, new, record, opinions), opinions)


def paragraph_marks(pandoc: str, docx: Path) -> Counter[str]:
    """Return how many paragraph marks pandoc reads as inserted and as deleted
    (``--track-changes=all``: spans of class ``paragraph-insertion`` / ``paragraph-deletion``)."""
    found: Counter[str] = Counter()

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            if value.get("t") == "Span":
                for name in value["c"][0][1]:
                    if name.startswith("paragraph-"):
                        found[name] += 1
            for item in value.values():
                visit(item)
        elif isinstance(value, list):
            for item in value:
                visit(item)

    visit(pandoc_json(pandoc, docx, "all")["blocks"])
    return found


def whole_paragraphs(view: HandoutView) -> Counter[str]:
    """Return how many statement and note paragraphs a redline of ``view`` adds and deletes as
    a whole (``paragraph-insertion`` / ``paragraph-deletion``). Headings are left out: their
    paragraph marks are tracked too, but pandoc does not report them on headings."""
    found: Counter[str] = Counter()
    names = {"added": "paragraph-insertion", "deleted": "paragraph-deletion"}

    def count(status: str) -> None:
        if status in names:
            found[names[status]] += 1

    def node(item: NodeView) -> None:
        for block in item.blocks:
            if isinstance(block, LineView):
                count(block.status)
        for child in item.children:
            node(child)

    for line in view.notes:
        count(line.status)
    for item in view.nodes:
        node(item)
    return found
