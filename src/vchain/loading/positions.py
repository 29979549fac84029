"""Find the line and column of a node from a path of keys and indexes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from vchain.loading.yamlfast import LINE_BREAK, MapPos, Pos, PosNode, SeqPos


def source_lines(text: str) -> list[str]:
    """The lines of a file's text, numbered as positions number them (from 1)."""
    return LINE_BREAK.split(text)


def _start(node: PosNode) -> Pos:
    return node if isinstance(node, tuple) else (node.line, node.column)


def locate(root: PosNode, path: Iterable[Any], *, key: bool = False) -> Pos:
    """The position of the node at ``path``.

    Segments that name no key or index of the node in hand (pydantic's union member
    names, function-validator tags) are skipped. Where a segment is missing, the answer
    is the mapping or list that lacks it. With ``key=True`` and a path that ends on a
    mapping key, the answer is the key itself rather than its value.
    """
    node = root
    segments = list(path)
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        if isinstance(node, MapPos):
            if segment in node.values:
                if last and key:
                    return node.keys[segment]
                node = node.values[segment]
            continue
        if isinstance(node, SeqPos) and isinstance(segment, int) and not isinstance(segment, bool):
            if 0 <= segment < len(node.items):
                node = node.items[segment]
            continue
    return _start(node)


def resolve_path(data: Any, path: Iterable[Any]) -> tuple[Any, ...]:
    """The segments of ``path`` that are real keys or indexes in ``data``, in order."""
    out: list[Any] = []
    node = data
    for segment in path:
        if (isinstance(node, dict) and segment in node) or (
            isinstance(node, list)
            and isinstance(segment, int)
            and not isinstance(segment, bool)
            and 0 <= segment < len(node)
        ):
            out.append(segment)
            node = node[segment]
    return tuple(out)
