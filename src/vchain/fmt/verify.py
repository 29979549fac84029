"""What a formatted text must keep: every comment, in order, and every value.

`vchain fmt` writes a result only when it holds the same data as the input (read by the
same loader as `vchain validate`), the same comments in the same order, and formats to
itself again.  :func:`comments_of` finds the comments the way a YAML parser does: a ``#``
at the start of a line or after a space or tab, outside quoted and block scalars (whose
text libyaml's events delimit).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#[^\n]*", re.MULTILINE)


@dataclass(frozen=True)
class Comment:
    text: str
    line: int
    column: int


def _scalar_spans(text: str) -> tuple[list[int], list[int]]:
    """(starts, ends) of the parts of quoted and block scalars that hold no comment."""
    import yaml

    starts: list[int] = []
    ends: list[int] = []
    loader = yaml.CSafeLoader(text)
    try:
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.StreamEndEvent):
                break
            style = getattr(event, "style", None)
            if not isinstance(event, yaml.ScalarEvent) or style not in ("'", '"', "|", ">"):
                continue
            scalar: Any = event  # libyaml's events always carry their marks
            start, end = scalar.start_mark.index, scalar.end_mark.index
            if style in ("|", ">"):  # the header line may end with a comment
                newline = text.find("\n", start, end)
                start = end if newline < 0 else newline
            starts.append(start)
            ends.append(end)
    finally:
        loader.dispose()
    return starts, ends


def comments_of(text: str) -> list[Comment]:
    """Every comment of a YAML text (LF line breaks), in order, without trailing blanks."""
    if "#" not in text:
        return []
    starts, ends = _scalar_spans(text)
    found: list[Comment] = []
    line, counted = 1, 0  # the line number at offset `counted`, advanced as we go
    for match in _COMMENT.finditer(text):
        at = match.start()
        inside = bisect.bisect_right(starts, at) - 1
        if inside >= 0 and at < ends[inside]:
            continue
        line += text.count("\n", counted, at)
        counted = at
        line_start = text.rfind("\n", 0, at) + 1
        found.append(Comment(match.group().rstrip(" \t"), line, at - line_start + 1))
    return found


def first_lost(before: list[Comment], after: list[Comment], *, in_order: bool) -> Comment | None:
    """The first comment of ``before`` that ``after`` does not keep (in its place, when
    ``in_order``: keys that move take their comments along, out of the file's order)."""
    if in_order:
        for index, comment in enumerate(before):
            if index >= len(after) or after[index].text != comment.text:
                return comment
        return None
    left = Counter(c.text for c in after)
    for comment in before:
        if left[comment.text] <= 0:
            return comment
        left[comment.text] -= 1
    return None


def key_order(data: Any) -> list[Any]:
    """Every mapping key of a data tree, in the order of the text."""
    out: list[Any] = []
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            out.extend(node)
            stack.extend(reversed(node.values()))
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return out


def first_difference(a: Any, b: Any, path: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
    """The path of the first value that differs between two plain data trees."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in a:
            if key not in b:
                return (*path, key)
            found = first_difference(a[key], b[key], (*path, key))
            if found is not None:
                return found
        extra = [key for key in b if key not in a]
        return (*path, extra[0]) if extra else None
    if isinstance(a, list) and isinstance(b, list):
        for index, (x, y) in enumerate(zip(a, b, strict=False)):
            found = first_difference(x, y, (*path, index))
            if found is not None:
                return found
        return None if len(a) == len(b) else (*path, min(len(a), len(b)))
    same = a is b or (type(a) is type(b) and a == b)
    return None if same else path
