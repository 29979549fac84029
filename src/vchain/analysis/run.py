"""Run every analysis rule on a document: the findings of `vchain analyze`.

Declared and detected are reported once (analysis.md, "Linking declared and detected"):
a detected finding whose subject is what a declared opportunity's `at` names (compared by
kind and id: a flow by its id, never by its place in the file) and whose matter is the
same (``matches``) is reported as the detected finding with ``related`` set to the
opportunity's id and the declared text under ``data["declared"]``; that opportunity is
then not reported again as VC100.  Where the declared twin is `addressed`, the finding is
shown as addressed (info, ``data["addressed"]``) and is not ranked.  Blocked demand at a
buyer (VC115) names the declared bottlenecks that reach the buyer; they stay reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from vchain.analysis import bottlenecks, gaps, underused
from vchain.analysis.context import Context
from vchain.findings import Finding, Severity
from vchain.rules.analysis_rules import DECLARED_OPPORTUNITY

if TYPE_CHECKING:
    from vchain.loading.loader import ChainDocument
    from vchain.model import Opportunity

Detector = Callable[[Context], Iterable[Finding]]

DETECTORS: tuple[Detector, ...] = (
    gaps.function_not_performed,
    gaps.no_demand_partner,
    gaps.demand_unreachable,
    bottlenecks.unmet_need,
    bottlenecks.capacity_shortfall,
    bottlenecks.blocked_demand,
    bottlenecks.single_point_of_failure,
    gaps.dead_end_partner,
    underused.unused_resource,
    underused.underused_capacity,
    underused.unused_by_product,
    underused.unwoven_partner,
    underused.idle_support_partner,
)
SEVERITY_OF_KIND: dict[str, Severity] = {
    "gap": "warning",
    "bottleneck": "warning",
    "underutilized": "info",
}


def analyze_document(doc: ChainDocument) -> list[Finding]:
    """The analysis findings of one document (declared and detected), sorted."""
    if doc.chain is None:
        return []
    return analyze_context(Context.of(doc))


def analyze_context(ctx: Context) -> list[Finding]:
    detected = [f for detect in DETECTORS for f in detect(ctx)]
    linked, used = link_declared(ctx, detected)
    out = linked + list(declared(ctx, skip=used))
    out.sort(key=Finding.sort_key)
    return out


def open_opportunities(ctx: Context) -> dict[str, Opportunity]:
    return {
        oid: opp
        for oid, opp in sorted(ctx.chain.opportunities.items())
        if opp.status != "addressed"
    }


def declared_note(oid: str, opp: Opportunity) -> dict[str, Any]:
    note: dict[str, Any] = {"id": oid, "text": opp.text}
    if opp.cause:
        note["cause"] = opp.cause
    return note


SERVICE_CAUSES: dict[str, frozenset[str]] = {
    "financing": frozenset({"financing"}),
    "insurance": frozenset({"financing"}),
    "training": frozenset({"skills", "information"}),
    "technical-assistance": frozenset({"skills", "information"}),
    "certification": frozenset({"regulation", "skills"}),
    "policy": frozenset({"regulation"}),
    "market-development": frozenset({"market-access", "information"}),
}
"""The declared causes an unmet need fits (any need also fits `other`)."""


def matches(f: Finding, opp: Opportunity) -> bool:
    """Whether a detected finding is about the same matter as a declared opportunity."""
    if f.rule in ("VC106", "VC115"):
        return False
    if f.rule == "VC105":
        return opp.kind == "bottleneck"
    if f.rule == "VC104":
        need = str(f.data.get("need", ""))
        fits = opp.cause == "other" or opp.cause in SERVICE_CAUSES.get(need, frozenset())
        return opp.kind == "bottleneck" and fits
    return opp.kind == f.kind


def same_subject(f: Finding, opp: Opportunity) -> bool:
    if opp.at is None:
        return False
    what, ident = opp.at.target
    return f.subject[0] == what and f.subject[1] == ident


def need_on_path(ctx: Context, f: Finding, opp: Opportunity) -> bool:
    """An unmet need and a declared bottleneck whose cause fits it, sitting on the needing
    partner's product path (downstream of it, or reaching it): the same opportunity (the
    laundry's certification need and the hospital's certification rule on its linen).  A
    cause of `other` fits any need only at the same partner: elsewhere on the path it says
    nothing of what the need is (lead times at the heat pump distributor are not the
    contractors' missing certification)."""
    from vchain.analysis.relief import reach_mask, sits_on

    if opp.at is None or opp.cause == "other" or not matches(f, opp):
        return False
    pid = str(f.subject[1])
    subject = opp.at.target
    on = ctx.reach.mask(sits_on(ctx, subject))
    return bool(on & ctx.reach.downstream([pid]) or reach_mask(ctx, subject) & ctx.reach.bit(pid))


def _closest(f: Finding, opp: Opportunity) -> bool:
    return f.rule != "VC105" or opp.cause in ("capacity", "infrastructure")


def link_declared(ctx: Context, found: list[Finding]) -> tuple[list[Finding], set[str]]:
    """Link detected findings to the declared opportunities they match; return the
    findings and the ids of the open opportunities they stand for."""
    declared = sorted(ctx.chain.opportunities.items())
    used: set[str] = set()
    out: list[Finding] = []
    for f in found:
        fitting = [(oid, opp) for oid, opp in declared if same_subject(f, opp) and matches(f, opp)]
        if not fitting and f.rule == "VC104":
            fitting = [(oid, opp) for oid, opp in declared if need_on_path(ctx, f, opp)]
        # a capacity that binds belongs first with a bottleneck declared as capacity
        fitting.sort(key=lambda kv: (kv[1].status == "addressed", not _closest(f, kv[1]), kv[0]))
        match = fitting[0] if fitting else None
        if match is None:
            out.append(f)
            continue
        oid, opp = match
        if opp.status == "addressed":
            data = {**f.data, "addressed": oid, "declared": declared_note(oid, opp)}
            message = f"{f.message} (addressed: {oid})"
            out.append(replace(f, related=oid, severity="info", message=message, data=data))
            continue
        used.add(oid)
        data = {**f.data, "declared": declared_note(oid, opp)}
        out.append(replace(f, related=oid, message=f"{f.message} (declared as {oid})", data=data))
    return out, used


def _at_text(opp: Opportunity) -> str:
    if opp.at is None:
        return ""
    what, ident = opp.at.target
    return f" at {what} {ident}"


def declared(ctx: Context, skip: set[str]) -> Iterator[Finding]:
    """VC100: every open declared opportunity not already reported with a detection."""
    for oid, opp in open_opportunities(ctx).items():
        if oid in skip:
            continue
        cause = f" (cause: {opp.cause})" if opp.cause else ""
        data: dict[str, Any] = {"opportunity": oid}
        if opp.at is not None:
            what, ident = opp.at.target
            data["at"] = {what: ident}
        if opp.cause:
            data["cause"] = opp.cause
        finding = DECLARED_OPPORTUNITY.finding(
            ctx.doc,
            f"declared {opp.kind}{cause}{_at_text(opp)}: {' '.join(opp.text.split())}",
            ("opportunities", oid),
            key=True,
            subject=("opportunity", oid),
            source="declared",
            data=data,
        )
        yield replace(finding, kind=opp.kind, severity=SEVERITY_OF_KIND[opp.kind])
