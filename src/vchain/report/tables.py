"""The WealthWorks tables: the wealth-building investment table and the capitals scorecard.

The investment table follows the seed's "Wealth-building investment: An example":
partner or potential partner, motivating interest or "pain point", wealth-building
opportunity, wealth-building investment; vchain adds the form, status and amount.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vchain.model import CAPITALS
from vchain.report.data import InvestmentRow, Scorecard
from vchain.report.where import partner_name, quantity

if TYPE_CHECKING:
    from vchain.model import Chain

KIND_WORDS = {
    "gap": "Gap",
    "bottleneck": "Bottleneck",
    "underutilized": "Underutilized resource",
    "risk": "Risk",
}


def one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _investor(chain: Chain, pid: str) -> str:
    partner = chain.partners.get(pid)
    potential = " (potential partner)" if partner and partner.engagement == "unaware" else ""
    return partner_name(chain, pid) + potential


def _motive(chain: Chain, pid: str) -> str | None:
    """What moves a partner: its pain point, else its interests."""
    partner = chain.partners.get(pid)
    if partner is None:
        return None
    if partner.pain_point:
        return one_line(partner.pain_point)
    if partner.interests:
        return ", ".join(one_line(i) for i in partner.interests)
    return None


def _opportunity(chain: Chain, oid: str) -> str:
    opp = chain.opportunities.get(oid)
    if opp is None:
        return oid
    addressed = " (addressed)" if opp.status == "addressed" else ""
    return f"{KIND_WORDS[opp.kind]}: {one_line(opp.text)}{addressed}"


def investment_rows(chain: Chain) -> list[InvestmentRow]:
    """One row per investment, in the file's order."""
    rows: list[InvestmentRow] = []
    for iid, inv in chain.investments.items():
        motives = []
        for pid in inv.by:
            motive = _motive(chain, pid)
            if motive:
                prefix = f"{partner_name(chain, pid)}: " if len(inv.by) > 1 else ""
                motives.append(prefix + motive)
        rows.append(
            InvestmentRow(
                id=iid,
                partners=[_investor(chain, pid) for pid in inv.by],
                interests=motives,
                opportunities=[_opportunity(chain, oid) for oid in inv.addresses],
                investment=one_line(inv.text),
                form=inv.form,
                status=inv.status,
                amount=quantity(inv.amount),
                capitals={c: inv.capitals[c] for c in CAPITALS if c in inv.capitals},
            )
        )
    return rows


def aimless(chain: Chain) -> list[str]:
    """Investments aimed at nothing: no opportunity of the file among their `addresses`."""
    return [
        iid
        for iid, inv in chain.investments.items()
        if not any(oid in chain.opportunities for oid in inv.addresses)
    ]


def unaddressed(chain: Chain) -> list[str]:
    """Open declared opportunities that no investment addresses."""
    aimed = {oid for inv in chain.investments.values() for oid in inv.addresses}
    return [
        oid for oid, opp in chain.opportunities.items() if opp.status == "open" and oid not in aimed
    ]


def scorecard(chain: Chain, rows: list[InvestmentRow]) -> Scorecard:
    """Investments by capitals: totals, harmed capitals, capitals nobody builds or measures."""
    totals = {c: sum(r.capitals.get(c, 0) for r in rows) for c in CAPITALS}
    harmed: dict[str, list[str]] = {}
    for row in rows:
        for capital, effect in row.capitals.items():
            if effect < 0:
                harmed.setdefault(capital, []).append(row.id)
    built = {c for r in rows for c, e in r.capitals.items() if e > 0}
    measured = {i.capital for i in chain.indicators.values()}
    return Scorecard(
        rows=rows,
        totals=totals,
        harmed={c: harmed[c] for c in CAPITALS if c in harmed},
        unbuilt=[c for c in CAPITALS if c not in built],
        unmeasured=[c for c in CAPITALS if c not in measured],
    )
