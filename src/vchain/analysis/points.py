"""The leverage points: every open opportunity, declared or detected, once each.

One leverage point per opportunity: a declared opportunity gathers the detected findings
linked to it, those on the same partner, function, flow or resource (a partner at its
capacity that is also under-used and a single point of failure is one point with its
reasons, not three rows), and the capacities its relief covers (an appraisal bottleneck
gathers the mortgage-capped sales it holds).  Detected findings left over are grouped by
their subject in the same way; an unmet need stays a point of its own unless a declared
bottleneck's cause fits it.  Findings whose declared twin is addressed are not points.

Ids: a declared opportunity keeps its own id (``no-school-delivery``).  A detected point is
named ``<rule>:<subject>`` after its main finding (``VC105:vegetable-grower``,
``VC112:peels-and-seeds``, ``VC112:flow#7`` for a flow without an id, for an unmet need
``VC104:<partner>:<service>``, for the whole chain the rule alone); the ids of its other
findings name it too (``aliases``), for ``--explain`` and ``--assume``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vchain.analysis.relief import Lever, claims_blocked, declared_levers, finding_levers

if TYPE_CHECKING:
    from vchain.analysis.context import Context
    from vchain.findings import Finding

Subject = tuple[str, str | int]
PRIMARY = (
    "VC105",
    "VC103",
    "VC101",
    "VC102",
    "VC115",
    "VC107",
    "VC111",
    "VC110",
    "VC112",
    "VC113",
    "VC114",
    "VC104",
    "VC106",
)
"""Which finding names a detected point, first found first."""


@dataclass
class Point:
    """One open opportunity with what it sits on and the findings behind it."""

    id: str
    kind: str
    subject: Subject
    source: str
    text: str
    opportunity: str | None = None
    findings: list[Finding] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    investments: list[str] = field(default_factory=list)
    levers: list[Lever] = field(default_factory=list)
    claims: bool = False
    """Whether it claims the blocked demand of the buyers it reaches."""

    @property
    def rules(self) -> list[str]:
        return sorted({f.rule for f in self.findings})

    @property
    def risk(self) -> Finding | None:
        return next((f for f in self.findings if f.rule == "VC106"), None)

    @property
    def risk_only(self) -> bool:
        """A single point of failure and nothing else: a risk, not an opportunity."""
        return self.source == "detected" and all(f.rule == "VC106" for f in self.findings)

    def add(self, ctx: Context, f: Finding, *, alias: bool = True) -> None:
        self.findings.append(f)
        for lever in finding_levers(ctx, f):
            if lever not in self.levers:
                self.levers.append(lever)
        name = detected_id(f)
        if alias and name != self.id and name not in self.aliases:
            self.aliases.append(name)


def detected_id(f: Finding) -> str:
    what, ident = f.subject
    if what == "chain":
        return f.rule
    name = str(ident)
    if what == "flow" and isinstance(ident, int):
        name = f"flow#{ident}"
    out = f"{f.rule}:{name}"
    need = f.data.get("need") if f.rule == "VC104" else None
    return f"{out}:{need}" if need else out


def _declared(ctx: Context, oid: str) -> Point:
    opp = ctx.chain.opportunities[oid]
    subject: Subject = opp.at.target if opp.at is not None else ("opportunity", oid)
    investments = sorted(iid for iid, inv in ctx.chain.investments.items() if oid in inv.addresses)
    return Point(
        id=oid,
        kind=opp.kind,
        subject=subject,
        source="declared",
        text=" ".join(opp.text.split()),
        opportunity=oid,
        investments=investments,
        levers=declared_levers(ctx, opp),
        claims=claims_blocked(opp),
    )


def build_points(ctx: Context, findings: list[Finding]) -> list[Point]:
    """One point per open declared opportunity and per group of detected findings."""
    declared = {
        oid: _declared(ctx, oid)
        for oid, opp in sorted(ctx.chain.opportunities.items())
        if opp.status != "addressed"
    }
    pending: list[Finding] = []
    for f in sorted(
        findings, key=lambda f: (PRIMARY.index(f.rule) if f.rule in PRIMARY else 99, f.sort_key())
    ):
        if f.rule == "VC100" or f.data.get("addressed"):
            continue
        if f.rule == "VC115" and f.data.get("claimed_by"):
            for oid in f.data["claimed_by"]:
                if oid in declared:
                    declared[oid].findings.append(f)
            continue
        if f.related in declared:
            declared[str(f.related)].add(ctx, f)
            continue
        pending.append(f)
    detected: dict[Subject, Point] = {}
    singles: list[Point] = []
    for f in pending:
        host = _host(ctx, f, declared)
        if host is not None:
            host.add(ctx, f)
        elif f.rule == "VC104":
            singles.append(_detected(ctx, f))
        elif f.subject in detected:
            detected[f.subject].add(ctx, f)
        else:
            detected[f.subject] = _detected(ctx, f)
    points = [*declared.values(), *detected.values(), *singles]
    _unique(points)
    return sorted(points, key=lambda p: p.id)


def _primary_first(f: Finding) -> tuple[int, tuple[object, ...]]:
    return (PRIMARY.index(f.rule) if f.rule in PRIMARY else len(PRIMARY), f.sort_key())


def _detected(ctx: Context, f: Finding) -> Point:
    point = Point(detected_id(f), f.kind, f.subject, "detected", f.message)
    point.add(ctx, f, alias=False)
    point.claims = f.rule == "VC115"
    return point


def _host(ctx: Context, f: Finding, declared: dict[str, Point]) -> Point | None:
    """The declared point a leftover finding belongs to: one on the same subject (a
    bottleneck first), else one whose relief covers what the finding relieves."""
    if f.rule == "VC104":
        return _fitting_on_path(ctx, f, declared)
    same = [p for p in declared.values() if p.subject == f.subject]
    if same:
        same.sort(key=lambda p: (p.kind != "bottleneck", p.id))
        return same[0]
    levers = finding_levers(ctx, f)
    if levers:
        for point in declared.values():
            if all(lv in point.levers for lv in levers):
                return point
    return None


def _fitting_on_path(ctx: Context, f: Finding, declared: dict[str, Point]) -> Point | None:
    """A declared bottleneck whose cause fits an unmet need and that sits on the needing
    partner's product path (downstream of it, or reaching it): the same opportunity."""
    from vchain.analysis.relief import reach_mask, sits_on
    from vchain.analysis.run import SERVICE_CAUSES

    pid = str(f.subject[1])
    need = str(f.data.get("need", ""))
    fits = SERVICE_CAUSES.get(need, frozenset()) | {"other"}
    mine = ctx.reach.downstream([pid])
    bit = ctx.reach.bit(pid)
    for point in declared.values():
        opp = ctx.chain.opportunities[point.id]
        if opp.kind != "bottleneck" or opp.cause not in fits:
            continue
        on = ctx.reach.mask(sits_on(ctx, point.subject))
        if on & mine or reach_mask(ctx, point.subject) & bit:
            return point
    return None


def _unique(points: list[Point]) -> None:
    """Two points never share an id (a repeated need gets ``+``)."""
    seen: set[str] = set()
    for point in sorted(points, key=lambda p: (p.source != "declared", p.id)):
        while point.id in seen:
            point.id += "+"
        seen.add(point.id)
    taken = set(seen)
    for point in points:
        point.aliases = [a for a in point.aliases if a not in taken]


def subject_label(subject: Subject) -> str:
    """``partner vegetable-grower``, ``flow peels-and-seeds``, ``flow #7``."""
    what, ident = subject
    if what == "flow" and isinstance(ident, int):
        return f"flow #{ident}"
    if what == "chain":
        return "the whole chain"
    return f"{what} {ident}"
