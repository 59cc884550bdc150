"""What planrev assumes of the libraries under storage, checked against the installed versions.

If one of these fails after an upgrade, the library changed something planrev relies on:
update the code named in the message (and the pin in pyproject.toml) before raising the pin.
"""

from __future__ import annotations

import random
import tomllib
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from ruamel.yaml.tokens import CommentToken

from planrev.model import OpinionSet, Plan, Revision
from planrev.storage.documents import load_document
from planrev.storage.yaml import WrittenInt, parse_roundtrip
from planrev.storage.yaml.comments import (
    BEFORE_VALUE_SLOT,
    MAPPING_VALUE_SLOT,
    SLOTS,
    collection_comment,
    comment_entry,
)
from planrev.testing.synthetic import make_plan, revise
from tests.conftest import AOMORI, ROOT

_COMMENTED = """\
a:
  # above the first item
  - x: 1  # after x
    # above the second item
  - x: 2
b: 3  # after b
# after everything
"""


def _dependencies() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [Requirement(line) for line in project["project"]["dependencies"]]


def test_every_runtime_dependency_is_pinned_below_its_next_major_and_installed_within() -> None:
    calendar_versioned = {"diff-match-patch"}  # 20241021: no major version to stay below
    for requirement in _dependencies():
        bounds = {spec.operator for spec in requirement.specifier}
        assert ">=" in bounds, f"{requirement.name} has no lower bound"
        if requirement.name not in calendar_versioned:
            assert "<" in bounds, f"{requirement.name} is not pinned below its next major version"
        installed = metadata.version(requirement.name)
        assert requirement.specifier.contains(installed, prereleases=True), (
            f"{requirement.name} {installed} is installed, outside the pin {requirement.specifier}"
        )


def test_ruamel_keeps_comments_where_planrev_moves_them() -> None:
    tree = parse_roundtrip(_COMMENTED).tree
    message = (
        "ruamel.yaml changed where it keeps comments: update planrev/storage/yaml/comments.py "
        "(and the pin of ruamel.yaml in pyproject.toml)"
    )
    top_a = comment_entry(tree, "a")
    assert top_a is not None, message
    assert len(top_a) == SLOTS, message
    above_first = top_a[BEFORE_VALUE_SLOT]
    assert isinstance(above_first, list), message
    assert isinstance(above_first[0], CommentToken), message
    assert above_first[0].value == "# above the first item\n", message
    # The same comment is referenced again from the list itself.
    own = collection_comment(tree["a"])
    assert own is not None, message
    assert own[1][0] is above_first[0], message
    # The lines above item 2 continue the end-of-line comment after item 1's last value.
    after_x = comment_entry(tree["a"][0], "x")
    assert after_x is not None, message
    assert after_x[MAPPING_VALUE_SLOT].value == "# after x\n    # above the second item\n", message
    # The lines after the document continue the last value's end-of-line comment.
    after_b = comment_entry(tree, "b")
    assert after_b is not None, message
    assert after_b[MAPPING_VALUE_SLOT].value == "# after b\n# after everything\n", message


def test_pydantic_strict_numbers_take_numbers_read_from_yaml() -> None:
    # The YAML reader gives numbers as int subclasses that remember their text.
    assert (
        Plan.model_validate(
            {"meta": {"title": "計画", "meeting": WrittenInt(3, "03")}}
        ).meta.meeting
        == 3
    )


@pytest.mark.parametrize("name", ["draft-02.yaml", "draft-03.yaml", "opinions-03.yaml"])
def test_a_json_dump_validates_back_to_an_equal_model(name: str) -> None:
    # The cache stores model_dump_json and reads it with model_validate_json.
    model = load_document(AOMORI / name)
    assert type(model).model_validate_json(model.model_dump_json()) == model


def test_generated_documents_survive_the_json_round_trip() -> None:
    rng = random.Random(3)
    old = make_plan(rng, 40, meeting=1)
    revised = revise(rng, old)
    documents: list[Plan | OpinionSet | Revision] = [
        old,
        revised.plan,
        revised.opinions,
        revised.record,
    ]
    for document in documents:
        assert type(document).model_validate_json(document.model_dump_json()) == document
