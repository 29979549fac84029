"""Section 8, partner briefs: one card per partner, answering "What's in it for me?".

A card says who the partner is and what moves in and out; what moves it (interests,
pain point, its own business model); what the chain asks of it (needs elsewhere it could
meet, its open investments, the opportunities at it); and what it gets (the interests
it shares, the investments aimed at it, the support it receives).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vchain.report.data import Brief, Flow, Opportunity, Point
from vchain.report.tables import KIND_WORDS, one_line
from vchain.report.where import partner_name, quantity

if TYPE_CHECKING:
    from vchain.model import Chain, Partner

ROLE_WORDS = {
    "demand": "Demand partner: buys what the chain makes",
    "transactional": "Transactional partner",
    "support": "Support partner",
}


@dataclass
class _Index:
    """What the cards look up, built once for the whole chain."""

    inflows: dict[str, list[Flow]] = field(default_factory=lambda: defaultdict(list))
    outflows: dict[str, list[Flow]] = field(default_factory=lambda: defaultdict(list))
    supporters: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    providers: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    unmet: list[tuple[str, str]] = field(default_factory=list)
    shared: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    at_partner: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    aimed_at: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    leverage: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))


def _flows(chain: Chain, index: _Index) -> None:
    for flow in chain.flows:
        what = one_line(flow.what) or flow.kind
        amount = quantity(flow.amount)
        target = partner_name(chain, flow.to) if flow.to else "nobody yet"
        index.outflows[flow.from_].append(Flow(flow.kind, what, target, amount))
        if flow.to is not None:
            index.inflows[flow.to].append(
                Flow(flow.kind, what, partner_name(chain, flow.from_), amount)
            )


def _support(chain: Chain, index: _Index) -> None:
    for sid, supporter in chain.partners.items():
        for pid in supporter.supports:
            index.supporters[pid].append(sid)
            for service in supporter.services:
                index.providers[(pid, service)].append(sid)
    for pid, partner in chain.partners.items():
        for need in partner.needs:
            if not index.providers.get((pid, need)):
                index.unmet.append((pid, need))


def _opportunities(chain: Chain, index: _Index, found: list[Opportunity]) -> None:
    at: dict[str, set[str]] = defaultdict(set)
    for item in found:
        if item.partner is not None and item.status == "open":
            index.at_partner[item.partner].append(f"{KIND_WORDS[item.kind]}: {item.text}")
    for oid, opp in chain.opportunities.items():
        if opp.at is None:
            continue
        what, ident = opp.at.target
        if what == "partner":
            at[oid].add(ident)
        elif what == "function":
            at[oid] |= {pid for pid, p in chain.partners.items() if ident in p.performs}
        elif what == "flow":
            flow = next((f for f in chain.flows if f.id == ident), None)
            if flow is not None:
                at[oid] |= {p for p in (flow.from_, flow.to) if p}
        elif what == "resource" and ident in chain.resources:
            owner = chain.resources[ident].owner
            at[oid] |= {owner} if owner else set()
    for iid, inv in chain.investments.items():
        for pid in sorted({p for oid in inv.addresses for p in at.get(oid, set())}):
            if pid not in inv.by:
                index.aimed_at[pid].append(iid)


def _index(chain: Chain, found: list[Opportunity], points: list[Point]) -> _Index:
    index = _Index()
    _flows(chain, index)
    _support(chain, index)
    _opportunities(chain, index, found)
    for interest in chain.interests:
        for pid in dict.fromkeys(interest.partners):
            index.shared[pid].append(f"{interest.kind}: {one_line(interest.text)}")
    for point in points:
        if point.partner is not None:
            index.leverage[point.partner].append(point.rank)
    return index


def _role(chain: Chain, partner: Partner) -> str:
    if partner.type == "transactional" and partner.performs:
        names = [
            one_line(chain.functions[f].name) for f in partner.performs if f in chain.functions
        ]
        return f"Transactional partner: {'; '.join(names)}"
    if partner.type == "support" and partner.services:
        return f"Support partner: {', '.join(partner.services)}"
    return ROLE_WORDS[partner.type]


def _could_meet(chain: Chain, pid: str, partner: Partner, index: _Index) -> list[str]:
    """Unmet needs of other partners that this support partner's services could meet."""
    if partner.type != "support":
        return []
    offers = set(partner.services)
    return [
        f"{partner_name(chain, other)} needs {need}"
        for other, need in index.unmet
        if need in offers and other != pid
    ]


def answer(name: str, interests: list[str], pain: str | None, gets: int, asks: int) -> str:
    """ "What's in it for me?" in one sentence, from what the file says."""
    if not interests and not pain:
        return (
            f"Not written down yet: ask {name} what is in it for them "
            "(their interests and pain point)."
        )
    parts = [", ".join(interests)] if interests else []
    if pain:
        parts.append(f"the chain can relieve this: {pain.rstrip('.')}")
    if gets:
        parts.append(f"{gets} investment{'s are' if gets != 1 else ' is'} aimed at them")
    if asks:
        parts.append(f"{asks} of their own investment{'s are' if asks != 1 else ' is'} still open")
    return f"{name}: " + "; ".join(parts) + "."


def briefs(chain: Chain, found: list[Opportunity], points: list[Point]) -> list[Brief]:
    """One card per partner, in the file's order."""
    index = _index(chain, found, points)
    out: list[Brief] = []
    for pid, partner in chain.partners.items():
        name = partner_name(chain, pid)
        interests = [one_line(i) for i in partner.interests]
        pain = one_line(partner.pain_point) or None
        open_investments = [
            iid for iid, inv in chain.investments.items() if pid in inv.by and inv.status != "done"
        ]
        aimed = index.aimed_at.get(pid, [])
        value = {}
        if partner.value is not None:
            value = {
                k: one_line(getattr(partner.value, k))
                for k in ("proposition", "creation", "capture")
                if getattr(partner.value, k)
            }
        out.append(
            Brief(
                id=pid,
                name=name,
                type=partner.type,
                role=_role(chain, partner),
                coordinator=pid == chain.chain.coordinator,
                engagement=partner.engagement,
                local=partner.local,
                margins=partner.margins,
                inflows=index.inflows.get(pid, []),
                outflows=index.outflows.get(pid, []),
                interests=interests,
                pain_point=pain,
                value=value,
                needs=[
                    (need, [partner_name(chain, s) for s in index.providers.get((pid, need), [])])
                    for need in partner.needs
                ],
                could_meet=_could_meet(chain, pid, partner, index),
                open_investments=open_investments,
                opportunities=index.at_partner.get(pid, []),
                shared=index.shared.get(pid, []),
                investments_for=aimed,
                supported_by=[partner_name(chain, s) for s in index.supporters.get(pid, [])],
                leverage=sorted(index.leverage.get(pid, [])),
                answer=answer(name, interests, pain, len(aimed), len(open_investments)),
            )
        )
    return out
