"""Time importing a 30-page handout PDF (the target: at most 5 s).

Run from the repository root::

    python benchmarks/import_pdf.py            # a generated plan of 82 sections: 30 pages
    python benchmarks/import_pdf.py 130        # a plan of your size (sections)

The handout is planrev's own redline PDF (WeasyPrint) of a synthetic plan and a revision of it
(:mod:`planrev.testing.synthetic`), written once into a temporary folder. Prints the best of three
runs of the front-end alone (PDF → marked text) and of the whole import (→ four documents).
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

from import_plain import best_of  # the same timing as the plain importer's benchmark

from planrev.comparison import compare
from planrev.importers.pdf import pdf_to_marked, read_pdf
from planrev.render.outputs import render_outputs
from planrev.testing.synthetic import make_plan, revise

TARGET = 5.0
"""Seconds a 30-page handout may take to import."""


def handout_pdf(sections: int, folder: Path) -> Path:
    """Write the redline PDF of a generated plan of ``sections`` sections; return its path."""
    rng = random.Random(1)
    old = make_plan(rng, sections)
    revised = revise(rng, old, rate=0.2)
    comparison = compare(old, revised.plan, revised.record, revised.opinions)
    (output,) = render_outputs(comparison, revised.opinions, documents=["redline"], formats=["pdf"])
    path = folder / "redline.pdf"
    assert isinstance(output.content, bytes)
    path.write_bytes(output.content)
    return path


def main(sections: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = handout_pdf(sections, Path(folder))
        marked = pdf_to_marked(path)
        pages = marked.coverage.pages
        front = best_of(3, lambda: pdf_to_marked(path))
        whole = best_of(3, lambda: read_pdf(path))
    verdict = "ok" if whole <= TARGET * max(pages, 1) / 30 else "SLOW"
    print(f"{sections} sections, {pages} pages, {marked.coverage.characters:,} characters")
    print(f"  front-end (PDF → marked text): {front:.2f} s")
    print(
        f"  whole import (→ four documents): {whole:.2f} s  [{verdict}: target {TARGET} s / 30 pages]"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 82)
