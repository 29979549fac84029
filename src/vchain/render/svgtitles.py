"""Graphviz's SVG with the tooltips people see instead of the names Graphviz works with.

Graphviz gives every box, line and cluster a ``<title>`` holding its name in the DOT
source (``p_grower-coop``, ``cluster_column_0``, ``p_mill->p_school``); a browser shows
a ``<title>`` as the tooltip and a screen reader reads it as the element's name.  Here
each box's and line's ``<title>`` says what its tooltip says (the partner's name, the
flow's words), the whole map's says the chain's name, and every other one goes (the
clusters', the invisible anchors', the lines that have no words): no name of the DOT
source is left for anyone to see or hear.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from vchain.safetext import visible

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
SVG = f"{{{SVG_NS}}}"
XLINK_TITLE = f"{{{XLINK_NS}}}title"


def register_namespaces() -> None:
    """SVG as the default namespace and ``xlink`` by its name, when written back."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)


def retitle(group: ET.Element, chain_title: str, *, keep_links: bool = True) -> None:
    """The ``<title>`` of one ``<g>``: its tooltip, the chain's name, or none.

    ``keep_links=False`` also drops the links' ``xlink:title`` (inside HTML a browser
    shows the ``<title>``, and would show both)."""
    title = group.find(f"{SVG}title")
    if title is None:
        return
    classes = set(group.get("class", "").split())
    links = list(group.iter(f"{SVG}a"))
    tip = next((a.get(XLINK_TITLE) for a in links if a.get(XLINK_TITLE)), None)
    if not keep_links:
        for link in links:
            link.attrib.pop(XLINK_TITLE, None)
    if "graph" in classes:
        title.text = visible(chain_title)
    elif tip and ("node" in classes or "edge" in classes):
        title.text = visible(tip)
    else:
        group.remove(title)


def tidy_titles(svg: bytes, chain_title: str) -> bytes:
    """The SVG of ``vchain map`` with every ``<title>`` retitled (see the module)."""
    from defusedxml.ElementTree import fromstring

    register_namespaces()
    root = fromstring(svg)  # Graphviz's output, read as strictly as any other XML
    for group in root.iter(f"{SVG}g"):
        retitle(group, chain_title)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
