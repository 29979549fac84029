"""Maps of chains with no functions (every Kumu import starts so): partners in any order,
parallel flows between two partners, and the two ways `dot` 2.4x failed on them (an edge
drawn in pieces, a crash on flat edges between clusters)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from map_support_test import groups, parse_svg
from vchain.render import orient
from vchain.render.output import DotFailed, draw

KINDS = ["product", "money", "information", "service"]


def no_functions_chain(seed: int) -> dict[str, object]:
    """Partners in random order, no functions, several flows between the same two."""
    rng = random.Random(seed)
    n = rng.randint(3, 12)
    kinds = ["transactional", "demand", "support"] + [
        rng.choice(["demand", "transactional", "transactional", "support"]) for _ in range(n)
    ]
    rng.shuffle(kinds)
    partners = {f"p{i}": {"name": f"Partner {i}", "type": k} for i, k in enumerate(kinds)}
    ids = list(partners)
    flows = []
    for _ in range(rng.randint(2, 3 * len(ids))):
        tail, head = rng.sample(ids, 2)
        flow = {"from": tail, "to": head, "kind": rng.choice(KINDS)}
        if rng.random() < 0.5:
            flow["what"] = rng.choice(["x", "school lunches", "menu feedback"])
        flows.append(flow)
        if rng.random() < 0.3:  # the same two partners again, often both ways
            flows.append({"from": head, "to": tail, "kind": rng.choice(KINDS)})
    coordinator = next(p for p, x in partners.items() if x["type"] == "support")
    return {
        "vchain": 1,
        "chain": {
            "name": "K",
            "region": "R",
            "market_opportunity": "M",
            "coordinator": coordinator,
        },
        "functions": {},
        "partners": partners,
        "flows": flows,
    }


@pytest.mark.parametrize("seed", range(12))
def test_maps_of_chains_with_no_functions_are_drawn(cli, tmp_path: Path, seed: int) -> None:
    data = no_functions_chain(seed)
    path = tmp_path / "k.chain.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "k.svg"
    cli("map", path, "--out", out)
    drawn = groups(parse_svg(out.read_bytes()))
    assert all(f"flow-{i}" in drawn for i in range(len(data["flows"])))  # type: ignore[arg-type]


def test_a_buyer_listed_before_its_suppliers(cli, tmp_path: Path) -> None:
    """The downstream partner first and no functions: its flows were drawn in pieces
    (``pos="e,…;e,…"``), which the map's orientation could not read (exit 3)."""
    path = tmp_path / "k.chain.yaml"
    path.write_text(
        """vchain: 1
chain: {name: t, region: r, market_opportunity: m, coordinator: s}
functions: {}
partners:
  b: {name: B, type: transactional}
  a: {name: A, type: transactional}
  d: {name: D, type: demand}
  s: {name: S, type: support}
flows:
- {from: a, to: b, kind: product}
- {from: b, to: d, kind: product}
""",
        encoding="utf-8",
    )
    cli("map", path, "--out", tmp_path / "k.svg")
    cli("report", path, "-o", tmp_path / "k.html")


def test_an_edge_in_pieces_is_read_and_moved_piece_by_piece() -> None:
    value = "e,10,1 2,3 4,5 6,7 8,9;e,20,11 12,13 14,15 16,17 18,19"
    first, second = value.split(";")
    assert orient._on_curve(value, 0) == [
        *orient._on_curve(first, 0),
        *orient._on_curve(second, 0),
    ]
    plan = orient._Plan(0, lambda v: v + 100, lambda v: v, 0.0, False, False, (0, 0, 1, 1))
    moved = orient._points(value, plan, plan.content)
    assert moved.count(";") == 1
    assert moved.startswith("e,110,1 102,3")


CRASH = """digraph vchain {
  subgraph cluster_transactional { c [label=<<B>Cafe</B><BR/>can handle 5,000>] t }
  subgraph cluster_demand { { s } }
  t -> c [minlen=0 weight=4 xlabel=<green chile>]
  c -> s [minlen=0 weight=4 xlabel=<school lunches>]
  c -> s [minlen=0 weight=1]
}
"""


def test_a_layout_dot_aborts_on_is_made_again_with_the_flat_edges_a_rank_long() -> None:
    """Two flat edges from one cluster to another make dot 2.4x abort (merge_chain); the
    layout is made again with them one rank long."""
    with pytest.raises(DotFailed, match="exit -"):
        draw(CRASH, "dot")
    laid = orient._pipe("dot", "dot", CRASH).decode("utf-8")
    assert "c -> s" in laid and "pos=" in laid


def test_with_no_functions_partners_stand_in_steps_along_the_product() -> None:
    """The bakery listed first still stands after the mill, the mill after the growers; a
    partner in a loop stands after what feeds the loop; the buyers last."""
    from vchain.loading.loader import load_document
    from vchain.render.columns import place, product_steps

    text = """vchain: 1
chain: {name: t, region: r, market_opportunity: m, coordinator: s}
functions: {}
partners:
  bakery: {name: Bakery, type: transactional}
  mill: {name: Mill, type: transactional}
  growers: {name: Growers, type: transactional}
  sorter: {name: Sorter, type: transactional}
  shop: {name: Shop, type: demand}
  s: {name: S, type: support, supports: [growers]}
flows:
- {from: mill, to: bakery, kind: product}
- {from: growers, to: mill, kind: product}
- {from: bakery, to: shop, kind: product}
- {from: mill, to: sorter, kind: product}
- {from: sorter, to: mill, kind: product}
"""
    doc = load_document("t.chain.yaml", text=text)
    assert doc.chain is not None
    steps = product_steps(doc.chain)
    assert (steps["growers"], steps["mill"], steps["bakery"]) == (0, 1, 2)
    assert steps["sorter"] == 2  # after the mill, which the growers feed
    columns, _, places = place(doc.chain, set())
    assert [c.title for c in columns] == ["Step 1", "Step 2", "Step 3", "Buyers"]
    assert places["shop"] == 3 and places["bakery"] == 2
