"""U+0085, U+2028 and U+2029 read as the characters they are in YAML 1.2, not as line breaks.

Chain files are YAML 1.2, where only LF and CR break lines.  libyaml (and ruamel.yaml)
follow YAML 1.1, where NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR
(U+2029) break lines too: a name or comment holding one is cut in two at a place no
editor shows, and the file fails to parse or its positions shift.  Before parsing,
:func:`protect` swaps each of them for a private-use character that the text does not
hold (one character for one, so every line and column stays where it was);
:meth:`Protected.restore` swaps them back in what was read.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

SEPARATORS = "\x85\u2028\u2029"


def _unused(text: str) -> Iterator[str]:
    """Private-use characters the text holds neither raw nor as an escape (``\\ue000``)."""
    lowered = text.lower()
    for code in itertools.chain(range(0xE000, 0xF900), range(0xF0000, 0xFFFFE)):
        if chr(code) not in text and f"{code:x}" not in lowered:
            yield chr(code)


@dataclass(frozen=True)
class Protected:
    """A text with its YAML 1.1 line breaks swapped out, and how to swap them back."""

    text: str
    back: dict[int, str] | None = None
    """placeholder code point -> separator, for ``str.translate``; None: nothing swapped."""

    def restore(self, text: str) -> str:
        return text.translate(self.back) if self.back else text


def protect(text: str) -> Protected:
    """``text`` with U+0085, U+2028 and U+2029 swapped for unused private-use characters."""
    present = [ch for ch in SEPARATORS if ch in text]
    if not present:
        return Protected(text)
    swap = dict(zip(present, _unused(text), strict=False))
    if len(swap) < len(present):  # pragma: no cover - a text holding every private-use one
        return Protected(text)
    forward = {ord(ch): placeholder for ch, placeholder in swap.items()}
    back = {ord(placeholder): ch for ch, placeholder in swap.items()}
    return Protected(text.translate(forward), back)
