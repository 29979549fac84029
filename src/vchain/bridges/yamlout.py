"""An imported chain as the text of a chain file: dumped, formatted, checked, written.

The data is dumped by PyYAML's C emitter (short items in flow style, as people write
them: ``{from: growers, to: kitchen, kind: product}``), with YAML 1.2's numbers and
booleans quoted where they are texts (``"1e3"``, ``"0o17"``), so that vchain's reader
gets back exactly what was meant.  The header comment goes on top, then the text goes
through ``vchain fmt``'s own formatter, so the file passes ``vchain fmt --check``; and
it is read back and compared with the data before it is written: a difference is a bug,
never a file.  Written atomically, never over an existing file without ``force``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from vchain.bridges.problems import Place, refuse

SHORT = 90
"""Items whose one-line form fits this many characters are written in flow style."""
WIDTH = 88


class _FlowMap(dict[str, Any]):
    pass


class _BlockMap(dict[str, Any]):
    pass


class _FlowSeq(list[Any]):
    pass


class _BlockSeq(list[Any]):
    pass


class _Dumper(yaml.CSafeDumper):
    """The safe dumper, quoting texts that YAML 1.2 would read as numbers or booleans."""


_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$"
    ),
    list("-+0123456789."),
)


def _map(dumper: Any, data: dict[str, Any], flow: bool) -> Any:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


def _seq(dumper: Any, data: list[Any], flow: bool) -> Any:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _text(dumper: Any, data: str) -> Any:
    style = "|" if "\n" in data.strip("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(_FlowMap, lambda d, v: _map(d, v, True))
_Dumper.add_representer(_BlockMap, lambda d, v: _map(d, v, False))
_Dumper.add_representer(_FlowSeq, lambda d, v: _seq(d, v, True))
_Dumper.add_representer(_BlockSeq, lambda d, v: _seq(d, v, False))
_Dumper.add_representer(str, _text)


def _styled(value: Any, depth: int) -> Any:
    """Mark each mapping and list flow or block: deep, short and single-line is flow."""
    if isinstance(value, dict):
        items = {str(k): _styled(v, depth + 1) for k, v in value.items()}
        short = depth >= 2 and _one_line_length(value) <= SHORT
        return _FlowMap(items) if short else _BlockMap(items)
    if isinstance(value, list):
        items_list = [_styled(v, depth + 1) for v in value]
        scalars = all(not isinstance(v, dict | list) for v in value)
        short = scalars and _one_line_length(value) <= SHORT
        return _FlowSeq(items_list) if short else _BlockSeq(items_list)
    return value


def _one_line_length(value: Any) -> int:
    """About how long the value is in flow style (a large number when it cannot be)."""
    if isinstance(value, dict):
        parts = [len(str(k)) + 2 + _one_line_length(v) for k, v in value.items()]
        return 2 + sum(parts) + 2 * max(len(parts) - 1, 0)
    if isinstance(value, list):
        parts = [_one_line_length(v) for v in value]
        return 2 + sum(parts) + 2 * max(len(parts) - 1, 0)
    if isinstance(value, str):
        if "\n" in value or "\r" in value or len(value) > SHORT:
            return 10 * SHORT
        return len(value)
    return len(str(value))


def dump(data: dict[str, Any]) -> str:
    """The chain's data as YAML text (before formatting)."""
    text: str = yaml.dump(
        _styled(data, 0),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=WIDTH,
        default_flow_style=False,
    )
    return text


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
    if os.path.lexists(path) and not force:
        raise refuse(
            Place(shown), "the file exists; give --force to replace it (nothing was written)"
        )
    try:
        atomic_write(path, text)
    except OSError as exc:
        raise refuse(Place(shown), f"cannot write the file: {exc.strerror or exc}") from None
