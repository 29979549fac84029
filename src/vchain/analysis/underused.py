"""Underutilized resources: in the region, not yet mobilized (VC110-VC114).

Each rule is documented, with its examples, in ``vchain.rules.analysis_rules``.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING

from vchain.analysis.graph import amount_text, exact, flow_subject, number
from vchain.rules.analysis_rules import (
    IDLE_SUPPORT_PARTNER,
    UNDERUSED_CAPACITY,
    UNUSED_BY_PRODUCT,
    UNUSED_RESOURCE,
    UNWOVEN_PARTNER,
)

if TYPE_CHECKING:
    from vchain.analysis.context import Context
    from vchain.findings import Finding


def unused_resource(ctx: Context) -> Iterator[Finding]:
    for rid, resource in ctx.chain.resources.items():
        if not resource.used_by:
            owner = f", owned by {resource.owner}" if resource.owner else ""
            yield UNUSED_RESOURCE.finding(
                ctx.doc,
                f"resource {rid} ({resource.name}{owner}) is used by no partner yet",
                ("resources", rid),
                key=True,
                subject=("resource", rid),
            )


def threshold(ctx: Context) -> Fraction:
    settings = ctx.chain.analysis
    value = settings.underused_below if settings is not None else 0.6
    return Fraction(repr(float(value)))


def underused_capacity(ctx: Context) -> Iterator[Finding]:
    below = threshold(ctx)
    for pid in ctx.index.partners:
        partner = ctx.chain.partners[pid]
        cap, out = partner.capacity, partner.output
        if partner.type != "transactional" or cap is None or out is None:
            continue
        if cap.unit != out.unit or exact(cap) == 0:
            continue
        used = exact(out) / exact(cap)
        if used >= below:
            continue
        percent = round(float(used) * 100)
        yield UNDERUSED_CAPACITY.finding(
            ctx.doc,
            f"{pid} handles {amount_text(out.amount)} of the {amount_text(cap.amount)} "
            f"{cap.unit} it could ({percent}% used, under {round(float(below) * 100)}%): "
            f"{amount_text(number(exact(cap) - exact(out)))} {cap.unit} to spare",
            ("partners", pid, "output"),
            subject=("partner", pid),
            data={
                "unit": cap.unit,
                "capacity": number(exact(cap)),
                "output": number(exact(out)),
                "used": round(float(used), 3),
                "threshold": float(below),
            },
        )


def unused_by_product(ctx: Context) -> Iterator[Finding]:
    for i, flow in ctx.index.flows:
        if flow.kind == "by-product" and flow.to is None:
            what = f" ({flow.what})" if flow.what else ""
            label = flow.id or f"#{i}"
            yield UNUSED_BY_PRODUCT.finding(
                ctx.doc,
                f"by-product flow {label}{what} from {flow.from_} goes to no one: "
                "a side stream nobody uses",
                ("flows", i),
                subject=flow_subject(i, flow),
                hint="who in the region could use it? name them in `to`",
            )


def _woven(ctx: Context) -> set[str]:
    woven: set[str] = set()
    for _, flow in ctx.index.flows:
        woven.add(flow.from_)
        if flow.to is not None:
            woven.add(flow.to)
    for pid, partner in ctx.chain.partners.items():
        if partner.supports:
            woven.add(pid)
            woven.update(partner.supports)
    return woven


def unwoven_partner(ctx: Context) -> Iterator[Finding]:
    woven = _woven(ctx)
    for pid in ctx.index.partners:
        partner = ctx.chain.partners[pid]
        if pid in woven or partner.type == "support":
            continue
        yield UNWOVEN_PARTNER.finding(
            ctx.doc,
            f"{pid} ({partner.name}) has no flows and no support relation: "
            "in the chain, not yet woven into it",
            ("partners", pid),
            key=True,
            subject=("partner", pid),
        )


def idle_support_partner(ctx: Context) -> Iterator[Finding]:
    for pid in ctx.index.partners:
        partner = ctx.chain.partners[pid]
        if partner.type == "support" and not partner.supports:
            services = f" ({', '.join(partner.services)})" if partner.services else ""
            yield IDLE_SUPPORT_PARTNER.finding(
                ctx.doc,
                f"support partner {pid}{services} supports nobody",
                ("partners", pid),
                key=True,
                subject=("partner", pid),
                hint="name the partners it could help in `supports`",
            )
