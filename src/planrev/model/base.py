"""The base class of every planrev model, the id type and the strict number and flag types."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    Strict,
    StringConstraints,
)
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError, core_schema

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
"""What an id looks like: ASCII letters, digits, ``_``, ``.`` and ``-``, starting with a letter or
digit (ids end up in HTML anchors, Word bookmarks and file names)."""

NodeId = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=200)]
"""A stable identifier of a node, opinion or change; never a display number."""


def _surrogate_problem(value: str) -> str | None:
    """Return why ``value`` is not valid Unicode (a lone surrogate), or None if it is."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        position = exc.start
        return (
            f"lone surrogate U+{ord(value[position]):04X} at character {position + 1}; "
            "text must be valid Unicode"
        )
    return None


def _valid_unicode(value: str) -> str:
    """Refuse lone surrogates: no file can store them and no output can print them."""
    problem = _surrogate_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def _strings(value: Any, location: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Yield the location and value of every string in a tree of dicts and lists."""
    if isinstance(value, str):
        yield location, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*location, str(key)))
    elif isinstance(value, list | tuple):
        for number, item in enumerate(value):
            yield from _strings(item, (*location, number))


class _ValidUnicode:
    """Check text for lone surrogates where they can occur: in Python strings, not in JSON.

    A JSON parser yields valid Unicode only (pydantic's refuses an escaped lone surrogate), so
    text read from JSON skips the check: a call into Python for every string, which made up
    about a tenth of reading a draft from the cache. ``model_validate_strings`` also takes the
    JSON path, so :class:`Model` checks its input itself.
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        plain = handler(source)
        return core_schema.json_or_python_schema(
            json_schema=plain,
            python_schema=core_schema.no_info_after_validator_function(_valid_unicode, plain),
        )


Text = Annotated[str, _ValidUnicode()]
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

    @classmethod
    def model_validate_strings(cls, obj: Any, **options: Any) -> Self:
        """Validate a tree of strings as pydantic does, refusing lone surrogates first.

        pydantic validates strings on its JSON path, where :data:`Text` skips the check.
        """
        errors: list[InitErrorDetails] = []
        for location, value in _strings(obj):
            problem = _surrogate_problem(value)
            if problem is not None:
                error = PydanticCustomError(
                    "value_error", "Value error, {error}", {"error": problem}
                )
                errors.append({"type": error, "loc": location, "input": value})
        if errors:
            raise ValidationError.from_exception_data(cls.__name__, errors)
        return super().model_validate_strings(obj, **options)
