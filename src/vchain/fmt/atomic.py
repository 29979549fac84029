"""Writing a file so that an interrupted write leaves the original intact.

The new text goes to a temporary file in the same folder (same file system), is flushed
and synced to disk, takes the original's permissions, and only then replaces the
original with one ``os.replace`` (atomic on POSIX and Windows).  A process killed at any
moment leaves either the old file or the new one, never half of one; at worst a hidden
temporary file stays behind.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".vchain-tmp"


def atomic_write(path: str | os.PathLike[str], text: str) -> None:
    """Replace the file at ``path`` (following a symbolic link) with ``text`` in UTF-8."""
    target = Path(os.path.realpath(path))
    mode = _mode_of(target)
    handle, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _sync_folder(target.parent)


def _mode_of(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


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
