"""JSON Schemas: the committed files are what ``planrev schema`` prints, and the data fits them."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from planrev.schema import DOCUMENT_MODELS, json_schema, json_schema_text
from planrev.storage.documents import DOCUMENT_KINDS, dump_document, schema_header
from planrev.storage.yaml import parse_fast
from tests.conftest import AOMORI, ROOT
from tests.strategies import histories, plans
from tests.tools import require_module

SCHEMAS = ROOT / "schemas"
KINDS = sorted(DOCUMENT_MODELS)


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schemas_are_current(kind: str) -> None:
    committed = (SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema_text(kind), (
        f"schemas/{kind}.schema.json is stale: run `planrev schema --out schemas --force`"
    )


def test_there_is_a_schema_file_for_every_kind_and_no_other() -> None:
    assert sorted(path.name for path in SCHEMAS.glob("*.json")) == [
        f"{kind}.schema.json" for kind in KINDS
    ]
    assert DOCUMENT_MODELS.keys() == DOCUMENT_KINDS.keys()


@pytest.mark.parametrize("kind", KINDS)
def test_schemas_require_the_identifying_keys(kind: str) -> None:
    schema = json_schema(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"schema_version", "document"} <= set(schema["required"])
    assert schema["additionalProperties"] is False
    assert schema["properties"]["document"]["const"] == kind


@pytest.mark.parametrize("path", sorted(AOMORI.glob("*.yaml")), ids=lambda path: path.name)
def test_example_files_point_editors_at_their_schema(path: Path) -> None:
    kind = parse_fast(path.read_text(encoding="utf-8"))["document"]
    first_line = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first_line == f"# {schema_header(kind)}"
    schema_path = (path.parent / first_line.split("$schema=", 1)[1]).resolve()
    assert schema_path == (SCHEMAS / f"{kind}.schema.json").resolve()


def _validator(kind: str) -> Any:
    require_module("jsonschema")
    return _cached_validator(kind)


@functools.cache
def _cached_validator(kind: str) -> Any:
    import jsonschema

    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _as_json(data: Any) -> Any:
    """Return YAML data as JSON would carry it (dates as ISO strings)."""
    return json.loads(json.dumps(data, default=str))


@pytest.mark.parametrize("path", sorted(AOMORI.glob("*.yaml")), ids=lambda path: path.name)
def test_example_files_fit_the_json_schema(path: Path) -> None:
    data = parse_fast(path.read_text(encoding="utf-8"))
    validator = _validator(data["document"])
    errors = [error.message for error in validator.iter_errors(_as_json(data))]
    assert errors == []


def test_the_json_schema_rejects_an_unknown_key() -> None:
    data = parse_fast((AOMORI / "draft-03.yaml").read_text(encoding="utf-8"))
    data["meta"]["titel"] = "計画"
    assert not _validator("draft").is_valid(_as_json(data))


@given(plans())
def test_generated_drafts_fit_the_json_schema(draft: Any) -> None:
    data = parse_fast(dump_document(draft))
    errors = [error.message for error in _validator("draft").iter_errors(_as_json(data))]
    assert errors == []


@given(histories(max_pillars=1))
def test_generated_opinions_and_revisions_fit_the_json_schema(history: Any) -> None:
    for model in (history.opinions, history.revision):
        data = parse_fast(dump_document(model))
        validator = _validator(model.document)
        assert [error.message for error in validator.iter_errors(_as_json(data))] == []
