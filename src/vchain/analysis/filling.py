"""Gaps valued by filling them: where a filled gap would let product pass.

- A function gap (an essential function nobody performs, or a gap partners declared at a
  function) is bridged from the partners of the nearest function before it that someone
  performs (none before: where the product path starts) to those of the nearest function
  after it (none after: the buyers its performers serve, or every buyer where nobody
  performs it).
- A buyer no product reaches is connected from the partners that deliver to the other
  buyers (none: the performers of the last stage; none: where the path starts).

A bridge has no capacity of its own: the partners at its two ends keep theirs, so what
binds around a filled gap still binds.  A bridge whose ends are already joined by a path
of no stated capacity changes nothing and is left out of the game.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vchain.analysis.gaps import last_stage_functions
from vchain.analysis.network import Bridge

if TYPE_CHECKING:
    from vchain.analysis.graph import ChainIndex
    from vchain.analysis.network import CapacityNetwork


def function_key(fid: str) -> str:
    return f"function:{fid}"


def buyer_key(pid: str) -> str:
    return f"buyer:{pid}"


def performers(index: ChainIndex, fid: str) -> list[str]:
    chain = index.chain
    return sorted(
        pid for pid, p in chain.partners.items() if p.type == "transactional" and fid in p.performs
    )


def function_bridge(index: ChainIndex, fid: str) -> Bridge | None:
    order = list(index.chain.functions)
    if fid not in order:
        return None
    at = order.index(fid)
    before: list[str] = []
    for other in reversed(order[:at]):
        before = performers(index, other)
        if before:
            break
    after: list[str] = []
    for other in order[at + 1 :]:
        after = performers(index, other)
        if after:
            break
    if not after:
        doers = performers(index, fid)
        served = {pf.target for p in doers for pf in index.product_out.get(p, ())}
        after = sorted(served & set(index.demand_partners)) or list(index.demand_partners)
    if not after:
        return None
    return Bridge(function_key(fid), tuple(before), tuple(after))


def buyer_bridge(index: ChainIndex, buyer: str) -> Bridge:
    buyers = set(index.demand_partners)
    hops = sorted({pf.source for pf in index.product if pf.target in buyers})
    if not hops:
        last = last_stage_functions(index.chain)
        hops = sorted({p for fid in last for p in performers(index, fid)})
    if not hops:
        hops = list(index.starts)
    return Bridge(buyer_key(buyer), tuple(hops), (buyer,))


def structural_gaps(index: ChainIndex, reached: set[str]) -> list[Bridge]:
    """The bridges of the detected gaps: essential functions nobody performs, and buyers no
    product reaches."""
    chain = index.chain
    done = {fid for p in chain.partners.values() if p.type == "transactional" for fid in p.performs}
    out = [
        b
        for fid, f in chain.functions.items()
        if f.essential and fid not in done
        for b in [function_bridge(index, fid)]
        if b is not None
    ]
    out += [buyer_bridge(index, pid) for pid in index.demand_partners if pid not in reached]
    return out


def declared_gaps(index: ChainIndex) -> list[Bridge]:
    """The bridges of open gaps partners declared at a function."""
    out = []
    for opp in index.chain.opportunities.values():
        if opp.kind == "gap" and opp.status != "addressed" and opp.at is not None:
            what, ident = opp.at.target
            bridge = function_bridge(index, ident) if what == "function" else None
            if bridge is not None:
                out.append(bridge)
    return out


def all_bridges(index: ChainIndex, reached: set[str]) -> list[Bridge]:
    """Every bridge, once each, in a fixed order."""
    seen: dict[str, Bridge] = {}
    for bridge in (*structural_gaps(index, reached), *declared_gaps(index)):
        seen.setdefault(bridge.key, bridge)
    return [seen[k] for k in sorted(seen)]


def redundant(network: CapacityNetwork, bridge: Bridge) -> bool:
    """Whether the bridge's ends are already joined by paths of no stated capacity."""
    sources = [network.outside[p] for p in bridge.sources] or [network.source]
    targets = {network.inside[p] for p in bridge.targets}
    return all(targets <= network.unlimited_reach(s) for s in sources)
