"""The numbers every analysis starts from, in the demand unit (analysis.md).

| wanted | the buyers' `demand` |
| deliverable | the maximum flow from where the product path starts to the buyers |
| delivered now | what reaches the buyers now: the `amount`s of product flows into buyers, else
  what the partners' `output`s (and the flows' amounts) let through; unknown where
  nothing says |
| capacity shortfall | wanted - deliverable |
| blocked demand | deliverable - delivered now, where positive: demand capacity could meet
  that something else holds back |
| unmet now | wanted - delivered now (= shortfall + blocked) |

Blocked demand is placed at the buyers it concerns: the flow is first run with every buyer
held to what it gets now, then let grow; where few enough buyers have room, each buyer's
part is what it alone could gain, scaled so that the parts add up to the whole.  A buyer
that some product path reaches through partners and flows of no stated capacity is
*unbounded*: nothing says how much it could get, so none of its unmet demand is called
blocked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from vchain.analysis.graph import ChainIndex, in_unit
from vchain.analysis.network import Bridge, CapacityNetwork, Spec, build

if TYPE_CHECKING:
    from vchain.analysis.context import Assumptions

FAIR_SHARE_BUYERS = 50
"""Up to this many buyers with blocked demand, each buyer's part is found by a flow of its
own (what it alone could gain); above, the parts are those of one shared flow."""


@dataclass
class Buyer:
    """One buyer's numbers (scaled integers of the network; blocked may be a fraction)."""

    wanted: int
    deliverable: int
    delivered_now: int | None
    blocked: Fraction
    bounded: bool
    more: int = 0
    """What it alone could get beyond what it gets now, the others held as they are."""


@dataclass
class Numbers:
    """The chain's numbers, scaled by ``network.scale`` (``amount`` turns them back)."""

    network: CapacityNetwork
    """The capacity network, solved (its maximum flow is the deliverable)."""
    wanted: int
    deliverable: int
    delivered_now: int | None
    blocked: Fraction
    buyers: dict[str, Buyer] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    """Buyers whose delivered now nothing in the file says."""
    unbounded: list[str] = field(default_factory=list)
    """Buyers reached by a product path with no stated capacity."""
    other_units: list[str] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return self.network.unit

    @property
    def shortfall(self) -> int:
        return self.wanted - self.deliverable

    @property
    def unmet_now(self) -> Fraction:
        if self.delivered_now is not None and not self.unknown:
            return Fraction(max(self.wanted - self.delivered_now, 0))
        return self.shortfall + self.blocked

    @property
    def bounded(self) -> bool:
        return not self.unbounded


def _quantities(index: ChainIndex, unit: str) -> tuple[dict[str, Fraction], list[str]]:
    chain = index.chain
    demands: dict[str, Fraction] = {}
    other: list[str] = []
    for pid in index.demand_partners:
        quantity = chain.partners[pid].demand
        value = in_unit(quantity, unit)
        if value is not None:
            demands[pid] = value
        elif quantity is not None:
            other.append(pid)
    return demands, sorted(other)


def capacity_spec(
    index: ChainIndex,
    unit: str,
    demands: dict[str, Fraction],
    bridges: list[Bridge],
    extra: list[Fraction],
) -> Spec:
    chain = index.chain
    return Spec(
        partner_caps={p: in_unit(chain.partners[p].capacity, unit) for p in index.partners},
        flow_caps={pf.index: in_unit(pf.flow.capacity, unit) for pf in index.product},
        demands=demands,
        bridges=bridges,
        extra_values=extra,
    )


def _now_spec(index: ChainIndex, unit: str, demands: dict[str, Fraction]) -> Spec:
    chain = index.chain
    buyers = set(demands)
    partner_caps = {}
    for pid in index.partners:
        partner = chain.partners[pid]
        now = in_unit(partner.output, unit)
        partner_caps[pid] = now if now is not None else in_unit(partner.capacity, unit)
    flow_caps: dict[int, Fraction | None] = {}
    literal: dict[int, Fraction] = {}
    for pf in index.product:
        amount = in_unit(pf.flow.amount, unit)
        if amount is not None and pf.target in buyers:
            literal[pf.index] = amount
            # what it sends to a buyer now is part of what the sender handles now
            sender = partner_caps.get(pf.source)
            if sender is not None:
                partner_caps[pf.source] = max(sender - amount, Fraction(0))
        flow_caps[pf.index] = amount if amount is not None else in_unit(pf.flow.capacity, unit)
    return Spec(partner_caps, flow_caps, demands, literal=literal)


def _reached_unlimited(
    index: ChainIndex, blocks_partner: set[str], blocks_flow: set[int]
) -> set[str]:
    """Partners some product path from a start reaches through no blocking partner or flow
    (a blocking partner is reached but passes nothing on)."""
    seen: set[str] = set()
    stack = list(index.starts)
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        if pid in blocks_partner:
            continue
        for pf in index.product_out.get(pid, ()):
            if pf.index not in blocks_flow and pf.target not in seen:
                stack.append(pf.target)
    return seen


def _unbounded(index: ChainIndex, unit: str, demands: dict[str, Fraction]) -> list[str]:
    chain = index.chain
    capped = {p for p in index.partners if in_unit(chain.partners[p].capacity, unit) is not None}
    capped_flows = {pf.index for pf in index.product if in_unit(pf.flow.capacity, unit) is not None}
    reached = _reached_unlimited(index, capped, capped_flows)
    return sorted(b for b in demands if b in reached and b not in capped)


def _known_now(index: ChainIndex, unit: str, demands: dict[str, Fraction]) -> set[str]:
    """Buyers whose every product in-flow has an amount, or comes from where outputs and
    amounts bound what passes (nothing reaches it by a path nobody states)."""
    chain = index.chain
    with_output = {p for p in index.partners if in_unit(chain.partners[p].output, unit) is not None}
    with_amount = {pf.index for pf in index.product if in_unit(pf.flow.amount, unit) is not None}
    reached = _reached_unlimited(index, with_output, with_amount)
    known = set()
    for buyer in demands:
        inflows = index.product_in.get(buyer, ())
        if all(
            pf.index in with_amount or pf.source in with_output or pf.source not in reached
            for pf in inflows
        ):
            known.add(buyer)
    return known


def compute(
    index: ChainIndex,
    bridges: list[Bridge],
    extra: list[Fraction],
    assumptions: Assumptions | None = None,
) -> Numbers | None:
    """The numbers of a chain, or None where no buyer states a demand; ``assumptions``
    raise capacities and deliver blocked demand (what-ifs)."""
    unit = index.unit
    if unit is None:
        return None
    demands, other = _quantities(index, unit)
    if not demands:
        return None
    now = build(index, unit, _now_spec(index, unit, demands))
    known = _known_now(index, unit, demands)
    unbounded = set(_unbounded(index, unit, demands))
    delivered = {b: Fraction(now.sink_flow(b), now.scale) for b in sorted(known)}
    if assumptions is not None:
        for buyer, more in assumptions.released.items():
            if buyer in delivered:
                delivered[buyer] = min(delivered[buyer] + more, demands[buyer])
    held = {
        b: (min(delivered[b], demands[b]) if b in delivered and b not in unbounded else demands[b])
        for b in demands
    }
    spec = capacity_spec(index, unit, held, bridges, [*extra, *demands.values()])
    network = build(index, unit, spec)
    if assumptions is not None:
        assumptions.apply(network)
        network.maximize()
    phase1 = network.copy()
    for buyer, amount in demands.items():
        e = network.edge("sink", buyer)
        if e is not None:
            network.open([e], network.scaled(amount))
    network.wanted = sum(network.scaled(d) for d in demands.values())
    network.maximize()
    return _numbers(network, phase1, demands, delivered, sorted(unbounded), other)


def _numbers(  # noqa: PLR0917 - the two phases and what they are made of
    network: CapacityNetwork,
    phase1: CapacityNetwork,
    demands: dict[str, Fraction],
    delivered: dict[str, Fraction],
    unbounded: list[str],
    other: list[str],
) -> Numbers:
    now = {b: min(network.scaled(v), network.scaled(demands[b])) for b, v in delivered.items()}
    wanted = {b: network.scaled(demands[b]) for b in demands}
    room = [b for b in sorted(now) if b not in unbounded and wanted[b] > now[b]]
    total = network.value - phase1.value
    alone = _alone(network, phase1, room, demands) if total > 0 else {}
    parts = _blocked_parts(network, room, now, alone, total)
    buyers = {
        b: Buyer(
            wanted=network.scaled(demands[b]),
            deliverable=network.sink_flow(b),
            delivered_now=now.get(b),
            blocked=parts.get(b, Fraction(0)),
            bounded=b not in unbounded,
            more=alone.get(b, 0),
        )
        for b in sorted(demands)
    }
    unknown = sorted(set(demands) - set(now))
    return Numbers(
        network=network,
        wanted=network.wanted,
        deliverable=network.value,
        delivered_now=sum(now.values()) if now and not unknown else None,
        blocked=sum(parts.values(), Fraction(0)),
        buyers=buyers,
        unknown=unknown,
        unbounded=unbounded,
        other_units=other,
    )


def _alone(
    network: CapacityNetwork,
    phase1: CapacityNetwork,
    room: list[str],
    demands: dict[str, Fraction],
) -> dict[str, int]:
    """What each buyer alone could gain, the others held to what they get now (up to
    ``FAIR_SHARE_BUYERS`` buyers; above, what the shared flow gives each)."""
    if len(room) > FAIR_SHARE_BUYERS:
        return {}
    out: dict[str, int] = {}
    for buyer in room:
        trial = phase1.copy()
        e = trial.edge("sink", buyer)
        assert e is not None
        trial.open([e], trial.scaled(demands[buyer]))
        gain = trial.maximize() - phase1.value
        if gain > 0:
            out[buyer] = gain
    return out


def _blocked_parts(
    network: CapacityNetwork,
    room: list[str],
    now: dict[str, int],
    alone: dict[str, int],
    total: int,
) -> dict[str, Fraction]:
    """Each buyer's part of the blocked demand: what it alone could gain, scaled so that
    the parts add up to the whole; for many buyers, what the shared flow gives each."""
    if total <= 0 or not room:
        return {}
    if not alone:
        return {
            b: Fraction(network.sink_flow(b) - now[b])
            for b in room
            if network.sink_flow(b) > now[b]
        }
    whole = sum(alone.values())
    return {b: Fraction(total * gain, whole) for b, gain in alone.items()}
