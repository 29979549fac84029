"""Text for maps: cleaning, shortening, wrapping and escaping labels.

Every string a chain file supplies (names, flow labels, opportunity texts) reaches a
renderer only through these functions:

- :func:`clean` drops control characters that no renderer accepts (XML refuses them),
  and turns tabs into spaces; line breaks (also NEL, U+2028, U+2029) are kept as line
  breaks; bidi controls, C1 controls and GitHub's ``##[`` are shown escaped
  (:func:`vchain.safetext.visible`);
- :func:`html_text` escapes for Graphviz HTML-like labels (``<...>``), which are XML:
  ``<script>`` becomes ``&lt;script&gt;`` and appears as text in the SVG, never as an
  element;
- :func:`dot_string` escapes for a quoted DOT escString (tooltips);
- in both, a backslash is followed by a zero-width space: Graphviz expands ``\\N``
  (the node's name), ``\\G`` (the graph's) and ``\\\\`` even in HTML labels and
  even when the backslash is written ``&#92;``, so doubling it is not enough;
- :func:`mermaid_text` escapes for a Mermaid ``["..."]`` label with entity codes.
"""

from __future__ import annotations

import html
import re
import textwrap

from vchain.safetext import visible

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_SPACES = re.compile(r"[ \t]+")
_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
ELLIPSIS = "…"
#: No text on a map is longer, whatever --max-label says: dot refuses strings (quoted
#: or HTML) longer than 16,384 bytes, and nobody reads a label of 400 characters.
HARD_LIMIT = 400
#: A backslash that no Graphviz escape sequence can start (see the module's doc).
INERT_BACKSLASH = "\\\u200b"

#: Mermaid entity codes (``#quot;`` becomes ``&quot;`` in the rendered label).
_MERMAID_ENTITIES = {
    "&": "#amp;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "#": "#35;",
    "`": "#96;",
    "|": "#124;",
    "[": "#91;",
    "]": "#93;",
    "{": "#123;",
    "}": "#125;",
}
_MERMAID_SPECIAL = re.compile("[" + re.escape("".join(_MERMAID_ENTITIES)) + "]")


def clean(text: str) -> str:
    """Control characters removed, tabs and runs of spaces made one space, lines trimmed."""
    text = _CONTROL.sub("", _BREAKS.sub("\n", text))
    lines = (visible(_SPACES.sub(" ", line).strip()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters (0: :data:`HARD_LIMIT`), cut at a word with an ellipsis.

    Line breaks are kept (and count as one character).
    """
    text = clean(text)
    limit = HARD_LIMIT if limit <= 0 else min(limit, HARD_LIMIT)
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 1)]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-\n") + ELLIPSIS


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters where words allow; kept line breaks."""
    out: list[str] = []
    for line in clean(text).split("\n"):
        out.extend(textwrap.wrap(line, width, break_long_words=True, break_on_hyphens=False))
    return out or [""]


def label_lines(text: str, limit: int, width: int) -> list[str]:
    """Shortened to ``limit`` characters, then wrapped to ``width``."""
    return wrap(shorten(text, limit), width)


def _inert(text: str) -> str:
    return text.replace("\\", INERT_BACKSLASH)


def html_text(text: str) -> str:
    """Escaped for a Graphviz HTML-like label: ``& < > " '`` as XML entities."""
    return _inert(html.escape(shorten(text, HARD_LIMIT), quote=True)).replace("\n", "<BR/>")


def html_lines(lines: list[str]) -> str:
    """Several lines of text, each escaped, joined by HTML-label line breaks."""
    return "<BR/>".join(html_text(line) for line in lines)


def dot_string(text: str) -> str:
    """Escaped for a quoted DOT escString such as ``tooltip``.

    A backslash is written ``\\\\`` and made inert (escStrings unescape ``\\\\`` and
    drop the backslash of an unknown sequence); newlines become ``\\n`` line breaks.
    The ``graphviz`` package escapes double quotes when it quotes the value (give it
    ``nohtml``, or a text in ``<...>`` would pass for an HTML label).
    """
    short = shorten(text, HARD_LIMIT // 2)
    return short.replace("\\", "\\" + INERT_BACKSLASH).replace("\n", "\\n")


def mermaid_text(text: str) -> str:
    """Escaped for a Mermaid ``["..."]`` label; newlines become ``<br/>``."""
    escaped = _MERMAID_SPECIAL.sub(lambda m: _MERMAID_ENTITIES[m.group(0)], clean(text))
    return escaped.replace("\n", "<br/>")


def mermaid_lines(lines: list[str]) -> str:
    return "<br/>".join(mermaid_text(line) for line in lines)
