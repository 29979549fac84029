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

from vchain.analysis import filling
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

    def absorb(self, other: Point) -> None:
        """Another point's findings and levers, its id an alias: one point of the two."""
        self.findings.extend(other.findings)
        self.levers.extend(lv for lv in other.levers if lv not in self.levers)
        self.aliases.append(other.id)

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
    for f in sorted(findings, key=_primary_first):
        if f.rule == "VC100" or f.data.get("addressed"):
            continue
        if f.rule == "VC115" and f.data.get("claimed_by"):
            for oid in f.data["claimed_by"]:
                if oid in declared:
                    declared[oid].findings.append(f)
            continue
        hosts = _hosts(ctx, f, declared)
        if hosts:
            for i, host in enumerate(hosts):
                host.add(ctx, f, alias=i == 0)
            continue
        pending.append(f)
    detected: dict[Subject, Point] = {}
    singles: list[Point] = []
    for f in pending:
        if f.rule == "VC104":
            singles.append(_detected(ctx, f))
        elif f.subject in detected:
            detected[f.subject].add(ctx, f)
        else:
            detected[f.subject] = _detected(ctx, f)
    _links_with_their_partner(ctx, list(declared.values()), detected)
    _buyers_behind_a_gap(ctx, list(declared.values()), detected)
    points = [*declared.values(), *detected.values(), *singles]
    _unique(points)
    return sorted(points, key=lambda p: p.id)


def _hosts(ctx: Context, f: Finding, declared: dict[str, Point]) -> list[Point]:
    """The declared points a detected finding belongs to.

    - Linked by the analysis (same subject, same matter): that point, and every other open
      bottleneck declared on the same subject, where the finding relieves something (two
      bottlenecks at the growers both hold back the growers' capacity: they share it).
    - A buyer no product reaches: the declared bottlenecks (not of cause capacity) that reach
      it (through support relations: the bank that will not finance the hospital's boiler).
    - Otherwise one declared on the same subject (a bottleneck first), else one whose relief
      covers what the finding relieves.
    """
    if f.related in declared:
        first = declared[str(f.related)]
        if not finding_levers(ctx, f):
            return [first]
        others = [
            p
            for p in declared.values()
            if p is not first and p.subject == f.subject and p.kind == "bottleneck"
        ]
        return [first, *others]
    if f.rule == "VC104":
        return []
    if f.rule == "VC103":
        from vchain.analysis.relief import buyers_reached

        buyer = str(f.subject[1])
        return [
            p for p in declared.values() if p.claims and buyer in buyers_reached(ctx, p.subject)
        ]
    host = _host(ctx, f, declared)
    return [host] if host is not None else []


def _links_with_their_partner(
    ctx: Context, declared: list[Point], detected: dict[Subject, Point]
) -> None:
    """A flow that is the only way into (or out of) a partner and whose capacity binds in
    the same step as the partner's is the partner's limit written twice (the plant's kill
    slots are the plant's capacity): one point."""
    by_partner: dict[tuple[str, int], Point] = {}
    for point in [*declared, *detected.values()]:
        for f in point.findings:
            if f.rule == "VC105" and f.subject[0] == "partner":
                by_partner.setdefault((str(f.subject[1]), int(f.data.get("step", 0))), point)
    for subject, point in list(detected.items()):
        if subject[0] != "flow" or {f.rule for f in point.findings} != {"VC105"}:
            continue
        (f,) = point.findings
        ends = _sole_ends(ctx, point)
        step = int(f.data.get("step", 0))
        host = next((by_partner[(p, step)] for p in ends if (p, step) in by_partner), None)
        if host is not None and host is not point:
            host.absorb(point)
            del detected[subject]


def _buyers_behind_a_gap(
    ctx: Context, declared: list[Point], detected: dict[Subject, Point]
) -> None:
    """A buyer no product reaches, connected from partners that themselves get product
    only across a missing function (the distributor that would deliver to the hospitals
    once somebody portions and freezes the fish), is that gap seen from the buyer's side:
    one point, the function's."""
    index = ctx.index
    gaps: dict[str, Point] = {}
    for point in [*declared, *detected.values()]:
        what, ident = point.subject
        if what == "function" and point.kind == "gap" and isinstance(ident, str):
            gaps.setdefault(ident, point)
    behind: dict[str, str] = {}  # partner -> the function whose bridge brings it product
    for fid in sorted(gaps):
        bridge = filling.function_bridge(index, fid)
        if bridge is None or filling.performers(index, fid):
            continue
        for pid in bridge.targets:
            if pid not in index.product_in and pid not in index.demand_partners:
                behind.setdefault(pid, fid)
    if not behind:
        return
    links = {b.key: b for b in ctx.bridges}
    for subject, point in list(detected.items()):
        rules = {f.rule for f in point.findings}
        if "VC103" not in rules or not rules <= {"VC103", "VC113"}:  # VC113: no flows at all
            continue
        buyer = str(subject[1])
        link = links.get(filling.buyer_key(buyer)) or filling.buyer_bridge(index, buyer)
        hops = link.sources
        found = {behind.get(h) for h in hops}
        if len(found) != 1 or None in found:
            continue
        gaps[str(found.pop())].absorb(point)
        del detected[subject]


def _sole_ends(ctx: Context, point: Point) -> list[str]:
    """The ends of a point's flow for which it is the only product link: its head, where
    it is the head's only way in; its tail, where it is the tail's only way out."""
    data = point.findings[0].data
    head, tail = str(data.get("to", "")), str(data.get("from", ""))
    out = []
    if len(ctx.index.product_in.get(head, ())) == 1:
        out.append(head)
    if len(ctx.index.product_out.get(tail, ())) == 1:
        out.append(tail)
    return out


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
    same = [p for p in declared.values() if p.subject == f.subject]
    if f.rule == "VC105":  # a capacity that binds belongs with a bottleneck only
        same = [p for p in same if p.kind == "bottleneck"]
    if same:
        same.sort(key=lambda p: (p.kind != "bottleneck", p.id))
        return same[0]
    levers = finding_levers(ctx, f)
    if levers:
        for point in declared.values():
            if all(lv in point.levers for lv in levers):
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
