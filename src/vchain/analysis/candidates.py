"""The candidates for leverage points: every open opportunity, declared or detected.

Ids: a declared opportunity keeps its own id (``no-school-delivery``), and a detected
finding linked to it (``related``) joins it rather than standing alone.  A detected
finding of its own is named ``<rule>:<subject>``: ``VC105:vegetable-grower``,
``VC112:peels-and-seeds``, ``VC112:flow#7`` for a flow without an id, for an unmet
need ``VC104:<partner>:<service>``, and for the whole chain the rule alone (``VC102``).
The ids are stable as long as the chain's ids are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vchain.analysis.context import Context
    from vchain.findings import Finding

Subject = tuple[str, str | int]


@dataclass
class Candidate:
    """One open opportunity, with what it sits on and the findings behind it."""

    id: str
    kind: str
    subject: Subject
    source: str
    text: str
    opportunity: str | None = None
    rules: list[str] = field(default_factory=list)
    investments: list[str] = field(default_factory=list)


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


def _declared(ctx: Context, oid: str) -> Candidate:
    opp = ctx.chain.opportunities[oid]
    subject: Subject = opp.at.target if opp.at is not None else ("opportunity", oid)
    investments = sorted(iid for iid, inv in ctx.chain.investments.items() if oid in inv.addresses)
    return Candidate(
        id=oid,
        kind=opp.kind,
        subject=subject,
        source="declared",
        text=" ".join(opp.text.split()),
        opportunity=oid,
        investments=investments,
    )


def build_candidates(ctx: Context, findings: list[Finding]) -> list[Candidate]:
    """One candidate per open declared opportunity and per unlinked detected finding."""
    out: dict[str, Candidate] = {}
    for f in findings:
        oid = f.related if f.related else (f.subject[1] if f.rule == "VC100" else None)
        if isinstance(oid, str) and oid in ctx.chain.opportunities:
            point = out.get(oid) or _declared(ctx, oid)
            out[oid] = point
            if f.rule != "VC100":
                point.rules.append(f.rule)
            continue
        cid = detected_id(f)
        while cid in out:  # two findings of one rule on one subject (a repeated need)
            cid += "+"
        out[cid] = Candidate(cid, f.kind, f.subject, "detected", f.message, rules=[f.rule])
    for point in out.values():
        point.rules = sorted(set(point.rules))
    return [out[k] for k in sorted(out)]


def subject_label(subject: Subject) -> str:
    """``partner vegetable-grower``, ``flow peels-and-seeds``, ``flow #7``."""
    what, ident = subject
    if what == "flow" and isinstance(ident, int):
        return f"flow #{ident}"
    return f"{what} {ident}"
