"""The change between two versions in plain words, for partners rather than programmers.

    the new partner Ridge Road Trucking (trucking) closes the gap at function distribute;
    unmet demand falls from 12,000 to 2,000 cans/yr

Sentences come in this order: what the change resolved (and, where the diff shows it,
which added or changed element did it), how far the chain now meets demand, what new
gaps and bottlenecks appeared, and the new top leverage point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vchain.model import format_amount

if TYPE_CHECKING:
    from vchain.analysis.flow import FlowSummary
    from vchain.diff.comparison import Comparison
    from vchain.diff.structure import ElementChange
    from vchain.findings import Finding

ANALYSIS_KINDS = ("gap", "bottleneck", "underutilized")
VERB = {"gap": "closes", "bottleneck": "relieves", "underutilized": "puts to use"}
NOUN = {"gap": "the gap", "bottleneck": "the bottleneck", "underutilized": "the unused capacity"}
MOST = 5


def tell(c: Comparison) -> list[str]:
    return _resolved(c) + _demand(c.old.flow, c.new.flow) + _appeared(c) + _top(c)


# -- what the change resolved --------------------------------------------------------------


def _resolved(c: Comparison) -> list[str]:
    resolved: list[tuple[Finding, str | None]] = [
        (f, None) for f in c.resolved if f.kind in ANALYSIS_KINDS
    ]
    # a detected finding gone while partners' declared opportunity for it stays open
    resolved += [
        (p.old, _opportunity_of(p.new))
        for p in c.changed_findings
        if p.old.source == "detected"
        and p.new.source == "declared"
        and p.old.kind in ANALYSIS_KINDS
    ]
    out = [_closure(f, c.changes) + _still_open(opp) for f, opp in resolved[:MOST]]
    if len(resolved) > MOST:
        out.append(
            f"and {len(resolved) - MOST} more gaps, bottlenecks or unused resources resolved"
        )
    return out


def _opportunity_of(f: Finding) -> str | None:
    return str(f.subject[1]) if f.subject[0] == "opportunity" else f.related


def _still_open(opportunity: str | None) -> str:
    if opportunity is None:
        return ""
    return f" (the declared opportunity {opportunity} is still open: mark it addressed?)"


def _where(f: Finding) -> str:
    what, ident = f.subject
    return f"at {what} {ident}" if what != "chain" else "in the chain"


def _closure(f: Finding, changes: list[ElementChange]) -> str:
    where = f"{NOUN[f.kind]} {_where(f)}"
    change = _cause(f, changes)
    if change is None:
        return f"{where} is resolved"
    if change.change == "changed" and (change.what, change.id) == (f.subject[0], str(f.subject[1])):
        return _own_change(change, f)
    return f"{_label(change)} {VERB[f.kind]} {where}"


def _own_change(change: ElementChange, f: Finding) -> str:
    """ "the new capacity of partner x (800 cans/yr → 1,000 cans/yr) relieves ... there" """
    named = [fc for fc in change.fields if fc.key in f.message] or change.fields
    if len(named) == 1:
        fc = named[0]
        values = f" ({fc.old} → {fc.new})" if fc.old is not None and fc.new is not None else ""
        subject = f"the new {fc.key} of {change.what} {change.id}{values}"
        return f"{subject} {VERB[f.kind]} {NOUN[f.kind]} there"
    plural = {"closes": "close", "relieves": "relieve"}.get(VERB[f.kind], VERB[f.kind])
    return f"the changes to {change.what} {change.id} {plural} {NOUN[f.kind]} there"


def _label(change: ElementChange) -> str:
    name = f"{change.name} ({change.id})" if change.name else change.id
    state = "the new" if change.change == "added" else ""
    return f"{state} {change.what} {name}".strip()


def _cause(f: Finding, changes: list[ElementChange]) -> ElementChange | None:
    """The added or changed element that most plausibly made the finding go away."""
    what, ident = f.subject
    for change in changes:
        if change.change != "removed" and _touches(change, what, ident):
            return change
    return None


def _touches(change: ElementChange, what: str, ident: Any) -> bool:
    element = change.element
    if change.change == "changed" and change.what == what and change.id == str(ident):
        return True
    if element is None:
        return False
    if what == "function":
        return ident in _gained(change, "performs")
    if what == "partner":
        return ident in _gained(change, "supports") or (
            change.what == "flow" and ident in (getattr(element, "from_", None), element.to)
        )
    if what == "resource":
        return change.what == "resource" and change.id == ident
    return False


def _gained(change: ElementChange, field_name: str) -> list[Any]:
    """Items an added element has in a list field, or a changed one gained."""
    if change.change == "added":
        return list(getattr(change.element, field_name, []) or [])
    return [x for fc in change.fields if fc.key == field_name for x in fc.added]


# -- demand ---------------------------------------------------------------------------------


def _qty(amount: float, unit: str) -> str:
    return f"{format_amount(amount)} {unit}"


def _demand(old: FlowSummary | None, new: FlowSummary | None) -> list[str]:
    if new is None:
        return ["demand and capacity can no longer be compared"] if old is not None else []
    if old is None or old.unit != new.unit:
        was = f" (it was counted in {old.unit})" if old is not None else ""
        return [
            (
                f"the chain can deliver {format_amount(new.deliverable)} of the "
                f"{_qty(new.demand, new.unit)} buyers want{was}"
            )
        ]
    out: list[str] = []
    if new.shortfall != old.shortfall:
        out.append(_shortfall(old, new))
    if new.demand != old.demand:
        out.append(
            f"buyers now want {_qty(new.demand, new.unit)} (was {format_amount(old.demand)})"
        )
    return out


def _shortfall(old: FlowSummary, new: FlowSummary) -> str:
    unit = new.unit
    if new.shortfall == 0:
        return (
            f"unmet demand falls from {_qty(old.shortfall, unit)} to none: the chain can "
            f"deliver all {_qty(new.demand, unit)} buyers want"
        )
    verb = "falls" if new.shortfall < old.shortfall else "rises"
    return f"unmet demand {verb} from {format_amount(old.shortfall)} to {_qty(new.shortfall, unit)}"


# -- what appeared, and the top leverage point -------------------------------------------------


def _appeared(c: Comparison) -> list[str]:
    found = [f for f in c.introduced if f.kind in ("gap", "bottleneck")]
    out = [f"new {f.kind}: {f.message}" for f in found[:MOST]]
    if len(found) > MOST:
        out.append(f"and {len(found) - MOST} more new gaps or bottlenecks")
    return out


def _top(c: Comparison) -> list[str]:
    before = c.old.points[0].id if c.old.points else None
    after = c.new.points[0].id if c.new.points else None
    if after is None or after == before or before is None:
        return []
    return [f"the top leverage point is now {after} (was {before})"]


def headline(story: list[str]) -> str:
    """The first two sentences as one line."""
    return "; ".join(story[:2])
