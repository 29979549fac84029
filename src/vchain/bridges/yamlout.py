"""An imported chain as the text of a chain file: dumped, formatted, checked, written.

The data is written by :mod:`vchain.bridges.emit` (short items in flow style, as people
write them: ``{from: growers, to: kitchen, kind: product}``; texts quoted wherever YAML
would read them as something else).  The header comment goes on top, then the text goes
through ``vchain fmt``'s own formatter, so the file passes ``vchain fmt --check``; and
it is read back and compared with the data before it is written: a difference is a bug,
never a file.  Written atomically, never over an existing file without ``force``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from vchain.bridges.emit import dump
from vchain.bridges.problems import Place, refuse


def chain_text(data: dict[str, Any], header: list[str], shown: str) -> str:
    """The formatted text of a chain file holding ``data``, checked to read back as it."""
    from vchain.fmt.formatter import format_text
    from vchain.loading.yamlfast import Limits

    comment = "".join(f"# {line}\n" if line else "#\n" for line in header)
    text = (comment + "\n" if comment else "") + dump(data)
    if len(text.encode("utf-8")) > Limits().max_bytes:
        raise refuse(
            Place(shown),
            f"the chain would be larger than the {Limits().max_bytes // (1024 * 1024)} MiB "
            "a chain file may be",
        )
    formatted = format_text(text, shown).text
    _same(formatted, data, shown)
    return formatted


def _same(text: str, data: dict[str, Any], shown: str) -> None:
    from vchain.loading.yamlfast import Limits, read_yaml
    from vchain.model import Chain

    loaded = read_yaml(text, Limits()).data
    intended = Chain.model_validate(data).model_dump()
    if Chain.model_validate(loaded).model_dump() != intended:  # pragma: no cover - a bug
        raise AssertionError(f"{shown}: the written chain would differ from the imported one")


def write_chain(path: Path, text: str, *, force: bool) -> None:
    """Write the chain file atomically; never over an existing file without ``force``."""
    from vchain.fmt.atomic import atomic_write

    shown = path.as_posix()
    if path.is_dir():
        raise refuse(Place(shown), "this is a folder; -o names the chain file to write")
    if path.exists() and not path.is_file():  # /dev/null: a rename would replace the device
        raise refuse(Place(shown), "this is not a regular file; -o names the chain file to write")
    if os.path.lexists(path) and not force:
        raise refuse(
            Place(shown), "the file exists; give --force to replace it (nothing was written)"
        )
    try:
        atomic_write(path, text)
    except OSError as exc:
        raise refuse(Place(shown), f"cannot write the file: {exc.strerror or exc}") from None
