"""A chain file's text as a tree of entries, with its comments: the reading half of fastfmt.

libyaml's C parser gives the events and their positions; the text between two scalars
holds the comments and blank lines, which go to the entry that starts at the next
scalar (the outermost, when several start there), or, on the same line, to the end of
the previous one.  What this reading does not handle raises :class:`Unsupported`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

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


class Reader:
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
