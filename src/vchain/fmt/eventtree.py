"""A chain file's text as a tree of entries: the reading half of fastfmt.

libyaml's C parser gives the events and their positions.  Every scalar, alias and flow
collection becomes a :class:`Leaf` that keeps its text exactly as written (anchors, tags,
quotes, escapes, line breaks); block mappings and sequences become :class:`Block` s of
:class:`Entry` s.  The comments and blank lines between the leaves are read afterwards
(:mod:`vchain.fmt.gaps`).  What this reading does not handle raises :class:`Unsupported`,
and the caller takes the round-trip path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_HEADER = re.compile(
    r"(?P<core>[^\n]*?(?P<indicators>[|>][0-9+-]*))[ \t]*(?P<comment>(?<=[ \t])#[^\n]*)?\Z"
)
_PROPS_END = re.compile(r"[ \t]+#|[ \t]*\n|[ \t]*\Z")


class Unsupported(Exception):  # noqa: N818 - a signal to take the other path
    """YAML this path leaves to the round-trip formatter."""


@dataclass(eq=False, slots=True)
class Flow:
    """A one-line flow collection: ``{a: 1}`` (pairs) or ``[x, y]`` (items)."""

    is_map: bool
    pairs: list[tuple[Leaf, Any]] = field(default_factory=list)
    items: list[Any] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Leaf:
    """A scalar, an alias or a flow collection, as it stands in the text.

    ``flow`` is set for a flow collection that is laid out again (one line, plain
    scalars); any other flow collection is kept as written, like a scalar.
    """

    start: int
    end: int
    column: int
    end_column: int
    value: str = ""
    text: str = ""
    block_scalar: bool = False
    explicit_indent: bool = False
    keep_trailing: bool = False
    header_comment: tuple[str, int] | None = None
    flow: Flow | None = None
    eol: tuple[str, int] | None = None
    owner: Entry | None = None
    trailing_blanks: int = 0
    lead: list[str] = field(default_factory=list)
    """Comment lines between a key and this value (they go above the key)."""

    @property
    def multiline(self) -> bool:
        return not self.block_scalar and "\n" in self.text


@dataclass(eq=False, slots=True)
class Block:
    is_map: bool
    entries: list[Entry] = field(default_factory=list)
    props: str = ""
    """An anchor and/or tag written before the collection (``&defaults``)."""


@dataclass(eq=False, slots=True)
class Entry:
    """A key and its value, or a sequence item; ``before``: the lines above it."""

    key: Leaf | None
    value: Leaf | Block | None = None
    before: list[str] = field(default_factory=list)
    first_in_block: bool = False


@dataclass
class Document:
    """What the reader found: the tree, its leaves in order, and the document's frame."""

    root: Block
    leaves: list[Leaf]
    masked: str
    """The text with the properties of block collections blanked out (read for gaps)."""
    body_start: int = 0
    """Where the content starts: after the line of an explicit ``---`` (0 without one)."""
    body_end: int | None = None
    """Where an explicit ``...`` starts (None without one)."""
    aliases: bool = False


# -- reading the events ----------------------------------------------------------------------


class Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.leaves: list[Leaf] = []
        self.pending: list[Entry] = []
        self.stack: list[list[Any]] = []  # [block, expecting a key]
        self.root: Block | None = None
        self.blanked: list[tuple[int, int]] = []
        self.body_start = 0
        self.body_end: int | None = None
        self.aliases = False

    def read(self) -> Document:
        import yaml

        loader = yaml.CSafeLoader(self.text)
        try:
            self._events(loader, yaml)
        finally:
            loader.dispose()
        if self.root is None or not self.root.is_map or not self.root.entries:
            raise Unsupported("not a mapping")
        return Document(
            self.root, self.leaves, self._masked(), self.body_start, self.body_end, self.aliases
        )

    def _masked(self) -> str:
        if not self.blanked:
            return self.text
        parts: list[str] = []
        position = 0
        for start, end in self.blanked:
            parts += [self.text[position:start], " " * (end - start)]
            position = end
        parts.append(self.text[position:])
        return "".join(parts)

    def _events(self, loader: Any, yaml: Any) -> None:
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.StreamEndEvent):
                return
            if isinstance(event, yaml.DocumentStartEvent | yaml.DocumentEndEvent):
                self._marker(event, yaml)
            elif isinstance(event, yaml.StreamStartEvent):
                continue
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                self.stack.pop()
            elif isinstance(event, yaml.ScalarEvent):
                self._place(self._scalar(event))
            elif isinstance(event, yaml.AliasEvent):
                self.aliases = True
                self._place(self._leaf(event))
            elif event.flow_style:
                self._place(self._flow(event, loader, yaml))
            else:
                block = Block(isinstance(event, yaml.MappingStartEvent))
                if event.anchor is not None or event.tag is not None:
                    block.props = self._props(event)
                self._open(block)

    def _marker(self, event: Any, yaml: Any) -> None:
        """Where the content starts after a ``---`` line, or where a ``...`` starts."""
        if not event.explicit:
            return
        if isinstance(event, yaml.DocumentStartEvent):
            line_end = self.text.find("\n", event.end_mark.index)
            self.body_start = len(self.text) if line_end < 0 else line_end + 1
        else:
            self.body_end = event.start_mark.index

    def _props(self, event: Any) -> str:
        """The anchor and tag of a block collection, blanked out for the gaps."""
        start = event.start_mark.index
        if self.root is None:
            if start < self.body_start:
                return ""  # on the `---` line, which stays as it is
            raise Unsupported("an anchor or tag on the whole document")
        end = _PROPS_END.search(self.text, start)
        stop = end.start() if end else len(self.text)
        if stop > event.end_mark.index:  # pragma: no cover - the props end before the content
            raise Unsupported("properties of a collection")
        self.blanked.append((start, stop))
        return self.text[start:stop]

    def _open(self, block: Block) -> None:
        if self.root is None:
            self.root = block
        else:
            self._place(block)
        self.stack.append([block, True])

    def _leaf(self, event: Any) -> Leaf:
        start, end = event.start_mark, event.end_mark
        leaf = Leaf(start.index, end.index, start.column, end.column)
        leaf.text = self.text[start.index : end.index]
        return leaf

    def _scalar(self, event: Any) -> Leaf:
        leaf = self._leaf(event)
        leaf.value = event.value
        if event.style in ("|", ">"):
            _block_header(leaf)
        return leaf

    def _flow(self, event: Any, loader: Any, yaml: Any) -> Leaf:
        node, end = self._flow_node(event, loader, yaml)
        start = event.start_mark
        leaf = Leaf(start.index, end.index, start.column, end.column)
        leaf.text = self.text[start.index : end.index]
        if node is not None and not leaf.multiline:
            leaf.flow = node
        return leaf

    def _flow_node(self, opening: Any, loader: Any, yaml: Any) -> tuple[Flow | None, Any]:
        """The collection's structure, or None where it is kept as written."""
        node = Flow(isinstance(opening, yaml.MappingStartEvent))
        regular = opening.anchor is None and opening.tag is None
        values: list[Any] = []
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                break
            if isinstance(event, yaml.ScalarEvent):
                plain = event.anchor is None and event.tag is None
                regular = regular and plain and event.start_mark.index < event.end_mark.index
                values.append(self._scalar(event))
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                inner, _ = self._flow_node(event, loader, yaml)
                regular = regular and inner is not None
                values.append(inner)
            else:
                self.aliases = self.aliases or isinstance(event, yaml.AliasEvent)
                regular = False
        if not regular or any(isinstance(v, Leaf) and v.block_scalar for v in values):
            return None, event.end_mark
        if node.is_map:
            if any(not isinstance(k, Leaf) for k in values[::2]):
                return None, event.end_mark
            node.pairs = list(zip(values[::2], values[1::2], strict=True))
        else:
            node.items = values
        return node, event.end_mark

    def _place(self, item: Leaf | Block) -> None:
        frame = self.stack[-1]
        block: Block = frame[0]
        empty = isinstance(item, Leaf) and item.start == item.end
        if block.is_map and frame[1]:
            if not isinstance(item, Leaf) or item.block_scalar or empty or item.multiline:
                raise Unsupported("a key that is not a one-line scalar")
            if item.flow is None and item.text[:1] in "[{":
                raise Unsupported("a collection as a key")
            self._entry(block, item)
            frame[1] = False
            self._seen(item)
        elif block.is_map:
            block.entries[-1].value = None if empty else item
            frame[1] = True
            if isinstance(item, Leaf) and not empty:
                self._seen(item)
        else:
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


def _block_header(leaf: Leaf) -> None:
    """A block scalar's first line: its indicators, and a comment after them."""
    header = leaf.text.split("\n", 1)[0]
    match = _HEADER.match(header)
    if match is None:
        raise Unsupported("a block scalar header")
    core, indicators, comment = match.group("core", "indicators", "comment")
    leaf.block_scalar = True
    leaf.explicit_indent = any(ch.isdigit() for ch in indicators)
    leaf.keep_trailing = "+" in indicators
    if comment:
        leaf.header_comment = (comment, leaf.column + header.index(comment))
    leaf.text = core + leaf.text[len(header) :]
