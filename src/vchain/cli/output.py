"""Writing what a command produces, to standard output or to ``--output``, checked.

Every command writes through :func:`write_output`, so that every command behaves the
same at the edges:

- machine formats are UTF-8 bytes whatever the locale; human text on standard output
  uses the terminal's encoding and escapes what it cannot show (``\\u20ac``);
- every write is flushed and checked: a full disk, ``/dev/full``, a folder given as a
  file or a closed standard output is exit 2 with a message, never a cut report and
  exit 0;
- a report never lands on a chain file the command reads;
- ``--output FILE`` is written to a temporary file beside it and renamed over it, so a
  failed write leaves the previous report in place;
- a reader that goes away (``vchain rules | head -1``) ends the command quietly with
  exit 141, as a program killed by SIGPIPE ends in the shell (git, cat, grep).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from vchain.safetext import no_commands, visible

PIPE_CLOSED_EXIT = 141
"""128 + SIGPIPE: what the shell reports for a program stopped by a closed pipe."""
TEMP_SUFFIX = ".vchain-tmp"
"""As `vchain.fmt.atomic` names its temporary files: one pattern to clean up."""

_READING: set[str | tuple[int, int]] = set()
"""The chain files this run reads, by real path and by (device, inode) for hard links:
no report is written onto one."""


class OutputFailed(Exception):  # noqa: N818 - a failed write is told to the user
    """The output could not be written (exit 2); the message says where and why."""


class PipeClosed(Exception):  # noqa: N818 - the reader went away; not an error of ours
    """Standard output is a pipe whose reader has gone (``| head``)."""


def reading(paths: Iterable[str | os.PathLike[str]]) -> None:
    """Note chain files this run reads: ``--output`` may not name one of them."""
    for path in paths:
        with contextlib.suppress(OSError, ValueError):
            _READING.add(os.path.realpath(path))
            _READING.add(_identity(path))


def _identity(path: str | os.PathLike[str]) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_dev, info.st_ino


def forget_inputs() -> None:
    """A new run (the command line calls this once per command)."""
    _READING.clear()


def shown(path: str | os.PathLike[str]) -> str:
    """A path as messages show it: control characters and line breaks escaped."""
    return visible(os.fspath(path))


# -- the entry point ---------------------------------------------------------------------


def write_output(
    data: str | bytes,
    output: str | os.PathLike[str] | None,
    *,
    stream: Any = None,
    human: bool = False,
) -> None:
    """Write ``data`` to the file named by --output (``-``: standard output), else to
    ``stream`` (standard output by default).

    ``human`` marks text for people (the ``text`` views): on a stream it is encoded for
    the terminal and no line of it can start a workflow command.  Everything else, and
    every file, is UTF-8.
    """
    if output is not None and os.fspath(output) != "-":
        write_file(_encode(data, "utf-8"), output)
        return
    target = sys.stdout if stream is None else stream
    if target is None:
        raise OutputFailed("standard output is closed: nothing could be written")
    if isinstance(data, str) and human:
        data = no_commands(data)
    write_stream(_encode(data, _encoding_of(target) if human else "utf-8"), target)


def _encoding_of(target: Any) -> str:
    """The terminal's encoding for human text (UTF-8 when it is not ASCII-based, like
    UTF-16, whose byte-order marks would land in the middle of the output)."""
    encoding = getattr(target, "encoding", None) or "utf-8"
    try:
        return encoding if "a\n".encode(encoding) == b"a\n" else "utf-8"
    except LookupError:
        return "utf-8"


def _encode(data: str | bytes, encoding: str) -> bytes:
    if isinstance(data, bytes):
        return data
    return data.encode(encoding, "backslashreplace")


# -- streams -------------------------------------------------------------------------------


def write_stream(payload: bytes, target: Any) -> None:
    """Bytes to a text stream's buffer (or, for a stream without one, as text)."""
    name = "standard error" if target is sys.stderr else "standard output"
    try:
        buffer = getattr(target, "buffer", None)
        target.flush()  # what was written to it as text comes first
        if buffer is not None:
            write_all(buffer, payload)
            buffer.flush()
        else:
            target.write(payload.decode("utf-8", "replace"))
            target.flush()
    except BrokenPipeError:
        silence(target)
        raise PipeClosed from None
    except (OSError, ValueError) as exc:
        silence(target)
        raise OutputFailed(f"cannot write to {name}: {_reason(exc)}") from None


def write_all(handle: Any, payload: bytes) -> None:
    """Every byte, or an error: a binary stream's write may take only part of its bytes
    (a pipe whose reader leaves in the middle), and the rest must be tried again."""
    view = memoryview(payload)
    while view:
        written = handle.write(view)
        if not written:
            raise OSError(f"the write stopped after {len(payload) - len(view)} bytes")
        view = view[written:]


def silence(target: Any) -> None:
    """After a failed write, point the stream's descriptor at /dev/null, so that Python's
    own flush at exit does not fail (and complain) a second time."""
    try:
        descriptor = target.fileno()
    except (OSError, ValueError, AttributeError):
        return  # not a real file (a test's buffer)
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, descriptor)
        os.close(devnull)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower() if exc.strerror[:1].isupper() else exc.strerror
    return str(exc) or type(exc).__name__


# -- files ---------------------------------------------------------------------------------


def write_file(payload: bytes, output: str | os.PathLike[str]) -> None:
    """Bytes to a file, atomically where it is a regular file; exit 2 when it fails."""
    text = os.fspath(output)
    path = Path(text)
    if text.endswith(("/", os.sep)) or path.is_dir():
        raise OutputFailed(f"{shown(text)} is a folder: give the name of a file to write")
    refuse_input(path)
    real = Path(os.path.realpath(path))
    if real.is_file() and not (os.access(real, os.W_OK) and real.stat().st_mode & 0o222):
        raise OutputFailed(f"cannot write {shown(text)}: the file is read-only")
    try:
        if real.exists() and not real.is_file():
            _write_in_place(real, payload)  # a device or a pipe: /dev/stdout, /dev/null
            return
        _make_parent(real, text)
        _replace(real, payload)
    except OSError as exc:
        raise OutputFailed(f"cannot write {shown(text)}: {_reason(exc)}") from None


def refuse_input(path: Path) -> None:
    """Stop before a report is written over a chain file this run reads."""
    try:
        same = _identity(path) in _READING
    except (OSError, ValueError):
        same = False
    if same or os.path.realpath(path) in _READING:
        raise OutputFailed(
            f"{shown(path)} is a chain file this command reads; "
            "vchain never writes a report onto it: choose another file name"
        )


def append_file(text: str, output: str | os.PathLike[str]) -> None:
    """Append UTF-8 text to a file (GitHub's step summary); exit 2 when it fails."""
    where = os.fspath(output)
    if Path(where).is_dir():
        raise OutputFailed(f"{shown(where)} is a folder, not a file")
    try:
        with open(where, "ab") as handle:
            write_all(handle, text.encode("utf-8", "backslashreplace"))
            handle.flush()
    except OSError as exc:
        raise OutputFailed(f"cannot write {shown(where)}: {_reason(exc)}") from None


def _make_parent(real: Path, text: str) -> None:
    parent = real.parent
    if parent.is_dir():
        return
    for folder in (parent, *parent.parents):
        if folder.exists() and not folder.is_dir():
            raise OutputFailed(f"cannot write {shown(text)}: {shown(folder)} is not a folder")
    parent.mkdir(parents=True, exist_ok=True)


def _write_in_place(real: Path, payload: bytes) -> None:
    with open(real, "wb") as handle:
        write_all(handle, payload)
        handle.flush()


def _replace(real: Path, payload: bytes) -> None:
    """Write beside the target and rename over it: all of the new report or none.

    The temporary file is created as any new file is (mode 0666 less the umask) and takes
    the mode of the file it replaces.
    """
    try:
        mode: int | None = stat.S_IMODE(real.stat().st_mode)
    except FileNotFoundError:
        mode = None
    temp = real.parent / f".{real.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    try:
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except PermissionError:
        if mode is None:
            raise
        _write_in_place(real, payload)  # a folder we may not add to, a file we may write
        return
    try:
        with os.fdopen(descriptor, "wb") as out:
            write_all(out, payload)
            out.flush()
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
