"""Leverage points: every open opportunity, scored as a weighted sum of named parts.

The parts (``vchain.model.LEVERAGE_PARTS``, defined in :mod:`vchain.analysis.parts`) are
shares from 0 to 1.  The score is their weighted sum with the weights scaled to sum to 1
(the chain's `leverage` section over :data:`DEFAULT_WEIGHTS`), so it stays within 0..1.
Scores and parts are rounded to 3 decimals.  The ranking sorts by score, then by the parts
in the order of ``LEVERAGE_PARTS`` (each higher first), then declared before detected, then
by id; a point that is only a risk (a single point of failure) comes after every other.

What-if: ``assume`` names leverage points (ids or aliases), investments (every open
opportunity they address) or opportunities already addressed in the file, each
optionally with ``=QUANTITY`` in the demand unit.  What an assumed point relieves is
relieved (to that quantity in all, else without limit), the blocked demand it claims is
delivered, the chain is analyzed again in that state, and the remaining points are
ranked against it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from vchain.analysis import filling, shapley
from vchain.analysis.connecting import connections
from vchain.analysis.context import Assumptions, Context
from vchain.analysis.flow import FlowSummary, flow_numbers
from vchain.analysis.parts import DEFAULT_WEIGHTS, Games, Part, Scorer, buyer_claims, weights_of
from vchain.analysis.points import Point, build_points
from vchain.analysis.relief import buyers_reached
from vchain.analysis.relief import resolve as resolve_levers
from vchain.analysis.run import analyze_context
from vchain.model import LEVERAGE_PARTS

if TYPE_CHECKING:
    from vchain.analysis.network import CapacityNetwork
    from vchain.findings import Finding
    from vchain.loading.loader import ChainDocument

__all__ = [
    "DEFAULT_WEIGHTS",
    "AssumptionError",
    "LeveragePoint",
    "LeverageResult",
    "rank_context",
    "rank_document",
]


GUESSED_SHARE = 3
"""Where nothing says what a buyer gets now, 1/GUESSED_SHARE of what capacity could bring it
is counted as held back by the declared bottlenecks (not capacity) that reach it."""


class AssumptionError(ValueError):
    """``--assume`` named something that is neither a leverage point nor an investment."""


@dataclass(frozen=True)
class LeveragePoint:
    """One ranked opportunity and the parts of its score."""

    rank: int
    id: str
    kind: str
    subject: tuple[str, str | int]
    source: str
    score: float
    parts: dict[str, float]
    explanation: str
    text: str = ""
    rules: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    risk_only: bool = False
    breakdown: dict[str, Part] = field(default_factory=dict, compare=False)
    previous_rank: int | None = None
    decided: str = ""
    """Which parts put it where it is, against its neighbours."""

    def to_json(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "id": self.id,
            "kind": self.kind,
            "subject": {self.subject[0]: self.subject[1]},
            "source": self.source,
            "score": self.score,
            "parts": dict(self.parts),
            "explanation": self.explanation,
            "reasons": list(self.rules),
            "aliases": list(self.aliases),
            "risk": self.risk_only,
        }


@dataclass
class LeverageResult:
    """The ranking of one chain, and its flow against demand (None without demand).

    With assumptions, ``points`` and ``flow`` are the state after them; ``before`` is the
    flow before, and each point's ``previous_rank`` its rank before (None: it was not
    ranked then).
    """

    points: list[LeveragePoint] = field(default_factory=list)
    flow: FlowSummary | None = None
    weights: dict[str, float] = field(default_factory=dict)
    assumed: dict[str, list[str]] = field(default_factory=dict)
    before: FlowSummary | None = None
    method: str = ""
    """How the fair shares were computed (exact, sampled, cascade), and over how many."""

    def find(self, name: str) -> LeveragePoint | None:
        for p in self.points:
            if p.id == name or name in p.aliases:
                return p
        return None

    def explain_json(self, point: LeveragePoint, file: str) -> dict[str, Any]:
        """One point's arithmetic: each part with its weight, points and words."""
        from vchain import __version__

        parts = {
            name: {
                "value": point.parts[name],
                "weight": self.weights[name],
                "points": round(point.parts[name] * self.weights[name], 3),
                "how": point.breakdown[name].words if name in point.breakdown else "",
            }
            for name in LEVERAGE_PARTS
        }
        return {
            "vchain": __version__,
            "file": file,
            "point": {**point.to_json(), "text": point.text, "parts": parts},
            "of": len(self.points),
            "decided": point.decided,
            "shares": self.method,
            "flow": self.flow.to_json() if self.flow is not None else None,
            "weights": dict(self.weights),
        }

    def to_json(self, file: str) -> dict[str, Any]:
        from vchain import __version__

        points = []
        for p in self.points:
            data = p.to_json()
            if self.assumed:
                data["previous_rank"] = p.previous_rank
            points.append(data)
        out: dict[str, Any] = {"vchain": __version__, "file": file, "leverage_points": points}
        out["weights"] = dict(self.weights)
        out["flow"] = self.flow.to_json() if self.flow is not None else None
        out["shares"] = self.method
        if self.assumed:
            out["assumptions"] = [{"id": k, "addresses": v} for k, v in self.assumed.items()]
            out["before"] = flow_numbers(self.before)
            out["after"] = flow_numbers(self.flow)
            out["shortfall"] = {"before": out["before"], "after": out["after"]}
        return out


def rank_document(
    doc: ChainDocument, assume: Sequence[str] = (), scale: Fraction | None = None
) -> LeverageResult:
    """Every open opportunity of ``doc``, ranked; ``assume`` treats ids as addressed."""
    if doc.chain is None:
        return LeverageResult()
    quantities = [q for _, q in (split_assumption(a) for a in assume) if q is not None]
    return rank_context(Context.of(doc, scale=scale, quantities=quantities), assume)


def split_assumption(text: str) -> tuple[str, Fraction | None]:
    """``grower-capacity=15,000`` -> ("grower-capacity", 15000)."""
    name, sep, amount = text.partition("=")
    if not sep:
        return name.strip(), None
    cleaned = amount.strip().replace(",", "").replace("_", "")
    if not re.fullmatch(r"\d+(\.\d+)?", cleaned) or len(cleaned) > 18:
        raise AssumptionError(
            f"--assume {text}: the quantity after = is a number in the demand unit, "
            "for example --assume grower-capacity=15000"
        )
    return name.strip(), Fraction(cleaned)


def rank_context(
    ctx: Context, assume: Sequence[str] = (), findings: list[Finding] | None = None
) -> LeverageResult:
    """Rank the open opportunities of ``ctx`` (``findings``: its analysis, where the caller
    has it already)."""
    points = build_points(ctx, analyze_context(ctx) if findings is None else findings)
    weights = weights_of(ctx)
    shown = {k: round(float(v), 3) for k, v in weights.items()}
    games = compute_games(ctx, points)
    ranked = score(ctx, points, games, weights)
    if not assume:
        return LeverageResult(ranked, ctx.summary, shown, method=_method(games))
    assumed, chosen = resolve(ctx, points, assume)
    after_ctx = assumed_context(ctx, points, games, chosen)
    gone = {pid for ids in assumed.values() for pid in ids}
    gone |= {a for p in points if p.id in gone for a in p.aliases}
    remaining = [p for p in build_points(after_ctx, analyze_context(after_ctx)) if p.id not in gone]
    remaining = [p for p in remaining if not gone & set(p.aliases)]
    after_games = compute_games(after_ctx, remaining)
    previous = {p.id: p.rank for p in ranked}
    rows = score(after_ctx, remaining, after_games, weights, previous)
    return LeverageResult(
        rows, after_ctx.summary, shown, assumed, ctx.summary, _method(after_games)
    )


def _method(games: Games) -> str:
    shares = games.now
    connected = games.connected
    if connected is not None:
        extra = " (sampled)" if connected.method == "sampled" else ""
        return f"{connected.method} over {len(connected.shares)} points, counting buyers{extra}"
    if shares is None or not shares.values:
        return "none"
    extra = f" over {shares.orders} orders" if shares.method == "sampled" else ""
    return f"{shares.method} over {len(shares.values)} points{extra}"


# -- the games --------------------------------------------------------------------------


def players(
    ctx: Context, network: CapacityNetwork, points: Sequence[Point], constraints: set[int]
) -> list[shapley.Player]:
    """The points as players: the cascade's constraints they relieve, the gaps they fill
    (where that changes anything), the capacity their resources add."""
    bridges = {b.key: b for b in ctx.bridges}
    reach: dict[int, set[int]] = {}
    out = []
    for point in points:
        mods: list[tuple[int, int | None]] = []
        for lever in point.levers:
            e = network.edges.get(lever.tag)
            if e is None:
                continue
            if lever.tag[0] == "bridge":
                bridge = bridges.get(str(lever.tag[1]))
                if bridge is not None and not filling.redundant(network, bridge, reach):
                    mods.append((e, None))
            elif lever.add is not None:
                mods.append((e, network.net.cap[e] + network.scaled(lever.add)))
            elif e in constraints:
                mods.append((e, None))
        if mods:
            out.append(shapley.Player(point.id, tuple(sorted(set(mods), key=str))))
    return out


def compute_games(ctx: Context, points: Sequence[Point]) -> Games:
    numbers, cascade = ctx.numbers, ctx.cascade
    if numbers is None or cascade is None:
        return Games(unit=None, k=ctx.scale_k, connected=connections(ctx, points))
    network = numbers.network
    now = shapley.shares(network, players(ctx, network, points, set(cascade.constraints)), cascade)
    grown = None
    grown_short = 0
    grown_scale = 1
    scaled = ctx.at_scale()
    if scaled is not None:
        net_k = scaled.network
        grown_scale = net_k.scale
        grown_short = net_k.wanted - net_k.value
        found = players(ctx, net_k, points, set(scaled.cascade.constraints))
        grown = shapley.shares(net_k, found, scaled.cascade)
    blocked = {b: x.blocked for b, x in numbers.buyers.items()}
    # where nothing says what a buyer gets now, a third of what capacity could bring it
    # (less than the middle of none and all: a guess weighs less than a stated number);
    # where the chain states a shortfall, none for a buyer no stated capacity bounds (a
    # third of all it wants would be an invented number as large as the stated ones)
    guessed = {
        b: Fraction(x.deliverable, GUESSED_SHARE)
        for b, x in numbers.buyers.items()
        if x.delivered_now is None and x.deliverable > 0 and (x.bounded or not numbers.shortfall)
    }
    passed = filling.passed_gaps(ctx, network, points)
    claims = buyer_claims(ctx, list(points), blocked, guessed, passed)
    estimated = {b for by_buyer in claims.values() for b in by_buyer if b in guessed}
    return Games(
        unit=numbers.unit,
        scale=network.scale,
        unmet=numbers.unmet_now + sum((guessed[b] for b in estimated), Fraction(0)),
        shortfall=numbers.shortfall,
        blocked=numbers.blocked,
        now=now,
        grown=grown,
        grown_shortfall=grown_short,
        grown_scale=grown_scale,
        k=ctx.scale_k,
        claims=claims,
        passed=frozenset(passed),
        estimated=estimated,
        bounded=numbers.bounded,
    )


# -- ranking ----------------------------------------------------------------------------


def score(
    ctx: Context,
    points: Sequence[Point],
    games: Games,
    weights: dict[str, Fraction],
    previous: dict[str, int] | None = None,
) -> list[LeveragePoint]:
    """Score and rank points."""
    scorer = Scorer(ctx, games)
    rows = []
    for point in points:
        breakdown = scorer.parts(point)
        weighted = sum((weights[n] * breakdown[n].value for n in LEVERAGE_PARTS), Fraction(0))
        parts = {name: round(float(breakdown[name].value), 3) for name in LEVERAGE_PARTS}
        rows.append((round(float(weighted), 3), parts, point, breakdown))
    rows.sort(
        key=lambda r: (
            r[2].risk_only,
            -r[0],
            *(-r[1][n] for n in LEVERAGE_PARTS),
            r[2].source != "declared",
            r[2].id,
        )
    )
    out = []
    for i, (total, parts, point, breakdown) in enumerate(rows, start=1):
        out.append(
            LeveragePoint(
                rank=i,
                id=point.id,
                kind=point.kind,
                subject=point.subject,
                source=point.source,
                score=total,
                parts=parts,
                explanation=explain_short(breakdown),
                text=point.text,
                rules=tuple(point.rules),
                aliases=tuple(point.aliases),
                risk_only=point.risk_only,
                breakdown=breakdown,
                previous_rank=(previous or {}).get(point.id),
                decided=_decided(rows, i - 1, weights),
            )
        )
    return out


def _decided(rows: list[Any], at: int, weights: dict[str, Fraction]) -> str:
    """The parts that most set this point apart from the next one (or the one before)."""
    if len(rows) < 2:
        return "it is the only point"
    here = rows[at]
    other = rows[at + 1] if at + 1 < len(rows) else rows[at - 1]
    above = at + 1 < len(rows)
    if here[2].risk_only != other[2].risk_only:
        return (
            "a risk alone comes after every opportunity"
            if here[2].risk_only
            else ("an opportunity comes before a risk alone")
        )
    gaps = sorted(
        ((float(weights[n]) * (here[1][n] - other[1][n]), n) for n in LEVERAGE_PARTS),
        key=lambda t: (-abs(t[0]), LEVERAGE_PARTS.index(t[1])),
    )
    telling = [f"{n} ({d:+.3f})" for d, n in gaps if abs(d) >= 0.0005][:3]
    side = "above" if above else "below"
    name = other[2].id
    if not telling:
        return f"it ties with {name} on every part; the order of ties decides"
    return f"{side} {name} by {', '.join(telling)}"


def explain_short(breakdown: dict[str, Part]) -> str:
    """The parts that count, in words; all of them when none does."""
    counting = [p.words for p in breakdown.values() if p.value > 0]
    return "; ".join(counting or [p.words for p in breakdown.values()]) + "."


# -- what-if ----------------------------------------------------------------------------


def resolve(
    ctx: Context, points: list[Point], assume: Sequence[str]
) -> tuple[dict[str, list[str]], list[tuple[Point, Fraction | None]]]:
    """Each assumed name with the point ids it addresses, and the points with quantities."""
    by_name: dict[str, Point] = {}
    for p in points:
        for name in (p.id, *p.aliases):
            by_name.setdefault(name, p)
    out: dict[str, list[str]] = {}
    chosen: list[tuple[Point, Fraction | None]] = []
    for text in assume:
        name, quantity = split_assumption(text)
        if name in by_name:
            found = [by_name[name]]
        elif name in ctx.chain.investments:
            addressed = set(ctx.chain.investments[name].addresses)
            found = [p for p in points if p.opportunity in addressed]
        elif name in ctx.chain.opportunities:
            found = []  # already addressed in the file
        else:
            known = sorted(set(by_name) | set(ctx.chain.investments))
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise AssumptionError(
                f"--assume {name}: no open opportunity, leverage point or investment has "
                f"this id{hint} (`vchain leverage` lists the points)"
            )
        out[text] = [p.id for p in found]
        chosen += [(p, quantity) for p in found]
    return out, chosen


def assumed_context(
    ctx: Context, points: list[Point], games: Games, chosen: list[tuple[Point, Fraction | None]]
) -> Context:
    """The chain with the chosen points addressed: a new context to analyze and rank.

    What they relieve is relieved first; then the blocked demand they claim, at the buyers
    they reach, in that relieved state, is delivered (their part of it where other open
    points claim the same buyers; with a quantity and nothing to relieve, up to it)."""
    numbers = ctx.numbers
    mods: list[tuple[Any, Fraction | None]] = []
    if numbers is not None:
        network = numbers.network
        for point, quantity in chosen:
            for e, cap in resolve_levers(network, point.levers, quantity):
                mods.append(
                    (network.tag_of[e], None if cap is None else Fraction(cap, network.scale))
                )
    opportunities = {p.opportunity for p, _ in chosen if p.opportunity}
    chain = ctx.chain
    if opportunities:
        changed = {
            oid: (opp.model_copy(update={"status": "addressed"}) if oid in opportunities else opp)
            for oid, opp in chain.opportunities.items()
        }
        chain = chain.model_copy(update={"opportunities": changed})
    relieved = ctx.assuming(chain, Assumptions(mods, {}))
    released = _released(ctx, points, games, chosen, relieved)
    return ctx.assuming(chain, Assumptions(mods, released)) if released else relieved


def _released(
    ctx: Context,
    points: list[Point],
    games: Games,
    chosen: list[tuple[Point, Fraction | None]],
    relieved: Context,
) -> dict[str, Fraction]:
    after = relieved.numbers
    if after is None:
        return {}
    claims = games.claims or {}
    takers: dict[str, set[str]] = {}
    for pid, by_buyer in claims.items():
        for buyer in by_buyer:
            takers.setdefault(buyer, set()).add(pid)
    reached = {p.id: set(buyers_reached(ctx, p.subject)) for p, _ in chosen if p.claims}
    out: dict[str, Fraction] = {}
    for point, quantity in chosen:
        if not point.claims:
            continue
        budget = None if quantity is None or point.levers else quantity
        for buyer in sorted(reached.get(point.id, ())):
            blocked = (
                after.buyers[buyer].blocked / after.network.scale if buyer in after.buyers else 0
            )
            if blocked <= 0:
                continue
            others = takers.get(buyer, {point.id}) | {point.id}
            part = Fraction(blocked) / len(others)
            if budget is not None:
                part = min(part, budget)
                budget -= part
            out[buyer] = out.get(buyer, Fraction(0)) + part
    return out
