"""`vchain map` draws every example in every format with the real `dot`.

The SVG is read back with an XML parser: every partner and every flow is there, with
the styling classes of its type, kind and marks.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import vchain
from conftest import EXAMPLES, run_cli
from map_support_test import (
    SVG,
    classes,
    element_names,
    groups,
    parse_svg,
    text_of,
    tooltip_of,
)
from vchain.model import Chain

DRAWN = {"svg": b"<?xml", "png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}
IDS = [p.name.removesuffix(".chain.yaml") for p in EXAMPLES]
Drawn = tuple[Chain, ET.Element]


@pytest.fixture(scope="module", params=EXAMPLES, ids=IDS)
def drawn(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Drawn:
    """(chain, SVG root) of one example, drawn once for the module."""
    example: Path = request.param
    out = tmp_path_factory.mktemp("svg") / "map.svg"
    result = run_cli("map", example, "--out", out)
    assert result.code == 0, str(result)
    return vchain.load(example), parse_svg(out.read_bytes())


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_partner_is_a_node_with_its_type_and_name(drawn: Drawn) -> None:
    chain, root = drawn
    found = groups(root)
    for pid, partner in chain.partners.items():
        node = found[f"partner-{pid}"]
        assert {"node", "partner", partner.type} <= classes(node), pid
        assert _words(partner.name) in _words(text_of(node)), pid


def test_the_coordinator_is_the_hub(drawn: Drawn) -> None:
    chain, root = drawn
    hub = groups(root)[f"partner-{chain.chain.coordinator}"]
    assert "coordinator" in classes(hub)
    assert "COORDINATOR" in text_of(hub)
    others = [g for g in groups(root).values() if "coordinator" in classes(g)]
    assert len([g for g in others if "partner" in classes(g)]) == 1


def test_every_flow_is_an_edge_with_its_kind(drawn: Drawn) -> None:
    chain, root = drawn
    found = groups(root)
    for flow in chain.flows:
        edge = found[f"flow-{flow.index}"]
        assert {"edge", "flow", flow.kind} <= classes(edge), flow.index
        if flow.what:
            # product flows carry their words on the line, the others in a tooltip
            shown = text_of(edge) if flow.kind in ("product", "by-product") else tooltip_of(edge)
            assert _words(flow.what)[:20] in _words(shown), flow.index
        if flow.to is None:
            assert "unused" in classes(edge)
            assert text_of(found[f"unused-{flow.index}"]) == "unused"


def test_declared_opportunities_are_marked_where_they_sit(drawn: Drawn) -> None:
    chain, root = drawn
    found = groups(root)
    for oid, opportunity in chain.opportunities.items():
        if opportunity.status != "open" or opportunity.at is None:
            continue
        what, ident = opportunity.at.target
        if what == "function" and opportunity.kind == "gap":
            assert f"gap-{ident}-{oid}" in found, oid
            assert "gap" in classes(found[f"gap-{ident}-{oid}"])
        elif what == "partner":
            assert opportunity.kind in classes(found[f"partner-{ident}"]), oid
        elif what == "flow":
            index = next(f.index for f in chain.flows if f.id == ident)
            assert opportunity.kind in classes(found[f"flow-{index}"]), oid


def test_the_map_has_bands_columns_a_title_and_a_legend(drawn: Drawn) -> None:
    chain, root = drawn
    found = groups(root)
    assert {"band-transactional", "band-demand", "band-support", "legend"} <= set(found)
    columns = [g for g in found.values() if "column" in classes(g)]
    assert len(columns) >= 1
    graph = next(root.iter(f"{SVG}g"))
    title = " ".join(t.text or "" for t in graph.findall(f"{SVG}text"))
    assert chain.chain.name in title
    assert chain.chain.region in title
    if chain.chain.reviewed:
        assert chain.chain.reviewed.isoformat() in title
    assert "script" not in element_names(root)


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_drawn_formats_start_with_their_signature(
    cli, tmp_path: Path, example: Path, fmt: str
) -> None:
    out = tmp_path / f"map.{fmt}"
    cli("map", example, "--out", out)
    assert out.read_bytes().startswith(DRAWN[fmt])


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_text_formats_need_no_dot(cli, tmp_path: Path, example: Path) -> None:
    for name in ("map.dot", "map.gv", "map.mmd"):
        cli("map", example, "--out", tmp_path / name)
    dot = (tmp_path / "map.dot").read_text(encoding="utf-8")
    assert dot.startswith("digraph vchain {")
    assert (tmp_path / "map.gv").read_text(encoding="utf-8") == dot
    assert (tmp_path / "map.mmd").read_text(encoding="utf-8").startswith("---\ntitle: ")
