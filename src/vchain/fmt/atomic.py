"""Writing a chain file so that an interrupted write leaves the original intact.

The new text goes to a temporary file in the same folder (same file system), is flushed
and synced to disk, takes the original's permissions, owner and group, and only then
replaces the original with one ``os.replace`` (atomic on POSIX and Windows).  A process
killed at any moment leaves either the old file or the new one, never half of one; the
temporary file it may leave behind (``.NAME.PID.XXXX.vchain-tmp``) is removed by the next
run once its process is gone.

Two kinds of file are written in place instead, as editors do (vim's ``backupcopy=auto``):
a file with other hard links (a replacement would cut them off) and a file whose owner
or group the replacement could not keep.  The temporary file is written and synced
first, which proves the disk takes the new text, and then the original's own bytes are
overwritten; should that fail, the old text is put back.

:func:`unwritable` tells why a file must not be written at all: it is read-only.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".vchain-tmp"
_ANY_WRITE = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
_TEMP_REST = re.compile(r"(?:\d+\.)?\w+" + re.escape(TEMP_SUFFIX))
"""What follows ``.NAME.`` in a temporary file's name: ``PID.XXXX.vchain-tmp`` (or, from
versions before the process id was part of it, ``XXXX.vchain-tmp``)."""


def unwritable(path: str | os.PathLike[str]) -> str | None:
    """Why the file at ``path`` must not be rewritten (it is read-only), or None."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # the write itself says what is wrong
    if not mode & _ANY_WRITE:
        return "the file is read-only"
    if not os.access(path, os.W_OK):
        return "you do not have permission to write it"
    return None


def atomic_write(path: str | os.PathLike[str], text: str) -> None:
    """Replace the file at ``path`` (following a symbolic link) with ``text`` in UTF-8."""
    target = Path(os.path.realpath(path))
    data = text.encode("utf-8")
    try:
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    temp = _write_temp(target, data, info)
    try:
        if info is not None and (info.st_nlink > 1 or not _keep_owner(temp, info)):
            _write_in_place(target, data)
            os.unlink(temp)
        else:
            os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _sync_folder(target.parent)


def _write_temp(target: Path, data: bytes, info: os.stat_result | None) -> str:
    handle, temp = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=TEMP_SUFFIX
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, stat.S_IMODE(info.st_mode) if info is not None else _default_mode())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def _keep_owner(temp: str, info: os.stat_result) -> bool:
    """Give the temporary file the original's owner and group; False where we may not."""
    mine = os.stat(temp)
    if (mine.st_uid, mine.st_gid) == (info.st_uid, info.st_gid):
        return True
    if not hasattr(os, "chown"):  # pragma: no cover - Windows has no owners to keep
        return True
    try:
        os.chown(temp, info.st_uid, info.st_gid)
    except PermissionError:
        return False
    # chown may clear the set-user-id and set-group-id bits: set the mode again
    os.chmod(temp, stat.S_IMODE(info.st_mode))
    return True


def _write_in_place(target: Path, data: bytes) -> None:
    """Overwrite the file's own bytes (its inode, links, owner and group stay)."""
    with open(target, "r+b") as handle:
        old = handle.read()
        try:
            handle.seek(0)
            handle.write(data)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
        except OSError:
            handle.seek(0)
            handle.write(old)
            handle.truncate()
            handle.flush()
            raise


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def remove_stale_temps(path: str | os.PathLike[str]) -> list[str]:
    """Remove the temporary files that killed runs left next to ``path``; their names."""
    target = Path(os.path.realpath(path))
    removed: list[str] = []
    try:
        candidates = list(target.parent.glob(f".{_glob_escape(target.name)}.*{TEMP_SUFFIX}"))
    except OSError:
        return removed
    for candidate in sorted(candidates):
        rest = candidate.name[len(target.name) + 2 :]
        if not _TEMP_REST.fullmatch(rest) or _owner_alive(rest):
            continue
        with contextlib.suppress(OSError):
            candidate.unlink()
            removed.append(candidate.name)
    return removed


def _owner_alive(rest: str) -> bool:
    """Whether the process named in a temporary file's name (``PID.XXXX...``) still runs."""
    pid_text, dot, _ = rest.partition(".")
    if not dot or not pid_text.isdigit() or rest.count(".") < 2:
        return False  # a name from before the process id was part of it
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or not ours to judge
    return True


def _glob_escape(name: str) -> str:
    import glob

    return glob.escape(name)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)
