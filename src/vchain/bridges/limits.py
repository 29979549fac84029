"""What a file brought in may cost: checked before it is opened, and while it is read."""

from __future__ import annotations

import os
from dataclasses import dataclass

from vchain.bridges.problems import Place, refuse

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds on a source: a workbook, a csv file, a Kumu blueprint."""

    max_file_bytes: int = 64 * MIB
    """A workbook, csv file or blueprint on disk (10,000 partners: about 2 MiB as xlsx)."""
    max_unpacked_bytes: int = 256 * MIB
    """The members of a workbook's zip, uncompressed, added up (zip bombs stop here)."""
    max_members: int = 10_000
    max_rows: int = 50_000
    """Rows of one sheet or csv file (a chain of 10,000 partners has about 30,000 flows)."""
    max_columns: int = 1_000
    max_items: int = 200_000
    """Elements and connections of a Kumu blueprint, together."""
    max_cell_chars: int = 1_000_000


DEFAULT = Limits()


def check_size(path: str | os.PathLike[str], shown: str, limit: int) -> int:
    """The file's size; a refusal when it is larger than ``limit`` bytes."""
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise refuse(Place(shown), f"cannot read the file: {exc.strerror or exc}") from None
    if size > limit:
        raise refuse(
            Place(shown),
            f"the file is {size / MIB:.1f} MiB, larger than the {limit // MIB} MiB vchain reads",
        )
    return size


def read_bounded(path: str | os.PathLike[str], shown: str, limit: int) -> bytes:
    """The bytes of a file of at most ``limit`` bytes (read no further than that)."""
    check_size(path, shown, limit)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise refuse(Place(shown), f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise refuse(Place(shown), f"the file is larger than the {limit // MIB} MiB vchain reads")
    return data
