"""A unified diff that stays fast on files of 100,000 lines with thousands of changes.

difflib alone takes minutes when a large file's keys are reordered everywhere (its
matcher is quadratic in the worst case, and chain files repeat the same lines, such as
`type: transactional`, thousands of times).  Here lines that occur once in each side
(partner ids, names) are matched first, in order (the patience diff idea), and difflib
only compares the short stretches between those anchors.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterator, Sequence

Opcode = tuple[str, int, int, int, int]
SMALL = 400
"""Stretches up to this many lines a side are compared by difflib itself."""
DEEPEST = 40
"""Below this many levels of anchors within anchors, difflib takes over."""


class _Differ:
    def __init__(self, a: Sequence[str], b: Sequence[str]) -> None:
        self.a, self.b = a, b
        self.out: list[Opcode] = []

    def unique_pairs(self, alo: int, ahi: int, blo: int, bhi: int) -> list[tuple[int, int]]:
        """(i, j) of lines that occur exactly once in a[alo:ahi] and once in b[blo:bhi]."""
        count_a: dict[str, int] = {}
        where_a: dict[str, int] = {}
        for i in range(alo, ahi):
            line = self.a[i]
            count_a[line] = count_a.get(line, 0) + 1
            where_a[line] = i
        count_b: dict[str, int] = {}
        where_b: dict[str, int] = {}
        for j in range(blo, bhi):
            line = self.b[j]
            count_b[line] = count_b.get(line, 0) + 1
            where_b[line] = j
        pairs = [
            (where_a[line], where_b[line])
            for line, n in count_a.items()
            if n == 1 and count_b.get(line) == 1
        ]
        pairs.sort()
        return pairs

    def stretch(self, alo: int, ahi: int, blo: int, bhi: int, depth: int = 0) -> None:
        a, b = self.a, self.b
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            self.out.append(("equal", alo, alo + 1, blo, blo + 1))
            alo, blo = alo + 1, blo + 1
        tail: list[Opcode] = []
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            tail.append(("equal", ahi - 1, ahi, bhi - 1, bhi))
            ahi, bhi = ahi - 1, bhi - 1
        if alo < ahi or blo < bhi:
            self.middle(alo, ahi, blo, bhi, depth)
        self.out.extend(reversed(tail))

    def middle(self, alo: int, ahi: int, blo: int, bhi: int, depth: int) -> None:
        anchors = [] if depth > DEEPEST else self.unique_pairs(alo, ahi, blo, bhi)
        anchors = _longest_increasing(anchors)
        if not anchors:
            self.plain(alo, ahi, blo, bhi)
            return
        for i, j in anchors:
            self.stretch(alo, i, blo, j, depth + 1)
            self.out.append(("equal", i, i + 1, j, j + 1))
            alo, blo = i + 1, j + 1
        self.stretch(alo, ahi, blo, bhi, depth + 1)

    def plain(self, alo: int, ahi: int, blo: int, bhi: int) -> None:
        if ahi - alo > SMALL or bhi - blo > SMALL:
            self.out.append(("replace", alo, ahi, blo, bhi))
            return
        matcher = difflib.SequenceMatcher(None, self.a[alo:ahi], self.b[blo:bhi], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            self.out.append((tag, alo + i1, alo + i2, blo + j1, blo + j2))


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of pairs increasing in both sides (patience sorting)."""
    tails: list[int] = []
    tail_index: list[int] = []
    previous: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        place = bisect.bisect_left(tails, j)
        if place == len(tails):
            tails.append(j)
            tail_index.append(k)
        else:
            tails[place] = j
            tail_index[place] = k
        previous[k] = tail_index[place - 1] if place > 0 else -1
    chain: list[tuple[int, int]] = []
    k = tail_index[-1] if tail_index else -1
    while k >= 0:
        chain.append(pairs[k])
        k = previous[k]
    chain.reverse()
    return chain


def _kind(op: Opcode) -> Opcode:
    if op[0] == "replace" and op[1] == op[2]:
        return ("insert", *op[1:])
    if op[0] == "replace" and op[3] == op[4]:
        return ("delete", *op[1:])
    return op


def opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """difflib-style opcodes, adjacent ones of the same kind merged."""
    differ = _Differ(a, b)
    differ.stretch(0, len(a), 0, len(b))
    merged: list[Opcode] = []
    for raw in differ.out:
        op = _kind(raw)
        if op[1] == op[2] and op[3] == op[4]:
            continue
        if merged and merged[-1][0] == op[0] and merged[-1][2] == op[1] and merged[-1][4] == op[3]:
            last = merged[-1]
            merged[-1] = (last[0], last[1], op[2], last[3], op[4])
        else:
            merged.append(op)
    return merged


class _Matcher(difflib.SequenceMatcher[str]):
    """A SequenceMatcher whose opcodes are given (to reuse difflib's grouping)."""

    def __init__(self, codes: list[Opcode]) -> None:
        super().__init__(None, [], [])
        self._codes = codes

    def get_opcodes(self) -> list[Opcode]:  # type: ignore[override]
        return self._codes or [("equal", 0, 0, 0, 0)]


def _range(start: int, stop: int) -> str:
    """A hunk range as difflib writes it."""
    length = stop - start
    beginning = start + 1 if length else start
    return f"{beginning}" if length == 1 else f"{beginning},{length}"


def unified_diff(
    a: Sequence[str], b: Sequence[str], fromfile: str, tofile: str, n: int = 3
) -> Iterator[str]:
    """Like difflib.unified_diff (lines keep their ends), in about linear time."""
    codes = opcodes(a, b)
    if all(code[0] == "equal" for code in codes):
        return
    yield f"--- {fromfile}\n"
    yield f"+++ {tofile}\n"
    for group in _Matcher(codes).get_grouped_opcodes(n):
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                yield from (" " + line for line in a[i1:i2])
                continue
            if tag in ("replace", "delete"):
                yield from ("-" + line for line in a[i1:i2])
            if tag in ("replace", "insert"):
                yield from ("+" + line for line in b[j1:j2])
