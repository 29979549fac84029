"""The map inside the report: `vchain map`'s SVG, made to be clicked, tabbed to and read.

The drawing is Graphviz's (every text in it escaped by :mod:`vchain.render.text`); it is
read back with an XML parser and written out again by it, so whatever a chain file says
stays text in the page.  On the way:

- the XML prolog, the DOCTYPE and the comments go (they mean nothing inside HTML);
- each box's and line's tooltip becomes its ``<title>`` (which browsers show inside
  HTML), instead of Graphviz's node names;
- each partner is focusable (``tabindex="0"``, ``role="button"``, an ``aria-label``
  with its name) and names its card (``data-card``); a group of partners names its
  members (``data-members``);
- the fixed size goes, so the page can fit the map to its box and zoom it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from vchain.render.svgtitles import SVG, register_namespaces, retitle
from vchain.safetext import visible

if TYPE_CHECKING:
    from vchain.loading.loader import ChainDocument
    from vchain.render.marks import Ranked
    from vchain.render.scene import Scene
    from vchain.report.data import Point

#: How many leverage points the report's map numbers.
MAP_LEVERAGE = 10


def report_map(doc: ChainDocument, points: list[Point], *, leverage: int = MAP_LEVERAGE) -> str:
    """The interactive SVG of a loaded chain, its leverage points numbered (the report's
    ranking, not ranked again), as text to put in the page."""
    from vchain.render.map import MapOptions, build, render_scene

    options = MapOptions(fmt="svg", leverage=leverage, legend=False)
    ranked: Ranked = [(p.id, p.kind, p.subject) for p in points]
    scene = build(doc, options, ranked=ranked)
    return interactive(render_scene(scene, options), scene)


def _text(element: ET.Element) -> str:
    return " ".join(" ".join(t.text or "" for t in element.iter(f"{SVG}text")).split())


def interactive(svg: bytes, scene: Scene) -> str:
    """Graphviz's SVG with titles, focusable partners and no fixed size."""
    register_namespaces()
    from defusedxml.ElementTree import fromstring

    root = fromstring(svg)  # Graphviz's output, read as strictly as any other XML
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    root.set("preserveAspectRatio", "xMidYMid meet")
    root.set("class", "vchain-map")
    root.set("role", "group")
    root.set("aria-label", f"The value chain map of {visible(scene.title)}")
    nodes = {n.key: n for n in scene.nodes}
    for group in root.iter(f"{SVG}g"):
        retitle(group, scene.title, keep_links=False)
        node = nodes.get(group.get("id", ""))
        if node is not None and node.role in ("partner", "group"):
            _focusable(group, node.role, node.members, _text(group))
    return ET.tostring(root, encoding="unicode")


def _focusable(group: ET.Element, role: str, members: tuple[str, ...], words: str) -> None:
    group.set("tabindex", "0")
    group.set("role", "button")
    group.set("focusable", "true")
    if role == "partner" and members:
        group.set("data-card", f"card-{members[0]}")
        group.set("aria-label", f"{visible(words)}: open the partner's card")
    else:
        group.set("data-members", " ".join(f"card-{m}" for m in members))
        group.set("aria-label", f"{visible(words)}: list these partners")
