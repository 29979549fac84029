"""The chain as a flow network in the demand unit: what every number of the analysis is
computed on.

- A partner with a capacity stated in the demand unit is two nodes, ``in`` and ``out``,
  joined by an edge of that capacity (node splitting); a partner without one is a single
  node.
- A `product` flow is an edge from its sender to its receiver, of the flow's capacity when
  stated in the demand unit, else unlimited.
- The source feeds, unlimited, only the partners where the product path starts (they
  send product and receive none: ``ChainIndex.starts``), so a supplier's capacity binds
  its customers.
- A buyer whose demand is in the demand unit feeds the sink with its demand.
- A *toll partner* (one that takes product from a single partner and gives it back: a
  kiln working on a sawmill's lumber) works on everything that partner passes on to
  others: the network routes the partner's onward flows through it.
- A *bridge* stands for a gap filled: a node between the partners before the gap and
  those after it, closed (capacity 0) until it is opened. It has no capacity of its own
  once open, so what binds around it still binds.

Serial stretches with no capacity of their own (a partner that passes on everything it
gets to one next partner) are contracted before the flow: they cannot bind, and a long
path of them would make every augmenting path as long as the chain.  Amounts are exact
fractions scaled by one common denominator to integers, so results are exact and the
same on every run.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from vchain.analysis.graph import ChainIndex, ProductFlow, number, sent_now
from vchain.analysis.maxflow import Network

Tag = tuple[str, Any]
"""What an edge stands for: ("partner", id), ("flow", index), ("sink", buyer id),
("bridge", key), ("start", partner id), ("link", ...)."""


@dataclass(frozen=True)
class Bridge:
    """A gap filled: product may pass from ``sources`` (partner ids; empty: the source of
    the flow) to ``targets`` (partner ids) once the bridge is open."""

    key: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]


@dataclass
class Spec:
    """What a network is built from, in the demand unit (None: unlimited)."""

    partner_caps: Mapping[str, Fraction | None]
    flow_caps: Mapping[int, Fraction | None]
    demands: Mapping[str, Fraction]
    bridges: Sequence[Bridge] = ()
    literal: Mapping[int, Fraction] = field(default_factory=dict)
    """Flows into buyers taken as given: fed straight from the source with this amount."""
    extra_values: Sequence[Fraction] = ()
    """Other amounts that will be set on edges later (kept exact by the common scale)."""


@dataclass
class CapacityNetwork:
    """A solved flow network and what each of its edges stands for."""

    index: ChainIndex
    unit: str
    scale: int
    net: Network
    source: int
    sink: int
    wanted: int
    edges: dict[Tag, int] = field(default_factory=dict)
    """Each edge that stayed after contraction, by what it stands for."""
    tag_of: dict[int, Tag] = field(default_factory=dict)
    constraints: list[int] = field(default_factory=list)
    """Edges of stated capacities: partners' and flows' (what can bind)."""
    inside: dict[str, int] = field(default_factory=dict)
    """Each partner's node where product comes in (after contraction)."""
    outside: dict[str, int] = field(default_factory=dict)
    """... and where it goes out."""

    # -- amounts ---------------------------------------------------------------------
    def amount(self, scaled: int) -> int | float:
        """A scaled amount back in the demand unit, as a JSON number."""
        return number(Fraction(scaled, self.scale))

    def scaled(self, value: Fraction) -> int:
        return math.floor(value * self.scale)

    # -- the flow ----------------------------------------------------------------------
    @property
    def value(self) -> int:
        return self.net.value

    def copy(self) -> CapacityNetwork:
        """A copy that owns its flow and capacities (what-ifs leave this one alone)."""
        return replace(self, net=self.net.copy())

    def maximize(self) -> int:
        return self.net.maximize(self.source, self.sink)

    def open(self, edges: Iterable[int], capacity: int | None = None) -> None:
        """Raise edges to ``capacity`` (None: unlimited); the flow stays valid."""
        for e in edges:
            self.net.raise_capacity(e, self.net.inf if capacity is None else capacity)

    def sink_flow(self, buyer: str) -> int:
        e = self.edges.get(("sink", buyer))
        return 0 if e is None else self.net.cap[e] - self.net.res[e]

    def is_finite(self, e: int) -> bool:
        return not self.net.is_infinite(e)

    def unlimited_reach(self, start: int) -> set[int]:
        """Nodes reached from ``start`` through unlimited edges only."""
        net = self.net
        seen = {start}
        stack = [start]
        while stack:
            u = stack.pop()
            for e in net.adj[u]:
                if e & 1 == 0 and net.cap[e] >= net.inf and net.head[e] not in seen:
                    seen.add(net.head[e])
                    stack.append(net.head[e])
        return seen

    def edge(self, what: str, ident: Any) -> int | None:
        return self.edges.get((what, ident))

    def label(self, e: int) -> str:
        """How a constraint is named: a partner's id, a flow's id (else ``flow#3``)."""
        what, ident = self.tag_of[e]
        if what == "flow":
            flow = self.index.flow_at[ident]
            return flow.id if flow.id is not None else f"flow#{ident}"
        return str(ident)

    def subject(self, e: int) -> tuple[str, str | int]:
        what, ident = self.tag_of[e]
        if what == "flow":
            return ("flow", self.index.flow_at[ident].key)
        return (what, ident)


def _common_scale(values: Iterable[Fraction | None]) -> int:
    scale = 1
    for v in values:
        if v is not None:
            scale = math.lcm(scale, v.denominator)
    return scale


class _Builder:
    """Abstract nodes and edges first; contraction; then the dense network."""

    def __init__(self) -> None:
        self.nodes = 2  # 0: source, 1: sink
        self.edges: list[tuple[int, int, int | None, Tag]] = []

    def node(self) -> int:
        self.nodes += 1
        return self.nodes - 1

    def add(self, u: int, v: int, capacity: int | None, tag: Tag) -> None:
        self.edges.append((u, v, capacity, tag))

    def contracted(self) -> list[int]:
        """A representative for every node: the two ends of an unlimited edge that is its
        tail's only way out and its head's only way in are one node (a serial link that
        can never bind; every minimum cut of stated capacities is kept)."""
        parent = list(range(self.nodes))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        out_degree = [0] * self.nodes
        in_degree = [0] * self.nodes
        for u, v, _, _ in self.edges:
            out_degree[u] += 1
            in_degree[v] += 1
        for u, v, capacity, _ in self.edges:
            if capacity is None and u != v and out_degree[u] == 1 and in_degree[v] == 1:
                a, b = find(u), find(v)
                if a != b and {a, b} != {0, 1}:
                    low, high = min(a, b), max(a, b)  # the source and sink stay themselves
                    parent[high] = low
        return [find(x) for x in range(self.nodes)]


def other_inputs(index: ChainIndex, unit: str) -> set[int]:
    """Product flows that carry an input of another kind: stated only in units other than
    ``unit`` (14 pallets/mo of cups) into a partner that also receives product stated in
    it (340 cwt of milk).  They carry none of the product: the partner is fed through its
    inputs in the unit, and the cups do not become yogurt without the milk."""

    def units(pf: ProductFlow) -> set[str]:
        return {q.unit for q in (pf.flow.amount, pf.flow.capacity) if q is not None}

    fed_in_unit = {pf.target for pf in index.product if unit in units(pf)}
    return {
        pf.index
        for pf in index.product
        if pf.target in fed_in_unit and units(pf) and unit not in units(pf)
    }


def _carried(index: ChainIndex, unit: str) -> list[ProductFlow]:
    """The product flows that carry the product, in a canonical order (so that the flow
    found, and how it is shared, never depends on the order of the file)."""
    skipped = other_inputs(index, unit)
    return sorted(
        (pf for pf in index.product if pf.index not in skipped),
        key=lambda pf: (pf.source, pf.target, str(pf.key)),
    )


def build(index: ChainIndex, unit: str, spec: Spec) -> CapacityNetwork:
    """The solved network of ``spec`` (maximum flow computed)."""
    values: list[Fraction | None] = [
        *(sent_now(index, s) for s in index.starts if s not in index.open_starts),
        *spec.partner_caps.values(),
        *spec.flow_caps.values(),
        *spec.demands.values(),
        *spec.literal.values(),
        *spec.extra_values,
    ]
    scale = _common_scale(values)

    def scaled(v: Fraction | None) -> int | None:
        return None if v is None else math.floor(v * scale)

    b = _Builder()
    inside: dict[str, int] = {}
    outside: dict[str, int] = {}
    for pid in index.partners:
        inside[pid] = b.node()
        cap = spec.partner_caps.get(pid)
        if cap is None:
            outside[pid] = inside[pid]
        else:
            outside[pid] = b.node()
            b.add(inside[pid], outside[pid], scaled(cap), ("partner", pid))
    tolls = index.tolls
    done = {p: b.node() for p in sorted(set(tolls.values()))}
    for pf in _carried(index, unit):
        if pf.index in spec.literal:
            b.add(0, inside[pf.target], scaled(spec.literal[pf.index]), ("literal", pf.index))
            continue
        link = scaled(spec.flow_caps.get(pf.index))
        tail, head = outside[pf.source], inside[pf.target]
        if tolls.get(pf.source) == pf.target:  # back from the toll partner: done
            head = done[pf.target]
        elif pf.source in done and tolls.get(pf.target) != pf.source:
            tail = done[pf.source]  # on to others only once the toll partner has worked on it
        b.add(tail, head, link, ("flow", pf.index))
    outside = {**outside, **done}
    receivers = {pf.target for pf in index.product}
    buyers = set(index.demand_partners)
    bridged = {p for bridge in spec.bridges for p in bridge.sources}
    across = {p for bridge in spec.bridges for p in bridge.targets}
    # a partner that would send product across a gap once filled starts a path too, unless
    # a filled gap would bring product to it
    extra = sorted(
        p for p in bridged - receivers - buyers - across - set(index.starts) if p in inside
    )
    for pid in (*index.starts, *extra):
        # a start nothing is mapped into that is no producer gets what it handles now
        fed = None if pid in index.open_starts or pid in extra else sent_now(index, pid)
        b.add(0, inside[pid], scaled(fed), ("start", pid))
    wanted = 0
    for pid in sorted(spec.demands):
        amount = scaled(spec.demands[pid]) or 0
        wanted += amount
        b.add(outside[pid], 1, amount, ("sink", pid))
    for bridge in spec.bridges:
        gate_in, gate_out = b.node(), b.node()
        b.add(gate_in, gate_out, 0, ("bridge", bridge.key))
        for pid in bridge.sources or ("",):
            b.add(outside[pid] if pid else 0, gate_in, None, ("link", bridge.key))
        for pid in bridge.targets:
            b.add(gate_out, inside[pid], None, ("link", bridge.key))
    ends = (inside, outside)
    return _solve(CapacityNetwork(index, unit, scale, Network(0), 0, 1, wanted), b, spec, ends)


def _solve(
    model: CapacityNetwork,
    b: _Builder,
    spec: Spec,
    ends: tuple[dict[str, int], dict[str, int]],
) -> CapacityNetwork:
    rep = b.contracted()
    dense: dict[int, int] = {}
    for r in rep:
        dense.setdefault(r, len(dense))
    net = model.net = Network(len(dense))
    model.source, model.sink = dense[rep[0]], dense[rep[1]]
    model.inside = {pid: dense[rep[node]] for pid, node in ends[0].items()}
    model.outside = {pid: dense[rep[node]] for pid, node in ends[1].items()}
    for u, v, capacity, tag in b.edges:
        ru, rv = dense[rep[u]], dense[rep[v]]
        if ru == rv:
            continue  # inside a contracted stretch: it can never bind
        e = net.add_edge(ru, rv, capacity)
        if tag[0] != "link":
            model.edges[tag] = e
            model.tag_of[e] = tag
        if capacity is not None and tag[0] in ("partner", "flow"):
            model.constraints.append(e)
    extra = sum(math.ceil(v * model.scale) for v in spec.extra_values)
    net.seal(model.wanted + extra)
    net.maximize(model.source, model.sink)
    return model
