"""JSON Schemas of planrev's YAML documents, for editors and other tools."""

from __future__ import annotations

import json
from typing import Any

from planrev.model import OpinionSet, Plan, Revision

__all__ = ["DOCUMENT_MODELS", "json_schema", "json_schema_text"]

DOCUMENT_MODELS: dict[str, type[Plan] | type[OpinionSet] | type[Revision]] = {
    "draft": Plan,
    "opinions": OpinionSet,
    "revision": Revision,
}
"""Each kind of planrev file (its ``document`` value) and the model that validates it."""

_TITLES = {
    "draft": "planrev draft (草案)",
    "opinions": "planrev opinions (意見)",
    "revision": "planrev revision record (変更記録)",
}


def json_schema(kind: str) -> dict[str, Any]:
    """Return the JSON Schema of the planrev document ``kind`` (draft, opinions, revision)."""
    schema = DOCUMENT_MODELS[kind].model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = _TITLES[kind]
    # Files must say what they are: these two keys have defaults in the model for builders'
    # convenience, but every file carries them.
    schema["required"] = sorted({*schema.get("required", []), "schema_version", "document"})
    return schema


def json_schema_text(kind: str) -> str:
    """Return the JSON Schema of ``kind`` as indented JSON text (Japanese kept readable)."""
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
