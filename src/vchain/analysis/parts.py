"""The parts of a leverage score, each a share from 0 to 1 that a person can count by hand.

What an opportunity *touches*: for a partner, the partner and the partners it trades
product with (its suppliers and its buyers), or for a support partner the partners it
supports; for a flow, its two ends; for a function,
its performers and their product partners (for a function nobody performs: the
performers of the functions just before and after it); for a resource, its owner and
users; for the whole chain, every partner; and in every case the partners that invest
in it (``investments[*].by`` where ``addresses`` names it).

- ``unlocked_demand``: the maximum flow is computed again with the opportunity relieved
  (its partner's or flow's capacity made unlimited; for a function, its performers'
  capacities and the product flows they send; for a support partner, the capacities of
  the partners it supports and the product flows they send and receive, since support
  works through them; for a demand partner no product reaches, a direct supply), and
  the extra deliverable is divided by the shortfall.
- ``dependent_demand``: demand partners that get all their product through it (it
  dominates them in the product-flow graph; a demand partner counts for itself), over
  all demand partners.
- ``marginal_partners``: partners on the economic margins (``margins: true``) it touches,
  over all partners on the margins in the chain.
- ``capitals``: capitals that investments aimed at it build (effect above 0), less the
  capitals any of them harms (below 0), over the eight capitals; kept within 0..1.
- ``local_ownership``: locally owned partners (``local: true``) among those it touches.
- ``interests``: partners it touches that invest in it, or whose stated ``interests``
  include a motivator it serves (:data:`KIND_INTERESTS`), among those it touches.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from vchain.analysis.graph import amount_text, names
from vchain.analysis.structure import depends_on_set, flow_node, partner_node
from vchain.model import CAPITALS, LEVERAGE_PARTS

if TYPE_CHECKING:
    from vchain.analysis.candidates import Candidate
    from vchain.analysis.context import Context
    from vchain.analysis.flow import FlowModel

DEFAULT_WEIGHTS: dict[str, Fraction] = {
    "unlocked_demand": Fraction(3),
    "dependent_demand": Fraction(2),
    "marginal_partners": Fraction(2),
    "capitals": Fraction(1),
    "local_ownership": Fraction(1),
    "interests": Fraction(1),
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


@dataclass(frozen=True)
class Part:
    """One part of a score: its value and how it was counted, in words."""

    value: Fraction
    words: str


def share(count: int, total: int) -> Fraction:
    return Fraction(count, total) if total else Fraction(0)


class Scorer:
    """Computes the parts of every candidate of one chain against one flow model."""

    def __init__(self, ctx: Context, model: FlowModel | None) -> None:
        self.ctx = ctx
        self.model = model
        chain = ctx.chain
        self.margins = {p for p, x in chain.partners.items() if x.margins}
        self.local = {p for p, x in chain.partners.items() if x.local}
        self._function_dependents: dict[str, list[str]] = {}
        self._performers: dict[str, list[str]] = {}
        self._relief: dict[tuple[str, str | int], list[int]] = {}
        self._touched: dict[tuple[str, str | int], list[str]] = {}
        self._served: dict[str, set[str]] = {}
        for pid in sorted(chain.partners):
            for fid in sorted(set(chain.partners[pid].performs)):
                self._performers.setdefault(fid, []).append(pid)

    # -- what a candidate sits on --------------------------------------------------
    def performers(self, fid: str) -> list[str]:
        return self._performers.get(fid, [])

    def _motivated(self, kind: str) -> set[str]:
        """Partners that state an interest an opportunity of this kind serves."""
        if kind not in self._served:
            motivators = KIND_INTERESTS.get(kind, frozenset())
            self._served[kind] = {
                pid
                for pid, partner in self.ctx.chain.partners.items()
                if any(" ".join(i.lower().split()) in motivators for i in partner.interests)
            }
        return self._served[kind]

    def is_support(self, pid: str) -> bool:
        partner = self.ctx.chain.partners.get(pid)
        return partner is not None and partner.type == "support"

    def supported(self, pid: str) -> list[str]:
        partners = self.ctx.chain.partners
        return sorted({p for p in partners[pid].supports if p in partners})

    def neighbours(self, pid: str) -> set[str]:
        index = self.ctx.index
        out = {pf.target for pf in index.product_out.get(pid, ())}
        return out | {pf.source for pf in index.product_in.get(pid, ())}

    def _function_touched(self, fid: str) -> set[str]:
        doers = self.performers(fid)
        if not doers:
            order = list(self.ctx.chain.functions)
            at = order.index(fid) if fid in order else -1
            nearby = order[max(at - 1, 0) : at] + order[at + 1 : at + 2] if at >= 0 else []
            return {p for near in nearby for p in self.performers(near)}
        out = set(doers)
        for pid in doers:
            out |= self.neighbours(pid)
        return out

    def touched(self, c: Candidate) -> list[str]:
        chain = self.ctx.chain
        if c.subject not in self._touched:
            self._touched[c.subject] = self._touched_by_subject(c)
        out = self._touched[c.subject]
        if not c.investments:
            return out
        investors = {p for iid in c.investments for p in chain.investments[iid].by}
        return sorted(set(out) | {p for p in investors if p in chain.partners})

    def _touched_by_subject(self, c: Candidate) -> list[str]:
        chain = self.ctx.chain
        what, ident = c.subject
        out: set[str] = set()
        if what == "partner" and isinstance(ident, str):
            extra = self.supported(ident) if self.is_support(ident) else self.neighbours(ident)
            out = {ident, *extra}
        elif what == "flow":
            index = self.ctx.index.flow_keys.get(ident)
            flow = self.ctx.index.flow_at[index] if index is not None else None
            if flow is not None:
                out = {flow.from_} | ({flow.to} if flow.to else set())
        elif what == "function" and isinstance(ident, str):
            out = self._function_touched(ident)
        elif what == "resource" and ident in chain.resources:
            resource = chain.resources[str(ident)]
            out = set(resource.used_by) | ({resource.owner} if resource.owner else set())
        elif what == "chain":
            out = set(chain.partners)
        return sorted(p for p in out if p in chain.partners)

    def relief(self, c: Candidate) -> list[int]:
        """The edges of the flow network that addressing the candidate relieves."""
        if c.subject not in self._relief:
            self._relief[c.subject] = self._relief_of(c)
        return self._relief[c.subject]

    def _relief_of(self, c: Candidate) -> list[int]:
        model = self.model
        if model is None:
            return []
        what, ident = c.subject
        if what == "partner" and isinstance(ident, str):
            if self.is_support(ident):
                return model.support_edges(self.supported(ident))
            return model.partner_edges(ident)
        if what == "flow":
            index = self.ctx.index.flow_keys.get(ident)
            return [model.flow_edge[index]] if index in model.flow_edge else []
        if what == "function" and isinstance(ident, str):
            return model.function_edges(self.performers(ident))
        return []

    def dependents(self, c: Candidate) -> list[str]:
        what, ident = c.subject
        dom = self.ctx.dominance
        if what == "partner" and isinstance(ident, str):
            return dom.dominated_demand(partner_node(ident))
        if what == "flow":
            index = self.ctx.index.flow_keys.get(ident)
            return dom.dominated_demand(flow_node(index)) if index is not None else []
        if what == "function" and isinstance(ident, str):
            if ident not in self._function_dependents:
                doers = frozenset(self.performers(ident))
                self._function_dependents[ident] = depends_on_set(self.ctx.index, doers)
            return self._function_dependents[ident]
        return []

    # -- the parts -----------------------------------------------------------------
    def parts(self, c: Candidate) -> dict[str, Part]:
        touched = self.touched(c)
        out = {
            "unlocked_demand": self.unlocked_demand(c),
            "dependent_demand": self.dependent_demand(c),
            "marginal_partners": self.marginal_partners(touched),
            "capitals": self.capitals(c),
            "local_ownership": self.local_ownership(touched),
            "interests": self.interests(c, touched),
        }
        assert tuple(out) == LEVERAGE_PARTS
        return out

    def unlocked_demand(self, c: Candidate) -> Part:
        model = self.model
        if model is None:
            return Part(Fraction(0), "no demand is stated, so nothing to unlock")
        unit = model.unit
        if model.shortfall == 0:
            return Part(Fraction(0), f"the chain already delivers all the {unit} buyers want")
        short = model.shortfall
        gain = model.unlocked(self.relief(c))
        before = amount_text(model.amount(model.deliverable))
        if gain == 0:
            words = f"relieving it leaves the chain at {before} {unit}: it unlocks none of "
            words += f"the {amount_text(model.amount(short))} short"
            return Part(Fraction(0), words)
        after = amount_text(model.amount(model.deliverable + gain))
        words = (
            f"relieved, the chain could deliver {after} instead of {before} {unit}: "
            f"{amount_text(model.amount(gain))} of the {amount_text(model.amount(short))} short"
        )
        return Part(Fraction(gain, short), words)

    def dependent_demand(self, c: Candidate) -> Part:
        total = len(self.ctx.index.demand_partners)
        found = self.dependents(c)
        listed = f" ({names(found)})" if found else ""
        words = f"{len(found)} of {total} demand partners get all their product through it"
        return Part(share(len(found), total), words + listed)

    def marginal_partners(self, touched: list[str]) -> Part:
        found = [p for p in touched if p in self.margins]
        listed = f" ({names(found)})" if found else ""
        words = f"it touches {len(found)} of the {len(self.margins)} partners on the margins"
        return Part(share(len(found), len(self.margins)), words + listed)

    def capitals(self, c: Candidate) -> Part:
        investments = self.ctx.chain.investments
        if not c.investments:
            return Part(Fraction(0), "no investment is aimed at it yet")
        built = sorted(
            {k for iid in c.investments for k, v in investments[iid].capitals.items() if v > 0},
            key=CAPITALS.index,
        )
        harmed = sorted(
            {k for iid in c.investments for k, v in investments[iid].capitals.items() if v < 0},
            key=CAPITALS.index,
        )
        net = Fraction(len(built) - len(harmed), len(CAPITALS))
        value = Fraction(0) if net < 0 else min(net, Fraction(1))
        words = (
            f"the investments aimed at it ({names(c.investments)}) build {len(built)} of the "
            f"8 capitals ({', '.join(built) or 'none'})"
        )
        if harmed:
            words += f" and harm {len(harmed)} ({', '.join(harmed)})"
        return Part(value, words)

    def local_ownership(self, touched: list[str]) -> Part:
        found = [p for p in touched if p in self.local]
        words = f"{len(found)} of the {len(touched)} partners it touches are locally owned"
        return Part(share(len(found), len(touched)), words)

    def interests(self, c: Candidate, touched: list[str]) -> Part:
        investors = {p for iid in c.investments for p in self.ctx.chain.investments[iid].by}
        served = self._motivated(c.kind)
        found = [p for p in touched if p in investors or p in served]
        words = (
            f"{len(found)} of the {len(touched)} partners it touches invest in it or state "
            f"an interest it serves"
        )
        listed = f" ({names(found)})" if found else ""
        return Part(share(len(found), len(touched)), words + listed)


def weights_of(ctx: Context) -> dict[str, Fraction]:
    """The chain's weights (`leverage` section) over the defaults, scaled to sum to 1."""
    given = ctx.chain.leverage
    raw = dict(DEFAULT_WEIGHTS)
    if given is not None:
        for name in LEVERAGE_PARTS:
            value = getattr(given, name)
            if value is not None:
                raw[name] = Fraction(repr(float(value)))
    total = sum(raw.values())
    return {name: (raw[name] / total if total else Fraction(0)) for name in LEVERAGE_PARTS}
