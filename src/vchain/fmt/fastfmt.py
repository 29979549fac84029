"""The canonical layout in one pass over libyaml's events: the fast path of `vchain fmt`.

ruamel.yaml's round trip costs about a minute on a chain of 10,000 partners; this path
reads the same file with libyaml's C parser in a second or two.  It rebuilds the layout
from the events' positions: every scalar keeps its text exactly as written (quotes,
escapes, number forms, anchors and tags), comments and blank lines are read from the
text between the scalars (:mod:`vchain.fmt.gaps`), and the result follows the same
conventions as the round-trip path (:mod:`vchain.fmt.comments`, :mod:`vchain.fmt.canonical`).

- A scalar or flow collection written over several lines keeps its lines; they move
  with it.  A one-line flow collection is written again with its keys in order.
- Comments between a key and its value go above the key.
- A document marker (``---``), directives and what follows ``...`` stay as they are.
- A file with aliases keeps its key order: moving a key could put an alias before its
  anchor.

For what it does not handle (explicit ``?`` keys, collections as keys, a comment on the
line of a dash with an anchor) it raises :class:`Unsupported`, and the caller takes the
round-trip path.
"""

from __future__ import annotations

from typing import Any

from vchain.fmt.canonical import container_type, key_order, model_of
from vchain.fmt.eventtree import Block, Entry, Flow, Leaf, Reader, Unsupported
from vchain.fmt.gaps import WHITESPACE, attach_comments
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


def _with_comment(text: str, comment: tuple[str, int] | None, shift: int) -> str:
    if comment is None:
        return text.rstrip(WHITESPACE)
    body, column = comment
    text = text.rstrip(WHITESPACE)
    return text + " " * max(1, column - shift - len(text)) + body


class _Writer:
    def __init__(self, *, reorder: bool) -> None:
        self.out: list[str] = []
        self.reorder = reorder
        self.kept_at = -1
        """Where a block scalar that keeps its trailing blank lines (``|+``) ended: a blank
        line written right after it would become part of its value."""

    def lines_at(self, at: int, lines: list[str]) -> list[str]:
        return _strip_leading(lines) if at == self.kept_at else lines

    def comments(self, lines: list[str], column: int) -> None:
        pad = " " * column
        lines = self.lines_at(len(self.out), lines)
        self.out.extend(f"{pad}{line}" if line else "" for line in _collapse(lines))

    def line(self, text: str, leaf: Leaf | None, shift: int) -> None:
        self.out.append(_with_comment(text, leaf.eol if leaf is not None else None, shift))

    # -- mappings and sequences ---------------------------------------------------------------
    def arrange(self, block: Block, tp: Any) -> list[tuple[Entry, Any]]:
        """Entries in canonical order with their types; the block's header stays on top."""
        model = model_of(tp)
        if model is None:
            child = container_type(tp, dict)
            return [(e, child) for e in block.entries]
        order = key_order(model)

        def known(e: Entry) -> bool:
            return e.key is not None and e.key.value in order

        entries = block.entries
        if self.reorder:
            first = sorted(filter(known, entries), key=lambda e: order[_key(e)][0])
            entries = first + [e for e in entries if not known(e)]
        if entries[0] is not block.entries[0]:
            header, own = _split_header(block.entries[0].before)
            block.entries[0].before = own
            entries[0].before = _strip_leading(_merge(header, entries[0].before))
        types = [order[_key(e)][1] if known(e) else None for e in entries]
        return list(zip(entries, types, strict=True))

    def mapping(
        self, block: Block, column: int, tp: Any, *, hoist: list[str] | None = None
    ) -> None:
        for place, (entry, child) in enumerate(self.arrange(block, tp)):
            key = entry.key
            assert key is not None
            before = entry.before
            if isinstance(entry.value, Leaf) and (entry.value.lead or key.eol):
                # comments between the key and its value (and on the key's line) go above
                before = [*before, *([key.eol[0]] if key.eol else []), *entry.value.lead]
            if place == 0 and hoist is not None:
                hoist.extend(before)
            else:
                self.comments(before, column)
            shift = key.column - column
            # `*k: v` would read as the alias `k:` to a YAML 1.2 parser: keep the space
            prefix = " " * column + key.text + (" :" if key.text.startswith("*") else ":")
            self.value(prefix, entry.value, key, column, shift, tp=child)

    def value(
        self, prefix: str, value: Any, key: Leaf, column: int, shift: int, *, tp: Any
    ) -> None:
        if value is None:
            self.line(prefix, key, shift)
        elif isinstance(value, Block):
            self.line(prefix + (" " + value.props if value.props else ""), key, shift)
            self.block(value, column + INDENT, tp)
        else:
            self.leaf(prefix + " ", value, column + INDENT, shift, tp)

    def block(self, block: Block, column: int, tp: Any, *, hoist: list[str] | None = None) -> None:
        if block.is_map:
            self.mapping(block, column, tp, hoist=hoist)
        else:
            self.sequence(block, column, tp, hoist=hoist)

    def sequence(
        self, block: Block, column: int, tp: Any, *, hoist: list[str] | None = None
    ) -> None:
        item_type = container_type(tp, list)
        for place, entry in enumerate(block.entries):
            value = entry.value
            before = entry.before
            outer = hoist if place == 0 else None
            if outer is not None:
                outer.extend(before)
                before = []
            if isinstance(value, Block):
                self.item_block(value, before, column, item_type, hoist=outer)
                continue
            self.comments(before, column)
            assert isinstance(value, Leaf)
            # an empty item starts right after its dash, any other two columns on
            dash = value.column - (1 if value.start == value.end else INDENT)
            shift = dash - column
            self.leaf(" " * column + "- ", value, column + INDENT, shift, item_type)

    def item_block(
        self, value: Block, before: list[str], column: int, tp: Any, *, hoist: list[str] | None
    ) -> None:
        """A mapping or sequence as a sequence item: its first line on the dash's line, the
        comments above its first entry above the dash (or further up, with ``hoist``)."""
        hoisted: list[str] = []
        start = len(self.out)
        if value.props:  # `- &anchor` on a line of its own: on the line, it would name the key
            self.out.append(" " * column + "- " + value.props)
        self.block(value, column + INDENT, tp, hoist=hoisted)
        if not value.props:
            first = self.out[start]
            self.out[start] = " " * column + "- " + first[column + INDENT :]
        moved = _merge(before, _strip_leading(hoisted))
        if hoist is not None:
            hoist.extend(moved)
            return
        moved = _collapse(self.lines_at(start, moved))
        self.out[start:start] = [f"{' ' * column}{x}" if x else "" for x in moved]
        if self.kept_at > start:
            self.kept_at += len(moved)

    def leaf(self, prefix: str, leaf: Leaf, content: int, shift: int, tp: Any) -> None:
        if leaf.flow is not None:
            self.line(prefix + render_flow(leaf.flow, tp), leaf, shift)
        elif leaf.block_scalar:
            self.block_scalar(prefix, leaf, content, shift)
        elif leaf.multiline:
            self.several_lines(prefix, leaf, content)
        else:
            self.line(prefix + leaf.text, leaf, shift)

    def block_scalar(self, prefix: str, leaf: Leaf, content: int, shift: int) -> None:
        header, _, body = leaf.text.partition("\n")
        self.out.append(_with_comment(prefix + header, leaf.header_comment, shift))
        lines = body.split("\n")
        if leaf.keep_trailing and lines and not lines[-1]:
            lines.pop()  # the line break that ends the value, not a line of it
        if leaf.explicit_indent:
            self.out.extend(_shifted(line, shift) for line in lines)
        else:
            self.out.extend(_reindent(lines, content))
        if leaf.keep_trailing:
            self.kept_at = len(self.out)

    def several_lines(self, prefix: str, leaf: Leaf, content: int) -> None:
        """A scalar or flow collection over several lines: its lines move with it."""
        lines = leaf.text.split("\n")
        delta = len(prefix) - leaf.column
        self.out.append(prefix + lines[0])
        for line in lines[1:]:
            stripped = line.lstrip(WHITESPACE)
            if not stripped:
                self.out.append("")
                continue
            indent = max(content, len(line) - len(stripped) + delta)
            self.out.append(" " * indent + stripped)
        if leaf.eol is not None:
            comment, column = leaf.eol
            self.out[-1] = _with_comment(self.out[-1], (comment, column + delta), 0)


def _key(entry: Entry) -> str:
    assert entry.key is not None
    return entry.key.value


def _shifted(line: str, shift: int) -> str:
    """A line of a block scalar with an explicit indentation moved ``shift`` to the left."""
    if shift <= 0:
        return " " * -shift + line if line else line
    if line[:shift] == " " * shift:
        return line[shift:]
    return line.lstrip(" ")


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


def _frame(text: str) -> list[str]:
    """Lines before the content (directives, ``---``) or after it (``...``), as written."""
    lines = [line.strip(WHITESPACE) for line in text.split("\n")]
    if lines[-1] == "":
        lines.pop()  # the text ends with a line break
    return _collapse(lines)


def fast_format(text: str) -> str:
    """The canonical text; raises Unsupported where the round-trip path must do it."""
    if "\r" in text:
        raise Unsupported("carriage returns")
    doc = Reader(text).read()
    trailing = attach_comments(doc)
    writer = _Writer(reorder=not doc.aliases)
    writer.mapping(doc.root, 0, Chain)
    writer.comments(trailing, 0)
    head = _frame(text[: doc.body_start]) if doc.body_start else []
    tail = _frame(text[doc.body_end :]) if doc.body_end is not None else []
    while tail and not tail[-1]:
        tail.pop()
    return "\n".join([*head, *writer.out, *tail]) + "\n"
