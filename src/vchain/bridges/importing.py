"""A Kumu map as a chain: element types to roles, labels to ids, fields to keys.

- Every element type must map to a role (:mod:`vchain.bridges.mapping`); types that do
  not stop the import (exit 2) with the list of them and the ``--type`` option to give.
- Labels become ids (slugs, kept unique: ``growers``, ``growers-2``) and stay as
  ``name``; an element exported by vchain (id ``partner:grower-coop``) keeps its id.
- Fields fill the keys they name (:mod:`vchain.bridges.kumu_fields`); tags such as
  ``local``, ``margins``, ``core`` say what they say; everything else goes to ``notes``.
- Connections between partners are flows (their type a flow kind, or ``supports``);
  between a partner and a function, `performs`; between a partner and a resource, its
  ``owner``, ``used_by`` or ``could_serve``; between functions, the order of functions.
- The coordinator is ``--coordinator``, else the element tagged or marked so, else a
  guess, and the file's header says which.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from vchain.bridges import kumu_fields
from vchain.bridges.kumu import DERIVED_FIELDS, STRUCTURE
from vchain.bridges.kumu_read import ID_KEYS, LABEL_KEYS, TYPE_KEYS, Item, KumuMap, norm
from vchain.bridges.mapping import (
    OWN_ID,
    PARTNER_ROLES,
    RELATIONS,
    ROLES,
    Ids,
    auto_relation,
    auto_role,
    slugify,
    type_key,
)
from vchain.bridges.problems import Collector, Place, refuse
from vchain.model import Function, Partner, Resource
from vchain.safetext import visible

RESERVED = frozenset(
    {*ID_KEYS, *TYPE_KEYS, "description", "tags", "coordinator", "order"}
    | {norm(f) for f in DERIVED_FIELDS}
)
ENGAGEMENT = ("core", "aware", "unaware")
MARGIN_TAGS = frozenset({"margins", "margin", "on the margins", "marginalized"})
QUIET_TAGS = frozenset({*PARTNER_ROLES, "coordinator"})
DERIVED_TAGS = frozenset({"gap", "bottleneck", "underutilized"})
"""Tags vchain's own export derives from the findings: quiet on its elements only (on a
map's own elements they are the coordinator's judgement, kept in notes)."""


@dataclass
class Options:
    """The importer's options: ``--type``, ``--kind`` (normal type -> role or relation)."""

    types: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    coordinator: str | None = None


@dataclass
class Node:
    """An element as it becomes part of the chain."""

    item: Item
    role: str
    label: str
    id: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    degree: int = 0
    coordinator_mark: bool = False


@dataclass
class Report:
    """What the import did, for the file's header comment."""

    types: dict[str, tuple[str, str]] = field(default_factory=dict)
    kinds: dict[str, tuple[str, str]] = field(default_factory=dict)
    guesses: list[str] = field(default_factory=list)
    kept: set[str] = field(default_factory=set)
    dropped: dict[str, int] = field(default_factory=dict)

    def drop(self, what: str) -> None:
        self.dropped[what] = self.dropped.get(what, 0) + 1


class Builder:
    """Builds the chain data of one Kumu map (see :func:`vchain.bridges.links.build`)."""

    def __init__(self, kmap: KumuMap, options: Options) -> None:
        self.map = kmap
        self.options = options
        self.report = Report()
        self.nodes: list[Node] = []
        self.ignored: list[Item] = []
        self.by_id: dict[str, Node | None] = {}
        self.by_label: dict[str, list[Node]] = {}
        self.by_norm: dict[str, list[Node]] = {}
        self.ignored_refs: set[str] = set()

    # -- element types -> roles ------------------------------------------------------
    def roles(self) -> None:
        unmapped: dict[str, list[Item]] = {}
        spelled: dict[str, str] = {}
        for item in self.map.elements:
            kumu_type = item.type
            role = self.options.types.get(type_key(kumu_type))
            how = "--type"
            if role is None:
                role, how = auto_role(kumu_type) if kumu_type else None, "by its name"
            if role is None:
                key = spelled.setdefault(type_key(kumu_type), kumu_type)
                unmapped.setdefault(key, []).append(item)
                continue
            self.report.types[kumu_type] = (role, how)
            if role == "ignore":
                self.ignored.append(item)
            else:
                self.nodes.append(Node(item, role, _label(item) or ""))
        if unmapped:
            raise unmapped_error(self.map.source, unmapped, "ROLE", "--type", suggest_role)

    # -- labels -> ids ------------------------------------------------------------------
    def merge_repeats(self) -> None:
        """Elements of one role with the same label and no ids are one element, as Kumu
        makes them: the later rows fill what the first leaves empty, their tags and
        descriptions added."""
        first: dict[tuple[str, str], Node] = {}
        kept: list[Node] = []
        for node in self.nodes:
            key = (node.label.strip(), node.role)
            other = first.get(key)
            if not key[0] or node.item.id is not None or other is None:
                first.setdefault(key, node)
                kept.append(node)
                continue
            _merge_items(other.item, node.item)
            self.report.guesses.append(
                "elements with the same label and type: one element, as Kumu makes them"
            )
        self.nodes = kept

    def identify(self) -> None:
        self.merge_repeats()
        problems = Collector()
        ids = Ids()
        first_label: dict[str, Node] = {}
        for node in self.nodes:
            place = node.item.place
            if not node.label.strip():
                problems.add(place, "the element has no label (Kumu's `Label` is required)")
                continue
            node.label = node.label.strip()
            other = first_label.get(node.label)
            if other is not None and (node.item.id is None or other.item.id is None):
                problems.add(
                    place,
                    f"the label {visible(node.label)!r} is used again (first at "
                    f"{other.item.place}); give the elements different labels, or each an "
                    "id (Kumu's `ID` column), so that connections can tell them apart",
                )
            first_label.setdefault(node.label, node)
            ident = node.item.id
            if ident is not None:
                if ident in self.by_id:
                    problems.add(place, f"the id {visible(ident)!r} is used again")
                self.by_id[ident] = node
        problems.check()
        for node in self.nodes:
            node.id = ids.take(self._wanted_id(node, ids), _fallback(node.role))
            self.by_label.setdefault(node.label, []).append(node)
            self.by_norm.setdefault(_norm_label(node.label), []).append(node)
        for item in self.ignored:
            for ref in (item.id, _label(item)):
                if ref:
                    self.ignored_refs.add(ref)

    @staticmethod
    def _wanted_id(node: Node, ids: Ids) -> str:
        own = OWN_ID.match(node.item.id or "")
        if own and ids.free(own.group(2)):
            return own.group(2)
        return slugify(node.label)

    def resolve(self, ref: Any, place: Place, problems: Collector) -> Node | None:
        """The node a connection's ``from``/``to`` names (an id, else a label)."""
        text = str(ref).strip() if ref is not None else ""
        if not text:
            problems.add(place, "empty: a connection names the element it starts or ends at")
            return None
        if text in self.by_id:
            return self.by_id[text]
        for table, key in ((self.by_label, text), (self.by_norm, _norm_label(text))):
            found = table.get(key, [])
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                problems.add(place, f"{visible(text)!r} is the label of several elements; use ids")
                return None
        if text in self.ignored_refs:
            return None
        labels = list(self.by_label)
        close = difflib.get_close_matches(text, labels, n=1, cutoff=0.6)
        hint = f" (did you mean {visible(close[0])!r}?)" if close else ""
        problems.add(place, f"{visible(text)!r} is not the label or id of any element{hint}")
        return None

    # -- fields -> keys -------------------------------------------------------------------
    def fill(self) -> None:
        for node in self.nodes:
            node.data["name"] = node.label
            if node.role in PARTNER_ROLES:
                node.data["type"] = node.role
                self._fields(node, Partner, STRUCTURE)
                self._partner_tags(node)
            elif node.role == "function":
                self._fields(node, Function, frozenset({"name", "notes"}))
                self._tags(node, set())
            elif node.role == "resource":
                skip = frozenset({"name", "notes", "owner", "used_by", "could_serve"})
                self._fields(node, Resource, skip)
                self._tags(node, set())
            if _truthy(node.item.get("coordinator")):
                node.coordinator_mark = True

    def _fields(self, node: Node, model: Any, skip: frozenset[str]) -> None:
        found = kumu_fields.targets(model, skip)
        description = node.item.text("description")
        if description and description.strip():
            node.notes.append(description.strip())
        label_key = next((k for k in LABEL_KEYS if node.item.get(k) is not None), None)
        for name, value in node.item.fields.items():
            if name in RESERVED or name == label_key or value is None or value == "":
                continue
            target = kumu_fields.lookup(found, name)
            if target is not None and _fits_type(target.path[0], node.role):
                try:
                    _set(node.data, target.path, kumu_fields.convert(target, value))
                    continue
                except kumu_fields.Unfit:
                    pass
            self.keep(node.notes, node.item.names.get(name, name), value)

    def keep(self, notes: list[str], name: str, value: Any) -> None:
        notes.append(f"{name}: {kumu_fields.shown(value)}")
        self.report.kept.add(name)

    def _quiet(self, node: Node) -> frozenset[str]:
        own = OWN_ID.match(node.item.id or "")
        return QUIET_TAGS | DERIVED_TAGS if own else QUIET_TAGS

    def _partner_tags(self, node: Node) -> None:
        rest = []
        quiet = self._quiet(node)
        for tag in tags_of(node.item):
            word = norm(tag)
            if word == "local":
                node.data.setdefault("local", True)
            elif word in MARGIN_TAGS:
                node.data.setdefault("margins", True)
            elif word in ENGAGEMENT:
                node.data.setdefault("engagement", word)
            elif word == "coordinator":
                node.coordinator_mark = True
            elif auto_role(tag) in PARTNER_ROLES or word in quiet:
                continue
            else:
                rest.append(tag)
        if rest:
            node.notes.append("Kumu tags: " + ", ".join(rest))

    def _tags(self, node: Node, quiet: set[str]) -> None:
        rest = [t for t in tags_of(node.item) if norm(t) not in self._quiet(node) | quiet]
        rest = [t for t in rest if auto_role(t) not in ("function", "resource")]
        if rest:
            node.notes.append("Kumu tags: " + ", ".join(rest))

    def relation(self, item: Item) -> tuple[str | None, str]:
        """(relation, how) of a connection's type; (None, "") when it has no type."""
        kumu_type = item.type
        mapped = self.options.kinds.get(norm(kumu_type))
        if mapped is not None:
            self.report.kinds[kumu_type] = (mapped, "--kind")
            return mapped, "--kind"
        if not kumu_type:
            return None, ""
        auto = auto_relation(kumu_type)
        if auto is not None:
            self.report.kinds[kumu_type] = (auto, "by its name")
            return auto, "by its name"
        return None, "unmapped"


def _label(item: Item) -> str | None:
    return item.text(*LABEL_KEYS)


def _norm_label(text: str) -> str:
    return " ".join(text.casefold().split())


def _fallback(role: str) -> str:
    return {"demand": "partner", "transactional": "partner", "support": "partner"}.get(role, role)


def _fits_type(key: str, role: str) -> bool:
    types = kumu_fields.FOR_TYPES.get(key)
    return types is None or role in types


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    target = data
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target.setdefault(path[-1], value)


def _truthy(value: Any) -> bool:
    if value is None:
        return False
    try:
        from vchain.bridges.cells import read_bool

        return bool(read_bool(value if not isinstance(value, list) else value[0]))
    except ValueError:
        return False


def _merge_items(into: Item, other: Item) -> None:
    for name, value in other.fields.items():
        if value is None or value == "":
            continue
        have = into.fields.get(name)
        if have is None or have == "":
            into.fields[name] = value
            into.names.setdefault(name, other.names.get(name, name))
        elif name == "tags":
            into.fields[name] = [
                *tags_of(into),
                *(t for t in tags_of(other) if t not in tags_of(into)),
            ]
        elif name == "description" and str(value).strip() not in str(have):
            into.fields[name] = f"{have}\n{value}"


def tags_of(item: Item) -> list[str]:
    value = item.get("tags")
    if value is None:
        return []
    from vchain.bridges.cells import split_list

    if isinstance(value, list):  # a tag with `|` in a list is several, as in a sheet
        return [t for v in value for t in split_list(str(v)) if t.strip()]
    return split_list(str(value))


SUGGESTIONS = {
    "demand": ("buyer", "customer", "market", "consumer", "purchaser", "school", "hospital"),
    "transactional": (
        "producer",
        "processor",
        "supplier",
        "grower",
        "farm",
        "farmer",
        "rancher",
        "fisher",
        "maker",
        "cooperative",
        "coop",
        "aggregator",
        "distributor",
        "manufacturer",
        "retailer",
        "business",
        "vendor",
        "hauler",
        "packer",
    ),
    "support": (
        "funder",
        "lender",
        "bank",
        "investor",
        "foundation",
        "agency",
        "government",
        "extension",
        "university",
        "college",
        "nonprofit",
        "ngo",
        "provider",
        "advisor",
        "association",
        "coordinator",
        "trainer",
    ),
    "function": ("process", "step", "activity", "stage"),
    "resource": ("asset", "land", "facility", "building"),
    "ignore": ("note", "notes", "comment", "label", "legend", "region", "title"),
}
"""Words that suggest a role in the message about unmapped types (never applied)."""


def suggest_role(kumu_type: str) -> str:
    words = set(norm(kumu_type).split())
    for role, hints in SUGGESTIONS.items():
        if words & set(hints) or any(w.rstrip("s") in hints for w in words):
            return role
    return "ROLE"


def unmapped_error(
    source: str, unmapped: dict[str, list[Item]], what: str, option: str, suggest: Any
) -> Exception:
    """Every type with no mapping, where it first is, and the options to give (exit 2)."""
    noun, values = ("element", ROLES) if option == "--type" else ("connection", RELATIONS)
    lines = []
    for kumu_type, items in sorted(unmapped.items()):
        count = f"{len(items)} {noun}{'s' if len(items) != 1 else ''}"
        lines.append(f'  "{visible(kumu_type)}": {count}, first at {items[0].place.inside()}')
    options = " ".join(f'{option} "{visible(t)}={suggest(t)}"' for t in sorted(unmapped))
    hint = (
        f"Say what each type is with {option} KUMU_TYPE={what}, {what} one of "
        f"{', '.join(values)}; for example (check each guess): {options}"
    )
    return refuse(
        Place(source), f"{noun} types with no place in a chain:\n" + "\n".join(lines), hint
    )


__all__ = ["RELATIONS", "Builder", "Node", "Options", "Report"]
