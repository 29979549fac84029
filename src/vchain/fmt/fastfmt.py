"""The canonical layout in one pass over libyaml's events: the fast path of `vchain fmt`.

ruamel.yaml's round trip costs about a minute on a chain of 10,000 partners; this path
reads the same file with libyaml's C parser in a second or two.  It rebuilds the layout
from the events' positions: every scalar keeps its text exactly as written (quotes,
escapes, number forms), comments and blank lines are read from the text between the
scalars, and the result follows the same conventions as the round-trip path
(:mod:`vchain.fmt.comments`, :mod:`vchain.fmt.canonical`).

It handles the YAML that chain files are made of.  For anything else (anchors, aliases,
tags, multi-line plain or quoted scalars, sequences directly in sequences, flow
collections over several lines, complex keys, document markers, tabs) it raises
:class:`Unsupported` and the caller takes the round-trip path.
"""

from __future__ import annotations

from typing import Any

from vchain.fmt.canonical import container_type, key_order, model_of
from vchain.fmt.eventtree import Block, Entry, Flow, Leaf, Reader, Unsupported, attach_comments
from vchain.model import Chain

__all__ = ["Unsupported", "fast_format", "render_flow"]

INDENT = 2


# -- writing the canonical layout ------------------------------------------------------------------


def _collapse(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if not line and out and not out[-1]:
            continue
        out.append(line)
    return out


def _split_header(lines: list[str]) -> tuple[list[str], list[str]]:
    blanks = [i for i, line in enumerate(lines) if not line]
    if not blanks:
        return lines, []
    return lines[: blanks[-1] + 1], lines[blanks[-1] + 1 :]


def _strip_leading(lines: list[str]) -> list[str]:
    start = 0
    while start < len(lines) and not lines[start]:
        start += 1
    return lines[start:]


def _merge(first: list[str], second: list[str]) -> list[str]:
    if first and second and not first[-1] and not second[0]:
        second = second[1:]
    return first + second


class _Writer:
    def __init__(self) -> None:
        self.out: list[str] = []

    def comments(self, lines: list[str], column: int) -> None:
        pad = " " * column
        self.out.extend(f"{pad}{line}" if line else "" for line in _collapse(lines))

    def line(self, text: str, leaf: Leaf | None, shift: int) -> None:
        if leaf is not None and leaf.eol is not None:
            comment, column = leaf.eol
            text += " " * max(1, column - shift - len(text)) + comment
        self.out.append(text)

    # -- mappings and sequences ---------------------------------------------------------------
    def arrange(self, block: Block, tp: Any) -> list[tuple[Entry, Any]]:
        """Entries in canonical order with their types; the block's header stays on top."""
        model = model_of(tp)
        if model is None:
            child = container_type(tp, dict)
            return [(e, child) for e in block.entries]
        order = key_order(model)
        known = sorted(
            (e for e in block.entries if e.key is not None and e.key.value in order),
            key=lambda e: order[e.key.value][0] if e.key is not None else 0,
        )
        unknown = [e for e in block.entries if e not in known]
        entries = known + unknown
        if entries[0] is not block.entries[0]:
            header, own = _split_header(block.entries[0].before)
            block.entries[0].before = own
            entries[0].before = _strip_leading(_merge(header, entries[0].before))
        types = [order[e.key.value][1] if e in known and e.key else None for e in entries]
        return list(zip(entries, types, strict=True))

    def mapping(
        self, block: Block, column: int, tp: Any, *, hoist: list[str] | None = None
    ) -> None:
        arranged = self.arrange(block, tp)
        for place, (entry, child) in enumerate(arranged):
            key = entry.key
            assert key is not None
            if place == 0 and hoist is not None:
                hoist.extend(entry.before)
            else:
                self.comments(entry.before, column)
            shift = key.column - column
            prefix = " " * column + key.text + ":"
            self.value(prefix, entry.value, key, column, shift, tp=child)

    def value(
        self, prefix: str, value: Any, key: Leaf, column: int, shift: int, *, tp: Any
    ) -> None:
        if value is None:
            self.line(prefix, key, shift)
        elif isinstance(value, Block):
            self.line(prefix, key, shift)
            if value.is_map:
                self.mapping(value, column + INDENT, tp)
            else:
                self.sequence(value, column + INDENT, tp)
        else:
            self.leaf(prefix + " ", value, column + INDENT, shift, tp)

    def sequence(self, block: Block, column: int, tp: Any) -> None:
        item_type = container_type(tp, list)
        for entry in block.entries:
            value = entry.value
            if isinstance(value, Block):
                hoisted: list[str] = []
                start = len(self.out)
                self.mapping(value, column + INDENT, item_type, hoist=hoisted)
                first = self.out[start]
                self.out[start] = " " * column + "- " + first[column + INDENT :]
                moved = _merge(entry.before, _strip_leading(hoisted))
                self.out[start:start] = [
                    f"{' ' * column}{x}" if x else "" for x in _collapse(moved)
                ]
            else:
                assert isinstance(value, Leaf)
                self.comments(entry.before, column)
                shift = value.column - INDENT - column
                self.leaf(" " * column + "- ", value, column + INDENT, shift, item_type)

    def leaf(self, prefix: str, leaf: Leaf, content: int, shift: int, tp: Any) -> None:
        if leaf.flow is not None:
            self.line(prefix + render_flow(leaf.flow, tp), leaf, shift)
        elif leaf.block_scalar:
            self.out.append(prefix + leaf.text.split("\n", 1)[0].rstrip())
            self.out.extend(_reindent(leaf.text.split("\n")[1:], content))
        else:
            self.line(prefix + leaf.text, leaf, shift)


def _reindent(lines: list[str], column: int) -> list[str]:
    """A block scalar's content lines moved to ``column``, relative indentation kept."""
    indent = next((len(x) - len(x.lstrip(" ")) for x in lines if x.strip()), 0)
    out = []
    for line in lines:
        if not line.strip() and len(line) <= indent:
            out.append("")
        else:
            out.append(" " * column + line[indent:])
    return out


def render_flow(node: Flow, tp: Any) -> str:
    """A flow collection on one line, a mapping's keys in canonical order."""
    if not node.is_map:
        item = container_type(tp, list)
        return "[" + ", ".join(_flow_value(v, item) for v in node.items) + "]"
    model = model_of(tp)
    pairs = node.pairs
    types: list[Any]
    if model is not None:
        order = key_order(model)
        known = sorted(
            (p for p in pairs if p[0].value in order), key=lambda p: order[p[0].value][0]
        )
        pairs = known + [p for p in pairs if p[0].value not in order]
        types = [order[k.value][1] if k.value in order else None for k, _ in pairs]
    else:
        types = [container_type(tp, dict)] * len(pairs)
    body = ", ".join(
        f"{k.text}: {_flow_value(v, t)}" for (k, v), t in zip(pairs, types, strict=True)
    )
    return "{" + body + "}"


def _flow_value(value: Any, tp: Any) -> str:
    if isinstance(value, Flow):
        return render_flow(value, tp)
    return str(value.text)


def fast_format(text: str) -> str:
    """The canonical text; raises Unsupported where the round-trip path must do it."""
    if "\r" in text:
        raise Unsupported("carriage returns")
    reader = Reader(text)
    root = reader.read()
    trailing = attach_comments(text, reader.leaves)
    writer = _Writer()
    writer.mapping(root, 0, Chain)
    writer.comments(trailing, 0)
    return "\n".join(writer.out) + "\n"
