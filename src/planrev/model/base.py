"""The base class of every planrev model, and the id type."""

from __future__ import annotations

import sys
from typing import Annotated, Any

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


_new_object = object.__new__
# The slots pydantic keeps every model's state in, set through their descriptors directly (what
# object.__setattr__ would find after a lookup in the class hierarchy).
_SLOTS = vars(BaseModel)
_set_values = _SLOTS["__dict__"].__set__
_set_fields_set = _SLOTS["__pydantic_fields_set__"].__set__
_set_extra = _SLOTS["__pydantic_extra__"].__set__
_set_private = _SLOTS["__pydantic_private__"].__set__

_SHORT = 32
"""Texts up to this length are interned when pickled (see :meth:`Model.__reduce_ex__`)."""
_intern = sys.intern

_SHARED_FIELDS_SETS: dict[tuple[type, frozenset[str]], set[str]] = {}
"""One ``__pydantic_fields_set__`` per model class and set of fields given, for pickling."""


def _revive(model_type: type[Model], values: dict[str, Any], fields_set: set[str]) -> Model:
    """Rebuild a pickled model (see :meth:`Model.__reduce_ex__`)."""
    model = _new_object(model_type)
    _set_values(model, values)
    _set_fields_set(model, fields_set)
    _set_extra(model, None)
    _set_private(model, None)
    return model


class Model(BaseModel):
    """Frozen, closed base model: unknown keys are errors, values never change in place."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        validate_default=False,
        str_strip_whitespace=False,
    )

    def __reduce_ex__(self, protocol: Any) -> Any:
        """Pickle as one call of :func:`_revive` per model.

        Pydantic's own pickling stores four values per model and sets them back through a Python
        ``__setstate__``; planrev's cache unpickles whole drafts (15,000 models for two
        1,000-section drafts), and this form reads back in about 40% of the time. Models
        of one class given the same fields share one (never changed) set of field names, and
        short texts are written once per pickle (``kind: initiative``, ``unit: 件`` and the like
        repeat thousands of times; equal strings read back as one object, as they would from
        ``sys.intern``).
        """
        if (
            self.__pydantic_extra__ or self.__pydantic_private__
        ):  # pragma: no cover - none in planrev
            return super().__reduce_ex__(protocol)
        fields_set = self.__pydantic_fields_set__
        key = (type(self), frozenset(fields_set))
        shared = _SHARED_FIELDS_SETS.get(key)
        if shared is None:
            shared = _SHARED_FIELDS_SETS[key] = set(fields_set)
        values = {
            name: _intern(value) if type(value) is str and len(value) <= _SHORT else value
            for name, value in self.__dict__.items()
        }
        return (_revive, (type(self), values, shared))
