"""What `vchain diff` produces: each side checked and ranked, and how they compare.

These are the types that ``compare`` fills and ``story`` and ``render`` read; keeping them
here lets the story be told without importing the comparison's machinery.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vchain.findings import SEVERITY_RANK, Finding

if TYPE_CHECKING:
    from vchain.analysis.flow import FlowSummary
    from vchain.analysis.leverage import LeveragePoint
    from vchain.diff.revisions import Side
    from vchain.diff.structure import ElementChange
    from vchain.loading.loader import ChainDocument


class SideUnreadable(Exception):  # noqa: N818 - a file's problem, not a bug
    """One side cannot be read as YAML (exit 2); ``findings`` say why."""

    def __init__(self, side: Side, findings: list[Finding]) -> None:
        super().__init__(f"{side.spec}: cannot be read as a chain file")
        self.side = side
        self.findings = findings


@dataclass
class SideResult:
    """One side, loaded, checked and ranked."""

    side: Side
    doc: ChainDocument | None = None
    findings: list[Finding] = field(default_factory=list)
    points: list[LeveragePoint] = field(default_factory=list)
    flow: FlowSummary | None = None
    analyzed: bool = False

    @property
    def chain(self) -> Any:
        return self.doc.chain if self.doc is not None else None


@dataclass
class FindingChange:
    old: Finding
    new: Finding


@dataclass
class RankMove:
    id: str
    kind: str
    subject: tuple[str, str | int]
    old_rank: int | None
    new_rank: int | None
    old_score: float | None
    new_score: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "subject": {self.subject[0]: self.subject[1]},
            "old_rank": self.old_rank,
            "new_rank": self.new_rank,
            "old_score": self.old_score,
            "new_score": self.new_score,
        }


@dataclass
class Comparison:
    old: SideResult
    new: SideResult
    changes: list[ElementChange] = field(default_factory=list)
    introduced: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)
    changed_findings: list[FindingChange] = field(default_factory=list)
    moves: list[RankMove] = field(default_factory=list)
    story: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fails(self, threshold: str) -> bool:
        """Whether a finding introduced is at or above ``threshold``."""
        rank = SEVERITY_RANK[threshold]
        return any(SEVERITY_RANK[f.severity] >= rank for f in self.introduced)
