"""``planrev import … --into FOLDER``: a document becomes the next draft of a drafts folder.

The documents are the ones ``planrev handout`` writes (溶け込み版 in Markdown and Word) of
drafts/aomori-dx, as they are and with known edits; the failure paths check every file of the
folder byte for byte.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import planrev.cli.pdf
import planrev.cli.word  # noqa: F401 - registers ``import word``
from planrev.cli import EXIT_INPUT, EXIT_OK, EXIT_OUTPUT, main
from planrev.comparison import compare
from planrev.importers.nextdraft import (
    import_next_draft,
    next_draft,
    pair_with,
    without_header_lines,
)
from planrev.model import ChangeKind, KpiTable, Plan, Statement, index
from planrev.model.build import field, initiative, kpi, pillar, plan, section
from planrev.model.tree import insert_node, remove_node, replace_node
from planrev.storage.documents import dump_document, loads_document
from planrev.storage.folder import load_folder, write_folder
from planrev.testing.synthetic import make_plan, revise
from tests.conftest import AOMORI
from tests.test_import_pdf_cli import _handout


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args], env={"PLANREV_LANG": "ja"})


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under ``folder`` (hidden ones too) with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def copy_folder(tmp_path: Path, name: str = "aomori") -> Path:
    target = tmp_path / name
    shutil.copytree(AOMORI, target, ignore=shutil.ignore_patterns("source"))
    return target


def clean_copies(plan_to_show: Plan | None, out: Path) -> tuple[Path, Path]:
    """Return the 溶け込み版 (Markdown, Word) ``planrev handout`` writes of the latest draft of
    drafts/aomori-dx, or of ``plan_to_show`` made the draft after it."""
    folder = out / "source-folder"
    shutil.copytree(AOMORI, folder, ignore=shutil.ignore_patterns("source"))
    if plan_to_show is not None:
        (folder / "draft-04.yaml").write_text(dump_document(plan_to_show), encoding="utf-8")
    result = run("handout", folder, "--out", out / "handout", "-f", "md,docx")
    assert result.exit_code == EXIT_OK, result.output
    return out / "handout" / "clean.md", out / "handout" / "clean.docx"


@pytest.fixture(scope="module")
def handout(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return clean_copies(None, tmp_path_factory.mktemp("handout"))


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        ("plain", "clean.md"),
        ("word", "clean.docx"),
        # Accept-all of the tracked-changes document is the clean copy; the Markdown 見え消し
        # read by the marked rules gives its new text.
        ("word", "redline-tracked.docx"),
        ("marked", "redline.md"),
    ],
)
def test_the_handout_imports_back_as_the_next_draft_with_no_changes(
    tmp_path: Path, handout: tuple[Path, Path], kind: str, name: str
) -> None:
    folder = copy_folder(tmp_path)
    result = run("import", kind, handout[0].parent / name, "--into", folder)
    assert result.exit_code == EXIT_OK, result.output
    assert "第3回の草案と比べ、第4回の草案にしました" in result.output
    assert "変更0件" in result.output
    loaded = load_folder(folder)
    assert [d.model.meta.meeting for d in loaded.drafts] == [2, 3, 4]
    new, old = loaded.draft(4), loaded.draft(3)
    assert not compare(old, new).changes
    assert list(index(new)) == list(index(old))
    assert new.meta == old.meta.model_copy(update={"meeting": 4, "date": None})
    assert _records(folder) == []


def _statement(draft: Plan, node_id: str) -> Statement:
    node = index(draft)[node_id].node
    assert isinstance(node, Statement)
    return node


def edited_draft() -> Plan:
    """Return draft 3 of drafts/aomori-dx with five known edits, as meeting 4."""
    draft = load_folder(AOMORI).latest
    talent_2 = _statement(draft, "talent-2")
    draft = replace_node(
        draft,
        "talent-2",
        talent_2.model_copy(
            update={"text": "限られたデジタル人材を最適化して活用するための体制を構築する。"}
        ),
    )
    quality_2 = _statement(draft, "quality-2")
    assert quality_2.text is not None
    draft = replace_node(
        draft, "quality-2", quality_2.model_copy(update={"text": quality_2.text + "と評価"})
    )
    data_1 = _statement(draft, "data-1")
    assert data_1.text is not None
    draft = replace_node(draft, "data-1", data_1.model_copy(update={"text": "県が" + data_1.text}))
    draft = insert_node(
        draft,
        initiative("x", "データを扱う職員の研修を行い、庁内のデータ活用を定着させる。"),
        "data",
        "data-2",
    )
    draft, _ = remove_node(draft, "infra-2")
    return draft.model_copy(update={"meta": draft.meta.model_copy(update={"meeting": 4})})


EXPECTED_EDITS = [
    ("追加", "追加", "quality-2"),
    ("修正", "修正", "talent-2"),
    ("追加", "追加①", "data-1"),
    ("追加", "追加②", "data-3"),
    ("削除", "削除", "infra-2"),
]
"""(kind, label, target) of the edits of :func:`edited_draft`, in document order."""


def _records(folder: Path, name: str = "revision-03-04.yaml") -> list[tuple[str, str, str]]:
    loaded = load_folder(folder)
    revision = next(r.model for r in loaded.revisions if r.path.name == name)
    return [(c.kind.value, c.label or "", c.target) for c in revision.changes]


@pytest.mark.parametrize(("kind", "which"), [("plain", 0), ("word", 1)])
def test_known_edits_give_exactly_those_changes(tmp_path: Path, kind: str, which: int) -> None:
    document = clean_copies(edited_draft(), tmp_path / "edited")[which]
    folder = copy_folder(tmp_path)
    result = run("import", kind, document, "--into", folder)
    assert result.exit_code == EXIT_OK, result.output
    assert _records(folder) == EXPECTED_EDITS
    assert "新しい id 1(data-3)" in result.output
    new = load_folder(folder).draft(4)
    # Word shows the labels (めざす姿, 取組); the Markdown clean copy does not, and a new
    # statement's kind is not guessed.
    assert _statement(new, "data-3").kind == ("initiative" if kind == "word" else "text")
    if kind == "plain":
        assert "種類が文書から分からない新しい記述 1件" in result.output
    assert "infra-2" not in index(new)
    # Every change is listed by the audit as unexplained, and nothing else of that step.
    audit = run("audit", "--json", folder)
    findings = [f for f in json.loads(audit.output)["findings"] if f.get("meeting") == 4]
    assert sorted((f["code"], f["subjects"][0]) for f in findings) == sorted(
        ("unexplained-change", target) for _, _, target in EXPECTED_EDITS
    )


def test_reasons_are_empty_slots_and_the_audit_lists_exactly_them(tmp_path: Path) -> None:
    folder = copy_folder(tmp_path)
    result = import_next_draft(folder, _rekeyed(edited_draft()), source="案.md")
    assert result.draft_name == "draft-04.yaml"
    text = (folder / "revision-03-04.yaml").read_text(encoding="utf-8")
    assert text.count("reason: ''") == len(EXPECTED_EDITS)
    assert "id: data-add-1" in text
    assert "id: data-add-2" in text
    assert "id: talent-modify" in text
    assert "出典: 案.md を planrev import --into で第4回の草案として取り込んだもの。" in text
    assert _records(folder) == EXPECTED_EDITS
    audit = run("audit", "--json", folder)
    findings = [f for f in json.loads(audit.output)["findings"] if f.get("meeting") == 4]
    assert sorted((f["code"], f["subjects"][0]) for f in findings) == sorted(
        ("unexplained-change", target) for _, _, target in EXPECTED_EDITS
    )


def test_replacing_keeps_what_the_record_declared(tmp_path: Path) -> None:
    folder = copy_folder(tmp_path)
    unchanged = load_folder(AOMORI).latest.model_copy()
    unchanged = unchanged.model_copy(
        update={"meta": unchanged.meta.model_copy(update={"meeting": 4})}
    )
    import_next_draft(folder, _rekeyed(unchanged), source="a.md")
    assert _records(folder) == []
    result = import_next_draft(
        folder, _rekeyed(edited_draft()), source="b.md", meeting=4, force=True
    )
    assert result.replaced
    assert _records(folder) == EXPECTED_EDITS
    # A reason written in is kept when the draft is replaced again; one whose change is gone
    # is dropped and reported.
    revision = folder / "revision-03-04.yaml"
    text = revision.read_text(encoding="utf-8")
    text = text.replace("reason: ''", "reason: 事務局で見直し", 1)
    revision.write_text(text, encoding="utf-8")
    again = import_next_draft(
        folder, _rekeyed(edited_draft()), source="b.md", meeting=4, force=True
    )
    assert again.dropped == ()
    assert "reason: 事務局で見直し" in revision.read_text(encoding="utf-8")
    without_new = remove_node(edited_draft(), "x")[0]
    last = import_next_draft(folder, _rekeyed(without_new), source="c.md", meeting=4, force=True)
    assert [d.target for d in last.dropped] == ["data-3"]
    assert "data-3" not in index(load_folder(folder).draft(4))


# --- The library: pairing through the comparison engine --------------------------------------


def _rekeyed(draft: Plan) -> Plan:
    """Return ``draft`` with every id replaced by an importer's hash-like id."""
    text = dump_document(draft)
    for number, node_id in enumerate(sorted(index(draft), key=len, reverse=True)):
        text = text.replace(f"id: {node_id}\n", f"id: h{number:04d}zz\n")
    loaded = loads_document(text)
    assert isinstance(loaded, Plan)
    return loaded


def test_ids_come_back_whatever_the_importer_called_them() -> None:
    folder = load_folder(AOMORI)
    edited = edited_draft()
    result = next_draft(folder, _rekeyed(edited))
    assert [(c.kind.value, c.label, c.target) for c in result.revision.changes] == EXPECTED_EDITS
    assert result.new_ids == ("data-3",)
    assert set(index(result.plan)) == (set(index(edited)) - {"x"}) | {"data-3"}


def test_renumbered_headings_are_not_changes() -> None:
    folder = load_folder(AOMORI)
    draft = folder.latest
    numbered = replace_node(
        draft, "talent", index(draft)["talent"].node.model_copy(update={"number": "（1）"})
    )
    result = next_draft(folder, _rekeyed(numbered))
    assert result.revision.changes == ()
    talent = index(result.plan)["talent"].node
    assert getattr(talent, "number", None) == "（1）"


def test_same_texts_pair_where_they_stand() -> None:
    """Tables that read the same pair with the one in their own section, not the first."""

    def draft(meeting: int, *sections: tuple[str, bool]) -> Plan:
        return plan(
            "計画",
            pillar(
                "p",
                "柱",
                field(
                    "f",
                    "分野",
                    *(
                        section(
                            sid,
                            f"施策{sid}",
                            initiative(f"{sid}-1", f"施策{sid}の取組を進める。"),
                            *(
                                [kpi(f"{sid}-kpi", baseline_year=2023, target_year=2028)]
                                if has_kpi
                                else []
                            ),
                        )
                        for sid, has_kpi in sections
                    ),
                ),
            ),
            meeting=meeting,
        )

    previous = draft(1, ("a", True), ("b", True), ("c", True))
    imported = _rekeyed(draft(2, ("a", False), ("b", True), ("c", True)))
    paired = pair_with(previous, imported)
    entries = list(index(imported).values())
    tables = [paired.get(e.position) for e in entries if isinstance(e.node, KpiTable)]
    assert tables == ["b-kpi", "c-kpi"]


def test_new_ids_follow_the_folder_style() -> None:
    folder = load_folder(AOMORI)
    draft = folder.latest
    draft = insert_node(draft, initiative("n1", "新しい取組その一を進める。"), "talent", "talent-3")
    draft = insert_node(draft, initiative("n2", "新しい取組その二を進める。"), "talent", "n1")
    draft = insert_node(
        draft,
        section("n3", "新しい施策", initiative("n4", "新しい施策の取組を進める。")),
        "admin-field",
        "quality",
    )
    result = next_draft(folder, _rekeyed(draft))
    assert result.new_ids == (
        "admin-field-section-1",
        "admin-field-section-1-1",
        "talent-4",
        "talent-5",
    )
    kinds = [(c.kind, c.target) for c in result.revision.changes]
    assert kinds == [
        (ChangeKind.ADD, "admin-field-section-1"),
        (ChangeKind.ADD, "talent-4"),
        (ChangeKind.ADD, "talent-5"),
    ]


def test_header_lines_of_a_handout_are_not_plan_text() -> None:
    text = "R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会  \n会議資料「(仮称)青森県DX推進プラン素案(案)」(抜粋)\n\n# 柱\n"
    assert without_header_lines(text) == "\n\n\n# 柱\n"


# --- Failure paths: the folder stays byte-identical ------------------------------------------


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "next.md"
    path.write_text(
        "# 「行政経営」を支えるDX\n\n## 行政経営分野\n\n- ・新しい取組\n", encoding="utf-8"
    )
    return path


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--meeting", "3"], EXIT_OUTPUT, "第3回の草案は既にあります"),
        (
            ["--meeting", "2", "--force"],
            EXIT_INPUT,
            "第2回の草案は最新ではないため置き換えられません",
        ),
        (["--meeting", "1"], EXIT_INPUT, "第1回は最新の草案(第3回)より前です"),
        # Replacing draft 3 with a document lacking what opinions-03.yaml points at: the whole
        # folder is validated first, so nothing is replaced even under --force.
        (["--meeting", "3", "--force"], EXIT_INPUT, "opinions-03.yaml"),
        (["--strict", "--date", "R5.13.1"], 2, "--date"),
    ],
)
def test_failures_leave_the_folder_byte_identical(
    tmp_path: Path, document: Path, args: list[str], code: int, message: str
) -> None:
    folder = copy_folder(tmp_path)
    before = snapshot(folder)
    result = run("import", "plain", document, "--into", folder, *args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert snapshot(folder) == before


def test_strict_refuses_on_warnings(tmp_path: Path) -> None:
    document = tmp_path / "warned.md"
    document.write_text("# 柱\n\n## 分野\n\n本文に（閉じない括弧がある。\n", encoding="utf-8")
    folder = copy_folder(tmp_path)
    before = snapshot(folder)
    result = run("import", "plain", document, "--into", folder, "--strict")
    assert result.exit_code == EXIT_INPUT, result.output
    assert snapshot(folder) == before


def test_out_and_into_are_exclusive(tmp_path: Path, document: Path) -> None:
    folder = copy_folder(tmp_path)
    before = snapshot(folder)
    result = run("import", "plain", document, "--into", folder, "--out", tmp_path / "x.yaml")
    assert result.exit_code == 2
    assert "どちらか一方" in result.output
    assert snapshot(folder) == before
    assert not (tmp_path / "x.yaml").exists()


def test_missing_folder_is_located(tmp_path: Path, document: Path) -> None:
    result = run("import", "plain", document, "--into", tmp_path / "none")
    assert result.exit_code == EXIT_INPUT
    assert f"{tmp_path / 'none'}: フォルダがありません" in result.output
    assert not (tmp_path / "none").exists()


def test_force_replaces_the_latest_draft(tmp_path: Path, handout: tuple[Path, Path]) -> None:
    folder = copy_folder(tmp_path)
    assert run("import", "plain", handout[0], "--into", folder).exit_code == EXIT_OK
    document = clean_copies(edited_draft(), tmp_path / "edited")[0]
    result = run("import", "plain", document, "--into", folder, "--meeting", "4", "--force")
    assert result.exit_code == EXIT_OK, result.output
    assert "(置き換え)" in result.output
    assert _records(folder) == EXPECTED_EDITS


# --- Generated plans ---------------------------------------------------------------------------


def _generated_folder(tmp_path: Path, first: Plan) -> Path:
    folder = tmp_path / "generated"
    write_folder(folder, {"draft-01.yaml": dump_document(first)})
    return folder


@pytest.mark.parametrize("seed", range(8))
def test_a_generated_plan_reimported_keeps_every_id(tmp_path: Path, seed: int) -> None:
    """Generated plans repeat stock phrases and KPI titles: every node still finds its own id."""
    first = make_plan(random.Random(seed), 20 + 15 * seed, meeting=1)
    folder = load_folder(_generated_folder(tmp_path, first))
    result = next_draft(folder, _rekeyed(first.model_copy()))
    assert result.revision.changes == ()
    assert result.new_ids == ()
    assert list(index(result.plan)) == list(index(first))


@pytest.mark.parametrize("seed", range(8))
def test_a_generated_revision_keeps_the_ids_of_what_stayed(tmp_path: Path, seed: int) -> None:
    """Without ids, every node the revision left alone or edited recognisably keeps its id, and
    the changes are the revision's, except rewrites too deep to recognise (追加 + 削除)."""
    rng = random.Random(100 + seed)
    first = make_plan(rng, 30 + 10 * seed, meeting=1)
    revised = revise(rng, first, rate=0.1)
    truth = compare(first, revised.plan)
    folder = load_folder(_generated_folder(tmp_path, first))
    result = next_draft(folder, _rekeyed(revised.plan))
    changed = {c.old_id for c in truth.changes} | {c.new_id for c in truth.changes}
    # A node only re-keyed is the same node: it takes its id of the previous draft.
    old_of = {new: old for old, new in truth.renamed}
    kept = {
        old_of.get(node_id, node_id) for node_id in index(revised.plan) if node_id not in changed
    }
    assert kept <= set(index(result.plan))
    found = {(c.kind, c.old_id) for c in result.comparison.changes}
    for change in truth.changes:
        if change.kind is ChangeKind.DELETE or change.old_id is None:
            assert (change.kind, change.old_id) in found
        else:
            # Kept as the same node, or (a rewrite beyond recognition) deleted and added.
            assert (change.kind, change.old_id) in found or (
                ChangeKind.DELETE,
                change.old_id,
            ) in found
    assert len(result.comparison.changes) >= len(truth.changes)


def test_a_marked_document_without_a_header_line_takes_the_next_meeting(tmp_path: Path) -> None:
    document = tmp_path / "m.md"
    document.write_text(
        "# 「行政経営」を支えるDX\n\n## 行政経営分野\n\n- ・【追加】新しい取組\n", encoding="utf-8"
    )
    folder = copy_folder(tmp_path)
    result = run("import", "marked", document, "--into", folder)
    assert result.exit_code == EXIT_OK, result.output
    assert "警告なし" in result.output
    assert "第3回の草案と比べ、第4回の草案にしました" in result.output
    assert "新しい id 1(admin-field-1)" in result.output


def test_a_pdf_handout_imports_into_the_folder_it_made(tmp_path: Path) -> None:
    pdf = _handout(tmp_path / "h.pdf")
    folder = tmp_path / "plan"
    made = run("import", "pdf", pdf, "--out", folder, "--meeting", "3", "--title", "Plan")
    assert made.exit_code == EXIT_OK, made.output
    before = load_folder(folder).latest
    result = run("import", "pdf", pdf, "--into", folder)
    assert result.exit_code == EXIT_OK, result.output
    assert "第3回の草案と比べ、第4回の草案にしました" in result.output
    assert "変更0件" in result.output
    assert list(index(load_folder(folder).draft(4))) == list(index(before))
