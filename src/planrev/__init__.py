"""planrev: plan drafts as data, and the documents a plan-drafting committee's secretariat hands out.

Drafts, opinions (意見) and revision records are typed, frozen models (:mod:`planrev.model`)
stored as human-editable YAML. Read them with :func:`load_draft`, :func:`load_folder` or
:func:`open_document` (to edit and save with comments kept).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from planrev.era import format_long, format_short, parse_date
from planrev.errors import (
    DanglingReferenceError,
    DuplicateIdError,
    EditError,
    LoadError,
    Location,
    PlanrevError,
    RenderError,
    SchemaError,
    ToolMissingError,
    YamlSyntaxError,
)
from planrev.model import (
    Block,
    ChangeKind,
    ChangeRecord,
    Channel,
    Disposition,
    Field,
    Footnote,
    KpiRow,
    KpiTable,
    Located,
    Note,
    Opinion,
    OpinionSet,
    Pillar,
    Plan,
    PlanMeta,
    Repost,
    Revision,
    Section,
    Span,
    Statement,
    StatementKind,
    find,
    fingerprint,
    index,
    walk,
)

if TYPE_CHECKING:
    from planrev.audit import (
        AuditReport,
        History,
        NotInHistoryError,
        blame,
        blame_opinion,
        node_log,
    )
    from planrev.comparison import (
        Change,
        Comparison,
        compare,
        diff_text,
    )
    from planrev.edit import (
        Editor,
    )
    from planrev.importers import (
        ImportFinding,
        MarkedImport,
        PlainImport,
        import_marked,
        import_plain,
        read_marked,
        read_plain,
    )
    from planrev.storage.documents import (
        Document,
        dump_document,
        load_document,
        load_draft,
        load_opinions,
        load_revision,
        loads_document,
        open_document,
    )
    from planrev.storage.folder import (
        DraftFolder,
        load_folder,
    )

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    "AuditReport": "planrev.audit",
    "History": "planrev.audit",
    "NotInHistoryError": "planrev.audit",
    "blame": "planrev.audit",
    "blame_opinion": "planrev.audit",
    "node_log": "planrev.audit",
    "Change": "planrev.comparison",
    "Comparison": "planrev.comparison",
    "compare": "planrev.comparison",
    "diff_text": "planrev.comparison",
    "Editor": "planrev.edit",
    "ImportFinding": "planrev.importers",
    "MarkedImport": "planrev.importers",
    "PlainImport": "planrev.importers",
    "import_marked": "planrev.importers",
    "import_plain": "planrev.importers",
    "read_marked": "planrev.importers",
    "read_plain": "planrev.importers",
    "Document": "planrev.storage.documents",
    "dump_document": "planrev.storage.documents",
    "load_document": "planrev.storage.documents",
    "load_draft": "planrev.storage.documents",
    "load_opinions": "planrev.storage.documents",
    "load_revision": "planrev.storage.documents",
    "loads_document": "planrev.storage.documents",
    "open_document": "planrev.storage.documents",
    "DraftFolder": "planrev.storage.folder",
    "load_folder": "planrev.storage.folder",
}
"""Public names imported on first use, so that ``import planrev.model`` (which runs this file
first) stays free of ruamel.yaml and the other libraries behind the storage and output layers."""


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'planrev' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "AuditReport",
    "Block",
    "Change",
    "ChangeKind",
    "ChangeRecord",
    "Channel",
    "Comparison",
    "DanglingReferenceError",
    "Disposition",
    "Document",
    "DraftFolder",
    "DuplicateIdError",
    "EditError",
    "Editor",
    "Field",
    "Footnote",
    "History",
    "ImportFinding",
    "KpiRow",
    "KpiTable",
    "LoadError",
    "Located",
    "Location",
    "MarkedImport",
    "NotInHistoryError",
    "Note",
    "Opinion",
    "OpinionSet",
    "Pillar",
    "PlainImport",
    "Plan",
    "PlanMeta",
    "PlanrevError",
    "RenderError",
    "Repost",
    "Revision",
    "SchemaError",
    "Section",
    "Span",
    "Statement",
    "StatementKind",
    "ToolMissingError",
    "YamlSyntaxError",
    "__version__",
    "blame",
    "blame_opinion",
    "compare",
    "diff_text",
    "dump_document",
    "find",
    "fingerprint",
    "format_long",
    "format_short",
    "import_marked",
    "import_plain",
    "index",
    "load_document",
    "load_draft",
    "load_folder",
    "load_opinions",
    "load_revision",
    "loads_document",
    "node_log",
    "open_document",
    "parse_date",
    "read_marked",
    "read_plain",
    "walk",
]
