"""What changed between two chains, element by element and field by field.

Elements keyed by id (partners, functions, resources, opportunities, investments,
indicators) match by id.  Flows match by `id`, else by (from, to, kind, what); interests
by (kind, text).  A field change shows values as a person writes them (`30,000
cans/yr`), and a list change also names the items added and removed.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel

from vchain.model import Chain, Flow, Interest, Quantity

KEYED_SECTIONS: tuple[tuple[str, str], ...] = (
    ("functions", "function"),
    ("partners", "partner"),
    ("resources", "resource"),
    ("opportunities", "opportunity"),
    ("investments", "investment"),
    ("indicators", "indicator"),
)
SECTION_ORDER: tuple[str, ...] = (
    "chain",
    "functions",
    "partners",
    "flows",
    "interests",
    "resources",
    "opportunities",
    "investments",
    "indicators",
    "leverage",
    "analysis",
)


@dataclass
class FieldChange:
    key: str
    old: Any
    new: Any
    added: list[Any] = field(default_factory=list)
    removed: list[Any] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.key, "old": self.old, "new": self.new}
        if self.added or self.removed:
            out["added"], out["removed"] = self.added, self.removed
        return out


@dataclass
class ElementChange:
    """An element added, removed or changed: `id` is its id (a flow: its id or a label)."""

    section: str
    what: str
    id: str
    change: str
    name: str | None = None
    fields: list[FieldChange] = field(default_factory=list)
    element: Any = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"section": self.section, "id": self.id, "change": self.change}
        if self.name:
            out["name"] = self.name
        if self.fields:
            out["fields"] = [f.to_json() for f in self.fields]
        return out


# -- values as a person writes them ---------------------------------------------------


def shown(value: Any) -> Any:
    """A JSON-ready value: quantities and dates as text, models as flat mappings."""
    if isinstance(value, Quantity):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [shown(v) for v in value]
    if isinstance(value, dict):
        return {str(k): shown(v) for k, v in value.items()}
    return value


@functools.cache
def _defaults(model: type[BaseModel]) -> dict[str, Any]:
    """Each field's default (a factory's value made once: they are compared, never kept)."""
    return {
        name: info.get_default(call_default_factory=True)
        for name, info in model.model_fields.items()
    }


def flatten(model: BaseModel | None) -> dict[str, Any]:
    """The fields that are set (and differ from their defaults), nested ones dotted."""
    out: dict[str, Any] = {}
    if model is None:
        return out
    defaults = _defaults(type(model))
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if value == defaults[name]:
            continue
        key = info.alias or name
        if isinstance(value, BaseModel) and not isinstance(value, Quantity):
            out.update({f"{key}.{k}": v for k, v in flatten(value).items()})
        elif isinstance(value, dict):
            out.update({f"{key}.{k}": shown(v) for k, v in value.items()})
        else:
            out[key] = shown(value)
    return out


def field_changes(old: BaseModel | None, new: BaseModel | None) -> list[FieldChange]:
    if old is not None and old == new:
        return []
    before, after = flatten(old), flatten(new)
    keys = list(after) + [k for k in before if k not in after]
    out: list[FieldChange] = []
    for key in keys:
        a, b = before.get(key), after.get(key)
        if a == b:
            continue
        change = FieldChange(key, a, b)
        if isinstance(a, list | type(None)) and isinstance(b, list | type(None)):
            change.added = [x for x in (b or []) if x not in (a or [])]
            change.removed = [x for x in (a or []) if x not in (b or [])]
        out.append(change)
    return out


def _name(element: Any) -> str | None:
    name = getattr(element, "name", None)
    return name if isinstance(name, str) else None


# -- sections ----------------------------------------------------------------------------


def _keyed(
    section: str, what: str, old: dict[str, Any], new: dict[str, Any]
) -> list[ElementChange]:
    out = [
        ElementChange(section, what, k, "added", _name(v), element=v)
        for k, v in new.items()
        if k not in old
    ]
    out += [
        ElementChange(section, what, k, "removed", _name(v), element=v)
        for k, v in old.items()
        if k not in new
    ]
    for key, element in new.items():
        if key in old:
            fields = field_changes(old[key], element)
            if fields:
                out.append(
                    ElementChange(section, what, key, "changed", _name(element), fields, element)
                )
    return out


def flow_label(flow: Flow) -> str:
    if flow.id:
        return flow.id
    what = f": {flow.what}" if flow.what else ""
    return f"{flow.from_} → {flow.to or '(no one)'} ({flow.kind}{what})"


def match_flows(
    old: list[Flow], new: list[Flow]
) -> tuple[list[tuple[Flow, Flow]], list[Flow], list[Flow]]:
    """(matched pairs, removed, added): by id first, then by (from, to, kind, what)."""
    pairs: list[tuple[Flow, Flow]] = []
    by_id = {f.id: f for f in old if f.id}
    left_old = list(old)
    left_new: list[Flow] = []
    for flow in new:
        twin = by_id.pop(flow.id, None) if flow.id else None
        if twin is not None:
            pairs.append((twin, flow))
            left_old.remove(twin)
        else:
            left_new.append(flow)
    waiting: dict[tuple[Any, ...], list[Flow]] = defaultdict(list)
    for flow in left_old:
        waiting[_flow_key(flow)].append(flow)
    added: list[Flow] = []
    for flow in left_new:
        queue = waiting.get(_flow_key(flow))
        if queue:
            pairs.append((queue.pop(0), flow))
        else:
            added.append(flow)
    removed = [f for queue in waiting.values() for f in queue]
    removed.sort(key=lambda f: f.index)
    return pairs, removed, added


def _flow_key(flow: Flow) -> tuple[Any, ...]:
    return (flow.from_, flow.to, flow.kind, flow.what)


def _flows(old: list[Flow], new: list[Flow]) -> list[ElementChange]:
    pairs, removed, added = match_flows(old, new)
    out = [ElementChange("flows", "flow", flow_label(f), "added", element=f) for f in added]
    out += [ElementChange("flows", "flow", flow_label(f), "removed", element=f) for f in removed]
    for before, after in sorted(pairs, key=lambda p: p[1].index):
        fields = field_changes(before, after)
        if fields:
            out.append(
                ElementChange("flows", "flow", flow_label(after), "changed", None, fields, after)
            )
    return out


def _interest_label(interest: Interest) -> str:
    return f"{interest.kind}: {interest.text}"


def _interests(old: list[Interest], new: list[Interest]) -> list[ElementChange]:
    before = {_interest_label(i): i for i in old}
    after = {_interest_label(i): i for i in new}
    return _keyed("interests", "interest", before, after)


def _single(section: str, old: BaseModel | None, new: BaseModel | None) -> list[ElementChange]:
    if old is None and new is None:
        return []
    if old is None or new is None:
        return [ElementChange(section, section, section, "added" if old is None else "removed")]
    fields = field_changes(old, new)
    return [ElementChange(section, section, section, "changed", None, fields)] if fields else []


def diff_chains(old: Chain | None, new: Chain | None) -> list[ElementChange]:
    """Every change from ``old`` to ``new``; either may be None (an empty side)."""
    out: list[ElementChange] = []
    if old is not None and new is not None:
        out += _single("chain", old.chain, new.chain)
    for section, what in KEYED_SECTIONS:
        out += _keyed(section, what, getattr(old, section, {}), getattr(new, section, {}))
    out += _flows(getattr(old, "flows", []), getattr(new, "flows", []))
    out += _interests(getattr(old, "interests", []), getattr(new, "interests", []))
    out += _single("leverage", getattr(old, "leverage", None), getattr(new, "leverage", None))
    out += _single("analysis", getattr(old, "analysis", None), getattr(new, "analysis", None))
    return out
