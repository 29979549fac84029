"""Everything the report shows, gathered into plain data (:mod:`vchain.report.data`).

This is the one module of the report that calls the analysis (``vchain.analysis``):
the flow against demand, the findings, the leverage ranking and its explanations.  The
rest of the report reads only the plain data made here and the chain itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from vchain.report.briefs import briefs
from vchain.report.data import Glance, Numbers, Opportunity, Point, ReportFacts, Step
from vchain.report.indicators import capital_findings, indicator_rows
from vchain.report.money import money
from vchain.report.tables import aimless, investment_rows, one_line, scorecard, unaddressed
from vchain.report.where import (
    constraint_words,
    partner_name,
    subject_partner,
    subject_words,
)

if TYPE_CHECKING:
    from fractions import Fraction

    from vchain.analysis.flow import FlowSummary
    from vchain.analysis.leverage import LeverageResult
    from vchain.findings import Finding
    from vchain.loading.loader import ChainDocument
    from vchain.model import Chain

RISK_RULES = frozenset({"VC106"})
"""A single point of failure is a risk, not an opportunity to unlock (analysis.md)."""
DEFAULT_SCALE = 2.0


class ReportProblem(ValueError):  # noqa: N818 - a user's problem, not a bug
    """What was asked of the report cannot be done (an unknown --assume id): a usage problem."""


def gather(
    doc: ChainDocument, *, scale: Fraction | None = None, assume: Sequence[str] = ()
) -> ReportFacts:
    """The facts of one loaded, valid chain document; ``scale`` is the K of "what binds at
    K times the demand" (default 2), ``assume`` as `vchain leverage --assume`."""
    from vchain.analysis.context import Context
    from vchain.analysis.leverage import AssumptionError, rank_context, split_assumption
    from vchain.analysis.run import analyze_context
    from vchain.rules.wealthworks import today

    assert doc.chain is not None, "gather() needs a loaded chain"
    chain = doc.chain
    try:
        quantities = [q for _, q in (split_assumption(a) for a in assume) if q is not None]
        ctx = Context.of(doc, scale=scale, quantities=quantities)
        result = rank_context(ctx, list(assume))
    except AssumptionError as exc:
        raise ReportProblem(str(exc)) from None
    found = [_opportunity(chain, f) for f in analyze_context(ctx)]
    found += _addressed(chain)
    points = _points(chain, result)
    day = today()
    rows = investment_rows(chain)
    return ReportFacts(
        file=doc.path,
        glance=_glance(doc, day),
        numbers=_numbers(chain, result.flow),
        flow_note=_flow_note(chain, result.flow),
        points=points,
        weights=dict(result.weights),
        assumed=list(result.assumed),
        opportunities=found,
        investments=rows,
        aimless=aimless(chain),
        unaddressed=unaddressed(chain),
        scorecard=scorecard(chain, rows),
        indicators=indicator_rows(chain, doc.findings, day),
        indicator_findings=capital_findings(doc.findings),
        briefs=briefs(chain, found, points),
        money=money(chain),
        names={pid: partner_name(chain, pid) for pid in chain.partners},
    )


# -- section 1 ----------------------------------------------------------------------------


def _glance(doc: ChainDocument, day: Any) -> Glance:
    assert doc.chain is not None
    chain = doc.chain
    info = chain.chain
    types = Counter(p.type for p in chain.partners.values())
    counts = {
        "partners": len(chain.partners),
        "demand": types["demand"],
        "transactional": types["transactional"],
        "support": types["support"],
        "flows": len(chain.flows),
        "opportunities": len(chain.opportunities),
        "investments": len(chain.investments),
        "indicators": len(chain.indicators),
    }
    checks = Counter(f.severity for f in doc.findings)
    return Glance(
        name=one_line(info.name),
        region=one_line(info.region),
        market_opportunity=one_line(info.market_opportunity),
        coordinator=partner_name(chain, info.coordinator),
        coordinator_id=info.coordinator,
        reviewed=info.reviewed,
        reviewed_days=(day - info.reviewed).days if info.reviewed else None,
        description=one_line(info.description) or None,
        today=day,
        counts=counts,
        checks={s: checks[s] for s in ("error", "warning", "info")},
    )


def _words(chain: Chain, labels: list[str]) -> list[str]:
    return [constraint_words(chain, label) for label in labels]


def _numbers(chain: Chain, summary: FlowSummary | None) -> Numbers | None:
    """Section 1's numbers from the analysis's (analysis.md, "The numbers")."""
    if summary is None:
        return None
    known = summary.delivered_now is not None
    no_capacity = not summary.bounded and not summary.relief_steps
    scaled = summary.scale
    return Numbers(
        unit=summary.unit,
        wanted=float(summary.wanted),
        deliverable=float(summary.deliverable),
        delivered_now=float(summary.delivered_now) if summary.delivered_now is not None else None,
        shortfall=float(summary.shortfall),
        blocked=float(summary.blocked) if known and not no_capacity else None,
        unmet_now=float(summary.unmet_now) if known else None,
        steps=[Step(s.kind, _words(chain, s.names), float(s.after)) for s in summary.steps],
        met=summary.met,
        scale=float(scaled.k) if scaled is not None else DEFAULT_SCALE,
        steps_at_scale=[Step(s.kind, _words(chain, s.names), float(s.after)) for s in scaled.steps]
        if scaled
        else [],
        wanted_at_scale=float(scaled.wanted) if scaled is not None else None,
        deliverable_at_scale=float(scaled.deliverable) if scaled is not None else None,
        other_units=[partner_name(chain, pid) for pid in summary.other_units],
        unknown=[partner_name(chain, pid) for pid in summary.unknown],
        unbounded=[partner_name(chain, pid) for pid in summary.unbounded],
        no_capacity=no_capacity,
    )


def _flow_note(chain: Chain, summary: FlowSummary | None) -> str | None:
    if summary is not None:
        return None
    buyers = [p for p in chain.partners.values() if p.type == "demand"]
    if not buyers:
        return (
            "No demand partner: the chain produces on blind faith that someone will buy. "
            "Add the buyers (`type: demand`) and what they want (`demand`)."
        )
    return (
        "No demand partner states how much it wants (`demand:` with an amount and a unit, "
        "such as `demand: 1200 t/yr`): vchain cannot set what the chain can deliver against "
        "what buyers want."
    )


# -- sections 3 and 4 ------------------------------------------------------------------------


def _kind(kind: str, rules: Sequence[str], risk: bool = False) -> str:
    return "risk" if risk or (rules and all(r in RISK_RULES for r in rules)) else kind


def _points(chain: Chain, result: LeverageResult) -> list[Point]:
    from vchain.reporters.leverage_text import explain_lines

    out = []
    for p in result.points:
        out.append(
            Point(
                rank=p.rank,
                id=p.id,
                kind=_kind(p.kind, p.rules, p.risk_only),
                source=p.source,
                where=subject_words(chain, p.subject),
                text=one_line(p.text),
                score=p.score,
                parts=dict(p.parts),
                explain=[list(line) for line in explain_lines(result, p)],
                partner=subject_partner(chain, p.subject),
                subject=p.subject,
            )
        )
    return out


def _opportunity(chain: Chain, f: Finding) -> Opportunity:
    """A finding of the analysis as section 4 lists it."""
    subject = f.subject
    oid = str(subject[1]) if f.rule == "VC100" else (f.related or "")
    declared = chain.opportunities.get(oid)
    if f.rule == "VC100" and declared is not None:
        text = one_line(declared.text)
        if declared.at is not None:
            subject = declared.at.target
    else:
        text = one_line(f.message)
    return Opportunity(
        kind=_kind(f.kind, [f.rule]),
        source=f.source,
        id=oid or f.rule,
        text=text,
        where=subject_words(chain, subject),
        rule=f.rule,
        line=f.line,
        partner=subject_partner(chain, subject),
        cause=declared.cause if declared is not None else None,
    )


def _addressed(chain: Chain) -> list[Opportunity]:
    """Declared opportunities that partners have addressed (shown apart, not ranked)."""
    out = []
    for oid, opp in chain.opportunities.items():
        if opp.status != "addressed":
            continue
        subject = opp.at.target if opp.at is not None else ("chain", "")
        out.append(
            Opportunity(
                kind=opp.kind,
                source="declared",
                id=oid,
                text=one_line(opp.text),
                where=subject_words(chain, subject),
                rule="",
                line=0,
                partner=subject_partner(chain, subject),
                status="addressed",
                cause=opp.cause,
            )
        )
    return out
