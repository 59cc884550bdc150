"""Committee opinions (意見) and how each was handled."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from planrev.model.base import Meeting, Model, NodeId, SchemaVersion, Text


class Channel(StrEnum):
    """How an opinion reached the secretariat."""

    HEARD = "事務局聞き取り"
    """Heard by the secretariat (事務局が聞き取りしたもの)."""
    MEETING = "委員会"
    """Said at a committee meeting."""
    WRITTEN = "書面"
    """Sent in writing."""


class Disposition(StrEnum):
    """What became of an opinion (the 意見対応表's 対応 column)."""

    REFLECTED = "反映"
    """Reflected in the draft."""
    PARTLY = "一部反映"
    """Partly reflected."""
    NOT_REFLECTED = "反映しない"
    """Not reflected, with a reason in the response."""
    COVERED = "記載済み"
    """Already covered by the existing text."""
    LATER = "今後検討"
    """To be considered later (e.g. in the action plan)."""
    UNDECIDED = "未定"
    """Not yet decided: every opinion needs a disposition before the handout."""


class Opinion(Model):
    """One opinion (意見) of a committee member."""

    id: NodeId
    """The opinion's stable id; 意見1, 意見2 … are numbered when rendering."""
    text: Text
    """The opinion as recorded."""
    channel: Channel = Channel.HEARD
    """How the opinion was received."""
    speaker: Text | None = None
    """Who gave it (a member's name or role), or None when not recorded."""
    meeting: Meeting | None = None
    """The meeting at which it was given, or None (e.g. heard between meetings)."""
    scope: NodeId | None = None
    """The field or section whose opinion box (★意見) lists it, or None for the plan as a whole."""
    disposition: Disposition = Disposition.UNDECIDED
    """What became of the opinion."""
    response: Text | None = None
    """The secretariat's response (事務局の考え方), or None if none is written yet."""


class OpinionSet(Model):
    """The opinions answered by one draft."""

    schema_version: SchemaVersion = 1
    """The version of the file format."""
    document: Literal["opinions"] = "opinions"
    """Always ``opinions``: says what kind of planrev file this is."""
    meeting: Meeting
    """The meeting whose draft answers these opinions (the new draft of the revision)."""
    opinions: tuple[Opinion, ...] = ()
    """The opinions, in the order they are listed."""
