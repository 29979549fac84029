"""The parts of a leverage score, each a share from 0 to 1 that a person can check by hand.

- ``unlocked_demand``: the share of the demand unmet now that addressing it would unlock:
  its fair (Shapley) share of the capacity shortfall, over the cascade's constraints and
  the gaps that could be filled (``vchain.analysis.shapley``), plus the blocked demand it
  claims (a declared bottleneck of any cause but capacity or infrastructure, or a function
  gap that product passes anyway where no declared bottleneck does, at the buyers it
  reaches; where
  none reaches a buyer, the unmet needs of the partners that do; a buyer's blocked demand
  is shared equally by the points that claim it).
- ``scale``: the same fair share at K times the demand (``--scale``, default 2), of the
  shortfall there: what it would let through as the chain grows.
- ``marginal_partners``: the partners on the economic margins it reaches, of those in the
  chain.
- ``capitals``: the capitals the investments aimed at it build (of eight), less any they
  harm; a resource counts its own capital.
- ``readiness``: 1 where an investment aimed at it is committed, active or done; 0.5 where
  one is proposed; 0 where none is.
- ``co_investment``: the partners investing in it, of all the partners that invest in the
  chain (a leverage point draws investment from many partners).
- ``local_ownership``: the share of locally owned partners among those it reaches.
- ``interests``: of the partners it sits on and those that invest in it, the share that
  invest in it or state a self-interest an opportunity of its kind serves.
- ``declared``: 1 where partners declared it (under `opportunities`), 0 where only vchain
  detected it: the partners' own judgment counts.
- ``risk``: for a single point of failure alone (a risk, not an opportunity), the share of
  the demand that depends on it; such a point never outranks one that unlocks demand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from vchain.analysis.graph import names, number, shown
from vchain.analysis.relief import buyers_reached, reach_mask, sits_on
from vchain.model import CAPITALS, LEVERAGE_PARTS

if TYPE_CHECKING:
    from vchain.analysis.connecting import Connections
    from vchain.analysis.context import Context
    from vchain.analysis.points import Point
    from vchain.analysis.shapley import Shares

DEFAULT_WEIGHTS: dict[str, Fraction] = {
    "unlocked_demand": Fraction(6),
    "scale": Fraction(1),
    "marginal_partners": Fraction(2),
    "capitals": Fraction(1),
    "readiness": Fraction(1),
    "co_investment": Fraction(1),
    "local_ownership": Fraction(1, 2),
    "interests": Fraction(1, 2),
    "declared": Fraction(3, 2),
    "risk": Fraction(1, 2),
}
KIND_INTERESTS: dict[str, frozenset[str]] = {
    "gap": frozenset(
        {
            "creates local supply",
            "ensures reliable supply",
            "provides access to new markets",
            "diversifies product mix",
            "creates more jobs",
            "increases income",
            "increases self-sufficiency",
        }
    ),
    "bottleneck": frozenset(
        {
            "ensures reliable supply",
            "saves cost",
            "reduces time wasted",
            "stabilizes price",
            "produces better quality",
            "provides access to new markets",
            "increases income",
        }
    ),
    "underutilized": frozenset(
        {
            "uses abandoned facility",
            "saves cost",
            "creates more jobs",
            "develops marketable skill or capacity",
            "increases self-sufficiency",
            "diversifies product mix",
            "increases income",
        }
    ),
}
"""The self-interest motivators (the seed's vocabulary) that each kind of opportunity serves."""
READY = {"committed": Fraction(1), "active": Fraction(1), "done": Fraction(1)}


@dataclass(frozen=True)
class Part:
    """One part of a score: its value and how it was counted, in words."""

    value: Fraction
    words: str


def share(count: int, total: int) -> Fraction:
    return Fraction(count, total) if total else Fraction(0)


@dataclass
class Games:
    """The shares the parts read: capacity now, capacity at K times the demand, claims."""

    unit: str | None
    scale: int = 1
    unmet: Fraction = Fraction(0)
    shortfall: int = 0
    blocked: Fraction = Fraction(0)
    now: Shares | None = None
    grown: Shares | None = None
    grown_shortfall: int = 0
    grown_scale: int = 1
    k: Fraction = Fraction(2)
    claims: dict[str, dict[str, Fraction]] | None = None
    """Each point's claim on each buyer's blocked demand."""
    passed: frozenset[str] = frozenset()
    """Function gaps the drawn flows pass anyway (they claim blocked demand)."""
    estimated: set[str] = field(default_factory=set)
    """Buyers whose blocked demand is an estimate (nothing says what they get now)."""
    bounded: bool = True
    connected: Connections | None = None
    """Where no buyer states a demand: each point's share of the buyers it would reach."""

    def amount(self, value: Fraction | int) -> str:
        return approx(Fraction(value) / self.scale)


def approx(value: Fraction) -> str:
    return shown(value)


class Scorer:
    """Computes the parts of every point of one chain."""

    def __init__(self, ctx: Context, games: Games) -> None:
        self.ctx = ctx
        self.games = games
        chain = ctx.chain
        reach = ctx.reach
        self.margins = reach.mask(p for p, x in chain.partners.items() if x.margins)
        self.local = reach.mask(p for p, x in chain.partners.items() if x.local)
        served = {kind: KIND_INTERESTS.get(kind, frozenset()) for kind in KIND_INTERESTS}
        self.motivated = {
            kind: {
                pid
                for pid, p in chain.partners.items()
                if any(" ".join(i.lower().split()) in wanted for i in p.interests)
            }
            for kind, wanted in served.items()
        }

    def parts(self, point: Point) -> dict[str, Part]:
        mask = reach_mask(self.ctx, point.subject)
        out = {
            "unlocked_demand": self.unlocked_demand(point),
            "scale": self.scale(point),
            "marginal_partners": self.marginal_partners(mask),
            "capitals": self.capitals(point),
            "readiness": self.readiness(point),
            "co_investment": self.co_investment(point),
            "local_ownership": self.local_ownership(mask),
            "interests": self.interests(point),
            "declared": self.declared(point),
            "risk": self.risk(point),
        }
        assert tuple(out) == LEVERAGE_PARTS
        return out

    # -- demand -----------------------------------------------------------------------
    def unlocked_demand(self, point: Point) -> Part:
        g = self.games
        unit = g.unit
        if unit is None:
            return self._buyers_connected(point)
        if g.unmet <= 0:
            return Part(Fraction(0), f"the chain already delivers all the {unit} buyers want")
        fair = g.now.values.get(point.id, Fraction(0)) if g.now is not None else Fraction(0)
        claims = (g.claims or {}).get(point.id, {})
        claimed = sum(claims.values(), Fraction(0))
        words: list[str] = []
        if fair:
            words.append(
                f"its fair share of the capacity shortfall is {g.amount(fair)} of "
                f"{g.amount(g.shortfall)} {unit}"
            )
        if claimed:
            where = names(sorted(claims))
            why = (
                "; nobody performs it, yet the flows drawn pass it, so what it holds back is "
                "delivery, not capacity"
                if point.id in g.passed
                else ""
            )
            words.append(
                f"it claims {g.amount(claimed)} {unit} of blocked demand (at {where}{why})"
            )
            guessed = sorted(set(claims) & g.estimated)
            if guessed:
                verb = "gets" if len(guessed) == 1 else "get"
                words.append(
                    f"an estimate: nothing says what {names(guessed)} {verb} now, so a third of "
                    "what could reach them (what the capacities let through; all they want "
                    "where none is stated) is counted as held back (state the amounts of the "
                    "flows into them, or the outputs upstream, to count it)"
                )
        if not words:
            words.append(self._why_none(point))
        value = min((fair + claimed) / g.unmet, Fraction(1))
        of = f"of the {g.amount(g.unmet)} {unit} unmet now"
        if g.estimated:
            stated = Fraction(g.shortfall) + g.blocked
            of = (
                f"of the {g.amount(g.unmet)} {unit} counted as unmet now ({g.amount(stated)} "
                f"stated and {g.amount(g.unmet - stated)} estimated to be held back)"
            )
        return Part(value, "; ".join(words) + f": {of}")

    def _buyers_connected(self, point: Point) -> Part:
        """No demand stated: the share of the buyers (one each) filling it would reach."""
        c = self.games.connected
        share = c.shares.get(point.id, Fraction(0)) if c is not None else Fraction(0)
        if c is None or not share:
            return Part(Fraction(0), "no buyer states a demand, so there is nothing to unlock")
        return Part(
            min(share / c.buyers, Fraction(1)),
            f"no buyer states a demand and no product reaches any of the {c.buyers} buyers, so "
            "each counts as one: its fair share of the buyers that filling the gaps would "
            f"reach is {approx(share)} of {c.buyers} (state the buyers' `demand` to count it "
            "in their unit)",
        )

    def _why_none(self, point: Point) -> str:
        g = self.games
        if not g.bounded and not g.shortfall:
            return f"no capacity in {g.unit} on the product path says what it would unlock"
        if point.subject[0] == "resource" and not point.levers:
            return (
                "it unlocks nothing counted: give the resource `could_serve` partners and an "
                f"`amount` in {g.unit} to count what it adds"
            )
        if point.risk_only:
            return "a risk: it unlocks no demand, it guards what is delivered"
        return "it unlocks none of it: nothing it relieves binds, and it claims no blocked demand"

    def scale(self, point: Point) -> Part:
        """At K times the demand: its fair share of the shortfall there, plus the blocked
        demand it claims (capacity there, not delivered, whatever the demand), of what
        would then be unmet."""
        g = self.games
        k = number(g.k)
        if g.unit is None:
            return Part(Fraction(0), "no buyer states a demand, so nothing grows with it")
        # what is held back now (stated, and estimated where nothing says) stays at K times
        held = max(g.unmet - g.shortfall, Fraction(0))
        unmet = Fraction(g.grown_shortfall, g.grown_scale) + held / g.scale
        if g.grown is None or unmet <= 0:
            return Part(Fraction(0), f"at {k}× the demand nothing would be unmet")
        fair = g.grown.values.get(point.id, Fraction(0)) / g.grown_scale
        claimed = sum((g.claims or {}).get(point.id, {}).values(), Fraction(0)) / g.scale
        words = f"at {k}× the demand, of the {approx(unmet)} {g.unit} then unmet"
        if fair:
            words += f", its fair share of the shortfall is {approx(fair)}"
        if claimed:
            words += f"{',' if fair else ''} it claims {approx(claimed)} blocked"
        if not fair and not claimed:
            words += " it unlocks none"
        return Part(min((fair + claimed) / unmet, Fraction(1)), words)

    # -- who it reaches -----------------------------------------------------------------
    def marginal_partners(self, mask: int) -> Part:
        reach = self.ctx.reach
        found = reach.members(mask & self.margins)
        total = self.margins.bit_count()
        listed = f" ({names(found)})" if found else ""
        words = f"it reaches {len(found)} of the {total} partners on the margins{listed}"
        return Part(share(len(found), total), words)

    def local_ownership(self, mask: int) -> Part:
        found = (mask & self.local).bit_count()
        total = mask.bit_count()
        words = f"{found} of the {total} partners it reaches are locally owned"
        return Part(share(found, total), words)

    # -- investment -------------------------------------------------------------------
    def capitals(self, point: Point) -> Part:
        investments = self.ctx.chain.investments
        built = {
            k for iid in point.investments for k, v in investments[iid].capitals.items() if v > 0
        }
        harmed = {
            k for iid in point.investments for k, v in investments[iid].capitals.items() if v < 0
        }
        own = ""
        if point.subject[0] == "resource":
            resource = self.ctx.chain.resources.get(str(point.subject[1]))
            if resource is not None and resource.capital:
                built.add(resource.capital)
                own = f"; the resource is {resource.capital} capital"
        if not built and not harmed:
            return Part(Fraction(0), "no investment is aimed at it yet" + own)
        order = sorted(built, key=CAPITALS.index)
        value = max(Fraction(len(built) - len(harmed), len(CAPITALS)), Fraction(0))
        aimed, verb = "it", "builds"
        if point.investments:
            aimed, verb = f"the investments aimed at it ({names(point.investments)})", "build"
        words = f"{aimed} {verb} {len(built)} of the 8 capitals ({', '.join(order)}){own}"
        if harmed:
            words += f" and harm {len(harmed)} ({', '.join(sorted(harmed, key=CAPITALS.index))})"
        return Part(min(value, Fraction(1)), words)

    def readiness(self, point: Point) -> Part:
        investments = self.ctx.chain.investments
        statuses = sorted({investments[iid].status for iid in point.investments})
        if not statuses:
            return Part(Fraction(0), "no investment is aimed at it yet")
        value = max(READY.get(s, Fraction(1, 2)) for s in statuses)
        words = f"investments aimed at it are {', '.join(statuses)}"
        return Part(value, words)

    def co_investment(self, point: Point) -> Part:
        """Partners investing in it, of all the partners that invest in the chain: a
        leverage point draws investment from many partners."""
        investments = self.ctx.chain.investments
        everyone = {p for inv in investments.values() for p in inv.by}
        investors = sorted({p for iid in point.investments for p in investments[iid].by})
        if not investors:
            return Part(Fraction(0), "no partner invests in it yet")
        listed = names(investors)
        words = (
            f"{len(investors)} of the {len(everyone)} partners that invest in the chain "
            f"invest in it ({listed})"
        )
        return Part(share(len(investors), len(everyone)), words)

    def declared(self, point: Point) -> Part:
        if point.source == "declared":
            return Part(Fraction(1), f"partners declared it (opportunities: {point.id})")
        return Part(Fraction(0), "detected by vchain, not declared: check it with the partners")

    def interests(self, point: Point) -> Part:
        chain = self.ctx.chain
        investors = {p for iid in point.investments for p in chain.investments[iid].by}
        involved = sorted(
            p for p in {*sits_on(self.ctx, point.subject), *investors} if p in chain.partners
        )
        motivated = self.motivated.get(point.kind, set())
        found = [pid for pid in involved if pid in investors or pid in motivated]
        listed = f" ({names(found)})" if found else ""
        words = (
            f"{len(found)} of the {len(involved)} partners it involves invest in it or state "
            f"an interest it serves{listed}"
        )
        return Part(share(len(found), len(involved)), words)

    def risk(self, point: Point) -> Part:
        """Only a risk alone scores it: on a point that is an opportunity too, a single
        point of failure is a reason shown with it, not a bonus (resilience is not leverage)."""
        finding = point.risk
        if finding is None:
            return Part(Fraction(0), "not a single point of failure")
        if not point.risk_only:
            served = names(finding.data.get("demand_partners", []))
            return Part(
                Fraction(0), f"also a single point of failure (for {served}): a reason, not a score"
            )
        served = finding.data.get("demand_partners", [])
        value = finding.data.get("demand_share")
        if value is None:
            total = len(self.ctx.index.demand_partners)
            part = share(int(finding.data.get("demand_count", 0)), total)
        else:
            part = Fraction(str(value))
        words = f"every product path to {names(served)} passes through it"
        return Part(part, words + f" ({round(float(part) * 100)}% of the demand)")


def buyer_claims(
    ctx: Context,
    points: list[Point],
    blocked: dict[str, Fraction],
    guessed: dict[str, Fraction] | None = None,
    passed: Sequence[str] = (),
) -> dict[str, dict[str, Fraction]]:
    """Each buyer's blocked demand, shared equally by the points that claim it: declared
    bottlenecks that reach it, else the unmet needs (VC104) of partners that reach it (a
    partner's own word on what it lacks), else the point of its blocked-demand finding.
    ``guessed`` is blocked demand estimated where nothing says what a buyer gets now: only
    declared bottlenecks and unmet needs claim it.  ``passed``: the function gaps product
    passes anyway, which claim after the declared bottlenecks, before the unmet needs, and
    only blocked demand the amounts show (never a guess: a function drawn as passed over may
    be done inside a partner)."""
    claimants = _by_buyer(ctx, [p for p in points if p.claims and p.source == "declared"])
    missing = _by_buyer(ctx, [p for p in points if p.id in passed])
    needing = _by_buyer(
        ctx,
        [
            p
            for p in points
            if p.source == "detected" and any(f.rule == "VC104" for f in p.findings)
        ],
    )
    own: dict[str, list[str]] = {}
    for p in points:
        for f in p.findings:
            if f.rule == "VC115" and p.id not in own.get(str(f.subject[1]), []):
                own.setdefault(str(f.subject[1]), []).append(p.id)
    out: dict[str, dict[str, Fraction]] = {}
    for buyer, amount in sorted(blocked.items()):
        if amount <= 0:
            continue
        takers = (
            claimants.get(buyer) or missing.get(buyer) or needing.get(buyer) or own.get(buyer, [])
        )
        for pid in takers:
            out.setdefault(pid, {})[buyer] = amount / len(takers)
    for buyer, amount in sorted((guessed or {}).items()):
        takers = claimants.get(buyer) or needing.get(buyer, [])
        for pid in takers:
            out.setdefault(pid, {})[buyer] = amount / len(takers)
    return out


def _by_buyer(ctx: Context, points: list[Point]) -> dict[str, list[str]]:
    """The points (ids) that reach each buyer."""
    out: dict[str, list[str]] = {}
    for p in points:
        for buyer in buyers_reached(ctx, p.subject):
            out.setdefault(buyer, []).append(p.id)
    return out


def weights_of(ctx: Context) -> dict[str, Fraction]:
    """The chain's weights (`leverage` section) over the defaults, scaled to sum to 1."""
    given = ctx.chain.leverage
    raw = dict(DEFAULT_WEIGHTS)
    if given is not None:
        if given.dependent_demand is not None and given.risk is None:
            raw["risk"] = Fraction(repr(float(given.dependent_demand)))
        for name in LEVERAGE_PARTS:
            value = getattr(given, name)
            if value is not None:
                raw[name] = Fraction(repr(float(value)))
    total = sum(raw.values())
    return {name: (raw[name] / total if total else Fraction(0)) for name in LEVERAGE_PARTS}
