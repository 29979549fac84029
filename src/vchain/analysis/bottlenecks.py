"""Bottlenecks: unmet needs (VC104), the capacity cascade (VC105), single points of failure
(VC106) and blocked demand (VC115). Each rule is documented, with its examples, in
``vchain.rules.analysis_rules``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from vchain.analysis.graph import amount_text, names, number
from vchain.analysis.relief import buyers_reached, claims_blocked
from vchain.analysis.structure import partner_node, roots
from vchain.rules.analysis_rules import (
    BLOCKED_DEMAND,
    CAPACITY_SHORTFALL,
    SINGLE_POINT_OF_FAILURE,
    UNMET_NEED,
)

if TYPE_CHECKING:
    from vchain.analysis.cascade import Step
    from vchain.analysis.context import Context
    from vchain.analysis.flow import FlowSummary
    from vchain.analysis.network import CapacityNetwork
    from vchain.findings import Finding

DATA_LIST_LIMIT = 20


def unmet_need(ctx: Context) -> Iterator[Finding]:
    chain = ctx.chain
    met: dict[str, set[str]] = {}
    providers: dict[str, list[str]] = {}
    for sid in sorted(chain.partners):
        supporter = chain.partners[sid]
        if supporter.type != "support":
            continue
        for service in supporter.services:
            providers.setdefault(service, []).append(sid)
        for pid in supporter.supports:
            met.setdefault(pid, set()).update(supporter.services)
    for pid in ctx.index.partners:
        partner = chain.partners[pid]
        for i, need in enumerate(partner.needs):
            if need in met.get(pid, set()):
                continue
            others = providers.get(need, [])
            hint = (
                f"{names(others, 3)} provide{'s' if len(others) == 1 else ''} {need}: "
                f"add {pid} to `supports`"
                if others
                else f"find a support partner that provides {need}"
            )
            yield UNMET_NEED.finding(
                ctx.doc,
                f"{pid} needs {need} but no support partner provides it",
                ("partners", pid, "needs", i),
                subject=("partner", pid),
                hint=hint,
                data={"need": need},
            )


def _head(items: list[str]) -> list[str]:
    return items[:DATA_LIST_LIMIT]


def numbers_data(summary: FlowSummary) -> dict[str, Any]:
    return {k: v for k, v in summary.numbers().items() if k != "demand"}


def numbers_text(summary: FlowSummary) -> str:
    """The chain can deliver 36,000 of the 68,000 cans/yr the buyers want."""
    return (
        f"the chain can deliver {amount_text(summary.deliverable)} of the "
        f"{amount_text(summary.wanted)} {summary.unit} the buyers want"
    )


def _quantity(network: CapacityNetwork, edge: int) -> str:
    return f"{amount_text(network.amount(network.net.cap[edge]))} {network.unit}"


def _now(ctx: Context, edge: int, network: CapacityNetwork) -> str:
    """What the partner or flow handles now, where the file says it."""
    what, ident = network.tag_of[edge]
    if what == "partner":
        quantity = ctx.chain.partners[ident].output
    else:
        quantity = ctx.index.flow_at[ident].amount
    if quantity is None or quantity.unit != network.unit:
        return ""
    return f" ({amount_text(quantity.amount)} now)"


def capacity_shortfall(ctx: Context) -> Iterator[Finding]:
    """VC105: every constraint of the cascade, at the step where it binds."""
    numbers, cascade, summary = ctx.numbers, ctx.cascade, ctx.summary
    if numbers is None or cascade is None or summary is None:
        return
    network = numbers.network
    relief = [s for s in cascade.steps if s.kind == "relieve"]
    named = [sorted(network.label(e) for e in s.edges) for s in relief]
    base = numbers_data(summary)
    steps = cascade.steps
    for k, step in enumerate(relief):
        at = steps.index(step)
        following = steps[at + 1] if at + 1 < len(steps) else None
        then = _then(network, following, step.after)
        gaps = _filled(network, step.filled) if step.filled else ""
        earlier_fill = any(s.kind == "fill" for s in steps[:at])
        for edge in step.edges:
            finding = _constraint_finding(ctx, network, edge, k, named, then, base, step.after)
            if gaps or (k == 0 and earlier_fill):
                where = gaps or _filled(network, next(s for s in steps if s.kind == "fill").edges)
                fixed = finding.message.replace(
                    "and that binds now",
                    f"and that binds once the gaps at {where} are filled (until then relieving "
                    "it gains nothing)",
                )
                finding = replace(finding, message=fixed, severity="info")
            yield finding


def _then(network: CapacityNetwork, following: Step | None, after: int) -> str:
    """What comes once a step is relieved."""
    if following is None:
        return (
            "; relieved, demand is met"
            if after >= network.wanted
            else "; relieved, nothing more binds"
        )
    if following.kind == "fill":
        gaps = _filled(network, following.edges)
        return f"; relieved, nothing more binds until the gaps at {gaps} are filled"
    later = sorted(network.label(e) for e in following.edges)
    return f"; relieved, {names(later)} {'binds' if len(later) == 1 else 'bind'} next"


def _others(step: list[str], label: str, limit: int = 5) -> str:
    """The other constraints of a step, named as ``names`` would (a step may hold
    thousands: only the first few are looked at)."""
    shown = [x for x in step[: limit + 1] if x != label][:limit]
    more = len(step) - 1 - len(shown)
    return names(shown) if more <= 0 else ", ".join(shown) + f" and {more} more"


def _filled(network: CapacityNetwork, edges: tuple[int, ...]) -> str:
    """The gaps a fill step opens, by their place: ``hospital``, ``package-cups``."""
    return names([str(network.tag_of[e][1]).partition(":")[2] for e in edges])


def _constraint_finding(  # noqa: PLR0917 - one finding's many facts
    ctx: Context,
    network: CapacityNetwork,
    edge: int,
    k: int,
    named: list[list[str]],
    then: str,
    base: dict[str, Any],
    after: int,
) -> Finding:
    what, ident = network.tag_of[edge]
    label = network.label(edge)
    with_others = f" (with {_others(named[k], label)})" if len(named[k]) > 1 else ""
    summary = ctx.summary
    assert summary is not None
    if what == "partner":
        path: tuple[Any, ...] = ("partners", ident, "capacity")
        head = f"{label} can handle {_quantity(network, edge)}"
    else:
        flow = ctx.index.flow_at[ident]
        path = ("flows", ident, "capacity")
        head = f"flow {label} ({flow.from_} to {flow.to}) can carry {_quantity(network, edge)}"
    head += _now(ctx, edge, network)
    if k == 0:
        text = f"{head}, and that binds now{with_others}: {numbers_text(summary)}{then}"
    else:
        before = names(named[k - 1])
        text = (
            f"{head}, and that binds next{with_others}, once {before} "
            f"{'is' if len(named[k - 1]) == 1 else 'are'} relieved (step {k + 1} of the "
            f"cascade, at {amount_text(network.amount(after))} {network.unit}){then}"
        )
    data = {**base, "step": k + 1, "binding": _head(named[k]), "after": network.amount(after)}
    if what == "flow":
        flow = ctx.index.flow_at[ident]
        data["from"], data["to"] = flow.from_, flow.to
    finding = CAPACITY_SHORTFALL.finding(
        ctx.doc, text, path, subject=network.subject(edge), data=data
    )
    return finding if k == 0 else replace(finding, severity="info")


def claimants(ctx: Context) -> dict[str, list[str]]:
    """The open declared bottlenecks (not of cause capacity) that reach each buyer."""
    out: dict[str, list[str]] = {}
    for oid, opp in sorted(ctx.chain.opportunities.items()):
        if opp.status == "addressed" or not claims_blocked(opp):
            continue
        subject = opp.at.target if opp.at is not None else ("chain", "chain")
        for buyer in buyers_reached(ctx, subject):
            out.setdefault(buyer, []).append(oid)
    return out


def blocked_demand(ctx: Context) -> Iterator[Finding]:
    """VC115: a buyer the capacity could serve more than it is served now."""
    numbers = ctx.numbers
    if numbers is None:
        return
    network = numbers.network
    declared = claimants(ctx)
    for pid, buyer in numbers.buyers.items():
        if buyer.blocked <= 0 or buyer.delivered_now is None:
            continue
        blocked = number(buyer.blocked / network.scale)
        more = network.amount(buyer.more) if buyer.more else blocked
        unit = network.unit
        claimed = declared.get(pid, [])
        why = (
            f"declared: {names(claimed)}"
            if claimed
            else "no declared bottleneck reaches it: what holds it back?"
        )
        text = (
            f"{pid} gets {amount_text(network.amount(buyer.delivered_now))} {unit} now and the "
            f"chain's capacity could bring it up to {amount_text(more)} more: something other "
            f"than capacity holds it back ({why})"
        )
        data = {
            "unit": unit,
            "blocked": blocked,
            "up_to": more,
            "delivered_now": network.amount(buyer.delivered_now),
            "claimed_by": claimed,
        }
        finding = BLOCKED_DEMAND.finding(
            ctx.doc, text, ("partners", pid), key=True, subject=("partner", pid), data=data
        )
        if claimed:
            finding = replace(finding, related=claimed[0])
        yield finding


def single_point_of_failure(ctx: Context) -> Iterator[Finding]:
    """VC106: a risk, never an opportunity to unlock demand."""
    index = ctx.index
    if len(roots(index)) < 2 or not index.demand_partners:
        return
    dom = ctx.dominance
    labels = {pf.index: pf.label for pf in index.product}
    numbers = ctx.numbers
    for pid in index.partners:
        served = [d for d in dom.dominated_demand(partner_node(pid)) if d != pid]
        if not served:
            continue
        flows = [labels[i] for i in dom.sole_flows(partner_node(pid))]
        share = _demand_share(numbers, served) if numbers is not None else None
        of = f" ({round(float(share) * 100)}% of the demand)" if share is not None else ""
        yield SINGLE_POINT_OF_FAILURE.finding(
            ctx.doc,
            f"risk: every product path to {names(served)} passes through {pid}{of}: "
            f"if it stops, {'they get' if len(served) > 1 else 'that buyer gets'} nothing",
            ("partners", pid),
            key=True,
            subject=("partner", pid),
            hint="a second partner able to do the same work makes the chain resilient",
            data={
                "demand_partners": _head(served),
                "demand_count": len(served),
                "flows": _head(flows),
                "demand_share": None if share is None else round(float(share), 3),
            },
        )


def _demand_share(numbers: Any, served: list[str]) -> Fraction | None:
    if not numbers.wanted:
        return None
    total = sum(numbers.buyers[b].wanted for b in served if b in numbers.buyers)
    return Fraction(total, numbers.wanted)
