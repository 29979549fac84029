"""Run every analysis rule on a document: the findings of `vchain analyze`.

Declared and detected are reported once: a detected finding whose kind is that of an
open declared opportunity, whose subject is what the opportunity's `at` names (the
same partner, function, flow or resource), and whose nature fits the declared `cause`
(see ``CAUSES_OF_RULE``), is reported as the detected finding with
``related`` set to the opportunity's id (and the declared text under
``data["declared"]``); that opportunity is then not reported again as VC100.
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


def target_key(kind: str, opp: Opportunity) -> tuple[str, str, str] | None:
    if opp.at is None:
        return None
    what, ident = opp.at.target
    return (kind, what, ident)


def declared_note(oid: str, opp: Opportunity) -> dict[str, Any]:
    note: dict[str, Any] = {"id": oid, "text": opp.text}
    if opp.cause:
        note["cause"] = opp.cause
    return note


CAUSES_OF_RULE: dict[str, frozenset[str]] = {
    "VC105": frozenset({"capacity", "infrastructure", "other"}),
    "VC106": frozenset({"capacity", "infrastructure", "other"}),
    "VC104": frozenset(
        {"skills", "financing", "regulation", "information", "market-access", "other"}
    ),
}
"""A detected bottleneck joins a declared one only where the declared cause fits it: a
capacity shortfall is not the same opportunity as a financing problem at the same partner."""


def _fits(f: Finding, opp: Opportunity) -> bool:
    causes = CAUSES_OF_RULE.get(f.rule)
    return causes is None or opp.cause is None or opp.cause in causes


def link_declared(ctx: Context, found: list[Finding]) -> tuple[list[Finding], set[str]]:
    """Link detected findings to the declared opportunities they match (kind, target, cause)."""
    by_target: dict[tuple[str, str, str], list[str]] = {}
    opportunities = open_opportunities(ctx)
    for oid, opp in opportunities.items():
        key = target_key(opp.kind, opp)
        if key is not None:
            by_target.setdefault(key, []).append(oid)
    used: set[str] = set()
    out: list[Finding] = []
    for f in found:
        candidates = by_target.get((f.kind, f.subject[0], str(f.subject[1])), [])
        match = next((oid for oid in candidates if _fits(f, opportunities[oid])), None)
        if match is None:
            out.append(f)
            continue
        used.add(match)
        data = {**f.data, "declared": declared_note(match, opportunities[match])}
        out.append(
            replace(f, related=match, message=f"{f.message} (declared as {match})", data=data)
        )
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
