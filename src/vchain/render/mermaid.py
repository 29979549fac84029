"""A scene to a Mermaid flowchart, for READMEs on GitHub.

Mermaid lays the chart out itself, so the columns are not kept; the bands are
subgraphs, and the kinds of flow are told apart by arrow (``==>`` product, ``-.->``
money and information, ``-->`` service, ``--o`` by-product, ``-.-`` support tie) and by
colour (``linkStyle``).  Node ids are generated (``n3_grower_coop``), never taken raw
from the file; every label is ``["..."]`` text with entity codes (``#quot;``).
"""

from __future__ import annotations

import json
import re

from vchain.render.labels import edge_plain, node_plain, ranks_text
from vchain.render.scene import Node, Scene
from vchain.render.style import BANDS, EDGE_STYLES, MARK_STYLES, ORANGE, PURPLE, RED, TEAL
from vchain.render.text import clean, mermaid_lines, mermaid_text

ARROWS: dict[str, str] = {
    "product": "==>",
    "money": "-.->",
    "information": "-.->",
    "service": "-->",
    "by-product": "--o",
    "supports": "-.-",
}
LANES: tuple[str, ...] = ("transactional", "demand", "support", "resources")
_NOT_ID = re.compile(r"[^A-Za-z0-9]+")


def node_ids(scene: Scene) -> dict[str, str]:
    """Scene node name -> Mermaid id: an index and a readable, safe suffix."""
    out: dict[str, str] = {}
    for index, node in enumerate(scene.nodes):
        suffix = _NOT_ID.sub("_", node.key).strip("_")[:40]
        out[node.name] = f"n{index}_{suffix}" if suffix else f"n{index}"
    return out


def _shape(node: Node, text: str) -> str:
    if node.hub:
        return '{{"' + text + '"}}'
    if node.role == "group":
        return f'[["{text}"]]'
    if node.role == "unused":
        return f'(["{text}"])'
    return f'["{text}"]'


def to_mermaid(scene: Scene, *, max_label: int) -> str:
    """The Mermaid source of the map; the same scene gives the same text."""
    ids = node_ids(scene)
    title = clean(f"{scene.title} — {scene.subtitle}").replace("\n", " ")
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", "---"]
    lines.append(f"flowchart {scene.direction}")
    for band in LANES:
        lines += _subgraph(scene, band, ids, max_label)
    links = _links(scene, ids, max_label)
    lines += [f"  {link}" for link, _ in links]
    lines += _class_lines(scene, ids)
    lines += _link_styles([kind for _, kind in links])
    return "\n".join(lines) + "\n"


def _subgraph(scene: Scene, band: str, ids: dict[str, str], max_label: int) -> list[str]:
    nodes = [n for n in scene.nodes if n.band == band]
    if not nodes:
        return []
    title = mermaid_text(BANDS[band][3])
    out = [f'  subgraph band_{band}["{title}"]']
    for node in nodes:
        out.append(
            f"    {ids[node.name]}{_shape(node, mermaid_lines(node_plain(node, max_label)))}"
        )
    out.append("  end")
    return out


def _links(scene: Scene, ids: dict[str, str], max_label: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for edge in scene.edges:
        if edge.tail not in ids or edge.head not in ids:
            continue
        words = edge_plain(edge, max_label)
        if edge.leverage:
            words.insert(0, ranks_text(edge.leverage))
        words += [MARK_STYLES[m][1] for m in edge.marks if m in MARK_STYLES]
        arrow = ARROWS.get(edge.kind, "-->")
        text = f'|"{mermaid_lines(words)}"|' if words else ""
        out.append((f"{ids[edge.tail]} {arrow}{text} {ids[edge.head]}", _link_kind(edge)))
    return out


def _link_kind(edge: object) -> str:
    marks = getattr(edge, "marks", ())
    for mark in ("bottleneck", "underutilized"):
        if mark in marks:
            return mark
    return str(getattr(edge, "kind", ""))


CLASS_DEFS: dict[str, str] = {
    **{
        band: f"fill:{fill},stroke:{border},color:#1a1a1a"
        for band, (fill, border, _, _) in BANDS.items()
    },
    "group": "stroke-width:3px",
    "gap": "fill:#ffffff,stroke:#757575,stroke-dasharray:5 4,color:#616161",
    "unused": "fill:#ffffff,stroke:#8d6e63,stroke-dasharray:4 3,color:#5d4037",
    "bottleneck": f"stroke:{RED},stroke-width:3px",
    "underutilized": f"stroke:{ORANGE},stroke-width:3px,stroke-dasharray:6 3",
    "risk": f"stroke:{TEAL},stroke-width:3px",
    "leverage": f"stroke:{PURPLE},stroke-width:4px",
}


def _class_lines(scene: Scene, ids: dict[str, str]) -> list[str]:
    used: dict[str, list[str]] = {name: [] for name in CLASS_DEFS}
    for node in scene.nodes:
        wanted = [node.band, node.role, *node.marks]
        if node.hub:
            wanted.append("coordinator")
        if node.leverage:
            wanted.append("leverage")
        for name in wanted:
            if name in used and ids[node.name] not in used[name]:
                used[name].append(ids[node.name])
    out = [f"  classDef {name} {CLASS_DEFS[name]}" for name in CLASS_DEFS if used[name]]
    out += [f"  class {','.join(used[name])} {name}" for name in CLASS_DEFS if used[name]]
    return out


def _link_styles(kinds: list[str]) -> list[str]:
    out: list[str] = []
    for kind in (*ARROWS, "bottleneck", "underutilized"):
        numbers = [str(i) for i, k in enumerate(kinds) if k == kind]
        if numbers:
            out.append(f"  linkStyle {','.join(numbers)} {_link_css(kind)}")
    return out


def _link_css(kind: str) -> str:
    if kind == "bottleneck":
        return f"stroke:{RED},stroke-width:3px"
    if kind == "underutilized":
        return f"stroke:{ORANGE},stroke-width:2px"
    style = EDGE_STYLES[kind]
    width = max(1.0, float(style.get("penwidth", "1")))
    return f"stroke:{style['color']},stroke-width:{width:g}px"
