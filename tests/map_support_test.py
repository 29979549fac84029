"""Helpers for the map tests (reading SVG and Mermaid back), and tests of the helpers.

The other map test modules import from here: `from map_support_test import parse_svg`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

SVG = "{http://www.w3.org/2000/svg}"
ZWSP = "\u200b"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
ROOT = Path(__file__).resolve().parent.parent
MAP_DATA = Path(__file__).resolve().parent / "data" / "map"
GOLDEN = Path(__file__).resolve().parent / "golden"


def parse_svg(data: bytes | str) -> ET.Element:
    """The SVG's root element; raises if the SVG is not well-formed XML."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return ET.fromstring(raw)


def groups(root: ET.Element) -> dict[str, ET.Element]:
    """Every <g> with an id, by id."""
    return {g.attrib["id"]: g for g in root.iter(f"{SVG}g") if "id" in g.attrib}


def classes(element: ET.Element) -> set[str]:
    return set(element.attrib.get("class", "").split())


def text_of(element: ET.Element) -> str:
    """All the text drawn inside an element, lines joined by spaces, no zero-width marks."""
    parts = [t.text or "" for t in element.iter(f"{SVG}text")]
    return " ".join(parts).replace(ZWSP, "")


def tooltip_of(element: ET.Element) -> str:
    """The tooltips of an element (``xlink:title`` of its links), no zero-width marks."""
    titles = [a.attrib.get(XLINK_TITLE, "") for a in element.iter(f"{SVG}a")]
    return " ".join(titles).replace(ZWSP, "")


def element_names(root: ET.Element) -> set[str]:
    return {el.tag.split("}")[-1] for el in root.iter()}


@dataclass
class Mermaid:
    nodes: dict[str, str]
    edges: list[tuple[str, str, str, str]]
    """(tail, arrow, label, head)"""
    subgraphs: dict[str, list[str]]
    classes: dict[str, set[str]]


_NODE = re.compile(r'^\s*(n\d+\w*)(\["|\{\{"|\(\["|\[\[")(.*?)("\]|"\}\}|"\]\)|"\]\])\s*$')
_EDGE = re.compile(r'^\s*(n\d+\w*) (==>|-\.->|-->|--o|-\.-)(?:\|"(.*?)"\|)? (n\d+\w*)\s*$')
_SUBGRAPH = re.compile(r'^\s*subgraph (\w+)\["(.*?)"\]\s*$')
_CLASS = re.compile(r"^\s*class ([\w,]+) (\w+)\s*$")


def parse_mermaid(text: str) -> Mermaid:
    """A small reader of the Mermaid we write: nodes, edges, subgraphs and classes."""
    out = Mermaid({}, [], {}, {})
    current: str | None = None
    for line in text.splitlines():
        if m := _SUBGRAPH.match(line):
            current = m.group(1)
            out.subgraphs[current] = []
        elif line.strip() == "end":
            current = None
        elif m := _NODE.match(line):
            out.nodes[m.group(1)] = m.group(3)
            if current is not None:
                out.subgraphs[current].append(m.group(1))
        elif m := _EDGE.match(line):
            out.edges.append((m.group(1), m.group(2), m.group(3) or "", m.group(4)))
        elif m := _CLASS.match(line):
            for node in m.group(1).split(","):
                out.classes.setdefault(node, set()).add(m.group(2))
    return out


def mermaid_unescape(text: str) -> str:
    """Entity codes back to characters, line breaks to spaces (what a reader sees)."""
    names = {"quot": '"', "amp": "&", "lt": "<", "gt": ">"}

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        return chr(int(code)) if code.isdigit() else names[code]

    return re.sub(r"#(\w+);", one, text.replace("<br/>", " "))


# -- the helpers themselves -------------------------------------------------------------


def test_parse_mermaid_reads_nodes_edges_subgraphs_and_classes() -> None:
    text = "\n".join(
        [
            "flowchart LR",
            '  subgraph band_demand["Demand partners"]',
            '    n0_a["A #quot;x#quot;<br/>two"]',
            '    n1_b{{"B"}}',
            "  end",
            '  n0_a ==>|"soup"| n1_b',
            "  n1_b -.- n0_a",
            "  class n0_a,n1_b demand",
        ]
    )
    parsed = parse_mermaid(text)
    assert parsed.nodes == {"n0_a": "A #quot;x#quot;<br/>two", "n1_b": "B"}
    assert parsed.subgraphs == {"band_demand": ["n0_a", "n1_b"]}
    assert parsed.edges == [("n0_a", "==>", "soup", "n1_b"), ("n1_b", "-.-", "", "n0_a")]
    assert parsed.classes == {"n0_a": {"demand"}, "n1_b": {"demand"}}
    assert mermaid_unescape(parsed.nodes["n0_a"]) == 'A "x" two'


def test_svg_helpers_find_groups_classes_and_text() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><g id="partner-a" class="node partner demand">'
        "<text>Line\u200b one</text><text>two</text></g></svg>"
    )
    root = parse_svg(svg)
    found = groups(root)
    assert classes(found["partner-a"]) == {"node", "partner", "demand"}
    assert text_of(found["partner-a"]) == "Line one two"
    assert "text" in element_names(root)
