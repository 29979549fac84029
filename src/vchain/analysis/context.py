"""What the detections and the ranking of one document share, each computed once when asked:
the chain's index, its numbers, its cascade, the cascade at K times the demand, the
dominator tree and the partners downstream of each."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from vchain.analysis import cascade as cascades
from vchain.analysis import filling
from vchain.analysis.flow import FlowSummary, ScaleSummary, step_summaries, summarize
from vchain.analysis.graph import ChainIndex, exact, in_unit, index_chain, reachable_from_origins
from vchain.analysis.numbers import Numbers, capacity_spec, compute
from vchain.analysis.reach import Reach
from vchain.analysis.structure import Dominance, dominance

if TYPE_CHECKING:
    from vchain.analysis.network import Bridge, CapacityNetwork, Tag
    from vchain.loading.loader import ChainDocument
    from vchain.model import Chain

DEFAULT_SCALE = Fraction(2)
"""The K of "what binds at K times the demand" when --scale is not given."""


@dataclass
class Assumptions:
    """What-ifs applied to the network: capacities raised (None: without limit) and blocked
    demand delivered at buyers (both in the demand unit)."""

    mods: list[tuple[Tag, Fraction | None]] = field(default_factory=list)
    released: dict[str, Fraction] = field(default_factory=dict)

    def apply(self, network: CapacityNetwork) -> None:
        for tag, capacity in self.mods:
            e = network.edges.get(tag)
            if e is not None:
                network.open([e], None if capacity is None else network.scaled(capacity))


@dataclass
class Scaled:
    """The chain at K times the demand: its network (solved) and its cascade."""

    k: Fraction
    network: CapacityNetwork
    cascade: cascades.Cascade


@dataclass
class Context:
    """One document under analysis; the costly parts are computed once, when first asked."""

    doc: ChainDocument
    chain: Chain
    index: ChainIndex
    scale_k: Fraction = DEFAULT_SCALE
    quantities: list[Fraction] = field(default_factory=list)
    """Amounts that what-ifs (--assume ID=QUANTITY) will set, kept exact by the scale."""
    assumptions: Assumptions | None = None
    _numbers: Numbers | None = None
    _numbers_done: bool = False
    _cascade: cascades.Cascade | None = None
    _scaled: Scaled | None = None
    _summary: FlowSummary | None = None
    _dominance: Dominance | None = None
    _reached: set[str] | None = None
    _bridges: list[Bridge] | None = None
    _reach: Reach | None = None

    @classmethod
    def of(
        cls,
        doc: ChainDocument,
        *,
        scale: Fraction | None = None,
        quantities: list[Fraction] | None = None,
    ) -> Context:
        assert doc.chain is not None
        return cls(
            doc,
            doc.chain,
            index_chain(doc.chain),
            scale_k=scale if scale is not None else DEFAULT_SCALE,
            quantities=list(quantities or ()),
        )

    def assuming(self, chain: Chain, assumptions: Assumptions) -> Context:
        """The same document with ``chain`` (opportunities addressed) and what-ifs applied."""
        extra = [c for _, c in assumptions.mods if c is not None]
        other = Context(
            self.doc,
            chain,
            index_chain(chain),
            scale_k=self.scale_k,
            quantities=[*self.quantities, *extra, *assumptions.released.values()],
            assumptions=assumptions,
        )
        other._bridges = self.bridges
        return other

    # -- structure ---------------------------------------------------------------------
    @property
    def dominance(self) -> Dominance:
        if self._dominance is None:
            self._dominance = dominance(self.index)
        return self._dominance

    @property
    def reached(self) -> set[str]:
        """Partners some product path from a producer reaches."""
        if self._reached is None:
            self._reached = reachable_from_origins(self.index)
        return self._reached

    @property
    def reach(self) -> Reach:
        if self._reach is None:
            self._reach = Reach(self.index)
        return self._reach

    @property
    def bridges(self) -> list[Bridge]:
        """Every gap as a bridge: detected (functions, buyers) and declared at functions."""
        if self._bridges is None:
            self._bridges = filling.all_bridges(self.index, self.reached)
        return self._bridges

    # -- numbers -----------------------------------------------------------------------
    def _extra(self) -> list[Fraction]:
        unit = self.index.unit
        out = list(self.quantities)
        for resource in self.chain.resources.values():
            value = in_unit(resource.amount, unit)
            if value is not None:
                out.append(value)
        return out

    @property
    def numbers(self) -> Numbers | None:
        """Wanted, deliverable, delivered now, shortfall, blocked: None without demand."""
        if not self._numbers_done:
            self._numbers = compute(self.index, self.bridges, self._extra(), self.assumptions)
            self._numbers_done = True
        return self._numbers

    def structural_bridge_edges(self, network: CapacityNetwork) -> list[int]:
        """The bridges of the detected gaps that would change anything."""
        keys = {b.key for b in filling.structural_gaps(self.index, self.reached)}
        reach: dict[int, set[int]] = {}
        out = []
        for bridge in self.bridges:
            e = network.edge("bridge", bridge.key)
            if (
                bridge.key in keys
                and e is not None
                and not filling.redundant(network, bridge, reach)
            ):
                out.append(e)
        return out

    @property
    def cascade(self) -> cascades.Cascade | None:
        numbers = self.numbers
        if numbers is None:
            return None
        if self._cascade is None:
            network = numbers.network
            self._cascade = cascades.run(network, self.structural_bridge_edges(network))
        return self._cascade

    def at_scale(self, k: Fraction | None = None) -> Scaled | None:
        """The chain with every demand ``k`` times as large (default: ``scale_k``)."""
        k = self.scale_k if k is None else k
        numbers = self.numbers
        if numbers is None:
            return None
        if self._scaled is not None and self._scaled.k == k:
            return self._scaled
        from vchain.analysis.network import build

        index, unit = self.index, numbers.unit
        demands = {
            pid: exact(q) * k
            for pid in index.demand_partners
            for q in [self.chain.partners[pid].demand]
            if q is not None and q.unit == unit
        }
        spec = capacity_spec(index, unit, demands, self.bridges, self._extra())
        network = build(index, unit, spec)
        if self.assumptions is not None:
            self.assumptions.apply(network)
            network.maximize()
        scaled = Scaled(k, network, cascades.run(network, self.structural_bridge_edges(network)))
        if k == self.scale_k:
            self._scaled = scaled
        return scaled

    def scale_summary(self) -> ScaleSummary | None:
        scaled = self.at_scale()
        if scaled is None:
            return None
        network = scaled.network
        return ScaleSummary(
            k=_plain(scaled.k),
            wanted=network.amount(network.wanted),
            deliverable=network.amount(network.value),
            steps=step_summaries(network, scaled.cascade),
        )

    @property
    def summary(self) -> FlowSummary | None:
        if self._summary is None:
            numbers, cascade = self.numbers, self.cascade
            if numbers is None or cascade is None:
                return None
            self._summary = summarize(numbers, cascade, self.scale_summary())
        return self._summary


def _plain(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


def summary_of(chain: Chain, scale: Fraction | None = None) -> FlowSummary | None:
    """The numbers and the cascade of a chain model (positions unknown), or None without
    demand."""
    from vchain.loading.loader import ChainDocument

    return Context.of(ChainDocument(path="<chain>", chain=chain), scale=scale).summary
