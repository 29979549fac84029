"""Gaps: a missing process or function (VC101, VC102, VC103, VC107).

Each rule is documented, with its examples, in ``vchain.rules.analysis_rules``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from vchain.rules.analysis_rules import (
    DEAD_END_PARTNER,
    DEMAND_UNREACHABLE,
    FUNCTION_NOT_PERFORMED,
    NO_DEMAND_PARTNER,
)

if TYPE_CHECKING:
    from vchain.analysis.context import Context
    from vchain.findings import Finding
    from vchain.model import Chain


def function_not_performed(ctx: Context) -> Iterator[Finding]:
    chain = ctx.chain
    performed = {
        fid for p in chain.partners.values() if p.type == "transactional" for fid in p.performs
    }
    for fid, function in chain.functions.items():
        if function.essential and fid not in performed:
            yield FUNCTION_NOT_PERFORMED.finding(
                ctx.doc,
                f"no transactional partner performs the essential function {fid} ({function.name})",
                ("functions", fid),
                key=True,
                subject=("function", fid),
                hint="name a partner that performs it (`performs`), or find one",
            )


def no_demand_partner(ctx: Context) -> Iterator[Finding]:
    if ctx.chain.partners and not ctx.index.demand_partners:
        yield NO_DEMAND_PARTNER.finding(
            ctx.doc,
            "no partner is of type demand: the chain produces on blind faith, with no "
            "buyer pulling the product through it",
            ("partners",),
            key=True,
            subject=("chain", "chain"),
            hint="start from demand: add the buyers who want the product (`type: demand`)",
        )


def demand_unreachable(ctx: Context) -> Iterator[Finding]:
    if not ctx.index.origins:
        where = ": no partner performs a supply or produce function, so nothing reaches it"
    else:
        where = " from any producer: the chain does not deliver to this buyer"
    for pid in ctx.index.demand_partners:
        if pid not in ctx.reached:
            yield DEMAND_UNREACHABLE.finding(
                ctx.doc,
                f"no product flow reaches {pid}{where}",
                ("partners", pid),
                key=True,
                subject=("partner", pid),
            )


def last_stage_functions(chain: Chain) -> set[str]:
    """The functions of stage `distribute`; else of the stage of the last function."""
    functions = chain.functions
    if any(f.stage == "distribute" for f in functions.values()):
        return {fid for fid, f in functions.items() if f.stage == "distribute"}
    if not functions:
        return set()
    last_id = list(functions)[-1]
    stage = functions[last_id].stage
    if stage is None:
        return {last_id}
    return {fid for fid, f in functions.items() if f.stage == stage}


def dead_end_partner(ctx: Context) -> Iterator[Finding]:
    chain, index = ctx.chain, ctx.index
    last = last_stage_functions(chain)
    producers = set(index.origins)
    for pid in index.partners:
        partner = chain.partners[pid]
        if partner.type != "transactional" or pid in index.product_out:
            continue
        if last.intersection(partner.performs):
            continue
        inflow = index.product_in.get(pid)
        if inflow:
            senders = sorted({pf.source for pf in inflow})
            head = (
                f"product flows into {pid} (from {', '.join(senders[:3])}"
                f"{' and others' if len(senders) > 3 else ''}) and none flows out"
            )
        elif pid in producers:
            head = f"{pid} produces or supplies, and no product flow goes out of it"
        else:
            continue
        yield DEAD_END_PARTNER.finding(
            ctx.doc,
            f"{head}: its product goes nowhere",
            ("partners", pid),
            key=True,
            subject=("partner", pid),
            hint="add the product flow to whoever takes it next, or the missing partner",
        )
