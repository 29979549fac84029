"""Section 9, where the money goes: does the buyers' money stick to the region?

Only money flows with an `amount` count, in the unit most of them are stated in (the
others are listed apart, never added).  Each partner's money in and out is summed.  The
buyers' money (what demand partners pay) is then followed down the money flows: a
partner keeps what it receives less what it pays on, and pays on in proportion to its
payments; where it pays out more than it receives (a lender), everything it receives
passes on.  Money that goes round a loop is followed for :data:`ROUNDS` rounds and then
counted where it stands.  What each partner keeps adds up, by whether the partner is
local (`local: true`), not (`local: false`) or not stated, and on the margins.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from vchain.report.data import Money, MoneyRow
from vchain.report.where import partner_name

if TYPE_CHECKING:
    from vchain.model import Chain, Flow

ROUNDS = 200


def _unit(flows: list[Flow]) -> str | None:
    units = Counter(f.amount.unit for f in flows if f.amount is not None)
    if not units:
        return None
    best = max(units.values())
    return min(u for u, n in units.items() if n == best)


def money(chain: Chain) -> Money:
    """Money in and out of every partner, and where the buyers' money stays."""
    flows = [
        f
        for f in chain.flows
        if f.kind == "money" and f.to in chain.partners and f.from_ in chain.partners
    ]
    priced = [f for f in flows if f.amount is not None]
    unit = _unit(priced)
    counted = [f for f in priced if f.amount is not None and f.amount.unit == unit]
    others = sorted({f.amount.unit for f in priced if f.amount is not None} - {unit})
    money_in: dict[str, float] = defaultdict(float)
    money_out: dict[str, float] = defaultdict(float)
    for f in counted:
        assert f.amount is not None
        assert f.to is not None
        money_in[f.to] += f.amount.amount
        money_out[f.from_] += f.amount.amount
    rows = [
        MoneyRow(partner_name(chain, pid), pid, p.local, p.margins, money_in[pid], money_out[pid])
        for pid, p in chain.partners.items()
        if pid in money_in or pid in money_out
    ]
    buyers = {pid for pid, p in chain.partners.items() if p.type == "demand"}
    pay = sum(f.amount.amount for f in counted if f.amount is not None and f.from_ in buyers)
    kept = _kept(chain, counted, buyers, money_in, money_out) if pay > 0 else {}
    return Money(unit, rows, pay, _shares(chain, kept, pay), len(flows) - len(priced), others)


def _kept(
    chain: Chain,
    flows: list[Flow],
    buyers: set[str],
    money_in: dict[str, float],
    money_out: dict[str, float],
) -> dict[str, float]:
    """How much of the buyers' money each partner keeps in the end."""
    outs: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for f in flows:
        assert f.amount is not None
        assert f.to is not None
        outs[f.from_].append((f.to, f.amount.amount))
    pending: dict[str, float] = defaultdict(float)
    for f in flows:
        if f.from_ in buyers and f.amount is not None and f.to is not None:
            pending[f.to] += f.amount.amount
    kept: dict[str, float] = defaultdict(float)
    for _ in range(ROUNDS):
        moving: dict[str, float] = defaultdict(float)
        for pid in sorted(pending):
            held = pending[pid]
            base = max(money_in[pid], money_out[pid])
            passed = 0.0
            for target, amount in outs.get(pid, []):
                share = held * amount / base
                moving[target] += share
                passed += share
            kept[pid] += held - passed
        pending = moving
        if sum(pending.values()) <= 1e-9:
            break
    for pid, held in pending.items():
        kept[pid] += held
    return dict(kept)


def _shares(chain: Chain, kept: dict[str, float], pay: float) -> dict[str, float]:
    if pay <= 0:
        return {}
    groups = {"local": 0.0, "not local": 0.0, "not stated": 0.0, "on the margins": 0.0}
    for pid, amount in kept.items():
        partner = chain.partners[pid]
        if partner.local is None:
            groups["not stated"] += amount
        else:
            groups["local" if partner.local else "not local"] += amount
        if partner.margins:
            groups["on the margins"] += amount
    return {k: round(v / pay, 4) for k, v in groups.items()}
