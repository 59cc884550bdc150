"""The audit catches every gap between the opinions and the changes (issue 18.12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planrev.audit import audit, load_folder
from planrev.diagnostics import Finding, Level
from planrev.model import Disposition, OpinionSet, Plan, Revision
from tests.audit_cases import clean_steps, write_folder

Steps = list[tuple[Plan, Revision | None, OpinionSet | None]]


def _with_opinion(meeting: int, opinion_id: str, **update: object) -> Steps:
    """Return the clean steps with one opinion of ``meeting`` changed."""
    result: Steps = []
    for draft, record, answers in clean_steps():
        changed = answers
        if answers is not None and answers.meeting == meeting:
            changed = answers.model_copy(
                update={
                    "opinions": tuple(
                        o.model_copy(update=update) if o.id == opinion_id else o
                        for o in answers.opinions
                    )
                }
            )
        result.append((draft, record, changed))
    return result


def _findings(tmp_path: Path, steps: Steps, code: str) -> list[Finding]:
    report = audit(load_folder(write_folder(tmp_path, steps)))
    return [finding for finding in report.findings if finding.code == code]


def test_the_clean_history_has_no_gap(tmp_path: Path) -> None:
    assert audit(load_folder(write_folder(tmp_path, clean_steps()))).findings == ()


@pytest.mark.parametrize("response", [None, "", "　 "])
def test_a_disposition_without_a_response_is_an_error(tmp_path: Path, response: str | None) -> None:
    steps = _with_opinion(2, "op2-3", response=response)
    (finding,) = _findings(tmp_path, steps, "empty-response")
    assert finding.level is Level.ERROR
    assert finding.subjects == ("op2-3",)
    assert finding.meeting == 2
    assert "（未記入）" in finding.message.ja
    assert finding.location is not None
    assert finding.location.path == tmp_path / "opinions-02.yaml"
    assert finding.location.line is not None


def test_an_undecided_opinion_is_reported_once(tmp_path: Path) -> None:
    steps = _with_opinion(2, "op2-3", disposition=Disposition.UNDECIDED, response=None)
    report = audit(load_folder(write_folder(tmp_path, steps)))
    assert [(f.code, f.subjects) for f in report.findings] == [("undisposed-opinion", ("op2-3",))]


def test_an_opinion_reflected_without_a_linked_change_is_an_error(tmp_path: Path) -> None:
    steps = _with_opinion(2, "op2-3", disposition=Disposition.REFLECTED)
    (finding,) = _findings(tmp_path, steps, "reflected-without-change")
    assert finding.level is Level.ERROR
    assert finding.subjects == ("op2-3",)
    assert finding.location is not None
    assert finding.location.path == tmp_path / "opinions-02.yaml"


def test_a_change_citing_an_opinion_not_reflected_is_an_error(tmp_path: Path) -> None:
    steps = _with_opinion(2, "op2-1", disposition=Disposition.NOT_REFLECTED)
    (finding,) = _findings(tmp_path, steps, "not-reflected-with-change")
    assert finding.level is Level.ERROR
    assert finding.meeting == 2
    assert finding.subjects[1] == "op2-1"
    assert "反映しない" in finding.message.ja
    assert finding.location is not None
    assert finding.location.path == tmp_path / "revision-01-02.yaml"
    assert finding.location.line is not None


def test_the_seed_keeps_its_undecided_opinion_and_reports_the_missing_responses(
    aomori: Path,
) -> None:
    # The R5.7.26 handout shows no label for op-inclusion-2 (未定 in the data) and no
    # 事務局の考え方 at all: the audit says both, and nothing else of error level.
    report = audit(load_folder(aomori))
    errors = {(f.code, f.subjects[0]) for f in report.errors}
    assert errors == {
        ("undisposed-opinion", "op-inclusion-2"),
        *(
            ("empty-response", opinion)
            for opinion in (
                "op-admin-1",
                "op-admin-2",
                "op-talent-1",
                "op-data-1",
                "op-inclusion-1",
            )
        ),
    }
