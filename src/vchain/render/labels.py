"""The words on the map, as lines of plain text and as Graphviz HTML-like labels.

Plain lines serve Mermaid (escaped there); HTML labels serve DOT.  Every piece of text
from the chain file passes :func:`~vchain.render.text.html_lines` or
:func:`~vchain.render.text.mermaid_text` before it reaches a renderer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vchain.render.style import GREY, MARK_STYLES, PURPLE
from vchain.render.text import html_lines, html_text, label_lines, shorten

if TYPE_CHECKING:
    from vchain.model import Quantity
    from vchain.render.scene import Edge, Node

NAME_WIDTH = 18
EDGE_WIDTH = 20
#: A gap's text, a column's function names: at most this long on the map (tooltips hold
#: the whole text).
GAP_TEXT = 56
HEADER_TEXT = 30
DEFAULT_MAX_LABEL = 60


@dataclass(frozen=True)
class NodeText:
    """A node's words: a small line above, the name, a small line below, the marks."""

    kicker: str
    lines: list[str]
    detail: list[str]
    marks: list[str]
    leverage: tuple[int, ...]


def node_text(node: Node, max_label: int) -> NodeText:
    limit = max_label if node.role != "gap" else min(max_label or GAP_TEXT, GAP_TEXT)
    lines = label_lines(node.text, limit, NAME_WIDTH) if node.text else []
    detail = label_lines(node.detail, max_label, NAME_WIDTH + 6) if node.detail else []
    marks = [_mark_word(node, m) for m in node.marks if m in MARK_STYLES and _worded(node)]
    return NodeText(node.kicker, lines, detail, marks, node.leverage)


def _mark_word(node: Node, mark: str) -> str:
    """BOTTLENECK, or for a group BOTTLENECK ×3 (how many of its partners)."""
    word = MARK_STYLES[mark][1]
    count = dict(node.mark_counts).get(mark)
    return f"{word} ×{count}" if count else word


def _worded(node: Node) -> bool:
    """Whether a node's marks are spelt out (a gap or a resource says it in its kicker)."""
    return node.role not in ("gap", "resource")


def node_plain(node: Node, max_label: int) -> list[str]:
    """All of a node's words as lines (Mermaid)."""
    text = node_text(node, max_label)
    head = [ranks_text(text.leverage)] if text.leverage else []
    kicker = [text.kicker.upper()] if text.kicker else []
    marks = [" · ".join(text.marks)] if text.marks else []
    return head + kicker + text.lines + text.detail + marks


def node_html(node: Node, max_label: int) -> str:
    """A node's label as a Graphviz HTML-like label, every text escaped."""
    text = node_text(node, max_label)
    parts: list[str] = []
    if text.kicker:
        parts.append(_small(html_text(text.kicker.upper()), "#5d4037", bold=True))
    if text.lines:
        body = html_lines(text.lines)
        parts.append(body if node.role in ("gap", "unused") else f"<B>{body}</B>")
    if text.detail:
        parts.append(_small(html_lines(text.detail), "#546e7a"))
    for mark in node.marks:
        if mark in MARK_STYLES and _worded(node):
            parts.append(_small(_mark_word(node, mark), MARK_STYLES[mark][0], bold=True))
    inner = "<BR/>".join(parts) or " "
    if not text.leverage:
        return f"<{inner}>"
    return f"<{_badge(text.leverage, inner)}>"


def ranks_text(ranks: tuple[int, ...]) -> str:
    """#1, or #2 #5 for a partner that several leverage points sit on."""
    return " ".join(f"#{r}" for r in ranks)


def _small(html: str, color: str, *, bold: bool = False) -> str:
    body = f"<B>{html}</B>" if bold else html
    return f'<FONT POINT-SIZE="9" COLOR="{color}">{body}</FONT>'


def _badge(ranks: tuple[int, ...], inner: str) -> str:
    """The node's words beside its leverage numbers, one white-on-purple cell each,
    stacked: a partner that several leverage points sit on shows all of them."""
    cells = "<BR/>".join(f"<B>{r}</B>" for r in ranks)
    return (
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2"><TR>'
        f'<TD BGCOLOR="{PURPLE}" VALIGN="MIDDLE"><FONT COLOR="white">{cells}</FONT></TD>'
        f"<TD>{inner}</TD></TR></TABLE>"
    )


# -- edges ---------------------------------------------------------------------------------


def _sum(amounts: list[Quantity | None]) -> str:
    """The total of the amounts when they share a unit; empty otherwise."""
    from vchain.model import format_amount

    given = [a for a in amounts if a is not None]
    if not given or len({a.unit for a in given}) != 1:
        return ""
    return f"{format_amount(sum(a.amount for a in given))} {given[0].unit}"


def edge_plain(edge: Edge, max_label: int) -> list[str]:
    """An edge's words as lines: what moves, how much, and its marks."""
    if edge.kind == "supports":
        return []
    if not edge.labelled:
        return ["$"] if edge.kind == "money" else []
    return edge_words(edge, max_label)


def edge_words(edge: Edge, max_label: int) -> list[str]:
    """What moves and how much, as lines (whether or not drawn on the line)."""
    what = _what(edge)
    lines = label_lines(what, max_label, EDGE_WIDTH) if what else []
    amount = _amount(edge)
    if amount:
        lines.append(shorten(amount, max_label))
    if edge.kind == "money":
        lines = [f"$ {lines[0]}", *lines[1:]] if lines else ["$"]
    return lines


def _amount(edge: Edge) -> str:
    amount = _sum(edge.amounts)
    if edge.capacity is not None:
        amount = f"{amount} (max {edge.capacity})" if amount else f"max {edge.capacity}"
    return amount


def edge_tooltip(edge: Edge, max_label: int) -> str:
    """An edge's words on one line, for its tooltip: what moves, and how much."""
    what = shorten(_what(edge), max_label)
    parts = [p for p in (what, shorten(_amount(edge), max_label)) if p]
    text = " · ".join(parts) or edge.kind
    return f"$ {text}" if edge.kind == "money" else text


def _what(edge: Edge) -> str:
    if edge.count <= 1:
        return edge.what[0] if edge.what else ""
    names = sorted(set(edge.what))
    shown = ", ".join(shorten(w, 24) for w in names[:2])
    more = f" +{len(names) - 2} more" if len(names) > 2 else ""
    return f"{edge.count} flows" + (f": {shown}{more}" if shown else "")


def edge_html(edge: Edge, max_label: int) -> str | None:
    lines = edge_plain(edge, max_label)
    marks = [MARK_STYLES[m] for m in edge.marks if m in MARK_STYLES]
    if not lines and not marks and not edge.leverage:
        return None
    parts = [html_lines(lines)] if lines else []
    parts += [f'<FONT COLOR="{color}"><B>{word}</B></FONT>' for color, word in marks]
    if edge.leverage:
        parts.insert(0, f'<FONT COLOR="{PURPLE}"><B>{ranks_text(edge.leverage)}</B></FONT>')
    return "<" + "<BR/>".join(parts) + ">"


def header_html(title: str, functions: list[str], max_label: int) -> str:
    short = shorten(title, min(max_label or HEADER_TEXT, HEADER_TEXT)).upper()
    head = f'<FONT POINT-SIZE="13" COLOR="#37474f"><B>{html_text(short)}</B></FONT>'
    lines = [shorten(f, min(max_label or HEADER_TEXT, HEADER_TEXT)) for f in functions]
    if not lines:
        return f"<{head}>"
    return f"<{head}<BR/>{_small(html_lines(lines), GREY)}>"
