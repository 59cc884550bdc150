"""The base class of every planrev model, and the id type."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

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


class Model(BaseModel):
    """Frozen, closed base model: unknown keys are errors, values never change in place."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        validate_default=False,
        str_strip_whitespace=False,
    )
