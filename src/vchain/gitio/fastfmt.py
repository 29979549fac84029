"""The canonical layout in one pass over libyaml's events: the fast path of `vchain fmt`.

ruamel.yaml's round trip costs about a minute on a chain of 10,000 partners; this path
reads the same file with libyaml's C parser in a second or two.  It rebuilds the layout
from the events' positions: every scalar keeps its text exactly as written (quotes,
escapes, number forms), comments and blank lines are read from the text between the
scalars, and the result follows the same conventions as the round-trip path
(:mod:`vchain.gitio.comments`, :mod:`vchain.gitio.canonical`).

It handles the YAML that chain files are made of.  For anything else (anchors, aliases,
tags, multi-line plain or quoted scalars, sequences directly in sequences, flow
collections over several lines, complex keys, document markers, tabs) it raises
:class:`Unsupported` and the caller takes the round-trip path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from vchain.gitio.canonical import container_type, key_order, model_of
from vchain.model import Chain

INDENT = 2
_BLOCK_HEADER = re.compile(r"[|>]-?[ ]*\Z")


class Unsupported(Exception):  # noqa: N818 - a signal to take the other path
    """YAML this path leaves to the round-trip formatter."""


@dataclass(eq=False, slots=True)
class Flow:
    """A flow collection: ``{a: 1}`` (pairs) or ``[x, y]`` (items)."""

    is_map: bool
    pairs: list[tuple[Leaf, Any]] = field(default_factory=list)
    items: list[Any] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Leaf:
    """A scalar or a flow collection, as it stands in the text."""

    start: int
    end: int
    column: int
    end_column: int
    value: str = ""
    text: str = ""
    block_scalar: bool = False
    flow: Flow | None = None
    eol: tuple[str, int] | None = None
    owner: Entry | None = None
    trailing_blanks: int = 0


@dataclass(eq=False, slots=True)
class Block:
    is_map: bool
    entries: list[Entry] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Entry:
    """A key and its value, or a sequence item; ``before``: the lines above it."""

    key: Leaf | None
    value: Leaf | Block | None = None
    before: list[str] = field(default_factory=list)
    first_in_block: bool = False


# -- reading the events ----------------------------------------------------------------------


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.leaves: list[Leaf] = []
        self.pending: list[Entry] = []
        self.stack: list[list[Any]] = []  # [block, expecting a key]
        self.root: Block | None = None

    def read(self) -> Block:
        import yaml

        loader = yaml.CSafeLoader(self.text)
        try:
            self._events(loader, yaml)
        finally:
            loader.dispose()
        if self.root is None or not self.root.is_map or not self.root.entries:
            raise Unsupported("not a mapping")
        return self.root

    def _events(self, loader: Any, yaml: Any) -> None:
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.StreamEndEvent):
                return
            if isinstance(event, yaml.DocumentStartEvent | yaml.DocumentEndEvent):
                if (
                    event.explicit
                    or getattr(event, "version", None)
                    or getattr(event, "tags", None)
                ):
                    raise Unsupported("document markers or directives")
                continue
            if isinstance(event, yaml.StreamStartEvent):
                continue
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise Unsupported("anchors and aliases")
            if getattr(event, "tag", None) is not None:
                raise Unsupported("tags")
            if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                self.stack.pop()
            elif isinstance(event, yaml.ScalarEvent):
                self._place(self._scalar(event))
            elif event.flow_style:
                self._place(self._flow(event, loader, yaml))
            else:
                self._open(Block(isinstance(event, yaml.MappingStartEvent)))

    def _open(self, block: Block) -> None:
        if self.root is None:
            self.root = block
        else:
            self._place(block)
        self.stack.append([block, True])

    def _scalar(self, event: Any) -> Leaf:
        start, end = event.start_mark, event.end_mark
        leaf = Leaf(start.index, end.index, start.column, end.column, event.value)
        leaf.text = self.text[start.index : end.index]
        if event.style in ("|", ">"):
            header = leaf.text.split("\n", 1)[0]
            if not _BLOCK_HEADER.match(header):
                raise Unsupported("block scalar header with indicators or a comment")
            leaf.block_scalar = True
        elif start.line != end.line:
            raise Unsupported("a plain or quoted scalar over several lines")
        return leaf

    def _flow(self, event: Any, loader: Any, yaml: Any) -> Leaf:
        start = event.start_mark
        node, end = self._flow_node(event, loader, yaml)
        if end.line != start.line:
            raise Unsupported("a flow collection over several lines")
        leaf = Leaf(start.index, end.index, start.column, end.column, flow=node)
        leaf.text = self.text[start.index : end.index]
        return leaf

    def _flow_node(self, opening: Any, loader: Any, yaml: Any) -> tuple[Flow, Any]:
        node = Flow(isinstance(opening, yaml.MappingStartEvent))
        values: list[Any] = []
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                break
            if getattr(event, "anchor", None) or getattr(event, "tag", None) is not None:
                raise Unsupported("anchors or tags in a flow collection")
            if isinstance(event, yaml.ScalarEvent):
                if event.start_mark.index == event.end_mark.index and not event.style:
                    raise Unsupported("an empty value in a flow collection")
                values.append(self._scalar(event))
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                values.append(self._flow_node(event, loader, yaml)[0])
            else:
                raise Unsupported("aliases in a flow collection")
        if node.is_map:
            if any(not isinstance(k, Leaf) for k in values[::2]):
                raise Unsupported("a collection as a key")
            node.pairs = list(zip(values[::2], values[1::2], strict=True))
        else:
            node.items = values
        return node, event.end_mark

    def _place(self, item: Leaf | Block) -> None:
        frame = self.stack[-1]
        block: Block = frame[0]
        empty = isinstance(item, Leaf) and not item.flow and item.start == item.end
        if block.is_map and frame[1]:
            if not isinstance(item, Leaf) or item.flow or item.block_scalar or empty:
                raise Unsupported("a key that is not a one-line scalar")
            self._entry(block, item)
            frame[1] = False
            self._seen(item)
        elif block.is_map:
            block.entries[-1].value = None if empty else item
            frame[1] = True
            if isinstance(item, Leaf) and not empty:
                self._seen(item)
        else:
            if empty or (isinstance(item, Block) and not item.is_map):
                raise Unsupported("an empty item, or a sequence in a sequence")
            self._entry(block, None).value = item
            if isinstance(item, Leaf):
                self._seen(item)

    def _entry(self, block: Block, key: Leaf | None) -> Entry:
        entry = Entry(key, first_in_block=not block.entries)
        block.entries.append(entry)
        self.pending.append(entry)
        return entry

    def _seen(self, leaf: Leaf) -> None:
        """The leaf starts every entry still waiting for one; the outermost owns its comments."""
        self.leaves.append(leaf)
        if self.pending:
            leaf.owner = self.pending[0]
            self.pending.clear()


# -- comments and blank lines between the leaves ------------------------------------------------


def _full_lines(segments: list[str]) -> list[str]:
    out: list[str] = []
    for segment in segments:
        stripped = segment.strip()
        if stripped and not stripped.startswith("#"):
            raise Unsupported(f"unexpected text between values: {stripped[:20]!r}")
        out.append(stripped)
    return out


def _split_gap(gap: str, previous: Leaf | None) -> tuple[str | None, int, list[str], str]:
    """(end-of-line comment of ``previous``, its column, full lines, the last partial line)."""
    if "\t" in gap:
        raise Unsupported("tabs")
    segments = gap.split("\n")
    if len(segments) == 1:
        if segments[0].strip() not in ("", ":", "-"):
            raise Unsupported("unexpected text on a line")
        return None, 0, [], ""
    first, middle, last = segments[0], segments[1:-1], segments[-1]
    if previous is None or previous.block_scalar:
        return None, 0, _full_lines([first, *middle]), last
    body = first.strip().removeprefix(":").strip()
    if body and not body.startswith("#"):
        raise Unsupported(f"unexpected text after a value: {body[:20]!r}")
    column = previous.end_column + first.index("#") if body else 0
    return body or None, column, _full_lines(middle), last


def _trim_block_scalar(leaf: Leaf) -> None:
    """A block scalar's slice ends after its trailing blank lines: they belong to the gap."""
    lines = leaf.text.split("\n")
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()
    leaf.trailing_blanks = max(0, leaf.text.count("\n") - len(lines))
    leaf.text = "\n".join(lines)


def attach_comments(text: str, leaves: list[Leaf]) -> list[str]:
    """Give every leaf its end-of-line comment and every entry its lines; return the end."""
    previous: Leaf | None = None
    position = 0
    for leaf in leaves:
        if leaf.block_scalar:
            _trim_block_scalar(leaf)
        eol, column, lines, last = _split_gap(text[position : leaf.start], previous)
        if previous is not None:
            lines = [""] * previous.trailing_blanks + lines
            if eol:
                previous.eol = (eol, column)
        if last.strip() not in ("", "-"):
            raise Unsupported("unexpected text before a value")
        if leaf.owner is not None:
            leaf.owner.before = _first_lines(lines, leaf.owner)
        elif any(lines):
            raise Unsupported("comments between a key and its value")
        previous, position = leaf, leaf.end
    return _end(text[position:], previous)


def _first_lines(lines: list[str], entry: Entry) -> list[str]:
    if entry.first_in_block:
        while lines and not lines[0]:
            lines = lines[1:]
    return lines


def _end(gap: str, last: Leaf | None) -> list[str]:
    eol, column, lines, tail = _split_gap(gap + "\n", last)
    if last is not None:
        lines = [""] * last.trailing_blanks + lines
        if eol:
            last.eol = (eol, column)
    if tail.strip():
        raise Unsupported("text at the end")
    while lines and not lines[-1]:
        lines.pop()
    return lines


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
    reader = _Reader(text)
    root = reader.read()
    trailing = attach_comments(text, reader.leaves)
    writer = _Writer()
    writer.mapping(root, 0, Chain)
    writer.comments(trailing, 0)
    return "\n".join(writer.out) + "\n"
