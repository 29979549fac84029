"""The unified diff of `vchain fmt --check`: correct on any input, fast on large files."""

from __future__ import annotations

import difflib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from vchain.fmt.textdiff import unified_diff

HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$")


def apply(a: list[str], diff: list[str]) -> list[str]:
    """Apply a unified diff to ``a``, checking its context lines on the way."""
    out: list[str] = []
    position = 0
    for line in diff[2:]:
        match = HUNK.match(line.rstrip("\n"))
        if match:
            start = int(match[1]) - (1 if match[2] != "0" else 0)
            out += a[position:start]
            position = start
        elif line.startswith(" "):
            assert a[position] == line[1:]
            out.append(line[1:])
            position += 1
        elif line.startswith("-"):
            assert a[position] == line[1:]
            position += 1
        else:
            assert line.startswith("+")
            out.append(line[1:])
    return out + a[position:]


lines = st.lists(st.sampled_from(["a\n", "b\n", "c\n", "  type: x\n", "id: 1\n", "id: 2\n"]))


@settings(max_examples=300, deadline=None)
@given(lines, lines)
def test_the_diff_turns_old_into_new(a: list[str], b: list[str]) -> None:
    diff = list(unified_diff(a, b, "a/x", "b/x"))
    if a == b:
        assert diff == []
        return
    assert diff[:2] == ["--- a/x\n", "+++ b/x\n"]
    assert apply(a, diff) == b


def test_same_as_difflib_on_a_simple_change() -> None:
    a = [f"line {i}\n" for i in range(20)]
    b = [*a[:5], "new\n", *a[6:]]
    assert list(unified_diff(a, b, "a", "b")) == list(difflib.unified_diff(a, b, "a", "b"))


def test_a_large_reordering_gives_a_small_diff() -> None:
    """40,000 lines with two keys swapped in every block (difflib alone takes minutes)."""
    a: list[str] = []
    b: list[str] = []
    for i in range(10_000):
        block = [
            f"  p{i}:\n",
            "    type: transactional\n",
            f"    name: P{i}\n",
            "    local: true\n",
        ]
        a += block
        b += [block[0], block[2], block[1], block[3]]
    diff = list(unified_diff(a, b, "a", "b"))
    assert apply(a, diff) == b
    assert sum(line.startswith("-") for line in diff) == 10_001  # one moved line a block
