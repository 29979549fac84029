"""Kumu connections as flows and relations, and the whole imported chain put together."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vchain import __version__
from vchain.bridges import kumu_fields
from vchain.bridges.importing import RESERVED, Builder, Node, Options, tags_of, unmapped_error
from vchain.bridges.kumu_read import Item, KumuMap, norm
from vchain.bridges.mapping import FLOW_KINDS, OWN_ID, PARTNER_ROLES, Ids, slugify
from vchain.bridges.problems import Collector, Place, refuse
from vchain.model import FORMAT_VERSION, Flow, Resource
from vchain.safetext import one_line, visible

MUTUAL = frozenset({"mutual", "two way", "bidirectional", "both", "both ways"})
UNDIRECTED = frozenset({"undirected", "none", "no direction"})
FLOW_SKIP = frozenset({"id", "from", "to", "kind", "what", "notes"})
CONNECTION_RESERVED = RESERVED | {"from", "to", "direction", "reversed", "delayed", "label"}
PLACEHOLDER_REGION = "(not given in the imported map: write the region here)"
PLACEHOLDER_MARKET = "(not given in the imported map: write who wants what here)"


@dataclass
class Imported:
    """A chain's data, built from a Kumu map, and the lines of its header comment."""

    data: dict[str, Any]
    header: list[str]
    counts: dict[str, int] = field(default_factory=dict)


def build(kmap: KumuMap, options: Options) -> Imported:
    """The chain of a Kumu map; raises BridgeError for what cannot become one."""
    builder = Builder(kmap, options)
    builder.roles()
    builder.identify()
    builder.fill()
    linker = _Linker(builder)
    linker.run()
    coordinator = _coordinator(builder)
    data = _assemble(builder, linker, coordinator)
    return Imported(data, _header(builder, linker, data), _counts(data))


class _Linker:
    def __init__(self, builder: Builder) -> None:
        self.b = builder
        self.flows: list[dict[str, Any]] = []
        self.order: list[tuple[str, str]] = []
        self.flow_ids = Ids()
        self.unmapped: dict[str, list[Item]] = {}
        self.spelled: dict[str, str] = {}

    def run(self) -> None:
        problems = Collector()
        for item in self.b.map.connections:
            before = len(problems.problems)
            source = self.b.resolve(item.get("from"), _end(item, "from"), problems)
            target = self.b.resolve(item.get("to"), _end(item, "to"), problems)
            if source is None or target is None:
                if len(problems.problems) == before:
                    self.b.report.drop("connections to ignored elements")
                continue
            if _truthy(item.get("reversed")):
                source, target = target, source
            self._one(item, source, target)
        problems.check()
        if self.unmapped:
            raise unmapped_error(self.b.map.source, self.unmapped, "KIND", "--kind", suggest_kind)

    def _one(self, item: Item, source: Node, target: Node) -> None:
        source.degree += 1
        target.degree += 1
        roles = (_kind(source), _kind(target))
        if roles == ("partner", "partner"):
            self._between_partners(item, source, target)
        elif roles == ("partner", "unused"):
            self._flow(item, source, None, "by-product", what=target.label)
        elif "function" in roles and "partner" in roles:
            partner, function = (source, target) if roles[0] == "partner" else (target, source)
            self._performs(partner, function)
        elif roles == ("function", "function"):
            self.order.append((source.id, target.id))
        elif "resource" in roles and "partner" in roles:
            partner, resource = (source, target) if roles[0] == "partner" else (target, source)
            self._resource(item, partner, resource)
        else:
            self.b.report.drop(f"connections between a {roles[0]} and a {roles[1]}")

    def _between_partners(self, item: Item, source: Node, target: Node) -> None:
        relation, how = self.b.relation(item)
        if how == "unmapped":
            key = self.spelled.setdefault(norm(item.type), item.type)
            self.unmapped.setdefault(key, []).append(item)
            return
        if relation is None:
            relation = "product"
            self.b.report.guesses.append("connections with no type between partners: product")
        if relation == "ignore":
            self.b.report.drop("connections of a type mapped to ignore")
        elif relation == "supports":
            self._supports(source, target, item)
        elif relation in FLOW_KINDS:
            direction = norm(item.text("direction") or "directed")
            self._flow(item, source, target, relation)
            self._serves(source, target, relation)
            if direction in MUTUAL:
                self._flow(item, target, source, relation)
                self.b.report.guesses.append("mutual connections: a flow each way")
            elif direction in UNDIRECTED:
                self.b.report.guesses.append("undirected connections: flows from `From` to `To`")
        else:
            self.b.keep(source.notes, f"{item.type} (Kumu connection)", target.label)

    def _flow(
        self, item: Item, source: Node, target: Node | None, kind: str, what: str | None = None
    ) -> None:
        flow: dict[str, Any] = {"from": source.id}
        if target is not None:
            flow["to"] = target.id
        flow["kind"] = kind
        what = item.text("label", "what") or what
        if what and what.strip():
            flow["what"] = what.strip()
        own_id = item.text("flow id")
        if own_id and slugify(own_id) == own_id and self.flow_ids.free(own_id):
            flow["id"] = self.flow_ids.take(own_id, own_id)
        notes = self._connection_notes(item)
        found = kumu_fields.targets(Flow, FLOW_SKIP)
        for name, value in item.fields.items():
            if name in CONNECTION_RESERVED or name in ("what", "flow id") or value in (None, ""):
                continue
            target_key = kumu_fields.lookup(found, name)
            if target_key is not None:
                try:
                    flow.setdefault(target_key.path[0], kumu_fields.convert(target_key, value))
                    continue
                except kumu_fields.Unfit:
                    pass
            self.b.keep(notes, item.names.get(name, name), value)
        if notes:
            flow["notes"] = "\n".join(notes)
        self.flows.append(flow)

    def _connection_notes(self, item: Item) -> list[str]:
        """A connection's description and tags, as lines of notes."""
        notes: list[str] = []
        description = item.text("description")
        if description and description.strip():
            notes.append(description.strip())
        tags = tags_of(item)
        if tags:
            notes.append("Kumu tags: " + ", ".join(tags))
        return notes

    def _supports(self, source: Node, target: Node, item: Item | None = None) -> None:
        if source.role != "support" and target.role == "support":
            source, target = target, source
            self.b.report.guesses.append("`supports` toward a support partner: read backwards")
        self._add(source, "supports", target, source.role == "support")
        if item is None:
            return
        # what the connection says (its label, description, tags, fields) stays with the
        # support partner, in its notes: `supports` is a list of ids
        said = [item.text("label", "what") or "", *self._connection_notes(item)]
        for name, value in item.fields.items():
            if (
                name not in CONNECTION_RESERVED
                and name not in ("what",)
                and value not in (None, "")
            ):
                said.append(f"{item.names.get(name, name)}: {kumu_fields.shown(value)}")
        said = [s.strip() for s in said if s and s.strip()]
        if said:
            source.notes.append(f"supports {target.label}: " + "; ".join(said))

    def _serves(self, source: Node, target: Node, kind: str) -> None:
        """A support partner that funds or serves a partner of a Kumu map supports it (a
        map exported by vchain says so itself)."""
        own = OWN_ID.match(source.item.id or "") is not None
        if own or kind not in ("money", "service") or source.role != "support":
            return
        if target.role in ("demand", "transactional") and target.id not in source.data.get(
            "supports", []
        ):
            self._add(source, "supports", target, True)
            self.b.report.guesses.append(
                "money and services from a support partner: it `supports` who gets them"
            )

    def _performs(self, partner: Node, function: Node) -> None:
        self._add(partner, "performs", function, partner.role == "transactional")

    def _add(self, node: Node, key: str, other: Node, fits: bool) -> None:
        """``other``'s id in ``node``'s list ``key`` (once), or in its notes if it does not fit."""
        if not fits:
            self.b.keep(node.notes, f"{key} (Kumu connection)", other.label)
            return
        ids = node.data.setdefault(key, [])
        if other.id not in ids:
            ids.append(other.id)

    def _resource(self, item: Item, partner: Node, resource: Node) -> None:
        relation, _ = self.b.relation(item)
        keys = Resource.model_fields
        if relation not in ("owner", "used_by", "could_serve"):
            relation = "could_serve" if "could_serve" in keys else None
            if relation is not None:
                self.b.report.guesses.append("partners linked to a resource: it could serve them")
        if relation is None or relation not in keys:
            if relation is not None:
                self.b.report.guesses.append(
                    f"links of kind {relation} kept in the resource's notes: this version of "
                    "the format has no such key"
                )
            self.b.keep(resource.notes, f"{item.type or 'linked'} (Kumu connection)", partner.label)
        elif relation == "owner":
            if "owner" in resource.data:
                self.b.keep(resource.notes, "also owned by (Kumu connection)", partner.label)
            else:
                resource.data["owner"] = partner.id
        else:
            self._add(resource, relation, partner, fits=True)


def _end(item: Item, key: str) -> Place:
    """Where a connection's end is: ``$.connections[3].to``, or its row and column."""
    if item.place.path is not None:
        return item.place.child(key)
    return item.place.at(row=item.place.row, column=item.names.get(key, key))


def _kind(node: Node) -> str:
    return "partner" if node.role in PARTNER_ROLES else node.role


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "yes"))


KIND_SUGGESTIONS = {
    "product": ("sells", "sell", "sale", "sales", "supplies", "delivers", "ships", "goods"),
    "money": ("pays", "pay", "payment", "funds", "fund", "loan", "grant", "invests", "buys"),
    "information": ("informs", "data", "feedback", "orders", "reports", "signals", "shares"),
    "service": ("assistance", "training", "trains", "advice", "advises", "ta", "helps"),
    "by-product": ("waste", "compost", "scrap", "residue", "byproduct"),
    "supports": ("supported", "backs", "mentors"),
}
"""Words that suggest a kind in the message about unmapped types (never applied)."""


def suggest_kind(kumu_type: str) -> str:
    words = set(norm(kumu_type).split())
    for kind, hints in KIND_SUGGESTIONS.items():
        if words & set(hints):
            return kind
    return "KIND"


# -- coordinator, order, assembly ---------------------------------------------------------


def _coordinator(b: Builder) -> str:
    partners = [n for n in b.nodes if n.role in PARTNER_ROLES]
    if not partners:
        raise refuse(
            Place(b.map.source),
            "no element is a partner: a chain needs partners (map element types to demand, "
            "transactional or support with --type)",
        )
    wanted = b.options.coordinator
    if wanted is not None:
        for node in partners:
            if wanted in (node.id, node.label) or norm(wanted) == norm(node.label):
                b.report.guesses.append(f"coordinator: {node.id} (--coordinator)")
                return node.id
        some = ", ".join(n.id for n in partners[:12])
        raise refuse(
            Place("--coordinator"), f"{visible(wanted)!r} is not a partner (partners: {some})"
        )
    chosen, why = _guess_coordinator(partners)
    b.report.guesses.append(
        f"coordinator: {chosen.id} ({why}); choose another with --coordinator ID"
    )
    return chosen.id


def _guess_coordinator(partners: list[Node]) -> tuple[Node, str]:
    marked = [n for n in partners if n.coordinator_mark]
    if marked:
        return marked[0], "marked as coordinator in the map"
    weavers = [n for n in partners if "coordination" in n.data.get("services", [])]
    if weavers:
        return weavers[0], "a support partner that provides coordination"
    support = [n for n in partners if n.role == "support"]
    pool = support or partners
    best = max(pool, key=lambda n: n.degree)  # max keeps the first of equals
    what = "support partner" if support else "partner"
    return best, f"guessed: the {what} with the most connections"


def _ordered_functions(b: Builder, order: list[tuple[str, str]]) -> list[Node]:
    """Functions upstream first, by the connections between them; else in map order."""
    functions = [n for n in b.nodes if n.role == "function"]
    ids = {n.id for n in functions}
    before: dict[str, set[str]] = {n.id: set() for n in functions}
    for upstream, downstream in order:
        if upstream in ids and downstream in ids and upstream != downstream:
            before[downstream].add(upstream)
    out: list[Node] = []
    placed: set[str] = set()
    while len(out) < len(functions):
        ready = [n for n in functions if n.id not in placed and before[n.id] <= placed]
        nxt = ready[0] if ready else next(n for n in functions if n.id not in placed)
        out.append(nxt)
        placed.add(nxt.id)
    return out


def _assemble(b: Builder, linker: _Linker, coordinator: str) -> dict[str, Any]:
    name = b.map.name or _name_from(b.map.source)
    description = f"Imported from {Path(b.map.source).name} ({b.map.kind})."
    if b.map.loops:
        description += " Kumu loops: " + "; ".join(b.map.loops)
    data: dict[str, Any] = {"vchain": FORMAT_VERSION}
    data["chain"] = {
        "name": name,
        "region": PLACEHOLDER_REGION,
        "market_opportunity": PLACEHOLDER_MARKET,
        "coordinator": coordinator,
        "description": description,
    }
    data["functions"] = {n.id: _with_notes(n) for n in _ordered_functions(b, linker.order)}
    data["partners"] = {n.id: _with_notes(n) for n in b.nodes if n.role in PARTNER_ROLES}
    if linker.flows:
        data["flows"] = linker.flows
    resources = {n.id: _with_notes(n) for n in b.nodes if n.role == "resource"}
    if resources:
        data["resources"] = resources
    return data


def _with_notes(node: Node) -> dict[str, Any]:
    if node.notes:
        node.data["notes"] = "\n".join(node.notes)
    return node.data


def _name_from(source: str) -> str:
    stem = Path(source.rstrip("/")).name.split(".")[0]
    words = " ".join(stem.replace("_", " ").replace("-", " ").split())
    return (words[:1].upper() + words[1:]) if words else "Imported chain"


def _counts(data: dict[str, Any]) -> dict[str, int]:
    return {k: len(data.get(k, {})) for k in ("partners", "functions", "resources", "flows")}


def _header(b: Builder, linker: _Linker, data: dict[str, Any]) -> list[str]:
    counts = _counts(data)
    lines = [
        f"Imported by vchain {__version__} from {Path(b.map.source).name} ({b.map.kind}): "
        + ", ".join(plural(n, k) for k, n in counts.items())
        + "."
    ]
    lines.extend(_mapped("Element types", b.report.types))
    lines.extend(_mapped("Connection types", b.report.kinds))
    seen: set[str] = set()
    for guess in b.report.guesses:
        if guess not in seen:
            seen.add(guess)
            chosen = "(--coordinator)" in guess or "(marked as coordinator" in guess
            lines.append(("Chosen: " if chosen else "Guessed: ") + guess)
    lines.append(
        "Guessed: chain.region and chain.market_opportunity are placeholders: fill them in."
    )
    if not data["functions"]:
        lines.append("The map has no functions: add the chain's functions (supply, produce, ...).")
    if b.report.kept:
        kept = ", ".join(sorted(b.report.kept)[:12])
        lines.append(
            f"Kept in notes: fields with no place in the format, or values that do not fit it "
            f"(a number with no unit, a word where a number goes) ({kept})."
        )
    if b.map.loops:
        lines.append(f"Kept in chain.description: {plural(len(b.map.loops), 'Kumu loop')}.")
    for what, count in sorted(b.report.dropped.items()):
        lines.append(f"Left out: {plural(count, what)}.")
    lines.append("Check it with `vchain validate`; edit the file freely, it is yours now.")
    return [one_line(line) for line in lines]


def plural(count: int, what: str) -> str:
    """``1 resources`` -> ``1 resource``; ``2 connections to x`` stays."""
    if count == 1:
        first, _, rest = what.partition(" ")
        what = first.removesuffix("s") + (f" {rest}" if rest else "")
    return f"{count} {what}"


def _mapped(title: str, mapped: dict[str, tuple[str, str]]) -> Iterator[str]:
    if not mapped:
        return
    parts: dict[str, str] = {}
    for kumu_type, (role, how) in sorted(mapped.items()):
        given = f" ({how})" if how.startswith("--") else ""
        parts.setdefault(norm(kumu_type), f'"{kumu_type}" -> {role}{given}')
    yield f"{title}: " + "; ".join(parts.values()) + "."
