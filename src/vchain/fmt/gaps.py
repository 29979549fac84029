"""The comments and blank lines between the leaves of a chain file: fastfmt's second reading.

The text between two leaves holds the first one's end-of-line comment, then full comment
lines and blank lines, then the indentation (and dashes) of the next one.  The full
lines go to the entry that starts at the next leaf (the outermost, when several start
there); comments between a key and its value go to the value's ``lead``, to be written
above the key.  Anything else in a gap raises :class:`Unsupported`.
"""

from __future__ import annotations

from vchain.fmt.eventtree import Document, Entry, Leaf, Unsupported

WHITESPACE = " \t\ufeff"
"""Blanks between tokens (libyaml also skips a stray byte-order mark there)."""


INDICATORS = "-?:"
"""What a gap may hold besides blanks and comments: dashes, explicit keys and values."""


def _parts(segment: str) -> tuple[str, str | None]:
    """(the code before the comment, the comment or None) of one line's part of a gap."""
    at = segment.find("#")
    while at > 0 and segment[at - 1] not in WHITESPACE:
        at = segment.find("#", at + 1)
    code, comment = (segment, None) if at < 0 else (segment[:at], segment[at:])
    if code.strip(WHITESPACE + INDICATORS):
        raise Unsupported(f"unexpected text between values: {code.strip()[:20]!r}")
    return code, None if comment is None else comment.rstrip(WHITESPACE)


def _full_lines(segments: list[str]) -> list[str]:
    """Comment lines and blank lines; a line of indicators alone (``:``) is neither."""
    out: list[str] = []
    for segment in segments:
        code, comment = _parts(segment)
        if comment is not None:
            out.append(comment)
        elif not code.strip(WHITESPACE):
            out.append("")
    return out


def _split_gap(gap: str, previous: Leaf | None) -> tuple[str | None, int, list[str], str]:
    """(end-of-line comment of ``previous``, its column, full lines, the last partial line)."""
    segments = gap.split("\n")
    if len(segments) == 1 and previous is not None and previous.block_scalar:
        return None, 0, [], segments[0]  # a block scalar ends at the start of a line
    if len(segments) == 1:
        code, comment = _parts(segments[0])
        if comment is not None:  # pragma: no cover - a comment runs to the end of its line
            raise Unsupported("a comment inside a line")
        return None, 0, [], ""
    first, middle, last = segments[0], segments[1:-1], segments[-1]
    if _parts(last)[1] is not None:  # pragma: no cover - a comment runs to the end of its line
        raise Unsupported("a comment before a value")
    if previous is None or previous.block_scalar:
        return None, 0, _full_lines([first, *middle]), last
    code, comment = _parts(first)
    if comment is None:
        return None, 0, _full_lines(middle), last
    return comment, previous.end_column + len(code), _full_lines(middle), last


def _trim_block_scalar(leaf: Leaf) -> None:
    """A block scalar's slice ends after its trailing blank lines: they belong to the gap,
    unless it keeps them (``|+``): then they are part of its value."""
    if leaf.keep_trailing:
        return
    lines = leaf.text.split("\n")
    while len(lines) > 1 and not lines[-1].strip(WHITESPACE):
        lines.pop()
    leaf.trailing_blanks = max(0, leaf.text.count("\n") - len(lines))
    leaf.text = "\n".join(lines)


def attach_comments(doc: Document) -> list[str]:
    """Give every leaf its end-of-line comment and every entry its lines; return the end."""
    text = doc.masked
    previous: Leaf | None = None
    position = doc.body_start
    for leaf in doc.leaves:
        if leaf.block_scalar:
            _trim_block_scalar(leaf)
        eol, column, lines, _ = _split_gap(text[position : leaf.start], previous)
        if previous is not None:
            lines = [""] * previous.trailing_blanks + lines
            if eol:
                previous.eol = (eol, column)
        if leaf.owner is not None:
            leaf.owner.before = _first_lines(lines, leaf.owner)
        elif any(lines):
            leaf.lead = [line for line in lines if line]
        previous, position = leaf, leaf.end
    end = len(text) if doc.body_end is None else doc.body_end
    return _end(text[position:end], previous)


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
    if tail.strip(WHITESPACE):  # pragma: no cover - _split_gap saw it already
        raise Unsupported("text at the end")
    while lines and not lines[-1]:
        lines.pop()
    return lines
