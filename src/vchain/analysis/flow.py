"""How much of the demand the chain can deliver: a maximum flow over product flows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vchain.model import Chain


@dataclass(frozen=True)
class FlowSummary:
    """The chain's capacity against its demand, in the demand unit.

    ``binding`` names the partners and flows of the minimum cut (flow ids, or
    ``flow#3`` for a flow without an id); ``cascade[0]`` is what binds once those are
    relieved, ``cascade[1]`` what binds after that, and so on.
    """

    unit: str
    demand: int | float
    deliverable: int | float
    shortfall: int | float
    binding: list[str] = field(default_factory=list)
    cascade: list[list[str]] = field(default_factory=list)


def flow_summary(chain: Chain) -> FlowSummary | None:
    """The maximum flow against demand, or None when no demand partner states demand."""
    return None
