"""Text from a chain file, made safe to show: control characters and line breaks visible.

Names, keys and free texts come from files that anyone may write.  Shown raw they could
forge GitHub workflow commands (a name holding ``"\\n::error ..."``), move a terminal's
cursor or retitle its window (``"\\x1b]0;...\\a"``), or break XML.  :func:`visible`
writes every such character as a visible escape (``\\n``, ``\\x1b``, ``\\u2028``) so that
the text stays on one line and reads as what the file holds.  Every output format shows
file texts through it (or through an escape of its own on top of it).
"""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
UNSAFE = re.compile(
    "["
    "\x00-\x1f\x7f"  # C0 controls and DEL
    "\x80-\x9f"  # C1 controls (NEL among them)
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional controls
    "\u2028\u2029"  # line and paragraph separators
    "\ufeff\ufffe\uffff"  # a stray byte-order mark, non-characters
    "\ud800-\udfff"  # lone surrogates (from undecodable bytes)
    "]"
)
"""The characters :func:`visible` escapes."""


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character, line break and bidi control escaped."""
    if UNSAFE.search(text) is None:
        return text
    return UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """Free text (a description, an opportunity's text) on one line, its runs of spaces
    and line breaks folded to one space, anything else unsafe escaped."""
    return visible(" ".join(text.split()))
