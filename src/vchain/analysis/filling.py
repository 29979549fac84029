"""Gaps valued by filling them: where a filled gap would let product pass.

- A function gap (an essential function nobody performs, or a gap partners declared at a
  function) is bridged from the partners of the nearest function before it that someone
  performs (none before: where the product path starts) to those of the nearest function
  after it (none after: the buyers its performers serve, or every buyer where nobody
  performs it).
  Functions that are not essential are ways beside the path, not steps of it: they are
  passed over.
  Where the partners after it are those before it and others come later, the later ones.
- A buyer no product reaches is connected from the transactional partners it already deals
  with (money, information or a service between them), else from the performers of the
  last stage that deliver to no buyer yet, else from the partners that deliver to the other
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
    from collections.abc import Sequence

    from vchain.analysis.context import Context
    from vchain.analysis.graph import ChainIndex
    from vchain.analysis.network import CapacityNetwork
    from vchain.analysis.points import Point


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
        before = [] if _optional(index, other) else performers(index, other)
        if before:
            break
    after: list[str] = []
    for other in order[at + 1 :]:
        found = [] if _optional(index, other) else performers(index, other)
        if found and (not after or set(after) == set(before)):
            after = found  # past the partners before it where others come later
        if after and set(after) != set(before):
            break
    if not after:
        doers = performers(index, fid)
        served = {pf.target for p in doers for pf in index.product_out.get(p, ())}
        after = sorted(served & set(index.demand_partners)) or list(index.demand_partners)
    if not after:
        return None
    return Bridge(function_key(fid), tuple(before), tuple(after))


def _optional(index: ChainIndex, fid: str) -> bool:
    """Whether a function is not essential: a way beside the path (a custom-exempt cut for
    household buyers beside the inspected one; growers hauling their own harvest where a
    pickup run would only save them cost), not a step of it."""
    return not index.chain.functions[fid].essential


def _dealings(index: ChainIndex, buyers: set[str]) -> dict[str, list[str]]:
    """The transactional partners each of ``buyers`` already deals with (money,
    information or a service between them): who would bring it the product.  One pass
    over the flows."""
    partners = index.chain.partners
    out: dict[str, set[str]] = {}
    for _, f in index.flows:
        for buyer, other in ((f.from_, f.to), (f.to, f.from_)):
            dealt = buyer in buyers and other in partners and other != buyer
            if dealt and partners[str(other)].type == "transactional":
                out.setdefault(str(buyer), set()).add(str(other))
    return {b: sorted(found) for b, found in out.items()}


def _idle_deliverers(index: ChainIndex) -> list[str]:
    """The performers of the last stage that deliver to no buyer yet (the distributor that
    would deliver to institutions, were there product)."""
    buyers = set(index.demand_partners)
    last = last_stage_functions(index.chain)
    doers = {p for fid in last for p in performers(index, fid)}
    return sorted(
        p for p in doers if not any(pf.target in buyers for pf in index.product_out.get(p, ()))
    )


def buyer_bridges(index: ChainIndex, unreached: list[str]) -> dict[str, Bridge]:
    """The bridge of each buyer in ``unreached`` (what is shared is worked out once)."""
    buyers = set(index.demand_partners)
    dealt = _dealings(index, set(unreached))
    hops = _idle_deliverers(index)
    if not hops:
        hops = sorted({pf.source for pf in index.product if pf.target in buyers})
    if not hops:
        last = last_stage_functions(index.chain)
        hops = sorted({p for fid in last for p in performers(index, fid)})
    if not hops:
        hops = list(index.starts)
    return {b: Bridge(buyer_key(b), tuple(dealt.get(b) or hops), (b,)) for b in unreached}


def buyer_bridge(index: ChainIndex, buyer: str) -> Bridge:
    return buyer_bridges(index, [buyer])[buyer]


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
    unreached = [pid for pid in index.demand_partners if pid not in reached]
    out += list(buyer_bridges(index, unreached).values())
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


def redundant(
    network: CapacityNetwork, bridge: Bridge, reach: dict[int, set[int]] | None = None
) -> bool:
    """Whether the bridge's ends are already joined by paths of no stated capacity.
    ``reach``: what each node reaches so, kept between calls on the same network (many
    bridges share their sources: every buyer linked from the one distributor)."""
    memo: dict[int, set[int]] = {} if reach is None else reach
    sources = [network.outside[p] for p in bridge.sources] or [network.source]
    targets = {network.inside[p] for p in bridge.targets}
    for s in sources:
        if s not in memo:
            memo[s] = network.unlimited_reach(s)
        if not targets <= memo[s]:
            return False
    return True


def passed_gaps(ctx: Context, network: CapacityNetwork, points: Sequence[Point]) -> list[str]:
    """The function gaps that product passes anyway (the flows drawn join the partners on
    either side of the missing function, so filling it adds no capacity): what the missing
    function holds back is delivery, as a declared bottleneck's cause does.  A function of
    the stage `other` is no step of the product path and holds nothing back; one somebody
    performs is no missing function (a gap declared there is about how it is done)."""
    bridges = {b.key: b for b in ctx.bridges}
    functions = ctx.chain.functions
    reach: dict[int, set[int]] = {}
    out = []
    for point in points:
        fids = [
            fid
            for lv in point.levers
            if lv.tag[0] == "bridge" and str(lv.tag[1]).startswith("function:")
            for fid in [str(lv.tag[1]).partition(":")[2]]
        ]
        keys = [
            function_key(fid)
            for fid in fids
            if fid in functions
            and functions[fid].stage != "other"
            and not performers(ctx.index, fid)
        ]
        found = [bridges[k] for k in keys if k in bridges]
        if found and all(redundant(network, b, reach) for b in found):
            out.append(point.id)
    return out
