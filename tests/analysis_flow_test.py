"""The maximum flow, its minimum cut and the cascade, worked out by hand, and invariants."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vchain
from conftest import DATA, EXAMPLES
from vchain.analysis.flow import build_model, flow_summary
from vchain.analysis.graph import demand_unit, index_chain
from vchain.analysis.maxflow import Network
from vchain.model import Chain

DIAMOND = DATA / "analysis" / "diamond.chain.yaml"


def test_diamond_by_hand() -> None:
    # Farms can supply 30 + 50 = 80 boxes/wk; buyers want 40 + 50 = 90.  Buyer 1 is
    # reached only through the packer (60); buyer 2 through the shop, which gets the
    # packer's boxes and farm B's direct link (10) and sends at most 35.  The packer's
    # 60 and the direct link's 10 make a cut of 70: that is the most the chain delivers.
    summary = flow_summary(vchain.load(DIAMOND))
    assert summary is not None
    assert (summary.unit, summary.demand, summary.deliverable) == ("boxes/wk", 90, 70)
    assert summary.shortfall == 20
    assert summary.binding == ["packer", "b-direct"]
    # Relieved, buyer 1 gets 40 and buyer 2 the shop's 35: 75, and the shop's link binds;
    # relieved too, the farms' 80 bind; relieved too, all 90 are delivered.
    assert summary.cascade == [["shop-to-buyer2"], ["farm-a", "farm-b"]]
    assert summary.after == [75, 80, 90]


def test_relieving_one_binding_constraint_by_hand() -> None:
    model = build_model(index_chain(vchain.load(DIAMOND)))
    assert model is not None
    # The packer alone: 70 into the packer (30 + 40), 40 to buyer 1, 25 + 10 to the shop.
    assert model.amount(model.unlocked([model.node_edge["packer"]])) == 5
    # The direct link alone: the packer still sends 60, the shop gets 20 + 15 = 35.
    b_direct = model.flow_edge[2]
    assert model.amount(model.unlocked([b_direct])) == 5
    # Both: the shop's link (35) and buyer 1 (40) limit it to 75.
    assert model.amount(model.unlocked([model.node_edge["packer"], b_direct])) == 5
    # Not in the cut: relieving it changes nothing.
    assert model.unlocked([model.node_edge["farm-a"]]) == 0


def test_tomato_soup_numbers_of_the_story() -> None:
    summary = flow_summary(vchain.load(ROOT_EXAMPLE))
    assert summary is not None
    assert summary.unit == "cans/yr"
    assert (summary.demand, summary.deliverable, summary.shortfall) == (68000, 36000, 32000)
    assert summary.binding == ["small-farm-growers", "vegetable-grower"]
    assert summary.cascade[0] == ["coop-to-schools"]
    assert summary.after[0] == 40000


ROOT_EXAMPLE = next(p for p in EXAMPLES if p.name == "tomato-soup.chain.yaml")


def chain_of(text: str) -> Chain:
    return Chain.model_validate(__import__("yaml").safe_load(text))


BASE = """
vchain: 1
chain: {name: T, region: R, market_opportunity: M, coordinator: a}
functions: {grow: {name: Grow, stage: produce}}
partners:
  a: {name: A, type: transactional, performs: [grow], capacity: 10.5 kg}
  b: {name: B, type: demand, demand: "%s"}
  c: {name: C, type: demand, demand: 3 t}
flows:
  - {from: a, to: b, kind: product}
  - {from: a, to: c, kind: product}
"""


def test_only_the_demand_unit_is_compared_and_amounts_are_exact() -> None:
    summary = flow_summary(chain_of(BASE % "20.25 kg"))
    assert summary is not None
    # Two demand partners, one unit each: the tie goes to the first unit by name ("kg").
    assert summary.unit == "kg"
    assert summary.other_units == ["c"]
    assert (summary.demand, summary.deliverable, summary.shortfall) == (20.25, 10.5, 9.75)


def test_no_demand_means_no_summary() -> None:
    text = BASE.replace('demand: "%s"', "interests: [saves cost]").replace("demand: 3 t", "")
    chain = chain_of(text)
    assert demand_unit(chain) is None
    assert flow_summary(chain) is None


def test_no_stages_means_flows_start_where_nothing_flows_in() -> None:
    chain = chain_of(
        (BASE % "5 kg").replace("stage: produce", "essential: true").replace("3 t", "2 kg")
    )
    summary = flow_summary(chain)
    assert summary is not None
    assert (summary.demand, summary.deliverable, summary.shortfall) == (7, 7, 0)
    assert summary.binding == []


# -- invariants ----------------------------------------------------------------------


@st.composite
def random_chains(draw: st.DrawFn) -> str:
    """Layered chains with random capacities, demands and links (product flows only)."""
    rng = random.Random(draw(st.integers(0, 10_000)))
    layers = [[f"l{i}p{j}" for j in range(rng.randint(1, 3))] for i in range(rng.randint(1, 3))]
    buyers = [f"d{j}" for j in range(rng.randint(1, 3))]
    lines = [
        "vchain: 1",
        "chain: {name: R, region: R, market_opportunity: M, coordinator: l0p0}",
        "functions: {grow: {name: Grow, stage: produce}, make: {name: Make}}",
        "partners:",
    ]
    for i, layer in enumerate(layers):
        for pid in layer:
            cap = f", capacity: {rng.randint(0, 9)} u" if rng.random() < 0.7 else ""
            role = "grow" if i == 0 else "make"
            lines.append(f"  {pid}: {{name: P, type: transactional, performs: [{role}]{cap}}}")
    for pid in buyers:
        lines.append(f"  {pid}: {{name: D, type: demand, demand: {rng.randint(1, 9)} u}}")
    flows = []
    for upper, lower in zip(layers, [*layers[1:], buyers], strict=False):
        for src in upper:
            for dst in lower:
                if rng.random() < 0.7:
                    cap = f", capacity: {rng.randint(0, 9)} u" if rng.random() < 0.3 else ""
                    flows.append(f"  - {{from: {src}, to: {dst}, kind: product{cap}}}")
    lines += ["flows:", *flows] if flows else ["flows: []"]
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(random_chains())
def test_relieving_what_binds_never_lowers_what_is_delivered(text: str) -> None:
    model = build_model(index_chain(chain_of(text)))
    assert model is not None
    before = model.deliverable
    assert 0 <= before <= model.demand_total
    for edge in model.binding:
        assert model.unlocked([edge]) >= 0
        # The local search gives the same answer as flowing again from scratch.
        work = model.net.copy()
        work.relieve([edge])
        assert work.maximize(model.source, model.sink) - before == model.unlocked([edge])
    relieved = model.relieved(model.binding)
    assert relieved.deliverable >= before


@settings(max_examples=60, deadline=None)
@given(random_chains())
def test_the_cut_matches_the_flow_and_networkx(text: str) -> None:
    model = build_model(index_chain(chain_of(text)))
    assert model is not None
    graph = nx.DiGraph()
    for u in range(model.net.n):
        graph.add_node(u)
    for e in range(0, len(model.net.head), 2):
        u, v = model.net.head[e ^ 1], model.net.head[e]
        if model.net.cap[e] > 0:
            prior = graph.get_edge_data(u, v, {"capacity": 0})["capacity"]
            graph.add_edge(u, v, capacity=prior + model.net.cap[e])
    assert nx.maximum_flow_value(graph, model.source, model.sink) == model.deliverable
    if model.shortfall:
        # Max-flow min-cut: the edges leaving the source side carry exactly the flow,
        # and the binding constraints are among them.
        net, side = model.net, model.side
        leaving = [
            e for e in range(0, len(net.head), 2) if side[net.head[e ^ 1]] and not side[net.head[e]]
        ]
        assert sum(net.cap[e] for e in leaving) == model.deliverable
        assert set(model.binding) <= set(leaving)


def test_network_matches_networkx_on_random_graphs() -> None:
    rng = random.Random(5)
    for _ in range(200):
        n = rng.randint(2, 9)
        net, graph = Network(n), nx.DiGraph()
        graph.add_nodes_from(range(n))
        for _ in range(rng.randint(0, 20)):
            u, v = rng.randrange(n), rng.randrange(n)
            if u == v or graph.has_edge(u, v):
                continue
            cap = rng.choice([0, 1, 2, 5, 10])
            net.add_edge(u, v, cap)
            graph.add_edge(u, v, capacity=cap)
        net.seal()
        assert net.maximize(0, n - 1) == nx.maximum_flow_value(graph, 0, n - 1)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_have_a_shortfall_with_something_binding(example: object) -> None:
    summary = flow_summary(vchain.load(example))  # type: ignore[arg-type]
    assert summary is not None
    assert summary.shortfall > 0
    assert summary.binding
    assert summary.after and summary.after[0] > summary.deliverable


def test_chain_graph_is_built_in_a_fixed_order() -> None:
    from vchain.analysis.graph import chain_graph

    chain = vchain.load(DIAMOND)
    graph = chain_graph(chain)
    assert list(graph.nodes) == sorted(chain.partners)
    assert graph.nodes["buyer-1"]["type"] == "demand"
    assert graph.edges["farm-b", "shop", "b-direct"]["kind"] == "product"
    assert graph.edges["packer", "buyer-1", "flow#3"]["kind"] == "product"
    assert graph.edges["hub", "farm-a", "supports"]["kind"] == "support"
    assert list(chain_graph(chain).edges(keys=True)) == list(graph.edges(keys=True))
