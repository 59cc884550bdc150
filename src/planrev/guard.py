"""Where planrev may write: never onto an input, onto an existing file only when forced.

Every command and library call that writes files checks its targets with :func:`guard_outputs`
before it renders or writes anything, so that a refusal leaves every file as it was:

- a target that is one of the inputs read for this run is refused, even when forced — whatever
  the path says: the same file reached through another path, a symbolic link or a hard link is
  the same file (compared by device and inode, and by resolved path);
- a target that exists is refused unless forced (``--force``), and a folder, a device, a FIFO
  or a socket always (a forced write would replace a device node with a file);
- a folder to write into (:func:`guard_folder`) that exists as a file is refused.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from planrev.errors import RenderError
from planrev.i18n import Msg

__all__ = ["OutputRefusedError", "guard_folder", "guard_outputs"]


class OutputRefusedError(RenderError):
    """An output planrev will not write: onto one of its inputs, or onto an existing file."""


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_dev, status.st_ino)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of links: compared by inode only
        return path.absolute()


def _special(path: Path) -> bool:
    """Return whether ``path`` is (or links to) a device, a FIFO or a socket."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False  # a broken link: replaced like a file
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _input_of(target: Path, sources: list[Path]) -> Path | None:
    """Return the input ``target`` is (the same file by any path or link), or None."""
    identity = _identity(target)
    resolved = _resolved(target)
    for source in sources:
        if (identity is not None and _identity(source) == identity) or _resolved(
            source
        ) == resolved:
            return source
    return None


def guard_folder(folder: Path | str, *, inputs: Iterable[Path | str] = ()) -> None:
    """Refuse a folder to write into that exists as a file (an input or not).

    Raises :class:`OutputRefusedError`; a folder that does not exist yet is fine (it is made).
    """
    folder = Path(folder)
    if not os.path.lexists(folder) or folder.is_dir():
        return
    source = _input_of(folder, [Path(path) for path in inputs])
    if source is not None:
        raise OutputRefusedError(
            Msg(
                f"書き出し先のフォルダ {folder} は入力ファイルです。入力は上書きしません",
                f"the output folder {folder} is an input file; planrev never writes onto its "
                "inputs",
            ),
            hint=Msg(
                "書き出すフォルダを指定してください。何も書き込んでいません。",
                "give a folder to write into. Nothing was written.",
            ),
        )
    raise OutputRefusedError(
        Msg(
            f"書き出し先 {folder} はファイルです。書き出すフォルダを指定してください",
            f"the output {folder} is a file: give a folder to write into",
        ),
        hint=Msg("何も書き込んでいません。", "Nothing was written."),
    )


def guard_outputs(
    targets: Iterable[Path | str], *, inputs: Iterable[Path | str] = (), force: bool = False
) -> None:
    """Refuse to write ``targets`` onto ``inputs`` (ever) or onto existing files (unless forced).

    Raises :class:`OutputRefusedError` naming every refused target; nothing is written before.
    """
    sources = [Path(path) for path in inputs]
    onto_inputs: list[tuple[Path, Path]] = []
    folders: list[Path] = []
    special: list[Path] = []
    existing: list[Path] = []
    for target in map(Path, targets):
        if not os.path.lexists(target):
            continue
        source = _input_of(target, sources)
        if source is not None:
            onto_inputs.append((target, source))
        elif target.is_dir():
            folders.append(target)
        elif _special(target):
            special.append(target)
        elif not force:
            existing.append(target)
    if onto_inputs:
        listed_ja = "、".join(
            str(target) if target == source else f"{target}({source})"
            for target, source in onto_inputs
        )
        listed_en = ", ".join(
            str(target) if target == source else f"{target} ({source})"
            for target, source in onto_inputs
        )
        raise OutputRefusedError(
            Msg(
                f"書き出し先が入力ファイルです: {listed_ja}。入力は --force でも上書きしません",
                f"the output is an input file: {listed_en}; planrev never writes onto its "
                "inputs, even with --force",
            ),
            hint=Msg(
                "別の書き出し先を指定してください。何も書き込んでいません。",
                "choose another output. Nothing was written.",
            ),
        )
    if folders:
        listed = "、".join(str(folder) for folder in folders)
        raise OutputRefusedError(
            Msg(
                f"書き出し先がフォルダです: {listed}",
                f"the output is a folder: {', '.join(str(folder) for folder in folders)}",
            ),
            hint=Msg(
                "ファイル名を指定してください。何も書き込んでいません。",
                "give a file name. Nothing was written.",
            ),
        )
    if special:
        listed = "、".join(str(path) for path in special)
        raise OutputRefusedError(
            Msg(
                f"書き出し先が通常のファイルではありません(デバイス・FIFO など): {listed}。"
                "--force でも書きません",
                f"the output is not a regular file (a device, a FIFO …): "
                f"{', '.join(str(path) for path in special)}; not written even with --force",
            ),
            hint=Msg(
                "ファイル名を指定してください。何も書き込んでいません。",
                "give a file name. Nothing was written.",
            ),
        )
    if existing:
        listed = "、".join(str(path) for path in existing)
        raise OutputRefusedError(
            Msg(
                f"既にファイルがあります: {listed}",
                f"files already exist: {', '.join(str(path) for path in existing)}",
            ),
            hint=Msg(
                "上書きするなら --force を付けてください(Python では force=True)。"
                "何も書き込んでいません。",
                "add --force to overwrite them (force=True from Python). Nothing was written.",
            ),
        )
