"""Reading one draft with ``load_draft``: from its YAML, and from the cache of validated drafts.

    python benchmarks/load_draft.py

For drafts of 1,000 and 5,000 sections (``planrev.testing.synthetic``) it prints the least
process CPU time of 5 reads without the cache and of 11 reads from a filled cache, with the
cyclic garbage collector paused as the command line runs (docs/performance.md).
"""

from __future__ import annotations

import gc
import random
import sys
import tempfile
import time
from pathlib import Path

from planrev.gc_pause import paused
from planrev.storage.cache import DraftCache, caching
from planrev.storage.documents import dump_document, load_draft
from planrev.testing.synthetic import make_plan

SIZES = (1000, 5000)


def _least_cpu_time(path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        with paused():
            start = time.process_time()
            load_draft(path)
            times.append(time.process_time() - start)
    return min(times)


def main() -> int:
    print("| 施策 | YAML | キャッシュなし | JSON のキャッシュ |")
    print("| --- | --- | --- | --- |")
    for size in SIZES:
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / "draft-01.yaml"
            plan = make_plan(random.Random(size), size, meeting=1)
            path.write_text(dump_document(plan), encoding="utf-8")
            with caching(None):
                load_draft(path)  # imports and first-use costs, outside the measure
                plain = _least_cpu_time(path, 5)
            with caching(DraftCache(Path(scratch) / "cache")):
                load_draft(path)  # fills the cache
                cached = _least_cpu_time(path, 11)
            megabytes = path.stat().st_size / 1e6
            print(f"| {size:,} | {megabytes:.1f} MB | {plain:.3f} s | {cached:.3f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
