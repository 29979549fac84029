"""A folder of files written as one: all of the new export, or the old one untouched.

`vchain export --format csv -o FOLDER` writes a file per table.  Written one by one in
place, a failure in the middle (a full disk, a file size limit, Ctrl-C) would leave a
folder that mixes new files with old ones or lacks some, which `vchain import` would
then read as a chain with its flows or partners missing.  So the files are written into
a new folder beside the target (``.NAME.XXXX.vchain-tmp``, on the same file system),
each synced to disk, and the folder then takes the target's place by renames: the old
folder is moved aside, the new one moved in, the old one removed.  Whatever stops the
write leaves the old folder (or none) and no temporary folder.

The target folder is replaced whole, so it may hold only what an export writes there:
a folder with other files (a person's notes, a chain file) is refused, never emptied.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from vchain.bridges.problems import Place, refuse

TEMP_SUFFIX = ".vchain-tmp"


def write_folder_atomically(
    files: Iterable[tuple[str, bytes]], folder: Path, own_names: frozenset[str], shown: str
) -> None:
    """Replace ``folder`` with one holding ``files`` (name, bytes), all or nothing.

    ``own_names`` are the files an export of this kind writes: an existing folder that
    holds anything else is refused (a :class:`BridgeError`); an ``OSError`` of the
    write itself is raised as it is, with nothing changed.
    """
    target = Path(os.path.realpath(folder))
    mode = _existing_mode(target, own_names, shown)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX))
    try:
        for name, data in files:
            _write_synced(temp / name, data)
        os.chmod(temp, mode)
        _move_into_place(temp, target)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    _sync(target.parent)


def _existing_mode(target: Path, own_names: frozenset[str], shown: str) -> int:
    """The mode the new folder takes: the old folder's, else a new folder's (0777 less
    the umask); an old folder with files of its own stops here."""
    if not target.is_dir():
        umask = os.umask(0)
        os.umask(umask)
        return 0o777 & ~umask
    others = sorted(p.name for p in target.iterdir() if p.name not in own_names)
    if others:
        listed = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
        raise refuse(
            Place(shown),
            f"the folder holds files that are not part of a csv export ({listed}); an export "
            "replaces the whole folder: choose a new folder, or an empty one",
        )
    return target.stat().st_mode & 0o7777


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "xb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(path, 0o644)


def _move_into_place(temp: Path, target: Path) -> None:
    """``temp`` renamed to ``target``; an old ``target`` moved aside first and removed
    after (put back if the second rename fails)."""
    if not os.path.lexists(target):
        os.rename(temp, target)
        return
    aside = Path(
        tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=f".old{TEMP_SUFFIX}")
    )
    os.rmdir(aside)  # a free name on the same file system
    os.rename(target, aside)
    try:
        os.rename(temp, target)
    except BaseException:
        os.rename(aside, target)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def _sync(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
