"""Time the plain-plan importer on generated plans of about 2,000 blocks and more.

Run from the repository root::

    python benchmarks/import_plain.py            # 2,000 and 10,000 blocks
    python benchmarks/import_plain.py 50000      # a size of your choice

Prints the best of five runs for importing, and for writing the YAML of the result. Not a test:
the test suite checks a 2,000-block plan for correctness only (no timed assertions).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from planrev.importers import import_plain
from planrev.storage.documents import dump_document


def generate(blocks: int) -> str:
    """Return a plan of ``blocks`` paragraphs and bullets under 第N部 / 第N章 / （N） headings."""
    lines = ["# 生成した計画", ""]
    per_section, sections_per_field, fields_per_pillar = 10, 10, 4
    written = 0
    pillar = 0
    while written < blocks:
        pillar += 1
        lines += [f"第{pillar}部　柱{pillar}", ""]
        for field in range(1, fields_per_pillar + 1):
            lines += [f"第{field}章　分野{pillar}-{field}", ""]
            for section in range(1, sections_per_field + 1):
                lines += [f"（{section}）施策{pillar}-{field}-{section}", ""]
                for number in range(1, per_section + 1):
                    if written >= blocks:
                        break
                    mark = "・" if number % 3 == 0 else ""
                    lines += [
                        f"{mark}第{pillar}部第{field}章（{section}）の{number}番目の記述です。"
                        "県民の利便性の向上に向けて、デジタル技術を活用した取組を進めます。※注記",
                        "",
                    ]
                    written += 1
    return "\n".join(lines)


def best_of(runs: int, action: Callable[[], object]) -> float:
    """Return the shortest wall-clock time of ``runs`` calls of ``action``, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main(sizes: list[int]) -> None:
    for size in sizes:
        text = generate(size)
        result = import_plain(text)
        imported = best_of(5, lambda text=text: import_plain(text))
        dumped = best_of(3, lambda result=result: dump_document(result.plan))
        print(
            f"{size:>7,} blocks  {len(text) / 1024:>8,.0f} KiB  "
            f"import {imported * 1000:>8.1f} ms  write YAML {dumped * 1000:>8.1f} ms"
        )


if __name__ == "__main__":
    main([int(argument) for argument in sys.argv[1:]] or [2_000, 10_000])
