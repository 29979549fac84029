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
LEGACY_COMMAND = "##["
"""GitHub's runner still obeys the old form of workflow commands, ``##[error]text``,
anywhere in a line (the new ``::error::`` only at its start): :func:`visible` writes it
``#\\x23[`` so that no text from a file can issue one."""
_UNSAFE_OR_LEGACY = re.compile(UNSAFE.pattern + "|##(?=\\[)")
_COMMAND_LINE = re.compile(r"^([^\S\n]*):(?=:)", re.MULTILINE)


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch == "##":
        return "#\\x23"
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character, line break and bidi control escaped (and
    the legacy workflow command ``##[``)."""
    if UNSAFE.search(text) is None and LEGACY_COMMAND not in text:
        return text
    return _UNSAFE_OR_LEGACY.sub(_escape, text)


LONGEST_WORD = 100
"""The longest run of non-spaces :func:`shorten_words` keeps whole (ids have at most 64)."""
_LONG_WORD = re.compile(rf"\S{{{LONGEST_WORD + 1},}}")


def _cut(match: re.Match[str]) -> str:
    word = match.group()
    return f"{word[:60]}…({len(word) - 80} more)…{word[-20:]}"


def shorten_words(text: str) -> str:
    """``text`` with each run of more than :data:`LONGEST_WORD` non-spaces cut in the
    middle (its start, how many characters are left out, its end)."""
    if len(text) <= LONGEST_WORD:
        return text
    shown = _LONG_WORD.sub(_cut, text)
    return text if shown == text else shown


def one_line(text: str) -> str:
    """Free text (a description, an opportunity's text) on one line, its runs of spaces
    and line breaks folded to one space, anything else unsafe escaped."""
    return visible(" ".join(text.split()))


def visible_lines(text: str) -> str:
    """A text of several lines (a diff of a file) with its line breaks and tabs kept, and
    every other unsafe character of each line escaped as :func:`visible` does."""
    lines = text.split("\n")
    out = []
    for line in lines:
        end = "\r" if line.endswith("\r") else ""
        body = line[: len(line) - len(end)]
        out.append("\t".join(visible(part) for part in body.split("\t")) + end)
    return "\n".join(out)


def no_commands(text: str) -> str:
    """A whole human-readable output in which no line can start a workflow command:
    a line that begins with ``::`` (after any blanks, which the runner trims) gets its
    first colon escaped.

    Texts from files are already shown through :func:`visible`; this is the last line of
    defence for a path or a text that lands at the start of a line.
    """
    if "::" not in text:
        return text
    return _COMMAND_LINE.sub(r"\1\\x3a", text)
