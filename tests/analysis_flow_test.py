"""The numbers, the maximum flow, the union of minimum cuts and the cascade: worked out by
hand, and invariants checked against networkx and against brute force."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import vchain
from conftest import DATA, EXAMPLES
from vchain.analysis import cascade as cascades
from vchain.analysis.context import Context, summary_of
from vchain.analysis.flow import flow_summary
from vchain.analysis.graph import demand_unit, index_chain, sent_now, toll_loops
from vchain.analysis.maxflow import Network
from vchain.loading.loader import ChainDocument, load_document
from vchain.model import Chain

DIAMOND = DATA / "analysis" / "diamond.chain.yaml"
ROOT_EXAMPLE = next(p for p in EXAMPLES if p.name == "tomato-soup.chain.yaml")


def chain_of(text: str) -> Chain:
    return Chain.model_validate(__import__("yaml").safe_load(text))


def context_of(text: str) -> Context:
    doc = load_document("t.chain.yaml", text=text)
    assert doc.chain is not None, doc.findings
    return Context.of(doc)


def test_diamond_by_hand() -> None:
    # Farms can supply 30 + 50 = 80 boxes/wk; buyers want 40 + 50 = 90.  Buyer 1 is
    # reached only through the packer (60); buyer 2 through the shop, which gets the
    # packer's boxes and farm B's direct link (10) and sends at most 35.  The packer's
    # 60 and the direct link's 10 make a cut of 70: that is the most the chain delivers.
    summary = flow_summary(vchain.load(DIAMOND))
    assert summary is not None
    assert (summary.unit, summary.wanted, summary.deliverable) == ("boxes/wk", 90, 70)
    assert summary.shortfall == 20
    assert summary.binding == ["b-direct", "packer"]
    # Relieved, buyer 1 gets 40 and buyer 2 the shop's 35: 75, and the shop's link binds;
    # relieved too, the farms' 80 bind; relieved too, all 90 are delivered.
    assert summary.cascade == [["shop-to-buyer2"], ["farm-a", "farm-b"]]
    assert summary.after == [75, 80, 90]
    assert summary.met
    # Nothing says what reaches the buyers now: no amount, no output.
    assert summary.delivered_now is None
    assert summary.unmet_now == 20


def test_tomato_soup_numbers_of_the_story() -> None:
    summary = flow_summary(vchain.load(ROOT_EXAMPLE))
    assert summary is not None
    assert summary.unit == "cans/yr"
    assert (summary.wanted, summary.deliverable, summary.delivered_now) == (68000, 36000, 30000)
    assert (summary.shortfall, summary.blocked, summary.unmet_now) == (32000, 6000, 38000)
    # The whole cascade, to demand met: the processor's 48,000 shows (0.1.0 stopped at 45,000).
    assert [s.names for s in summary.steps] == [
        ["small-farm-growers", "vegetable-grower"],
        ["coop-to-schools"],
        ["distributor-co-op", "vegetable-aggregator"],
        ["soup-processor"],
    ]
    assert summary.after == [40000, 45000, 48000, 68000]
    assert summary.met
    # Designed for scale: at twice the demand, what binds in order.
    assert summary.scale is not None
    assert summary.scale.wanted == 136000
    assert summary.scale.binding[0] == ["small-farm-growers", "vegetable-grower"]


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
    assert (summary.wanted, summary.deliverable, summary.shortfall) == (20.25, 10.5, 9.75)


def test_no_demand_means_no_summary() -> None:
    text = BASE.replace('demand: "%s"', "interests: [saves cost]").replace("demand: 3 t", "")
    chain = chain_of(text)
    assert demand_unit(chain) is None
    assert flow_summary(chain) is None


SUPPLIER = """
vchain: 1
chain: {name: T, region: R, market_opportunity: M, coordinator: k}
functions: {supply: {name: S, stage: supply}, grow: {name: G, stage: produce}}
partners:
  seeds: {name: Seeds, type: transactional, performs: [supply], capacity: 10 u}
  grower: {name: Grower, type: transactional, performs: [grow]}
  other: {name: Other grower, type: transactional, performs: [grow], capacity: 5 u}
  school: {name: School, type: demand, demand: 100 u}
  k: {name: K, type: support, services: [coordination], supports: [grower]}
flows:
  - {from: seeds, to: grower, kind: product}
  - {from: grower, to: school, kind: product}
  - {from: other, to: school, kind: product}
"""


def test_only_where_the_path_starts_is_fed_a_suppliers_capacity_binds() -> None:
    """p1: the grower gets only what the seed supplier sends (0.1.0 fed every producer)."""
    ctx = context_of(SUPPLIER)
    assert ctx.index.starts == ["other", "seeds"]
    summary = ctx.summary
    assert summary is not None
    assert summary.deliverable == 15
    assert summary.binding == ["other", "seeds"]


NO_CAPACITY = """
vchain: 1
chain: {name: T, region: R, market_opportunity: M, coordinator: k}
functions: {grow: {name: G, stage: produce}, cook: {name: C, stage: process}}
partners:
  grower: {name: Grower, type: transactional, performs: [grow]}
  kitchen: {name: Kitchen, type: transactional, performs: [cook], output: 100 cans/yr}
  school: {name: School, type: demand, demand: 1000000 cans/yr}
  k: {name: K, type: support, services: [coordination], supports: [grower]}
flows:
  - {from: grower, to: kitchen, kind: product, amount: 100 cans/yr}
  - {from: kitchen, to: school, kind: product}
"""


def test_no_capacity_on_the_path_is_said_not_claimed() -> None:
    """p4: no capacity stated means the chain cannot claim it delivers everything."""
    summary = context_of(NO_CAPACITY).summary
    assert summary is not None
    assert not summary.bounded
    assert summary.unbounded == ["school"]
    assert summary.delivered_now == 100  # the kitchen's output lets 100 through
    assert summary.unmet_now == 999_900
    assert summary.blocked == 0  # nothing says capacity could do more
    assert summary.steps == []


def test_delivered_now_is_the_amounts_else_what_outputs_let_through() -> None:
    """p9: kitchen output 10 below capacity 100, grower capacity 50: 40 blocked."""
    text = (DATA / "probes" / "p9-single.chain.yaml").read_text(encoding="utf-8")
    numbers = context_of(text).summary
    assert numbers is not None
    assert (numbers.deliverable, numbers.delivered_now, numbers.blocked) == (50, 10, 40)
    assert (numbers.shortfall, numbers.unmet_now) == (50, 90)
    # with the amount into the school stated, the amount wins over the output
    stated = text.replace(
        "{from: kitchen, to: school, kind: product}",
        "{from: kitchen, to: school, kind: product, amount: 30 u}",
    )
    after = context_of(stated).summary
    assert after is not None
    assert (after.delivered_now, after.blocked) == (30, 20)


def test_cuts_of_equal_value_are_one_step() -> None:
    """p5: a and g2b bind, and so does b, with the same value: relieved together, 100."""
    summary = context_of((DATA / "probes" / "p5-cycle.chain.yaml").read_text("utf-8")).summary
    assert summary is not None
    assert summary.deliverable == 40
    assert [s.names for s in summary.steps] == [["a", "b", "g2b"]]
    assert summary.after == [100]


def test_a_constraint_whose_relief_gains_nothing_does_not_bind() -> None:
    """p8: the grower's 50 all go to the school; the hospital has no path. Nothing binds
    now; once the hospital is connected, the grower binds."""
    summary = context_of((DATA / "probes" / "p8-gap.chain.yaml").read_text("utf-8")).summary
    assert summary is not None
    assert summary.binding == []
    # connecting it alone gains nothing either: one step, the gap and what binds behind it
    assert [(s.kind, s.names, s.filled) for s in summary.steps] == [
        ("relieve", ["grower"], ["a way to hospital"]),
    ]
    assert summary.after == [100]


def test_serial_stretches_are_contracted_before_the_flow() -> None:
    """A long path of partners with no capacity of their own is one node in the network."""
    lines = [
        "vchain: 1",
        "chain: {name: S, region: R, market_opportunity: M, coordinator: c}",
        "functions: {grow: {name: G, stage: produce}, move: {name: M, stage: process}}",
        "partners:",
        "  c: {name: C, type: support, services: [coordination], supports: [hub]}",
        "  buyer: {name: B, type: demand, demand: 50 u}",
        "  hub: {name: H, type: transactional, performs: [move]}",
        *(
            f"  g{i}: {{name: G, type: transactional, performs: [grow], capacity: 1 u}}"
            for i in range(5)
        ),
        *(f"  p{j}: {{name: P, type: transactional, performs: [move]}}" for j in range(300)),
        "flows:",
        *(f"  - {{from: g{i}, to: hub, kind: product}}" for i in range(5)),
        "  - {from: hub, to: p0, kind: product}",
        *(f"  - {{from: p{j}, to: p{j + 1}, kind: product}}" for j in range(299)),
        "  - {from: p299, to: buyer, kind: product}",
    ]
    ctx = context_of("\n".join(lines) + "\n")
    numbers = ctx.numbers
    assert numbers is not None
    assert numbers.deliverable == 5
    # source, sink, the growers' in and out, and the serial path as one node
    assert numbers.network.net.n < 20


# -- invariants ----------------------------------------------------------------------


CASCADE_FILLS_A_BUYER = """vchain: 1
chain: {name: R, region: R, market_opportunity: M, coordinator: l0p0}
functions: {grow: {name: Grow, stage: produce}, make: {name: Make}}
partners:
  l0p0: {name: P, type: transactional, performs: [grow], capacity: 5 u, output: 2 u}
  l1p0: {name: P, type: transactional, performs: [make], capacity: 4 u}
  l2p0: {name: P, type: transactional, performs: [make], capacity: 1 u, output: 7 u}
  d0: {name: D, type: demand, demand: 9 u}
  d1: {name: D, type: demand, demand: 1 u}
flows:
  - {from: l1p0, to: l2p0, kind: product, amount: 3 u}
  - {from: l2p0, to: d1, kind: product, amount: 6 u}
"""
"""Found by hypothesis: d0 is reached only once its gap is filled, in the step that
relieves l2p0 (the filled bridge is part of that step)."""


@st.composite
def random_chains(draw: st.DrawFn) -> str:
    """Layered chains with random capacities, demands, outputs and links."""
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
            out = f", output: {rng.randint(0, 9)} u" if rng.random() < 0.3 else ""
            role = "grow" if i == 0 else "make"
            lines.append(f"  {pid}: {{name: P, type: transactional, performs: [{role}]{cap}{out}}}")
    for pid in buyers:
        lines.append(f"  {pid}: {{name: D, type: demand, demand: {rng.randint(1, 9)} u}}")
    flows = []
    for upper, lower in zip(layers, [*layers[1:], buyers], strict=False):
        for src in upper:
            for dst in lower:
                if rng.random() < 0.7:
                    cap = f", capacity: {rng.randint(0, 9)} u" if rng.random() < 0.3 else ""
                    amount = f", amount: {rng.randint(0, 9)} u" if rng.random() < 0.3 else ""
                    flows.append(f"  - {{from: {src}, to: {dst}, kind: product{cap}{amount}}}")
    if rng.random() < 0.3 and len(layers) > 1:  # a link back up: a cycle
        flows.append(f"  - {{from: {layers[-1][0]}, to: {layers[0][0]}, kind: product}}")
    lines += ["flows:", *flows] if flows else ["flows: []"]
    return "\n".join(lines) + "\n"


def reference_flow(ctx: Context) -> int:
    """The deliverable by networkx on the uncontracted network, built independently."""
    chain, index = ctx.chain, ctx.index
    graph = nx.DiGraph()

    def cap(q: object) -> float:
        return q.amount if q is not None and q.unit == index.unit else float("inf")  # type: ignore[attr-defined]

    for pid in index.partners:
        graph.add_edge(("in", pid), ("out", pid), capacity=cap(chain.partners[pid].capacity))
    tolls = toll_loops(index)  # a toll partner works on all its owner passes on to others
    for pf in index.product:
        u, v = ("out", pf.source), ("in", pf.target)
        if tolls.get(pf.source) == pf.target:
            v = ("done", pf.target)
        elif pf.source in tolls.values() and tolls.get(pf.target) != pf.source:
            u = ("done", pf.source)
        prior = graph.get_edge_data(u, v, {"capacity": 0})["capacity"]
        graph.add_edge(u, v, capacity=prior + cap(pf.flow.capacity))
    for pid in index.starts:  # a start that is no producer gets what it handles now
        fed = sent_now(index, pid) if pid not in index.open_starts else None
        graph.add_edge("s", ("in", pid), capacity=float("inf") if fed is None else fed)
    for pid in index.demand_partners:
        demand = chain.partners[pid].demand
        if demand is not None and demand.unit == index.unit:
            graph.add_edge(("out", pid), "t", capacity=demand.amount)
    if "s" not in graph or "t" not in graph:
        return 0
    return round(nx.maximum_flow_value(graph, "s", "t"))


@settings(max_examples=80, deadline=None)
@given(random_chains())
def test_deliverable_matches_networkx_on_the_whole_network(text: str) -> None:
    ctx = context_of(text)
    numbers = ctx.numbers
    assert numbers is not None
    assert numbers.deliverable == reference_flow(ctx)
    assert 0 <= numbers.deliverable <= numbers.wanted
    assert numbers.blocked >= 0
    if numbers.delivered_now is not None and not numbers.unknown:
        assert numbers.unmet_now == max(numbers.wanted - numbers.delivered_now, 0)


@settings(max_examples=80, deadline=None)
@given(random_chains())
@example(CASCADE_FILLS_A_BUYER)
def test_every_cascade_step_raises_the_flow_and_ends_met_or_stuck(text: str) -> None:
    ctx = context_of(text)
    numbers, cascade = ctx.numbers, ctx.cascade
    assert numbers is not None and cascade is not None
    previous = numbers.deliverable
    for step in cascade.steps:
        assert step.after > previous or step.kind == "fill"
        previous = step.after
    assert cascade.end == previous
    if not cascade.met:
        # nothing left binds: relieving every finite capacity gains nothing more
        work = numbers.network.copy()
        for step in cascade.steps:
            work.open(step.edges)
            work.open(step.filled)  # the gaps the cascade filled on its way
        work.open(work.constraints)
        work.maximize()
        assert work.value == cascade.end


def brute_min_cut_edges(net: Network, s: int, t: int) -> set[int]:
    """Every edge in some minimum cut, by trying every cut (small networks only)."""
    others = [v for v in range(net.n) if v not in (s, t)]
    best, found = None, set()
    for bits in itertools.product((0, 1), repeat=len(others)):
        side = {s, *(v for v, b in zip(others, bits, strict=True) if b)}
        edges = [
            e
            for e in range(0, len(net.head), 2)
            if net.head[e ^ 1] in side and net.head[e] not in side
        ]
        value = sum(net.cap[e] for e in edges)
        if best is None or value < best:
            best, found = value, set(edges)
        elif value == best:
            found |= set(edges)
    return {e for e in found if net.cap[e] > 0}


def test_the_union_of_minimum_cuts_matches_brute_force() -> None:
    rng = random.Random(11)
    for _ in range(300):
        n = rng.randint(2, 7)
        net = Network(n)
        for _ in range(rng.randint(1, 14)):
            u, v = rng.randrange(n), rng.randrange(n)
            if u != v:
                net.add_edge(u, v, rng.choice([0, 1, 2, 3, 5]))
        net.seal()
        net.maximize(0, n - 1)
        every = list(range(0, len(net.head), 2))
        found = set(net.in_some_min_cut(every, 0))
        assert {e for e in found if net.cap[e] > 0} == brute_min_cut_edges(net, 0, n - 1)
        side = net.source_side(0)
        for e in found - brute_min_cut_edges(net, 0, n - 1):  # capacity 0: in the source-side cut
            assert net.cap[e] == 0 and side[net.head[e ^ 1]] and not side[net.head[e]]


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


def test_raising_a_capacity_keeps_the_flow_and_continues_it() -> None:
    net = Network(3)
    a = net.add_edge(0, 1, 5)
    net.add_edge(1, 2, 20)
    net.seal()
    assert net.maximize(0, 2) == 5
    net.raise_capacity(a, 12)
    assert net.maximize(0, 2) == 12
    net.raise_capacity(a, 3)  # never lowers
    assert net.cap[a] == 12


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_have_a_shortfall_with_something_binding(example: object) -> None:
    summary = flow_summary(vchain.load(example))  # type: ignore[arg-type]
    assert summary is not None
    assert summary.shortfall > 0
    assert summary.binding
    assert summary.after and summary.after[0] > summary.deliverable
    assert summary.delivered_now is not None


def test_summary_of_a_model_without_positions() -> None:
    chain = vchain.load(DIAMOND)
    assert summary_of(chain) == Context.of(ChainDocument("<chain>", chain=chain)).summary
    assert cascades.Cascade().constraints == []


KILN = """
vchain: 1
chain: {name: T, region: R, market_opportunity: M, coordinator: k}
functions: {saw: {name: Saw, stage: produce}, dry: {name: Dry, stage: process}}
partners:
  mill: {name: Mill, type: transactional, performs: [saw], capacity: 1200 MBF/yr}
  kiln: {name: Kiln, type: transactional, performs: [dry], capacity: 150 MBF/yr}
  shops: {name: Shops, type: demand, demand: 400 MBF/yr}
  k: {name: K, type: support, services: [coordination], supports: [mill]}
flows:
  - {from: mill, to: kiln, kind: product}
  - {from: kiln, to: mill, kind: product}
  - {from: mill, to: shops, kind: product}
"""


def test_a_toll_partner_works_on_everything_its_owner_sends_on() -> None:
    """The kiln takes the mill's lumber and gives it back: all the mill sends to the shops
    has been through the kiln, whose 150 bind (without the loop, the mill's 1,200 would)."""
    ctx = context_of(KILN)
    assert toll_loops(ctx.index) == {"kiln": "mill"}
    summary = ctx.summary
    assert summary is not None
    assert (summary.deliverable, summary.binding) == (150, ["kiln"])


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
    assert index_chain(chain).starts == ["farm-a", "farm-b"]
