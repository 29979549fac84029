"""What binds, in order: the whole cascade of capacity constraints.

Each step relieves every stated capacity that lies in some minimum cut of the flow (cuts
of equal value are one step: relieving one of them alone would gain nothing while the
others hold; where even all of them gain nothing, the next cuts join the step) and flows
again.  A step is kept only where it raises the flow.  Where no
relief raises it while demand is still unmet, the rest has no path: the gaps are filled
once (a function nobody performs is bridged, a buyer no product reaches is connected) and
the cascade goes on from there.  It ends when demand is met or nothing more constrains it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from vchain.analysis.network import CapacityNetwork


@dataclass(frozen=True)
class Step:
    """One step: the constraints relieved (or the gap bridges opened) and the flow after."""

    kind: Literal["relieve", "fill"]
    edges: tuple[int, ...]
    after: int
    filled: tuple[int, ...] = ()
    """Gap bridges opened in the same step: filling them alone gained nothing, relieving
    these constraints alone gained nothing either; together they raise the flow."""


@dataclass
class Cascade:
    steps: list[Step] = field(default_factory=list)
    end: int = 0
    """The flow after the last step."""
    met: bool = False
    """Whether the last step meets every demand."""

    @property
    def constraints(self) -> list[int]:
        """Every constraint relieved on the way, in cascade order."""
        return [e for s in self.steps if s.kind == "relieve" for e in s.edges]

    def step_of(self) -> dict[int, int]:
        """The 1-based step at which each constraint is relieved."""
        return {
            e: i for i, s in enumerate(self.steps, start=1) if s.kind == "relieve" for e in s.edges
        }


def _step(work: CapacityNetwork) -> tuple[tuple[int, ...], CapacityNetwork] | None:
    """The next step: the constraints of every minimum cut, relieved together; where that
    gains nothing (another cut of the same value holds: two closed links in series), the
    next cut's are added to the same step, until the flow rises or no constraint is left."""
    trial = work.copy()
    pending: list[int] = []
    while True:
        finite = [e for e in trial.constraints if trial.is_finite(e) and e not in pending]
        cut = trial.net.in_some_min_cut(finite, trial.source)
        if not cut:
            return None
        pending += cut
        trial.open(cut)
        trial.maximize()
        if trial.value > work.value:
            return tuple(sorted(pending)), trial


def run(base: CapacityNetwork, bridges: list[int]) -> Cascade:
    """The cascade from the solved network ``base`` (left as it is); ``bridges`` are the
    edges of the gap bridges to open when nothing else raises the flow."""
    work = base.copy()
    out = Cascade()
    filled = not bridges
    waiting: tuple[int, ...] = ()
    while work.value < work.wanted:
        step = _step(work)
        if step is not None:
            edges, work = step
            out.steps.append(Step("relieve", edges, work.value, waiting))
            waiting = ()
            continue
        if filled:
            break
        filled = True
        before = work.value
        work.open(bridges)
        work.maximize()
        if work.value > before:
            out.steps.append(Step("fill", tuple(bridges), work.value))
        else:  # a gap that gains nothing alone: one step with what binds behind it
            waiting = tuple(bridges)
    out.end = work.value
    out.met = work.value >= work.wanted
    return out
