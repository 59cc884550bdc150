"""Time importing a 1,000-section plan as the next draft of a drafts folder (target ≤ 2 s).

Run from the repository root::

    python benchmarks/import_next_draft.py            # 1,000 sections
    python benchmarks/import_next_draft.py 5000       # a size of your choice

A generated plan (:func:`planrev.testing.synthetic.make_plan`) is the folder's draft 1; its next draft with
about 5% of the statements edited (:func:`planrev.testing.synthetic.revise`), every id replaced by an
importer's hash-like id, is the document. Timed, best of three: pairing it with draft 1 through
the comparison engine and building the draft and its revision record (``next draft``), and the
whole :func:`planrev.importers.nextdraft.import_next_draft` (reading and validating the folder,
writing both files). Reading the document itself is the importers' (``import_plain.py``,
``import_word.py``). Not a test: the test suite checks correctness only.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from planrev.comparison import compare
from planrev.gc_pause import paused
from planrev.importers.nextdraft import import_next_draft, next_draft
from planrev.model import Plan, index
from planrev.storage.cache import DraftCache, caching
from planrev.storage.documents import dump_document, loads_document
from planrev.storage.folder import load_folder, write_folder
from planrev.testing.synthetic import make_plan, revise


def rekeyed(plan: Plan) -> Plan:
    """Return ``plan`` with every id replaced by an importer-style id (no id pairs by itself)."""
    text = dump_document(plan)
    for number, node_id in enumerate(sorted(index(plan), key=len, reverse=True)):
        text = text.replace(f"id: {node_id}\n", f"id: st-{number:08x}\n")
    loaded = loads_document(text)
    assert isinstance(loaded, Plan)
    return loaded


def best(runs: int, action: Callable[[], object]) -> float:
    """Return the shortest wall-clock time of ``runs`` calls of ``action``, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(size: int) -> None:
    """Print the figures of one plan of about ``size`` sections."""
    rng = random.Random(size)
    first = make_plan(rng, size, meeting=1)
    revised = revise(rng, first, rate=0.05)
    truth = len(compare(first, revised.plan).changes)
    document = rekeyed(revised.plan)
    work = Path(tempfile.mkdtemp(prefix="planrev-next-"))
    folder = work / "plan"

    def whole() -> None:
        for name in ("draft-02.yaml", "revision-01-02.yaml"):
            (folder / name).unlink(missing_ok=True)
        import_next_draft(folder, document, source="generated")

    # As a command runs: the cyclic GC paused, unchanged drafts read from the cache.
    with paused(), caching(DraftCache(work / "cache")):
        try:
            write_folder(folder, {"draft-01.yaml": dump_document(first)})
            loaded = load_folder(folder)
            result = next_draft(loaded, document)
            computed = best(3, lambda: next_draft(loaded, document))
            written = best(3, lambda: dump_document(result.plan))
            total = best(3, whole)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print(
        f"{size:>6,} sections  {len(index(document)):>6,} nodes  {len(result.revision.changes)} "
        f"changes ({truth} when ids pair them), {len(result.new_ids)} new ids\n"
        f"        next draft (pairing, ids, compare) {computed:.3f} s  "
        f"YAML of the draft {written:.3f} s  whole import (load, write, validate) {total:.3f} s"
    )


def main(sizes: list[int]) -> None:
    for size in sizes:
        measure(size)


if __name__ == "__main__":
    main([int(argument) for argument in sys.argv[1:]] or [1_000])
