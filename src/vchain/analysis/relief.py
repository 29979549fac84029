"""What an opportunity sits on, whom it reaches, and what addressing it relieves.

- *Sits on*: a partner (a support partner: the partners it supports, and theirs in turn; a
  transactional partner off the product path: the partners it pays or serves),
  a flow's two ends, a function's performers (nobody: the partners its bridge joins), a
  resource's owner, users and the partners it could serve; a chain-wide opportunity sits
  on every partner.
- *Reaches*: what it sits on and everything their product reaches downstream.
- *Relieves* (levers on the flow network):
  - a capacity finding (VC105), or a declared bottleneck of cause `capacity` or
    `infrastructure`: the partner's or flow's capacity (a function's: its performers');
  - a declared bottleneck at a support partner: the capacities of the product flows in and
    out of the partners it supports (support works through their transactions: appraisals
    cap mortgages, mortgages cap sales), never those partners' own capacities; of cause
    `capacity` or `infrastructure`, nothing (the support partner's own capacity, off the
    product path: a slow lab is not the haul that binds beside it);
  - a gap at a function, a function nobody performs, a buyer no product reaches: its bridge;
  - a resource with `could_serve` and an `amount` in the demand unit: that amount added to
    the capacity of the partners it could serve.
- *Claims blocked demand*: a declared bottleneck of any cause but `capacity` or
  `infrastructure` (those are capacities: they relieve the partner's) claims the blocked
  demand of the buyers it reaches; so does, where none does, a function gap that product
  passes anyway (``vchain.analysis.filling.passed_gaps``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from vchain.analysis import filling
from vchain.analysis.graph import in_unit

if TYPE_CHECKING:
    from vchain.analysis.context import Context
    from vchain.analysis.network import CapacityNetwork, Tag
    from vchain.findings import Finding
    from vchain.model import Opportunity

Subject = tuple[str, str | int]
CAPACITY_CAUSES = frozenset({"capacity", "infrastructure"})


@dataclass(frozen=True)
class Lever:
    """One thing addressing an opportunity does to the network: an edge made unlimited
    (``add`` None) or raised by ``add``."""

    tag: Tag
    add: Fraction | None = None


def sits_on(ctx: Context, subject: Subject) -> list[str]:
    chain = ctx.chain
    what, ident = subject
    if what == "partner" and isinstance(ident, str) and ident in chain.partners:
        if chain.partners[ident].type == "support":
            return sorted({ident, *ctx.reach.supported(ident)})
        return [ident, *off_path_partners(ctx, ident)]
    if what == "flow":
        i = ctx.index.flow_keys.get(ident)
        flow = ctx.index.flow_at.get(i) if i is not None else None
        if flow is None:
            return []
        ends = {flow.from_} | ({flow.to} if flow.to else set())
        return sorted(p for p in ends if p in chain.partners)
    if what == "function" and isinstance(ident, str):
        doers = filling.performers(ctx.index, ident)
        if doers:
            return doers
        bridge = filling.function_bridge(ctx.index, ident)
        return sorted({*bridge.sources, *bridge.targets}) if bridge is not None else []
    if what == "resource" and isinstance(ident, str) and ident in chain.resources:
        r = chain.resources[ident]
        found = {*r.used_by, *r.could_serve} | ({r.owner} if r.owner else set())
        return sorted(p for p in found if p in chain.partners)
    if what in ("chain", "opportunity"):
        return sorted(chain.partners)
    return []


def off_path_partners(ctx: Context, pid: str) -> list[str]:
    """For a transactional partner off the product path (no product in or out: an electric
    co-op that pays contractors and bills members): the partners it pays or serves (its
    `money` and `service` flows), through whom its work reaches the chain."""
    index = ctx.index
    partners = ctx.chain.partners
    if partners[pid].type != "transactional" or pid in index.product_in or pid in index.product_out:
        return []
    return sorted(
        {
            f.to
            for _, f in index.flows
            if f.from_ == pid
            and f.kind in ("money", "service")
            and f.to in partners
            and f.to != pid
        }
    )


def reach_mask(ctx: Context, subject: Subject) -> int:
    """The partners it sits on and everyone their product reaches, as a bit set (for a
    flow: its two ends and what its receiver's product reaches)."""
    on = sits_on(ctx, subject)
    reach = ctx.reach
    if subject[0] == "flow":
        i = ctx.index.flow_keys.get(subject[1])
        flow = ctx.index.flow_at.get(i) if i is not None else None
        receiver = [flow.to] if flow is not None and flow.to else []
        return reach.mask(on) | reach.downstream(receiver)
    flowing = [p for p in on if p not in reach.support]
    return reach.mask(on) | reach.downstream(flowing)


def buyers_reached(ctx: Context, subject: Subject) -> list[str]:
    buyers = set(ctx.index.demand_partners)
    return [p for p in ctx.reach.members(reach_mask(ctx, subject)) if p in buyers]


def claims_blocked(opp: Opportunity) -> bool:
    return opp.kind == "bottleneck" and opp.cause not in CAPACITY_CAUSES


def _support_flows(ctx: Context, pid: str) -> list[Lever]:
    chain = ctx.chain
    unit = ctx.index.unit
    helped = {p for p in ctx.reach.supported(pid) if chain.partners[p].type != "support"}
    out = []
    for pf in ctx.index.product:
        touches = pf.source in helped or pf.target in helped
        if touches and in_unit(pf.flow.capacity, unit) is not None:
            out.append(Lever(("flow", pf.index)))
    return out


def resource_levers(ctx: Context, rid: str) -> list[Lever]:
    resource = ctx.chain.resources.get(rid)
    unit = ctx.index.unit
    amount = in_unit(resource.amount, unit) if resource is not None else None
    if resource is None or amount is None:
        return []
    return [Lever(("partner", p), amount) for p in sorted(set(resource.could_serve))]


def declared_levers(ctx: Context, opp: Opportunity) -> list[Lever]:
    """What addressing a declared opportunity relieves, by its kind, cause and place."""
    if opp.at is None:
        return []
    what, ident = opp.at.target
    chain = ctx.chain
    if opp.kind == "gap":
        return [Lever(("bridge", filling.function_key(ident)))] if what == "function" else []
    if opp.kind == "underutilized":
        return resource_levers(ctx, ident) if what == "resource" else []
    capacity = opp.cause in CAPACITY_CAUSES
    if what == "partner" and ident in chain.partners:
        if chain.partners[ident].type == "support":
            return [] if capacity else _support_flows(ctx, ident)
        return [Lever(("partner", ident))] if capacity else []
    if what == "flow" and capacity:
        i = ctx.index.flow_keys.get(ident)
        return [Lever(("flow", i))] if i is not None else []
    if what == "function" and capacity:
        return [Lever(("partner", p)) for p in filling.performers(ctx.index, ident)]
    return []


def finding_levers(ctx: Context, f: Finding) -> list[Lever]:
    """What addressing a detected finding relieves."""
    what, ident = f.subject
    if f.rule == "VC105":
        if what == "flow":
            i = ctx.index.flow_keys.get(ident)
            return [Lever(("flow", i))] if i is not None else []
        return [Lever(("partner", ident))]
    if f.rule == "VC101" and isinstance(ident, str):
        return [Lever(("bridge", filling.function_key(ident)))]
    if f.rule == "VC103" and isinstance(ident, str):
        return [Lever(("bridge", filling.buyer_key(ident)))]
    if f.rule == "VC110" and isinstance(ident, str):
        return resource_levers(ctx, ident)
    return []


def resolve(
    network: CapacityNetwork, levers: Sequence[Lever], quantity: Fraction | None = None
) -> list[tuple[int, int | None]]:
    """The levers as (edge, new capacity) in ``network``; with ``quantity``, what they relieve
    is raised to that much in all (shared in proportion to what each carries now) instead of
    made unlimited, and an amount added is replaced by it."""
    found: list[tuple[int, Lever]] = []
    for lever in levers:
        e = network.edges.get(lever.tag)
        if e is not None and (lever.add is not None or network.is_finite(e)):
            found.append((e, lever))
    if quantity is None:
        return [
            (e, None if lv.add is None else network.net.cap[e] + network.scaled(lv.add))
            for e, lv in found
        ]
    target = network.scaled(quantity)
    adds: list[tuple[int, int | None]] = [
        (e, network.net.cap[e] + target) for e, lv in found if lv.add is not None
    ]
    relieved = [e for e, lv in found if lv.add is None]
    now = sum(network.net.cap[e] for e in relieved)
    if not relieved:
        return adds
    if now == 0:
        return adds + [(e, target // len(relieved)) for e in relieved]
    return adds + [(e, network.net.cap[e] * target // now) for e in relieved]


def describe(tag: Tag, ctx: Context) -> str:
    """A lever's target in words: ``partner grower``, ``flow coop-to-schools``."""
    what, ident = tag
    if what == "flow":
        flow = ctx.index.flow_at[ident]
        return f"flow {flow.id}" if flow.id else f"flow #{ident}"
    if what == "bridge":
        kind, _, name = str(ident).partition(":")
        return f"a bridge for {kind} {name}"
    return f"{what} {ident}"


def tag_key(tag: Tag) -> tuple[str, Any]:
    return tag
