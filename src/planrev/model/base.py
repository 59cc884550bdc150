"""The base class of every planrev model, the id type and the strict number and flag types."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
)

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
"""What an id looks like: ASCII letters, digits, ``_``, ``.`` and ``-``, starting with a letter or
digit (ids end up in HTML anchors, Word bookmarks and file names)."""

NodeId = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=200)]
"""A stable identifier of a node, opinion or change; never a display number."""


def _valid_unicode(value: str) -> str:
    """Refuse lone surrogates: no file can store them and no output can print them."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        position = exc.start
        raise ValueError(
            f"lone surrogate U+{ord(value[position]):04X} at character {position + 1}; "
            "text must be valid Unicode"
        ) from None
    return value


Text = Annotated[str, AfterValidator(_valid_unicode)]
"""User text: any valid Unicode, kept exactly as written (never trimmed or normalised)."""

Flag = Annotated[bool, Strict()]
"""``true`` or ``false`` and nothing else (not ``yes``, ``1`` or ``'true'``)."""

Count = Annotated[int, Strict(), Field(ge=0)]
"""A whole number from 0 up, written as a number (not ``3.0``, ``'3'`` or ``true``)."""

Meeting = Annotated[int, Strict(), Field(ge=1, le=9999)]
"""A meeting number (第3回): a whole number from 1, written as a number."""

YEAR_RANGE = (1900, 2200)
"""The years a plan can speak of (KPI baseline and target years)."""

Year = Annotated[int, Strict(), Field(ge=YEAR_RANGE[0], le=YEAR_RANGE[1])]
"""A calendar year (2023) within :data:`YEAR_RANGE`, written as a number."""


def _exactly_one(value: Any) -> Any:
    # Literal[1] alone accepts true and 1.0 (they equal 1 in Python).
    if type(value) is bool or isinstance(value, float):
        raise ValueError("schema_version must be the whole number 1")
    return value


SchemaVersion = Annotated[Literal[1], BeforeValidator(_exactly_one)]
"""The file-format version: the number 1."""


class Model(BaseModel):
    """Frozen, closed base model: unknown keys are errors, values never change in place."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        validate_default=False,
        str_strip_whitespace=False,
    )
