"""Recording decisions from the command line (issue 13 item 4, issue 18 item 8).

``planrev explain`` attaches opinions or a reason to a change, ``planrev decide`` sets an
opinion's disposition and response, ``planrev todo`` lists exactly the audit's gaps. The files
keep their comments and layout; a refused command leaves every byte of the folder as it was.
"""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planrev.audit import GAP_CODES, audit
from planrev.audit import load_folder as load_history
from planrev.cli import EXIT_INPUT, EXIT_OK, main
from planrev.decisions import missing
from planrev.model import Disposition
from planrev.storage.documents import open_document
from planrev.storage.folder import load_folder
from tests.conftest import AOMORI


def run(*arguments: str) -> Result:
    return CliRunner().invoke(main, list(arguments))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def added_lines(before: str, after: str) -> list[str]:
    """Return the lines ``after`` adds to ``before``; fails if any line was removed."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    assert not [line for line in diff if line.startswith("- ")]
    return [line[2:] for line in diff if line.startswith("+ ")]


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "aomori-dx"
    shutil.copytree(AOMORI, target, ignore=shutil.ignore_patterns("source"))
    return target


def test_decide_sets_the_response_and_keeps_every_comment(folder: Path) -> None:
    path = folder / "opinions-03.yaml"
    before = path.read_text(encoding="utf-8")
    result = run("decide", str(folder), "op-admin-1", "--response", "ご意見を踏まえ追記しました。")
    assert result.exit_code == EXIT_OK, result.output
    after = path.read_text(encoding="utf-8")
    assert comments(after) == comments(before)
    assert added_lines(before, after) == ["    response: ご意見を踏まえ追記しました。"]
    opinion = load_folder(folder).opinions_for(3)
    assert opinion is not None
    assert opinion.opinions[0].response == "ご意見を踏まえ追記しました。"


def test_decide_sets_a_disposition_by_its_japanese_or_english_name(folder: Path) -> None:
    result = run(
        "decide",
        str(folder),
        "op-inclusion-2",
        "--disposition",
        "later",
        "--response",
        "検討します",
    )
    assert result.exit_code == EXIT_OK, result.output
    opinions = load_folder(folder).opinions_for(3)
    assert opinions is not None
    decided = next(o for o in opinions.opinions if o.id == "op-inclusion-2")
    assert decided.disposition is Disposition.LATER
    assert decided.response == "検討します"


def test_explain_adds_opinions_and_a_reason_and_keeps_every_comment(folder: Path) -> None:
    path = folder / "revision-02-03.yaml"
    before = path.read_text(encoding="utf-8")
    result = run(
        "explain",
        str(folder),
        "talent-2",
        "--because",
        "op-talent-1,op-data-1",
        "--reason",
        "人材確保の強化",
    )
    assert result.exit_code == EXIT_OK, result.output
    after = path.read_text(encoding="utf-8")
    assert comments(after) == comments(before)
    added = added_lines(before, after)
    assert added[:2] == ["      - op-data-1", "    reason: 人材確保の強化"]
    assert [line.split(":")[0] for line in added[2:]] == ["    fingerprint"]
    revision = load_folder(folder).revisions[0].model
    change = next(c for c in revision.changes if c.target == "talent-2")
    assert change.opinions == ("op-talent-1", "op-data-1")
    assert change.reason == "人材確保の強化"
    assert change.fingerprint is not None  # the linked text is fingerprinted


@pytest.mark.parametrize(
    ("arguments", "file", "words"),
    [
        (("decide", "{f}", "op-nope", "--disposition", "反映"), "opinions-03.yaml", "op-nope"),
        (("decide", "{f}", "op-admin-1", "--disposition", "変"), "opinions-03.yaml", "変"),
        (("decide", "{f}", "op-admin-1", "--response", "  "), "opinions-03.yaml", "考え方"),
        (("decide", "{f}", "op-admin-1"), "opinions-03.yaml", "対応も考え方も"),
        (("explain", "{f}", "talent-2", "--because", "op-nope"), "revision-02-03.yaml", "op-nope"),
        (("explain", "{f}", "talent-2", "--because", "a b"), "revision-02-03.yaml", "a b"),
        (("explain", "{f}", "no-such", "--reason", "x"), "revision-02-03.yaml", "no-such"),
        (("explain", "{f}", "talent-2"), "revision-02-03.yaml", "意見も理由も"),
        (("explain", "{f}", "talent-2", "--reason", "x", "--meeting", "9"), "", "第9回"),
    ],
)
def test_a_refused_command_says_where_and_leaves_the_folder_byte_identical(
    folder: Path, arguments: tuple[str, ...], file: str, words: str
) -> None:
    before = snapshot(folder)
    result = run(*(argument.replace("{f}", str(folder)) for argument in arguments))
    assert result.exit_code == EXIT_INPUT, result.output
    assert f"{folder / file}".rstrip("/") + ":" in result.output
    assert words in result.output
    assert "Traceback" not in result.output
    assert snapshot(folder) == before


def test_a_folder_that_does_not_validate_is_refused_and_left_as_it_was(folder: Path) -> None:
    # An opinions file broken by hand (a duplicate, incomplete opinion): nothing is written.
    before = snapshot(folder)
    (folder / "opinions-03.yaml").write_text(
        (folder / "opinions-03.yaml").read_text(encoding="utf-8") + "  - id: op-admin-1\n",
        encoding="utf-8",
    )
    broken = snapshot(folder)
    result = run("decide", str(folder), "op-data-1", "--response", "対応します")
    assert result.exit_code == EXIT_INPUT
    assert snapshot(folder) == broken != before


def test_todo_lists_exactly_the_gaps_the_audit_reports(folder: Path) -> None:
    report = audit(load_history(folder))
    gaps = report.gaps
    assert {finding.code for finding in gaps} == {"empty-response", "undisposed-opinion"}
    assert all(finding.code in GAP_CODES for finding in gaps)
    result = run("todo", str(folder))
    assert result.exit_code == EXIT_OK
    listed = [line for line in result.output.splitlines() if line.startswith("[")]
    assert listed == [f"[{f.code}] {str(f).splitlines()[0]}" for f in gaps]
    assert run("todo", str(folder), "--check").exit_code == EXIT_INPUT


def test_missing_and_the_audit_report_an_empty_response_with_one_code(folder: Path) -> None:
    loaded = load_folder(folder)
    found = missing(loaded.revisions[0].model, loaded.opinions_for(3))
    gaps = audit(load_history(folder)).gaps
    assert {(f.code, f.subjects) for f in found} == {(f.code, f.subjects) for f in gaps}
    assert {f.code for f in found} <= GAP_CODES


def _strip_decisions(folder: Path) -> dict[str, tuple[str, ...]]:
    """Remove every opinion link, reason, disposition and response; return the links removed."""
    revision = open_document(folder / "revision-02-03.yaml")
    links = {c.target: c.opinions for c in revision.model.changes}
    revision.model = revision.model.model_copy(
        update={
            "changes": tuple(
                c.model_copy(update={"opinions": (), "reason": None, "fingerprint": None})
                for c in revision.model.changes
            )
        }
    )
    revision.save()
    opinions = open_document(folder / "opinions-03.yaml")
    opinions.model = opinions.model.model_copy(
        update={
            "opinions": tuple(
                o.model_copy(update={"disposition": Disposition.UNDECIDED, "response": None})
                for o in opinions.model.opinions
            )
        }
    )
    opinions.save()
    return links


def test_the_audit_passes_once_every_gap_is_filled_in_through_the_commands(folder: Path) -> None:
    links = _strip_decisions(folder)
    report = audit(load_history(folder))
    assert report.exit_code == 1
    gaps = report.gaps
    changes = [f.subjects[0] for f in gaps if f.code == "unexplained-change"]
    opinions = [f.subjects[0] for f in gaps if f.code == "undisposed-opinion"]
    assert len(changes) == len(links)
    assert len(opinions) == 6
    for change in changes:
        arguments = ["explain", str(folder), change]
        if links[change]:
            arguments += ["--because", ",".join(links[change])]
        else:
            arguments += ["--reason", "再掲元の削除に伴い削除"]
        assert run(*arguments).exit_code == EXIT_OK
    cited = {opinion for cited in links.values() for opinion in cited}
    for opinion in opinions:
        disposition = "反映" if opinion in cited else "今後検討"
        result = run(
            "decide", str(folder), opinion, "--disposition", disposition, "--response", "対応します"
        )
        assert result.exit_code == EXIT_OK, result.output
    assert "未記入の決定はありません" in run("todo", str(folder), "--check").output
    result = run("audit", str(folder))
    assert result.exit_code == EXIT_OK, result.output


def test_the_audit_flags_a_change_citing_an_opinion_answered_not_reflected(folder: Path) -> None:
    result = run("decide", str(folder), "op-talent-1", "--disposition", "反映しない")
    assert result.exit_code == EXIT_OK
    codes = {f.code: f.subjects for f in audit(load_history(folder)).gaps}
    assert codes["not-reflected-with-change"] == ("talent-add", "op-talent-1")
    assert "not-reflected-with-change" in run("todo", str(folder)).output


def test_the_audit_flags_an_opinion_answered_reflected_with_no_change(folder: Path) -> None:
    result = run(
        "decide", str(folder), "op-inclusion-2", "--disposition", "反映", "--response", "x"
    )
    assert result.exit_code == EXIT_OK
    gaps = audit(load_history(folder)).gaps
    assert [f.subjects for f in gaps if f.code == "reflected-without-change"] == [
        ("op-inclusion-2",)
    ]


def _fill_every_gap(folder: Path, links: dict[str, tuple[str, ...]]) -> None:
    """Record every decision ``planrev todo`` asks for through ``explain`` and ``decide``."""
    gaps = audit(load_history(folder)).gaps
    cited = {opinion for opinions in links.values() for opinion in opinions}
    for finding in gaps:
        subject = finding.subjects[0]
        if finding.code == "unexplained-change":
            arguments = ["explain", str(folder), subject]
            if links[subject]:
                arguments += ["--because", ",".join(links[subject])]
            else:
                arguments += ["--reason", "再掲元の削除に伴い削除"]
        elif finding.code == "undisposed-opinion":
            disposition = "反映" if subject in cited else "今後検討"
            arguments = ["decide", str(folder), subject, "--disposition", disposition]
            arguments += ["--response", "対応します"]
        elif finding.code == "empty-response":
            arguments = ["decide", str(folder), subject, "--response", "対応しました"]
        else:
            continue  # reflected-without-change: explaining the changes settles it
        result = run(*arguments)
        assert result.exit_code == EXIT_OK, result.output


def test_a_step_without_a_revision_record_gets_one_in_document_order(folder: Path) -> None:
    record = load_folder(folder).revisions[0].model
    links = {c.target: c.opinions for c in record.changes}
    (folder / "revision-02-03.yaml").unlink()
    _fill_every_gap(folder, links)
    assert "未記入の決定はありません" in run("todo", str(folder)).output
    assert run("audit", str(folder)).exit_code == EXIT_OK
    written = load_folder(folder).revisions[0].model
    assert [c.target for c in written.changes] == [c.target for c in record.changes]
    assert [c.opinions for c in written.changes] == [c.opinions for c in record.changes]


def test_a_change_the_record_does_not_declare_is_added_in_place(folder: Path) -> None:
    path = folder / "revision-02-03.yaml"
    text = path.read_text(encoding="utf-8")
    block = "  - id: data-add\n    kind: 追加\n    target: data-2\n    label: 追加\n"
    block += "    opinions:\n      - op-data-1\n"
    assert block in text
    path.write_text(text.replace(block, ""), encoding="utf-8")
    result = run("explain", str(folder), "data-2", "--because", "op-data-1")
    assert result.exit_code == EXIT_OK, result.output
    after = path.read_text(encoding="utf-8")
    assert comments(after) == comments(text)
    targets = [c.target for c in load_folder(folder).revisions[0].model.changes]
    assert targets[targets.index("talent-2") + 1] == "data-2"
    assert "  - id: data-2\n    kind: 追加\n    target: data-2\n" in after


@pytest.mark.parametrize("name", ["handout", "redline", "clean", "table", "responses"])
def test_strict_handouts_wait_until_the_decisions_are_recorded(
    folder: Path, tmp_path: Path, name: str
) -> None:
    out = tmp_path / "out"
    result = run(name, str(folder), "-o", str(out), "-f", "md", "--strict")
    assert result.exit_code == EXIT_INPUT
    assert not out.exists()
    for opinion in ("op-admin-1", "op-admin-2", "op-talent-1", "op-data-1", "op-inclusion-1"):
        assert run("decide", str(folder), opinion, "--response", "対応しました").exit_code == 0
    # A change citing an opinion answered 反映しない still stops it.
    arguments = ["--disposition", "反映しない", "--response", "反映しません"]
    assert run("decide", str(folder), "op-inclusion-2", *arguments).exit_code == EXIT_OK
    assert run("explain", str(folder), "data-2", "--because", "op-inclusion-2").exit_code == 0
    result = run(name, str(folder), "-o", str(out), "-f", "md", "--strict")
    assert result.exit_code == EXIT_INPUT
    assert "op-inclusion-2" in result.stderr
    assert not out.exists()
    arguments = ["--disposition", "一部反映", "--response", "一部を反映しました"]
    assert run("decide", str(folder), "op-inclusion-2", *arguments).exit_code == EXIT_OK
    result = run(name, str(folder), "-o", str(out), "-f", "md", "--strict")
    assert result.exit_code == EXIT_OK, result.output
    assert any(out.iterdir())


def test_todo_prints_the_gaps_as_json(folder: Path) -> None:
    result = run("todo", str(folder), "--json")
    assert result.exit_code == EXIT_OK
    data = json.loads(result.output)
    gaps = audit(load_history(folder)).gaps
    assert [(g["code"], tuple(g["subjects"])) for g in data["gaps"]] == [
        (f.code, f.subjects) for f in gaps
    ]


def _complete(words: str, index: int) -> list[str]:
    result = CliRunner().invoke(
        main,
        [],
        prog_name="planrev",
        env={"_PLANREV_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(index)},
    )
    assert result.exit_code == 0
    return [line.split(",", 1)[1] for line in result.output.splitlines() if "," in line]


def test_completion_of_changes_and_opinions() -> None:
    assert _complete(f"planrev explain {AOMORI} admin-", 3) == [
        "admin-add-1",
        "admin-vision-1",
        "admin-add-2",
        "admin-vision-2",
    ]
    assert _complete(f"planrev decide {AOMORI} op-inc", 3) == ["op-inclusion-1", "op-inclusion-2"]
    assert _complete("planrev decide /no/such/folder op-", 3) == []
