"""The chain's numbers and its cascade, as reporters and commands see them.

``FlowSummary`` holds, in the demand unit: wanted, deliverable, delivered now, the capacity
shortfall, blocked demand and unmet now (``vchain.analysis.numbers``), what binds now and
the whole cascade (``vchain.analysis.cascade``), and what binds as demand grows
(``--scale K``).  The network itself is in ``vchain.analysis.network``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vchain.analysis.graph import number

if TYPE_CHECKING:
    from fractions import Fraction

    from vchain.analysis.cascade import Cascade
    from vchain.analysis.network import CapacityNetwork
    from vchain.analysis.numbers import Numbers

Amount = int | float


@dataclass(frozen=True)
class StepSummary:
    """One step of the cascade: what is relieved (or which gaps are filled), and after."""

    kind: str
    names: list[str]
    after: Amount
    filled: list[str] = field(default_factory=list)
    """Gaps filled in the same step (they and these constraints gain only together)."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "binding": list(self.names), "after": self.after}
        if self.filled:
            out["filled"] = list(self.filled)
        return out


@dataclass(frozen=True)
class ScaleSummary:
    """What binds when every demand is ``k`` times as large."""

    k: Amount
    wanted: Amount
    deliverable: Amount
    steps: list[StepSummary] = field(default_factory=list)

    @property
    def binding(self) -> list[list[str]]:
        return [s.names for s in self.steps if s.kind == "relieve"]

    def to_json(self) -> dict[str, Any]:
        return {
            "k": self.k,
            "wanted": self.wanted,
            "deliverable": self.deliverable,
            "binding": self.binding,
            "steps": [s.to_json() for s in self.steps],
        }


@dataclass(frozen=True)
class FlowSummary:
    """The chain's capacity and delivery against its demand, in the demand unit.

    ``binding`` is what binds now; ``cascade[i]`` what binds once the step before it is
    relieved, and ``after[i]`` what the chain could deliver after step i (``steps`` has
    them together, with gap-filling steps).  ``delivered_now`` is None where nothing in
    the file says what reaches the buyers now (``unknown`` lists buyers it is unknown
    for); ``unbounded`` lists buyers some product path reaches through no stated capacity.
    ``other_units`` lists buyers whose demand is in another unit, left out of the sums.
    """

    unit: str
    wanted: Amount
    deliverable: Amount
    delivered_now: Amount | None
    shortfall: Amount
    blocked: Amount
    unmet_now: Amount
    steps: list[StepSummary] = field(default_factory=list)
    met: bool = False
    unknown: list[str] = field(default_factory=list)
    unbounded: list[str] = field(default_factory=list)
    other_units: list[str] = field(default_factory=list)
    buyers: dict[str, dict[str, Any]] = field(default_factory=dict)
    scale: ScaleSummary | None = None

    @property
    def demand(self) -> Amount:
        """What the buyers want (the name of 0.1.0, kept)."""
        return self.wanted

    @property
    def bounded(self) -> bool:
        return not self.unbounded

    @property
    def relief_steps(self) -> list[StepSummary]:
        return [s for s in self.steps if s.kind == "relieve"]

    @property
    def binding(self) -> list[str]:
        """What binds now: the first step, where it is a relief that needs no gap filled."""
        if self.steps and self.steps[0].kind == "relieve" and not self.steps[0].filled:
            return list(self.steps[0].names)
        return []

    @property
    def cascade(self) -> list[list[str]]:
        """What binds next, step after step (after what binds now)."""
        first = 1 if self.binding else 0
        return [s.names for s in self.steps[first:] if s.kind == "relieve"]

    @property
    def after(self) -> list[Amount]:
        return [s.after for s in self.steps]

    def numbers(self) -> dict[str, Any]:
        """The numbers, in the chain's unit (what `diff` compares)."""
        return {
            "unit": self.unit,
            "wanted": self.wanted,
            "demand": self.wanted,
            "deliverable": self.deliverable,
            "delivered_now": self.delivered_now,
            "shortfall": self.shortfall,
            "blocked": self.blocked,
            # wanted - delivered now: unknown where nothing says what reaches the buyers
            "unmet_now": self.unmet_now if self.delivered_now is not None else None,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            **self.numbers(),
            "bounded": self.bounded,
            "binding": self.binding,
            "cascade": self.cascade,
            "after": self.after,
            "steps": [s.to_json() for s in self.steps],
            "met": self.met,
            "unknown": list(self.unknown),
            "unbounded": list(self.unbounded),
            "other_units": list(self.other_units),
            "buyers": dict(self.buyers),
            "scale": self.scale.to_json() if self.scale is not None else None,
        }


def flow_numbers(summary: FlowSummary | None) -> dict[str, Any] | None:
    """``summary.numbers()``, or None where the chain states no comparable demand."""
    return summary.numbers() if summary is not None else None


def gap_name(key: str) -> str:
    """``buyer:hospital`` -> "a way to hospital"; ``function:scour`` -> "function scour"."""
    kind, _, name = key.partition(":")
    return f"a way to {name}" if kind == "buyer" else f"{kind} {name}"


def step_summaries(network: CapacityNetwork, cascade: Cascade) -> list[StepSummary]:
    out = []
    for step in cascade.steps:
        gaps = [gap_name(str(network.tag_of[e][1])) for e in step.filled]
        if step.kind == "relieve":
            names = sorted(network.label(e) for e in step.edges)
        else:
            names = sorted(gap_name(str(network.tag_of[e][1])) for e in step.edges)
        out.append(StepSummary(step.kind, names, network.amount(step.after), sorted(gaps)))
    return out


def _amount(network: CapacityNetwork, value: Fraction | int) -> Amount:
    from fractions import Fraction

    return number(Fraction(value) / network.scale)


def summarize(numbers: Numbers, cascade: Cascade, scale: ScaleSummary | None = None) -> FlowSummary:
    network = numbers.network
    buyers = {
        pid: {
            "wanted": network.amount(b.wanted),
            "deliverable": network.amount(b.deliverable),
            "delivered_now": None if b.delivered_now is None else network.amount(b.delivered_now),
            "blocked": _amount(network, b.blocked),
            "bounded": b.bounded,
        }
        for pid, b in numbers.buyers.items()
    }
    return FlowSummary(
        unit=numbers.unit,
        wanted=network.amount(numbers.wanted),
        deliverable=network.amount(numbers.deliverable),
        delivered_now=(
            None if numbers.delivered_now is None else network.amount(numbers.delivered_now)
        ),
        shortfall=network.amount(numbers.shortfall),
        blocked=_amount(network, numbers.blocked),
        unmet_now=_amount(network, numbers.unmet_now),
        steps=step_summaries(network, cascade),
        met=cascade.met,
        unknown=list(numbers.unknown),
        unbounded=list(numbers.unbounded),
        other_units=list(numbers.other_units),
        buyers=buyers,
        scale=scale,
    )


def flow_summary(chain: Any) -> FlowSummary | None:
    """The numbers and the cascade of a :class:`~vchain.model.Chain`, or None where no
    buyer states a comparable demand (a library entry point)."""
    from vchain.analysis.context import summary_of

    return summary_of(chain)
