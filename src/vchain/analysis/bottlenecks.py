"""Bottlenecks: unmet needs, capacity that binds, single points of failure (VC104-VC106)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from vchain.analysis.graph import amount_text, names
from vchain.analysis.structure import partner_node
from vchain.rules.analysis_rules import CAPACITY_SHORTFALL, SINGLE_POINT_OF_FAILURE, UNMET_NEED

if TYPE_CHECKING:
    from vchain.analysis.context import Context
    from vchain.analysis.flow import FlowModel, FlowSummary
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


def shortfall_data(summary: FlowSummary) -> dict[str, Any]:
    after = summary.cascade[0] if summary.cascade else []
    return {
        "unit": summary.unit,
        "demand": summary.demand,
        "deliverable": summary.deliverable,
        "shortfall": summary.shortfall,
        "binding": _head(summary.binding),
        "binding_count": len(summary.binding),
        "next": _head(after),
        "next_count": len(after),
    }


def shortfall_text(summary: FlowSummary) -> str:
    unit = summary.unit
    return (
        f"the chain can deliver {amount_text(summary.deliverable)} of the "
        f"{amount_text(summary.demand)} {unit} the buyers want, "
        f"{amount_text(summary.shortfall)} short"
    )


def _cap_text(model: FlowModel, edge: int) -> str:
    return f"{amount_text(model.amount(model.net.cap[edge]))} {model.unit}"


def capacity_shortfall(ctx: Context) -> Iterator[Finding]:
    model, summary = ctx.model, ctx.summary
    if model is None or summary is None or not model.binding:
        return
    data = shortfall_data(summary)
    following = summary.cascade[0] if summary.cascade else []
    then = (
        f"; once relieved, next to bind: {names(following)}"
        if following
        else "; once relieved, nothing else binds"
    )
    by_edge = {edge: pf for pf in ctx.index.product for edge in [model.flow_edge[pf.index]]}
    for edge in model.binding:
        label = model.label[edge]
        others = [x for x in summary.binding if x != label]
        together = f" (with {names(others)})" if others else ""
        what, ident = model.subject[edge]
        if what == "partner":
            path: tuple[Any, ...] = ("partners", ident, "capacity")
            head = f"{label} is at its capacity of {_cap_text(model, edge)}{together}"
        else:
            pf = by_edge[edge]
            path = ("flows", pf.index, "capacity")
            head = (
                f"flow {label} ({pf.source} to {pf.target}) carries at most "
                f"{_cap_text(model, edge)}{together}"
            )
        yield CAPACITY_SHORTFALL.finding(
            ctx.doc,
            f"{head}: {shortfall_text(summary)}{then}",
            path,
            subject=(what, ident),
            data=data,
        )


def single_point_of_failure(ctx: Context) -> Iterator[Finding]:
    index = ctx.index
    if len(index.origins) < 2 or not index.demand_partners:
        return
    dom = ctx.dominance
    labels = {pf.index: pf.label for pf in index.product}
    for pid in index.partners:
        node = partner_node(pid)
        served = [d for d in dom.dominated_demand(node) if d != pid]
        if not served:
            continue
        flows = [labels[i] for i in dom.sole_flows(node)]
        yield SINGLE_POINT_OF_FAILURE.finding(
            ctx.doc,
            f"every product path to {names(served)} passes through {pid}: "
            f"if it stops, {'they get' if len(served) > 1 else 'that buyer gets'} nothing",
            ("partners", pid),
            key=True,
            subject=("partner", pid),
            hint="a second partner able to do the same work makes the chain resilient",
            data={
                "demand_partners": _head(served),
                "demand_count": len(served),
                "flows": _head(flows),
            },
        )
