"""Leverage points: every open opportunity, scored as a weighted sum of named parts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vchain.analysis.flow import FlowSummary
    from vchain.loading.loader import ChainDocument


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
    """The ranking of one chain, and its flow against demand (None without demand)."""

    points: list[LeveragePoint] = field(default_factory=list)
    flow: FlowSummary | None = None


def rank_document(doc: ChainDocument, assume: Sequence[str] = ()) -> LeverageResult:
    """Every open opportunity of ``doc``, ranked; ``assume`` treats ids as addressed."""
    return LeverageResult()
