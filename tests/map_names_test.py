"""No name of the DOT source shows on the map: not as a box, not as a tooltip.

Graphviz draws a box for any name an edge uses that was never declared (``col_-1``, the
anchor of a column that does not exist); and it puts every element's DOT name in its
``<title>``, which browsers show on hover.  Chains imported from Kumu have no functions
(no stage columns), some no producers at all: they are drawn here, with the examples.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DATA, EXAMPLES, ROOT
from map_support_test import SVG, parse_svg

INTERNAL = re.compile(r"(?:^|[^a-z])(?:col_-?\d|lane_|legend_anchor|cluster_|p_[a-z0-9])")
HEAD = """vchain: 1
chain: {name: Soup, region: Valley, market_opportunity: soup, coordinator: bank}
"""
SHAPES = {
    # every Kumu import: partners and flows, no functions
    "no-functions": """functions: {}
partners:
  growers: {name: Growers, type: transactional}
  mill: {name: Mill, type: transactional}
  school: {name: School, type: demand}
  bank: {name: Bank, type: support}
flows:
  - {from: growers, to: mill, kind: product}
  - {from: mill, to: school, kind: product}
  - {from: school, to: mill, kind: money}
  - {from: bank, to: growers, kind: money}
""",
    # a Kumu map of buyers and funders only: no column before the buyers'
    "no-producers": """functions: {}
partners:
  school: {name: School, type: demand}
  hospital: {name: Hospital, type: demand}
  bank: {name: Bank, type: support}
flows:
  - {from: bank, to: school, kind: money}
""",
    # stages to fill and nobody to fill them
    "functions-only": """functions:
  grow: {name: Grow, stage: produce, essential: true}
  cook: {name: Cook, stage: process, essential: true}
partners:
  school: {name: School, type: demand, demand: 100 cans/yr}
  bank: {name: Bank, type: support, services: [financing], supports: [school]}
flows:
  - {from: school, to: bank, kind: money}
""",
}


def _chains(tmp_path: Path) -> list[Path]:
    out = []
    for name, body in SHAPES.items():
        path = tmp_path / f"{name}.chain.yaml"
        path.write_text(HEAD + body, "utf-8")
        out.append(path)
    return out


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_no_internal_name_is_drawn_or_titled(cli, tmp_path: Path, shape: str) -> None:
    chain = next(p for p in _chains(tmp_path) if p.name.startswith(shape))
    out = tmp_path / "map.svg"
    cli("map", chain, "--out", out)
    root = parse_svg(out.read_bytes())
    drawn = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert not [t for t in drawn if INTERNAL.search(t)], drawn
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert not [t for t in titles if INTERNAL.search(t)], titles
    assert titles[0] == "Soup"  # the map's own title is the chain's name
    nodes = [g for g in root.iter(f"{SVG}g") if "node" in g.get("class", "").split()]
    for node in nodes:  # every box is one vchain declared: a partner, a gap, the legend's
        assert set(node.get("class", "").split()) - {"node"}, node.get("id")


def test_every_name_an_edge_uses_is_declared(cli, tmp_path: Path) -> None:
    """In the DOT source itself, for the shapes above, the examples and the cases."""
    cases = sorted((DATA / "cases").glob("*.chain.yaml"))[:6]
    for chain in [*_chains(tmp_path), *EXAMPLES, *cases]:
        out = tmp_path / f"{chain.stem}.dot"
        cli("map", chain, "--out", out)
        text = out.read_text("utf-8")
        declared = set(re.findall(r'^\s*"?([\w-]+)"? \[', text, re.MULTILINE))
        used = re.findall(r'^\s*"?([\w-]+)"? -> "?([\w-]+)"?', text, re.MULTILINE)
        undeclared = {n for pair in used for n in pair} - declared
        assert not undeclared, chain.relative_to(ROOT) if chain.is_relative_to(ROOT) else chain
