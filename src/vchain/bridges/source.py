"""What `vchain import` reads: a folder of csv files, or the bytes of one file, read once.

A file is read whole into memory (within :data:`~vchain.bridges.limits.Limits`), once,
and what it is comes from those bytes: a zip or an old Excel file is a workbook, a text
that starts with ``{`` or ``[`` a JSON blueprint, a ``.csv`` (or a text whose first line
has commas, semicolons or tabs) a csv file.  So a pipe, ``/dev/stdin``, a FIFO or ``-``
(standard input) can be imported like a file: reading them twice would find the second
read empty, or wait for a writer that has gone.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from vchain.bridges.limits import DEFAULT, MIB, Limits, read_bounded
from vchain.bridges.problems import Place, refuse

STDIN = "-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


@dataclass(frozen=True)
class Source:
    """A source as given: how messages name it, its file name, and its bytes (a file)
    or its path (a folder)."""

    shown: str
    name: str
    suffix: str
    raw: bytes | None = None
    folder: Path | None = None

    def kind(self) -> str:
        """``folder``, ``workbook``, ``csv``, ``json``; a refusal for anything else."""
        if self.folder is not None:
            return "folder"
        raw = self.raw or b""
        if raw.startswith((ZIP_MAGIC, OLE_MAGIC)) or self.suffix in WORKBOOK_SUFFIXES:
            return "workbook"
        head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
        if self.suffix == ".json" or head.startswith((b"{", b"[")):
            return "json"
        if self.suffix == ".csv" or (self.suffix == "" and _looks_like_csv(head)):
            return "csv"
        raise refuse(
            Place(self.shown),
            "not a file vchain imports: give a Kumu JSON blueprint (.json), an Excel workbook "
            "(.xlsx: vchain's own or Kumu's), a Kumu csv file, or a folder of csv files",
        )


def _looks_like_csv(head: bytes) -> bool:
    first = head.split(b"\n", 1)[0]
    return b"\x00" not in head and any(sep in first for sep in (b",", b";", b"\t"))


def open_source(given: str, limits: Limits = DEFAULT) -> Source:
    """The source named on the command line (``-``: standard input), read once."""
    if given == STDIN:
        return Source("standard input", "standard input", "", _read_stdin(limits))
    path = Path(given)
    shown = path.as_posix()
    if not os.path.lexists(path):
        raise refuse(Place(shown), "no such file or folder")
    if path.is_dir():
        return Source(shown, path.name, "", folder=path)
    raw = read_bounded(path, shown, limits.max_file_bytes)
    return Source(shown, path.name, path.suffix.lower(), raw)


def _read_stdin(limits: Limits) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise refuse(Place("standard input"), "standard input is closed: nothing to read")
    try:
        if os.isatty(stream.fileno()):
            raise refuse(
                Place("standard input"),
                "standard input is a terminal: pipe a file in (`vchain import - < map.json`), "
                "or name the file",
            )
    except (OSError, ValueError, AttributeError):
        pass  # not a real descriptor (a test's buffer): read it
    data: bytes = stream.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        raise refuse(
            Place("standard input"),
            f"more than the {limits.max_file_bytes // MIB} MiB vchain reads",
        )
    if not data:
        raise refuse(Place("standard input"), "standard input is empty: nothing to import")
    return data


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two names are one file: the same real path (symbolic links followed) or
    the same device and inode (hard links)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        first, second = os.stat(a), os.stat(b)
    except OSError:
        return False
    return stat.S_ISREG(first.st_mode) and (first.st_dev, first.st_ino) == (
        second.st_dev,
        second.st_ino,
    )
