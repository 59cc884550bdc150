"""Time ``planrev import word`` on a generated redline of 1,000 sections (or a size you give).

Run from the repository root::

    python benchmarks/import_word.py            # 1,000 sections
    python benchmarks/import_word.py 100 2000   # sizes of your choice
    python benchmarks/import_word.py --at-limits  # the largest document the limits let through

For each size: a synthetic plan (``planrev.testing.synthetic``) revised at about 5% of its
statements, written by planrev as a redline DOCX with tracked changes and comments, then read
back. Prints the DOCX's size, its main part's size and elements, and the best of three runs
(CPU seconds, so that other work on the machine does not count) of reading it
(:func:`planrev.word.read_word`), importing it (:func:`planrev.word.import_word`: reading,
pairing, the two drafts, the revision), and writing the YAML of the four files the command writes
and reading them back to check them (``planrev.cli.word.import_texts``); then the whole command
once as a process (its CPU time and wall-clock time).
The target (issue 18): a 1,000-section DOCX imports in at most 10 s. Not a test.
"""

from __future__ import annotations

import io
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from planrev.cli.word import import_texts
from planrev.comparison import compare
from planrev.testing.synthetic import make_plan, revise
from planrev.views import build_handout
from planrev.word import DocxLimits, import_word, read_word
from planrev.word.writer import redline_docx


def generate(sections: int) -> bytes:
    """Return a redline DOCX of a revised synthetic plan of about ``sections`` sections."""
    old = make_plan(random.Random(1), sections)
    revised = revise(random.Random(2), old)
    return redline_docx(build_handout(compare(old, revised.plan), revised.opinions))


def best_cpu(runs: int, action: Callable[[], object]) -> float:
    """Return the least CPU time (seconds) of ``runs`` calls of ``action``."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return min(times)


def main(sizes: list[int]) -> None:
    for sections in sizes:
        started = time.perf_counter()
        data = generate(sections)
        made = time.perf_counter() - started
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            document = archive.read("word/document.xml")
        elements = sum(1 for _ in etree.fromstring(document).iter())
        result = import_word(data)
        read = best_cpu(3, lambda data=data: read_word(data))
        imported = best_cpu(3, lambda data=data: import_word(data))
        written = best_cpu(3, lambda result=result: import_texts(result, "x.docx", opinions=True))
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "redline.docx"
            source.write_bytes(data)
            started = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "from planrev.cli import main; main()",
                    "import",
                    "word",
                    str(source),
                    "--out",
                    str(Path(folder) / "out"),
                    "--opinions",
                ],
                check=True,
                capture_output=True,
            )
            command = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            command_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        paragraphs = result.report.paragraphs
        print(
            f"{sections:>6,} sections (generated in {made:.0f} s): {len(data) / 1024:,.0f} KiB, "
            f"document.xml {len(document) / 1024**2:.1f} MiB, {elements:,} elements, "
            f"{paragraphs:,} paragraphs"
        )
        print(
            f"    read {read:.2f} s  import {imported:.2f} s  write YAML {written:.2f} s (CPU)  "
            f"planrev import word {command_cpu:.2f} s (CPU), {command:.2f} s (wall)"
        )


def at_the_limits() -> None:
    """Time the command on the largest document the default limits let through.

    As many paragraphs as :attr:`DocxLimits.paragraphs` allows, of random kanji filling the main
    part up to :attr:`DocxLimits.part_bytes` (the worst case for writing the YAML); printed as
    the CPU time and peak memory of ``planrev import word``.
    """
    limits = DocxLimits()
    count = limits.paragraphs
    per_paragraph = (limits.part_bytes * 97 // 100) // count
    characters = (per_paragraph - 40) // 3  # a kanji is 3 bytes of UTF-8
    rng = random.Random(18)
    body = "".join(
        "<w:p><w:r><w:t>"
        + "".join(chr(0x4E00 + rng.randrange(3000)) for _ in range(characters))
        + "</w:t></w:r></w:p>"
        for _ in range(count)
    )
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = f"<w:document {namespace}><w:body>{body}</w:body></w:document>"
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    relationships = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "limits.docx"
        with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", types)
            archive.writestr("_rels/.rels", relationships)
            archive.writestr("word/document.xml", document)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from planrev.cli import main; main()",
                "import",
                "word",
                str(source),
                "--out",
                str(Path(folder) / "out"),
            ],
            check=True,
            capture_output=True,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(
            f"at the limits: {count:,} paragraphs, document.xml "
            f"{len(document.encode()) / 1024**2:.1f} MiB: planrev import word {cpu:.1f} s (CPU), "
            f"peak memory {after.ru_maxrss / 1024:,.0f} MiB"
        )


if __name__ == "__main__":
    if sys.argv[1:] == ["--at-limits"]:
        at_the_limits()
    else:
        main([int(argument) for argument in sys.argv[1:]] or [1_000])
