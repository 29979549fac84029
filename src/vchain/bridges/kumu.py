"""A chain as a Kumu JSON blueprint (kumu.io): elements, connections and their fields.

Kumu's import guide: a blueprint is ``{"elements": [...], "connections": [...]}``; an
element has a ``label`` and optionally an ``id``, a ``type``, a ``description``,
``tags`` and any custom fields; a connection has ``from`` and ``to`` (element labels or
ids), a ``type``, a ``direction`` (directed, undirected, mutual) and fields too.

Here partners, functions and resources are elements (types "Demand Partner",
"Transactional Partner", "Support Partner", "Function", "Resource"), with the partner's
keys as fields and tags; flows are connections typed by their kind, with ``what`` as the
connection's label; `supports`, `performs` and a resource's partners are connections too.
A by-product that nobody takes flows to an element of type "Unused By-product".  The
analysis's findings and leverage ranks are fields ("Findings", "Finding Kinds",
"Leverage Rank", "Leverage Score") and tags (gap, bottleneck, underutilized), so that a
Kumu view can colour by them.  Ids are ``partner:ID``, ``function:ID``, ``resource:ID``:
importing the blueprint back keeps the chain's ids.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from vchain.bridges.quantities import text_of
from vchain.model import Quantity

if TYPE_CHECKING:
    from vchain.bridges.derived import Derived, Marks
    from vchain.model import Chain, Flow, Function, Partner, Resource

PARTNER_TYPE_NAMES = {
    "demand": "Demand Partner",
    "transactional": "Transactional Partner",
    "support": "Support Partner",
}
FUNCTION_TYPE = "Function"
RESOURCE_TYPE = "Resource"
UNUSED_TYPE = "Unused By-product"
PREFIXES = ("partner", "function", "resource", "unused")
STRUCTURE = frozenset({"name", "type", "notes", "performs", "supports"})
"""Partner keys that are the element itself or its connections, not fields."""
RESOURCE_LINKS = {"owner": "owns", "used_by": "uses"}
"""Resource keys naming partners, drawn from the partner to the resource."""
DERIVED_FIELDS = ("Findings", "Finding Kinds", "Leverage Rank", "Leverage Score")


def field_title(key: str) -> str:
    """``pain_point`` -> ``Pain Point``; ``value.proposition`` -> ``Value Proposition``."""
    return " ".join(word.capitalize() for word in key.replace(".", " ").replace("_", " ").split())


def blueprint(chain: Chain, derived: Derived | None) -> dict[str, Any]:
    """The chain as a Kumu blueprint (a JSON-ready mapping)."""
    exporter = _Exporter(chain, derived)
    return exporter.run()


def blueprint_text(chain: Chain, derived: Derived | None) -> str:
    return json.dumps(blueprint(chain, derived), ensure_ascii=False, indent=2) + "\n"


class _Exporter:
    def __init__(self, chain: Chain, derived: Derived | None) -> None:
        self.chain = chain
        self.derived = derived
        self.elements: list[dict[str, Any]] = []
        self.connections: list[dict[str, Any]] = []

    def run(self) -> dict[str, Any]:
        for fid, function in self.chain.functions.items():
            self.elements.append(self._function(fid, function))
        for pid, partner in self.chain.partners.items():
            self.elements.append(self._partner(pid, partner))
            self._partner_links(pid, partner)
        for rid, resource in self.chain.resources.items():
            self.elements.append(self._resource(rid, resource))
            self._resource_links(rid, resource)
        for index, flow in enumerate(self.chain.flows):
            self._flow(index, flow)
        return {"elements": self.elements, "connections": self.connections}

    def _marks(self, what: str, ident: str | int, item: dict[str, Any]) -> None:
        if self.derived is None:
            return
        marks: Marks = self.derived.of(what, ident)
        if marks.findings:
            item["Findings"] = list(marks.findings)
            item["Finding Kinds"] = list(marks.kinds)
            item.setdefault("tags", []).extend(k for k in marks.kinds if k not in item["tags"])
        if marks.rank is not None:
            item["Leverage Rank"] = marks.rank
            item["Leverage Score"] = marks.score

    def _function(self, fid: str, function: Function) -> dict[str, Any]:
        item: dict[str, Any] = {"id": f"function:{fid}", "label": function.name}
        item["type"] = FUNCTION_TYPE
        if function.notes:
            item["description"] = function.notes
        item.update(_fields(function, skip={"name", "notes"}))
        self._marks("function", fid, item)
        return item

    def _partner(self, pid: str, partner: Partner) -> dict[str, Any]:
        item: dict[str, Any] = {"id": f"partner:{pid}", "label": partner.name}
        item["type"] = PARTNER_TYPE_NAMES[partner.type]
        if partner.notes:
            item["description"] = partner.notes
        item["tags"] = _partner_tags(partner, coordinator=pid == self.chain.chain.coordinator)
        item.update(_fields(partner, skip=STRUCTURE))
        if pid == self.chain.chain.coordinator:
            item["Coordinator"] = "yes"
        self._marks("partner", pid, item)
        return item

    def _partner_links(self, pid: str, partner: Partner) -> None:
        for index, fid in enumerate(partner.performs):
            self._link(f"performs:{pid}:{index}", f"partner:{pid}", f"function:{fid}", "performs")
        for index, other in enumerate(partner.supports):
            self._link(f"supports:{pid}:{index}", f"partner:{pid}", f"partner:{other}", "supports")

    def _resource(self, rid: str, resource: Resource) -> dict[str, Any]:
        item: dict[str, Any] = {"id": f"resource:{rid}", "label": resource.name}
        item["type"] = RESOURCE_TYPE
        if resource.notes:
            item["description"] = resource.notes
        item.update(_fields(resource, skip={"name", "notes", *_partner_keys(resource)}))
        self._marks("resource", rid, item)
        return item

    def _resource_links(self, rid: str, resource: Resource) -> None:
        for key in _partner_keys(resource):
            value = getattr(resource, key)
            ids = value if isinstance(value, list) else [value] if value else []
            kind = RESOURCE_LINKS.get(key, key.replace("_", " "))
            for index, pid in enumerate(ids):
                ends = (f"partner:{pid}", f"resource:{rid}")
                if key not in RESOURCE_LINKS:
                    ends = ends[::-1]
                self._link(f"{key}:{rid}:{index}", *ends, kind)

    def _link(self, ident: str, source: str, target: str, kind: str) -> None:
        self.connections.append(
            {"id": ident, "from": source, "to": target, "type": kind, "direction": "directed"}
        )

    def _flow(self, index: int, flow: Flow) -> None:
        target = f"partner:{flow.to}" if flow.to is not None else self._unused(index, flow)
        item: dict[str, Any] = {"id": f"flow:{index}", "from": f"partner:{flow.from_}"}
        item.update({"to": target, "type": flow.kind, "direction": "directed"})
        if flow.what:
            item["label"] = flow.what
        if flow.notes:
            item["description"] = flow.notes
        if flow.id:
            item["Flow Id"] = flow.id
        item.update(_fields(flow, skip={"id", "from_", "to", "kind", "what", "notes"}))
        self._marks("flow", index, item)
        self.connections.append(item)

    def _unused(self, index: int, flow: Flow) -> str:
        ident = f"unused:{index}"
        label = f"Unused: {flow.what}" if flow.what else "Unused by-product"
        self.elements.append({"id": ident, "label": label, "type": UNUSED_TYPE})
        return ident


PARTNER_KEYS_OF_RESOURCE = ("owner", "used_by", "could_serve")


def _partner_keys(resource: Resource) -> list[str]:
    """The keys of a resource that name partners (``could_serve`` once the model has it)."""
    return [k for k in PARTNER_KEYS_OF_RESOURCE if k in type(resource).model_fields]


def _partner_tags(partner: Partner, *, coordinator: bool) -> list[str]:
    tags: list[str] = [partner.type]
    if partner.local:
        tags.append("local")
    if partner.margins:
        tags.append("margins")
    if partner.engagement:
        tags.append(partner.engagement)
    if coordinator:
        tags.append("coordinator")
    return tags


def _fields(model: BaseModel, skip: set[str] | frozenset[str]) -> dict[str, Any]:
    """The set fields of a model as Kumu fields: ``{"Pain Point": "...", "Local": "yes"}``."""
    out: dict[str, Any] = {}
    for name in type(model).model_fields:
        if name in skip or name not in model.model_fields_set:
            continue
        value = getattr(model, name)
        if isinstance(value, BaseModel) and not isinstance(value, Quantity):
            for key, inner in _fields(value, set()).items():
                out[f"{field_title(name)} {key}"] = inner
        elif value is not None and value not in ([], {}):
            out[field_title(name)] = _value(value)
    return out


def _value(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Quantity):
        return text_of(value)
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _value(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
