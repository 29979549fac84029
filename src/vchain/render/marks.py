"""Opportunities on the map: what to mark where.

Three sources, merged:

- the **declared** open opportunities of the file (``opportunities`` with ``at``);
- the **detected** findings of the analysis (``vchain.analysis.run.analyze_document``),
  when that module is installed; a detected finding that repeats a declared one
  (``related``, or a gap at the same function) is drawn once; and, analysis or not, an
  essential function that no transactional partner performs is a gap;
- the **leverage points** (``vchain.analysis.leverage.rank_document``) for ``--leverage
  N``; without that module (or with ``--declared-only``), the declared open
  opportunities in file order stand in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vchain.loading.loader import ChainDocument
    from vchain.model import Chain

Subject = tuple[str, str | int]
MARK_KINDS: tuple[str, ...] = ("gap", "bottleneck", "underutilized")
RISK_RULES: frozenset[str] = frozenset({"VC106"})
"""Findings that are a risk (a single point of failure), not a bottleneck to unlock: drawn
with a mark of their own (analysis.md: "a risk ... is shown as such")."""


@dataclass(frozen=True)
class Mark:
    """One opportunity as drawn: its kind, a short text, and where it came from."""

    kind: str
    text: str
    source: str
    ident: str


@dataclass
class Marks:
    """Every mark, keyed by what it sits on."""

    partners: dict[str, list[Mark]] = field(default_factory=dict)
    flows: dict[int, list[Mark]] = field(default_factory=dict)
    resources: dict[str, list[Mark]] = field(default_factory=dict)
    gaps: dict[str, list[Mark]] = field(default_factory=dict)
    """Function id -> gaps there; each is drawn as an empty placeholder partner."""
    leverage: dict[Subject, tuple[int, ...]] = field(default_factory=dict)
    """(what, id) -> the ranks of the leverage points there, 1 first; flows by index,
    gaps by ("gap", mark id)."""
    leverage_list: list[tuple[int, str, str]] = field(default_factory=list)
    """(rank, kind, text) of every leverage point shown, for the legend."""

    def add(self, subject: Subject, mark: Mark) -> None:
        what, ident = subject
        if what == "partner":
            _append(self.partners, str(ident), mark)
        elif what == "flow" and isinstance(ident, int):
            _append(self.flows, ident, mark)
        elif what == "resource":
            _append(self.resources, str(ident), mark)
        elif what == "function" and mark.kind == "gap":
            _append(self.gaps, str(ident), mark)

    def kinds_of(self, what: str, ident: str | int) -> list[str]:
        tables: dict[str, dict[Any, list[Mark]]] = {
            "partner": self.partners,
            "flow": self.flows,
            "resource": self.resources,
        }
        table = tables[what]
        return sorted({m.kind for m in table.get(ident, [])})


def _append(table: dict[Any, list[Mark]], key: Any, mark: Mark) -> None:
    marks = table.setdefault(key, [])
    if all(m.ident != mark.ident for m in marks):
        marks.append(mark)


def flow_index(chain: Chain, ident: str | int) -> int | None:
    """A flow subject (its id, or its index) to its index in ``flows``."""
    if isinstance(ident, int):
        return ident if 0 <= ident < len(chain.flows) else None
    for flow in chain.flows:
        if flow.id == ident:
            return flow.index
    return None


def normalize(chain: Chain, subject: Subject) -> Subject | None:
    """A subject as the map keys it: flows by index, opportunities by what they sit on."""
    what, ident = subject
    if what == "flow":
        index = flow_index(chain, ident)
        return None if index is None else ("flow", index)
    if what == "opportunity":
        opportunity = chain.opportunities.get(str(ident))
        if opportunity is None or opportunity.at is None:
            return None
        return normalize(chain, opportunity.at.target)
    return what, ident


def performers(chain: Chain, function: str) -> list[str]:
    return [pid for pid, p in chain.partners.items() if function in p.performs]


# -- the three sources -------------------------------------------------------------------


def declared(chain: Chain, marks: Marks) -> None:
    for oid, opportunity in chain.opportunities.items():
        if opportunity.status != "open" or opportunity.at is None:
            continue
        mark = Mark(opportunity.kind, opportunity.text, "declared", oid)
        what, ident = opportunity.at.target
        if what == "function" and opportunity.kind != "gap":
            for pid in performers(chain, ident):
                marks.add(("partner", pid), mark)
            continue
        subject = normalize(chain, (what, ident))
        if subject is not None:
            marks.add(subject, mark)


def detected(doc: ChainDocument, marks: Marks) -> None:
    """Add the analysis's findings, once each; nothing when the analysis is absent."""
    try:
        from vchain.analysis.run import analyze_document
    except ImportError:
        return
    chain = doc.chain
    assert chain is not None
    for finding in analyze_document(doc):
        if finding.kind not in MARK_KINDS or finding.source != "detected":
            continue
        if finding.related and finding.related in chain.opportunities:
            continue
        subject = normalize(chain, finding.subject)
        if subject is None:
            continue
        if subject[0] == "function" and marks.gaps.get(str(subject[1])):
            continue  # the declared gap at this function stands for it
        kind = "risk" if is_risk(finding.rule, finding.data) else finding.kind
        mark = Mark(kind, finding.message, "detected", f"{finding.rule}:{subject[1]}")
        marks.add(subject, mark)


def unperformed(chain: Chain, marks: Marks) -> None:
    """An essential function no transactional partner performs is a gap, drawn once."""
    performed = {
        f for p in chain.partners.values() if p.type == "transactional" for f in p.performs
    }
    for fid, function in chain.functions.items():
        if function.essential and fid not in performed and not marks.gaps.get(fid):
            text = f"Nobody performs: {function.name}"
            marks.add(("function", fid), Mark("gap", text, "detected", f"unperformed:{fid}"))


def _declared_points(chain: Chain) -> list[tuple[str, str, Subject | None]]:
    """The open declared opportunities in file order: the ranking's stand-in."""
    return [
        (oid, o.kind, o.at.target if o.at is not None else ("opportunity", oid))
        for oid, o in chain.opportunities.items()
        if o.status == "open"
    ]


def _leverage_points(
    doc: ChainDocument, analysis: bool = True
) -> list[tuple[str, str, Subject | None]]:
    """(id, kind, subject) of the ranked leverage points, best first."""
    chain = doc.chain
    assert chain is not None
    if not analysis:
        return _declared_points(chain)
    try:
        from vchain.analysis.leverage import rank_document
    except ImportError:
        return _declared_points(chain)
    result: Any = rank_document(doc)
    points = list(getattr(result, "points", result))
    if not points:  # an analysis that ranks nothing yet: the declared ones stand in
        return _declared_points(chain)
    out: list[tuple[str, str, Subject | None]] = []
    for point in sorted(points, key=lambda p: int(p.rank)):
        subject = tuple(point.subject) if point.subject else None
        rules = tuple(getattr(point, "rules", ()))
        risk = bool(getattr(point, "risk_only", False))
        kind = "risk" if risk or (rules and all(is_risk(r, {}) for r in rules)) else str(point.kind)
        out.append((str(point.id), kind, subject))
    return out


def is_risk(rule: str, data: dict[str, Any]) -> bool:
    """Whether a finding is a risk (a single point of failure) rather than an opportunity."""
    return rule in RISK_RULES or data.get("risk") is True


def leverage(
    doc: ChainDocument,
    marks: Marks,
    top: int,
    *,
    analysis: bool = True,
    ranked: Ranked | None = None,
) -> None:
    """Number the ``top`` best leverage points on what they sit on.

    Without the analysis (or ``analysis=False``) the open declared opportunities stand in,
    in file order.
    """
    chain = doc.chain
    assert chain is not None
    points = (ranked if ranked is not None else _leverage_points(doc, analysis))[: max(top, 0)]
    for rank, (ident, kind, subject) in enumerate(points, start=1):
        marks.leverage_list.append((rank, kind, describe(chain, ident, subject)))
        target = _leverage_target(chain, marks, ident, subject)
        if target is not None:
            marks.leverage[target] = (*marks.leverage.get(target, ()), rank)


def describe(chain: Chain, ident: str, subject: Subject | None) -> str:
    """A leverage point in words: its opportunity's text, else what it sits on."""
    opportunity = chain.opportunities.get(ident)
    if opportunity is not None:
        return opportunity.text
    if subject is None:
        return ident
    what, key = subject
    if what == "partner" and str(key) in chain.partners:
        return chain.partners[str(key)].name
    if what == "function" and str(key) in chain.functions:
        return chain.functions[str(key)].name
    if what == "resource" and str(key) in chain.resources:
        return chain.resources[str(key)].name
    if what == "flow":
        index = flow_index(chain, key)
        if index is not None:
            flow = chain.flows[index]
            return f"{flow.from_} → {flow.to or 'nobody'}: {flow.what or flow.kind}"
    return f"{what} {key}"


def _leverage_target(
    chain: Chain, marks: Marks, ident: str, subject: Subject | None
) -> Subject | None:
    if subject is None:
        return None
    if subject[0] == "opportunity":
        ident = str(subject[1])
    target = normalize(chain, subject)
    if target is None:
        return None
    if target[0] == "function":
        for mark in marks.gaps.get(str(target[1]), []):
            if mark.ident == ident or mark.ident.endswith(f":{target[1]}"):
                return ("gap", mark.ident)
        gaps = marks.gaps.get(str(target[1]))
        return ("gap", gaps[0].ident) if gaps else None
    return target


Ranked = list[tuple[str, str, Subject | None]]
"""(id, kind, subject) of leverage points, best first: a ranking made elsewhere."""


def collect(
    doc: ChainDocument, *, top: int = 0, analysis: bool = True, ranked: Ranked | None = None
) -> Marks:
    """Every mark of one chain document (its chain must be loaded)."""
    chain = doc.chain
    assert chain is not None
    marks = Marks()
    declared(chain, marks)
    if analysis:
        detected(doc, marks)
        unperformed(chain, marks)
    if top > 0:
        leverage(doc, marks, top, analysis=analysis, ranked=ranked)
    return marks
