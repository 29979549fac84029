"""Plain data (mappings, lists, texts, numbers, dates) as YAML, the way people write it.

Short items in flow style (``{from: growers, to: kitchen, kind: product}``, ``[a, b]``),
longer ones in block style; sequences indented under their key, as ``vchain fmt`` lays
them out.  A text is written plain where that is safe to read back as the same text
under YAML 1.2 and 1.1 (letters, digits, spaces and ``._/()'&+%-``, not a number, a
boolean or null), as a literal block (``|-``) where it has several lines, and as a
double-quoted JSON string (valid YAML) otherwise, with every character YAML cannot hold
raw escaped.  The caller reads the result back and compares it with the data.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from typing import Any

SHORT = 90
"""A mapping or list whose one-line form is at most this long is written in flow style."""
INDENT = 2

_PLAIN_CHARS = frozenset(" ._/()'&+%-")
_NUMBERLIKE = re.compile(
    r"^(?:[-+]?[0-9][0-9_,.:]*(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?"
    r"|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_WORDS = frozenset(
    {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off"}
    | {"Off", "OFF", "true", "True", "TRUE", "false", "False", "FALSE"}
    | {"null", "Null", "NULL", "~"}
)
_NOT_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def dump(data: dict[str, Any]) -> str:
    """A top-level mapping as YAML text: its sections in block style, one line each key."""
    lines: list[str] = []
    _block_map(data, 0, lines, depth=0)
    return "\n".join(lines) + "\n"


# -- scalars --------------------------------------------------------------------------------


def scalar(value: Any) -> str:
    """One scalar on one line: plain where safe, else double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):  # pragma: no cover - the model refuses them
            raise ValueError("a chain holds finite numbers only")
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text if _plain(text) else quoted(text)


def _plain(text: str) -> bool:
    if not text or not text[0].isalnum() or text[-1] == " " or text in _WORDS:
        return False
    if _NUMBERLIKE.match(text):
        return False
    return all(ch.isalnum() or ch in _PLAIN_CHARS for ch in text)


def quoted(text: str) -> str:
    """A double-quoted YAML scalar (JSON's syntax, with YAML's unprintables escaped)."""
    out = json.dumps(text, ensure_ascii=False)
    if _NOT_RAW.search(out):
        out = _NOT_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", out)
    return out


def _literal(text: str, indent: int) -> list[str] | None:
    """A multi-line text as a literal block (``|-`` or ``|``), when that reads back exact."""
    if "\n" not in text or "\r" in text or _NOT_RAW.search(text.replace("\t", "")):
        return None
    body = text[:-1] if text.endswith("\n") else text
    if body.endswith("\n") or body.startswith((" ", "\t", "\n")) or not body:
        return None
    lines = body.split("\n")
    if any(line and not line.strip() for line in lines):
        return None  # a line of only spaces would read back as an empty line
    pad = " " * indent
    head = "|" if text.endswith("\n") else "|-"
    return [head] + [pad + line if line else "" for line in lines]


# -- collections ------------------------------------------------------------------------------


def _flow(value: Any) -> str | None:
    """The one-line flow form of a value, or None when it has no short one."""
    if isinstance(value, dict):
        parts = []
        for key, inner in value.items():
            text = _flow(inner)
            if text is None:
                return None
            parts.append(f"{scalar(key)}: {text}")
        out = "{" + ", ".join(parts) + "}"
    elif isinstance(value, list):
        items = [_flow(v) for v in value]
        if any(i is None for i in items):
            return None
        out = "[" + ", ".join(str(i) for i in items) + "]"
    elif isinstance(value, str) and ("\n" in value or "\r" in value):
        return None
    else:
        out = scalar(value)
    return out if len(out) <= SHORT else None


def _block_map(data: dict[str, Any], indent: int, lines: list[str], depth: int) -> None:
    pad = " " * indent
    for key, value in data.items():
        head = f"{pad}{scalar(key)}:"
        _value(head, value, indent, lines, depth)


def _value(head: str, value: Any, indent: int, lines: list[str], depth: int) -> None:
    """``head`` (``key:`` or ``-``) followed by the value, inline or on the lines below."""
    if isinstance(value, dict | list):
        flow = _flow(value) if depth >= 1 or not value else None
        if flow is not None and (depth >= 1 or not value):
            lines.append(f"{head} {flow}")
        elif isinstance(value, dict):
            lines.append(head)
            _block_map(value, indent + INDENT, lines, depth + 1)
        else:
            lines.append(head)
            _block_seq(value, indent + INDENT, lines, depth + 1)
        return
    if isinstance(value, str):
        block = _literal(value, indent + INDENT)
        if block is not None:
            lines.append(f"{head} {block[0]}")
            lines.extend(block[1:])
            return
    lines.append(f"{head} {scalar(value)}")


def _block_seq(items: list[Any], indent: int, lines: list[str], depth: int) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item and _flow(item) is None:
            inner: list[str] = []
            _block_map(item, indent + INDENT, inner, depth + 1)
            inner[0] = pad + "- " + inner[0][indent + INDENT :]
            lines.extend(inner)
        else:
            _value(f"{pad}-", item, indent, lines, depth)
