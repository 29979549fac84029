"""Leverage points: every open opportunity, scored as a weighted sum of named parts.

The parts (``vchain.model.LEVERAGE_PARTS``, defined in :mod:`vchain.analysis.parts`)
are shares from 0 to 1.  The score is their weighted sum with the weights scaled to
sum to 1 (the chain's `leverage` section over :data:`DEFAULT_WEIGHTS`), so it stays
within 0..1; when every weight is 0 every score is 0.  Scores and parts are rounded to
3 decimals; the ranking sorts by score, then by the parts in the order of
``LEVERAGE_PARTS`` (each higher first), then by id.

What-if: ``assume`` names leverage points (opportunity ids, or detected ids such as
``VC105:vegetable-grower``) to treat as addressed, or investments to treat as done
(every open opportunity they address is then addressed).  The assumed points leave the
ranking, what they relieve is relieved for good in the flow, and the remaining points
are scored again against the new flow.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from vchain.analysis.candidates import Candidate, build_candidates
from vchain.analysis.context import Context
from vchain.analysis.flow import FlowModel, FlowSummary, flow_numbers, summarize
from vchain.analysis.parts import DEFAULT_WEIGHTS, Part, Scorer, weights_of
from vchain.analysis.run import analyze_context
from vchain.model import LEVERAGE_PARTS

if TYPE_CHECKING:
    from vchain.loading.loader import ChainDocument

__all__ = [
    "DEFAULT_WEIGHTS",
    "AssumptionError",
    "LeveragePoint",
    "LeverageResult",
    "rank_context",
    "rank_document",
]


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
    breakdown: dict[str, Part] = field(default_factory=dict, compare=False)
    previous_rank: int | None = None

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
        }


@dataclass
class LeverageResult:
    """The ranking of one chain, and its flow against demand (None without demand).

    With assumptions, ``points`` and ``flow`` are the state after them; ``before`` is
    the flow before, and each point's ``previous_rank`` its rank before (None: it was
    not ranked then).
    """

    points: list[LeveragePoint] = field(default_factory=list)
    flow: FlowSummary | None = None
    weights: dict[str, float] = field(default_factory=dict)
    assumed: dict[str, list[str]] = field(default_factory=dict)
    before: FlowSummary | None = None

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
        if self.assumed:
            out["assumptions"] = [{"id": k, "addresses": v} for k, v in self.assumed.items()]
            out["shortfall"] = {
                "before": flow_numbers(self.before),
                "after": flow_numbers(self.flow),
            }
        return out


def rank_document(doc: ChainDocument, assume: Sequence[str] = ()) -> LeverageResult:
    """Every open opportunity of ``doc``, ranked; ``assume`` treats ids as addressed."""
    if doc.chain is None:
        return LeverageResult()
    return rank_context(Context.of(doc), assume)


def rank_context(ctx: Context, assume: Sequence[str] = ()) -> LeverageResult:
    candidates = build_candidates(ctx, analyze_context(ctx))
    weights = weights_of(ctx)
    shown_weights = {k: round(float(v), 3) for k, v in weights.items()}
    points = score(ctx, candidates, ctx.model, weights)
    if not assume:
        return LeverageResult(points, ctx.summary, shown_weights)
    assumed = resolve(ctx, candidates, assume)
    gone = {cid for ids in assumed.values() for cid in ids}
    model = ctx.model
    scorer = Scorer(ctx, model)
    edges = sorted({e for c in candidates if c.id in gone for e in scorer.relief(c)})
    if model is not None and edges:
        model = model.relieved(edges)
    before = {p.id: p.rank for p in points}
    remaining = [c for c in candidates if c.id not in gone]
    after = score(ctx, remaining, model, weights, before)
    flow = summarize(model) if model is not None else None
    return LeverageResult(after, flow, shown_weights, assumed, ctx.summary)


def resolve(
    ctx: Context, candidates: list[Candidate], assume: Sequence[str]
) -> dict[str, list[str]]:
    """Each assumed id with the leverage points it addresses."""
    ids = {c.id for c in candidates}
    out: dict[str, list[str]] = {}
    for name in assume:
        if name in ids:
            out[name] = [name]
        elif name in ctx.chain.investments:
            addressed = set(ctx.chain.investments[name].addresses)
            out[name] = sorted(c.id for c in candidates if c.opportunity in addressed)
        elif name in ctx.chain.opportunities:
            out[name] = []  # already addressed in the file
        else:
            known = sorted(ids | set(ctx.chain.investments))
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise AssumptionError(
                f"--assume {name}: no open opportunity, leverage point or investment has "
                f"this id{hint} (`vchain leverage` lists the points)"
            )
    return out


def score(
    ctx: Context,
    candidates: list[Candidate],
    model: FlowModel | None,
    weights: dict[str, Fraction],
    previous: dict[str, int] | None = None,
) -> list[LeveragePoint]:
    """Score and rank candidates against a flow model."""
    scorer = Scorer(ctx, model)
    rows = []
    for c in candidates:
        breakdown = scorer.parts(c)
        total = sum(weights[name] * breakdown[name].value for name in LEVERAGE_PARTS)
        parts = {name: round(float(breakdown[name].value), 3) for name in LEVERAGE_PARTS}
        rows.append((round(float(total), 3), parts, c, breakdown))
    rows.sort(key=lambda r: (-r[0], *(-r[1][n] for n in LEVERAGE_PARTS), r[2].id))
    return [
        LeveragePoint(
            rank=i,
            id=c.id,
            kind=c.kind,
            subject=c.subject,
            source=c.source,
            score=total,
            parts=parts,
            explanation=explain_short(breakdown),
            text=c.text,
            rules=tuple(c.rules),
            breakdown=breakdown,
            previous_rank=(previous or {}).get(c.id),
        )
        for i, (total, parts, c, breakdown) in enumerate(rows, start=1)
    ]


def explain_short(breakdown: dict[str, Part]) -> str:
    """The parts that count, in words; all of them when none does."""
    counting = [p.words for p in breakdown.values() if p.value > 0]
    return "; ".join(counting or [p.words for p in breakdown.values()]) + "."
