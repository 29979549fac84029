"""How much of the demand the chain can deliver: a maximum flow over product flows.

The network, in the demand unit (the unit most demand partners state demand in):

- every partner is two nodes, ``in`` and ``out``, joined by an edge of the partner's
  ``capacity`` when it is stated in the demand unit, else unlimited (node splitting);
- every `product` flow is an edge from its sender's ``out`` to its receiver's ``in``, of
  the flow's ``capacity`` when stated in the demand unit, else unlimited;
- a source feeds, unlimited, every partner that performs a `supply` or `produce`
  function (where the chain gives no such stage: every partner that sends product and
  receives none);
- every demand partner whose ``demand`` is in the demand unit feeds a sink with it.

The maximum flow is what the chain can deliver.  The minimum cut (the partners and flows
saturated on the source side of the residual network) is what binds; relieving it
(making it unlimited) and flowing again shows what binds next: the cascade.  Amounts are
exact fractions scaled to integers, so results are the same on every run.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from vchain.analysis.graph import (
    ChainIndex,
    in_unit,
    index_chain,
    number,
    reachable_from_origins,
)
from vchain.analysis.maxflow import Network

if TYPE_CHECKING:
    from vchain.model import Chain

CASCADE_ROUNDS = 3
"""How many times the binding constraints are relieved to find what binds next."""


@dataclass(frozen=True)
class FlowSummary:
    """The chain's capacity against its demand, in the demand unit.

    ``binding`` names the partners and flows of the minimum cut (partner ids; flow ids,
    or ``flow#3`` for a flow without an id).  ``cascade[0]`` is what binds once those
    are relieved, ``cascade[1]`` what binds after that, and so on; ``after[i]`` is what
    the chain could deliver after the i-th relief.  ``other_units`` lists demand
    partners whose demand is in another unit and is left out of the comparison.
    """

    unit: str
    demand: int | float
    deliverable: int | float
    shortfall: int | float
    binding: list[str] = field(default_factory=list)
    cascade: list[list[str]] = field(default_factory=list)
    after: list[int | float] = field(default_factory=list)
    other_units: list[str] = field(default_factory=list)

    def numbers(self) -> dict[str, Any]:
        """Demand, deliverable and shortfall in the chain's unit."""
        return {
            "unit": self.unit,
            "demand": self.demand,
            "deliverable": self.deliverable,
            "shortfall": self.shortfall,
        }

    def to_json(self) -> dict[str, object]:
        return {
            **self.numbers(),
            "binding": list(self.binding),
            "cascade": [list(step) for step in self.cascade],
        }


def flow_numbers(summary: FlowSummary | None) -> dict[str, Any] | None:
    """``summary.numbers()``, or None where the chain states no comparable demand."""
    return summary.numbers() if summary is not None else None


@dataclass
class FlowModel:
    """The network of one chain, solved, with what each edge stands for."""

    index: ChainIndex
    unit: str
    scale: int
    net: Network
    source: int
    sink: int
    demand_total: int
    node_edge: dict[str, int] = field(default_factory=dict)
    flow_edge: dict[int, int] = field(default_factory=dict)
    fill_edge: dict[str, int] = field(default_factory=dict)
    label: dict[int, str] = field(default_factory=dict)
    subject: dict[int, tuple[str, str | int]] = field(default_factory=dict)
    constraints: list[int] = field(default_factory=list)
    binding: list[int] = field(default_factory=list)
    cut: frozenset[int] = frozenset()
    side: list[bool] = field(default_factory=list)
    other_side: list[bool] = field(default_factory=list)
    rounds: list[tuple[int, list[int]]] = field(default_factory=list)
    reached: set[str] = field(default_factory=set)
    _unlocked: dict[frozenset[int], int] = field(default_factory=dict)

    def amount(self, scaled: int) -> int | float:
        return number(Fraction(scaled, self.scale))

    @property
    def deliverable(self) -> int:
        return self.net.value

    @property
    def shortfall(self) -> int:
        return self.demand_total - self.net.value

    def labels(self, edges: Iterable[int]) -> list[str]:
        return [self.label[e] for e in edges]

    def unlocked(self, edges: Iterable[int]) -> int:
        """How much more the chain delivers with these edges relieved (scaled)."""
        chosen = frozenset(e for e in edges if not self.net.is_infinite(e))
        if not chosen & self.cut or self.shortfall == 0:
            return 0
        if chosen not in self._unlocked:
            self._unlocked[chosen] = self._gain(chosen)
        return self._unlocked[chosen]

    def _gain(self, chosen: frozenset[int]) -> int:
        if len(chosen) == 1:
            (edge,) = chosen
            return min(
                self.net.gain_through(edge, self.source, self.sink, self.side, self.other_side),
                self.shortfall,
            )
        work = self.net.copy()
        work.relieve(sorted(chosen))
        return work.maximize(self.source, self.sink) - self.net.value

    def relieved(self, edges: Iterable[int]) -> FlowModel:
        """A new model with these edges relieved for good (a what-if)."""
        work = self.net.copy()
        work.relieve(sorted(set(edges)))
        work.maximize(self.source, self.sink)
        other = replace(self, net=work, rounds=[], _unlocked={})
        _settle(other)
        return other

    # -- what an opportunity's target relieves ------------------------------------
    def partner_edges(self, pid: str) -> list[int]:
        """A partner's capacity; for a demand partner no product reaches, a direct supply."""
        out = [self.node_edge[pid]] if pid in self.node_edge else []
        if pid in self.fill_edge and pid not in self.reached:
            out.append(self.fill_edge[pid])
        return out

    def support_edges(self, supported: Iterable[str]) -> list[int]:
        """The supported partners' capacities and the product flows they send and receive."""
        out: list[int] = []
        index = self.index
        for pid in supported:
            out += self.partner_edges(pid)
            flows = (*index.product_out.get(pid, ()), *index.product_in.get(pid, ()))
            out += [self.flow_edge[pf.index] for pf in flows]
        return out

    def function_edges(self, performers: Iterable[str]) -> list[int]:
        """The performers' capacities and the product flows they send."""
        out: list[int] = []
        for pid in performers:
            out += self.partner_edges(pid)
            out += [self.flow_edge[pf.index] for pf in self.index.product_out.get(pid, ())]
        return out


def _scale(values: Iterable[Fraction]) -> int:
    scale = 1
    for v in values:
        scale = math.lcm(scale, v.denominator)
    return scale


def build_model(index: ChainIndex) -> FlowModel | None:
    """The solved network of a chain, or None when no demand is stated."""
    unit = index.unit
    if unit is None:
        return None
    chain = index.chain
    partners = index.partners
    caps = {pid: in_unit(chain.partners[pid].capacity, unit) for pid in partners}
    flow_caps = {pf.index: in_unit(pf.flow.capacity, unit) for pf in index.product}
    demands = {pid: in_unit(chain.partners[pid].demand, unit) for pid in index.demand_partners}
    demands = {pid: d for pid, d in demands.items() if d is not None}
    values = [v for v in (*caps.values(), *flow_caps.values(), *demands.values()) if v]
    scale = _scale(values)

    def scaled(v: Fraction | None) -> int | None:
        return None if v is None else int(v * scale)

    n = len(partners)
    position = {pid: i for i, pid in enumerate(partners)}
    source, sink = 2 * n, 2 * n + 1
    net = Network(2 * n + 2)
    model = FlowModel(index, unit, scale, net, source, sink, 0)
    model.reached = reachable_from_origins(index)
    for pid in partners:
        e = net.add_edge(2 * position[pid], 2 * position[pid] + 1, scaled(caps[pid]))
        model.node_edge[pid] = e
        if caps[pid] is not None:
            model.constraints.append(e)
        model.label[e], model.subject[e] = pid, ("partner", pid)
    for pf in index.product:
        e = net.add_edge(2 * position[pf.source] + 1, 2 * position[pf.target], None)
        cap = scaled(flow_caps[pf.index])
        if cap is not None:
            net.cap[e] = cap
            model.constraints.append(e)
        model.flow_edge[pf.index] = e
        model.label[e], model.subject[e] = pf.label, ("flow", pf.key)
    for pid in index.origins:
        net.add_edge(source, 2 * position[pid], None)
    for pid in sorted(demands):
        amount = scaled(demands[pid]) or 0
        net.add_edge(2 * position[pid] + 1, sink, amount)
        model.demand_total += amount
        model.fill_edge[pid] = net.add_edge(source, 2 * position[pid], 0)
    net.seal(model.demand_total)
    net.maximize(source, sink)
    _settle(model)
    return model


def _settle(model: FlowModel) -> None:
    """Find the binding constraints and the cut of a solved model."""
    net = model.net
    finite = [e for e in model.constraints if not net.is_infinite(e)]
    if model.shortfall == 0:
        model.binding, model.cut = [], frozenset()
        return
    side = model.side = net.source_side(model.source)
    model.other_side = [not x for x in side]
    crossing = [
        e
        for e in (*finite, *model.fill_edge.values())
        if side[net.head[e ^ 1]] and not side[net.head[e]]
    ]
    model.cut = frozenset(crossing)
    model.binding = [e for e in finite if e in model.cut]


def cascade(model: FlowModel, rounds: int = CASCADE_ROUNDS) -> list[tuple[int, list[int]]]:
    """Relieve what binds, flow again, and repeat: (deliverable, binding) after each relief."""
    if model.rounds or not model.binding:
        return model.rounds
    current = model
    for _ in range(rounds):
        if not current.binding:
            break
        current = current.relieved(current.binding)
        model.rounds.append((current.deliverable, list(current.binding)))
    return model.rounds


def summarize(model: FlowModel) -> FlowSummary:
    chain = model.index.chain
    steps = cascade(model)
    other = sorted(
        pid
        for pid in model.index.demand_partners
        if chain.partners[pid].demand is not None and pid not in model.fill_edge
    )
    return FlowSummary(
        unit=model.unit,
        demand=model.amount(model.demand_total),
        deliverable=model.amount(model.deliverable),
        shortfall=model.amount(model.shortfall),
        binding=model.labels(model.binding),
        cascade=[model.labels(b) for _, b in steps if b],
        after=[model.amount(value) for value, _ in steps],
        other_units=other,
    )


def flow_summary(chain: Chain) -> FlowSummary | None:
    """The maximum flow against demand, or None when no demand partner states demand."""
    model = build_model(index_chain(chain))
    return None if model is None else summarize(model)
