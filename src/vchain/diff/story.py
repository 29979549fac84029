"""The change between two versions in plain words, for partners rather than programmers.

    someone now performs function distribute: the new partner Ridge Road Trucking
    (trucking) performs it; the capacity shortfall falls from 12,000 to 2,000 cans/yr

Every sentence follows from the findings and the elements before and after: a finding
that is gone is told by what no longer holds (a need met, a capacity that no longer binds),
never as "the bottleneck there is resolved" while another finding stays there; a cause is
named only where the diff shows it (the partner that now performs the function, the
support partner that now provides the service, the flow that now reaches the buyer).
Sentences come in this order: what the change resolved, how the numbers moved, what new
gaps and bottlenecks appeared, and the new top leverage point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vchain.model import format_amount
from vchain.safetext import visible

if TYPE_CHECKING:
    from vchain.analysis.flow import FlowSummary
    from vchain.diff.comparison import Comparison
    from vchain.diff.structure import ElementChange
    from vchain.findings import Finding
    from vchain.model import Chain

ANALYSIS_KINDS = ("gap", "bottleneck", "underutilized")
MOST = 5


def tell(c: Comparison) -> list[str]:
    return _resolved(c) + _numbers(c.old.flow, c.new.flow) + _appeared(c) + _top(c)


# -- what the change resolved ----------------------------------------------------------------


def _still_declared(f: Finding, chain: Chain | None) -> bool:
    """A declared opportunity that is still open on the other side (now told through a
    detection, or the other way round): nothing was resolved or introduced."""
    if f.rule != "VC100" or chain is None:
        return False
    opp = chain.opportunities.get(str(f.subject[1]))
    return opp is not None and opp.status != "addressed"


def _resolved(c: Comparison) -> list[str]:
    gone = [f for f in c.resolved if f.kind in ANALYSIS_KINDS]
    gone = [f for f in gone if not _still_declared(f, c.new.chain)]
    out = [_gone(f, c) for f in gone[:MOST]]
    if len(gone) > MOST:
        out.append(f"and {len(gone) - MOST} more gaps, bottlenecks or unused resources resolved")
    return out


def _name(ident: Any) -> str:
    return visible(str(ident))


def _gone(f: Finding, c: Comparison) -> str:
    """What no longer holds, and what the diff shows did it."""
    what, ident = f.subject
    new = c.new.chain
    name = _name(ident)
    if f.rule == "VC100":
        opp = new.opportunities.get(str(ident)) if new is not None else None
        state = "is marked addressed" if opp is not None else "is no longer in the map"
        return f"the declared {f.kind} {name} {state}"
    if new is not None and what == "partner" and ident not in new.partners:
        return f"{_finding_words(f)}: {name} is no longer in the map"
    if new is not None and what == "function" and ident not in new.functions:
        return f"the gap at function {name} is gone: the function is no longer in the map"
    if new is not None and f.rule == "VC101" and not new.functions[str(ident)].essential:
        return f"function {name} is now marked not essential"
    if new is not None and f.rule == "VC104":
        need = str(f.data.get("need", ""))
        if need not in new.partners[str(ident)].needs:
            return f"{name} no longer lists {_name(need)} as a need"
    return _finding_words(f) + _because(f, c)


def _finding_words(f: Finding) -> str:
    what, ident = f.subject
    name = _name(ident)
    need = _name(f.data.get("need", ""))
    words = {
        "VC101": f"someone now performs function {name}",
        "VC102": "the chain now has a demand partner",
        "VC103": f"product now reaches {name}",
        "VC104": f"the {need} that {name} needs is provided now",
        "VC105": f"the capacity of {what} {name} no longer binds",
        "VC106": f"{name} is no longer a single point of failure",
        "VC107": f"the product of {name} now goes somewhere",
        "VC110": f"resource {name} is now used",
        "VC111": f"{name} now uses more of its capacity",
        "VC112": f"the by-product flow {name} now has a taker",
        "VC113": f"{name} is now woven into the chain",
        "VC114": f"support partner {name} now supports someone",
        "VC115": f"{name} no longer has blocked demand",
    }
    return words.get(f.rule, f"{f.rule} at {what} {name} is no longer found")


def _because(f: Finding, c: Comparison) -> str:
    """The added or changed elements the diff shows did it, or nothing."""
    what, ident = f.subject
    old, new = c.old.chain, c.new.chain
    if old is None or new is None:
        return ""
    if f.rule == "VC101":
        doers = _new_members(old, new, "performs", str(ident))
        verb = "performs" if len(doers) == 1 else "perform"
        return f": {_who(doers, c.changes)} {verb} it" if doers else ""
    if f.rule == "VC104":
        need = str(f.data.get("need", ""))
        helpers = [
            sid
            for sid, s in sorted(new.partners.items())
            if s.type == "support"
            and ident in s.supports
            and need in s.services
            and not _provided_before(old, sid, str(ident), need)
        ]
        if helpers:
            verb = "supports it and provides" if len(helpers) == 1 else "support it and provide"
            return f": {_who(helpers, c.changes)} {verb} {_name(need)}"
        return ""
    if f.rule == "VC103":
        senders = sorted(
            {fl.from_ for fl in new.flows if fl.kind == "product" and fl.to == ident}
            - {fl.from_ for fl in old.flows if fl.kind == "product" and fl.to == ident}
        )
        return f": a new product flow from {_who(senders, c.changes)}" if senders else ""
    if f.rule == "VC105" and what == "partner":
        return _capacity_change(old, new, str(ident))
    if f.rule == "VC110" and isinstance(ident, str):
        users = _gained(old.resources.get(ident), new.resources.get(ident), "used_by")
        verb = "uses" if len(users) == 1 else "use"
        return f": {_who(users, c.changes)} now {verb} it" if users else ""
    if f.rule == "VC114" and isinstance(ident, str):
        helped = _gained(old.partners.get(ident), new.partners.get(ident), "supports")
        return f": it now supports {_and([_name(p) for p in helped])}" if helped else ""
    return ""


def _gained(before: Any, after: Any, key: str) -> list[str]:
    return sorted(set(_list(after, key)) - set(_list(before, key)))


def _list(element: Any, key: str) -> list[Any]:
    return list(getattr(element, key, None) or [])


def _new_members(old: Chain, new: Chain, key: str, item: str) -> list[str]:
    """Partners whose `key` list holds ``item`` now and did not before."""
    return sorted(
        pid
        for pid, p in new.partners.items()
        if item in getattr(p, key) and item not in _list(old.partners.get(pid), key)
    )


def _provided_before(old: Chain, sid: str, pid: str, need: str) -> bool:
    s = old.partners.get(sid)
    return s is not None and pid in s.supports and need in s.services


def _capacity_change(old: Chain, new: Chain, pid: str) -> str:
    before, after = old.partners.get(pid), new.partners.get(pid)
    was = before.capacity if before is not None else None
    now = after.capacity if after is not None else None
    if was is not None and now is not None and was != now:
        return f": its capacity went from {was} to {now}"
    if was is not None and now is None:
        return ": its capacity is no longer stated"
    return ""


def _who(pids: list[str], changes: list[ElementChange]) -> str:
    """``the new partner Crop insurance agent (crop-insurance)``, ``grower-coop``."""
    added = {ch.id: ch for ch in changes if ch.section == "partners" and ch.change == "added"}
    out = []
    for pid in pids:
        ch = added.get(pid)
        if ch is not None:
            label = f"{visible(ch.name)} ({_name(pid)})" if ch.name else _name(pid)
            out.append(f"the new partner {label}")
        else:
            out.append(_name(pid))
    return _and(out)


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# -- the numbers ------------------------------------------------------------------------------


def _qty(amount: float, unit: str) -> str:
    return f"{format_amount(amount)} {unit}"


def _numbers(old: FlowSummary | None, new: FlowSummary | None) -> list[str]:
    if new is None:
        return ["demand and capacity can no longer be compared"] if old is not None else []
    unit = visible(new.unit)
    if old is None or old.unit != new.unit:
        was = f" (it was counted in {visible(old.unit)})" if old is not None else ""
        can = f"the chain can deliver {format_amount(new.deliverable)}"
        return [f"{can} of the {_qty(new.wanted, unit)} buyers want{was}"]
    out: list[str] = []
    if new.wanted != old.wanted:
        out.append(f"buyers now want {_qty(new.wanted, unit)} (was {format_amount(old.wanted)})")
    if new.shortfall != old.shortfall:
        out.append(_shortfall(old, new, unit))
    before, after = old.delivered_now, new.delivered_now
    if before is not None and after is not None and before != after:
        verb = "rises" if after > before else "falls"
        now = f"from {format_amount(before)} to {_qty(after, unit)}"
        out.append(f"what reaches the buyers now {verb} {now}")
    if new.blocked != old.blocked:
        verb = "rises" if new.blocked > old.blocked else "falls"
        was = format_amount(old.blocked)
        out.append(f"blocked demand {verb} from {was} to {_qty(new.blocked, unit)}")
    return out


def _shortfall(old: FlowSummary, new: FlowSummary, unit: str) -> str:
    if new.shortfall == 0:
        return (
            f"the capacity shortfall falls from {_qty(old.shortfall, unit)} to none: the chain "
            f"can deliver all {_qty(new.wanted, unit)} buyers want"
        )
    verb = "falls" if new.shortfall < old.shortfall else "rises"
    return (
        f"the capacity shortfall {verb} from {format_amount(old.shortfall)} to "
        f"{_qty(new.shortfall, unit)}"
    )


# -- what appeared, and the top leverage point ---------------------------------------------------


def _appeared(c: Comparison) -> list[str]:
    found = [
        f
        for f in c.introduced
        if f.kind in ("gap", "bottleneck") and not _still_declared(f, c.old.chain)
    ]
    out = [
        f"new risk: {f.message.removeprefix('risk: ')}"
        if f.rule == "VC106"
        else f"new {f.kind}: {f.message}"
        for f in found[:MOST]
    ]
    if len(found) > MOST:
        out.append(f"and {len(found) - MOST} more new gaps or bottlenecks")
    return out


def _top(c: Comparison) -> list[str]:
    before = c.old.points[0].id if c.old.points else None
    after = c.new.points[0].id if c.new.points else None
    if after is None or after == before or before is None:
        return []
    return [f"the top leverage point is now {_name(after)} (was {_name(before)})"]


def headline(story: list[str]) -> str:
    """The first two sentences as one line."""
    return "; ".join(story[:2])
