"""What the analysis finds, in the terms exports carry: per item, and as read-only tables.

Reads only ``finding.rule``, ``.kind``, ``.subject`` and ``.message`` and, of a leverage
point, ``.rank``, ``.id``, ``.score`` and ``.subject``: the parts of the analysis that stay
while it is reworked.  A finding about an opportunity is also told of what the
opportunity sits on (its ``at``), so that a Kumu view colours the partner it is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vchain.bridges.cells import text_cell
from vchain.bridges.tables import FINDINGS, LEVERAGE_POINTS, Table

if TYPE_CHECKING:
    from vchain.loading.loader import ChainDocument

Subject = tuple[str, str]


@dataclass
class Marks:
    """The findings and leverage of one item (a partner, function, resource or flow)."""

    findings: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    rank: int | None = None
    score: float | None = None


@dataclass
class Derived:
    """The analysis of one chain, by subject and as rows."""

    findings: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    points: list[tuple[int, str, str, str, float]] = field(default_factory=list)
    marks: dict[Subject, Marks] = field(default_factory=dict)

    def of(self, what: str, ident: str | int) -> Marks:
        return self.marks.get((what, str(ident)), Marks())


def derive(doc: ChainDocument) -> Derived:
    """Analyze and rank the document (it has a valid chain)."""
    from vchain.analysis.leverage import rank_document
    from vchain.analysis.run import analyze_document

    out = Derived()
    for finding in analyze_document(doc):
        what, ident = finding.subject
        out.findings.append((finding.rule, finding.kind, what, str(ident), finding.message))
        for subject in _places(doc, (what, str(ident))):
            marks = out.marks.setdefault(subject, Marks())
            marks.findings.append(f"{finding.rule} {finding.kind}: {finding.message}")
            if finding.kind not in marks.kinds:
                marks.kinds.append(finding.kind)
    for point in rank_document(doc).points:
        what, ident = point.subject
        out.points.append((point.rank, point.id, what, str(ident), point.score))
        for subject in _places(doc, (what, str(ident))):
            marks = out.marks.setdefault(subject, Marks())
            if marks.rank is None or point.rank < marks.rank:
                marks.rank, marks.score = point.rank, point.score
    return out


def _places(doc: ChainDocument, subject: Subject) -> list[Subject]:
    """The subject, and for an opportunity what it sits on."""
    out = [subject]
    chain = doc.chain
    if subject[0] == "opportunity" and chain is not None:
        opportunity = chain.opportunities.get(subject[1])
        if opportunity is not None and opportunity.at is not None:
            out.append(opportunity.at.target)
    if subject[0] == "flow" and chain is not None:
        out.extend(_flow_index(chain, subject[1]))
    return out


def _flow_index(chain: Any, key: str) -> list[Subject]:
    """A flow named by its id is also the flow at its index (exports key flows by index)."""
    for index, flow in enumerate(chain.flows):
        if flow.id == key:
            return [("flow", str(index))]
    return []


def derived_tables(derived: Derived) -> list[Table]:
    """The findings and the leverage ranking as read-only tables."""
    findings = Table(FINDINGS, ["rule", "kind", "subject", "id", "message"], read_only=True)
    findings.rows = [[_cell(v) for v in row] for row in derived.findings]
    points = Table(LEVERAGE_POINTS, ["rank", "id", "subject", "of", "score"], read_only=True)
    points.rows = [[_cell(v) for v in row] for row in derived.points]
    return [findings, points]


def _cell(value: Any) -> Any:
    return text_cell(value) if isinstance(value, str) else value
