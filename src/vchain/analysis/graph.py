"""The chain as a graph: partners, product paths, the demand unit and exact quantities.

Everything here is built in a fixed order (sorted partner ids, flows in file order), so
that every analysis that reads it gives the same answer for the same file.  networkx is
imported inside the functions that need it, never at import time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vchain.model import Chain, Flow, Quantity

ORIGIN_STAGES = frozenset({"supply", "produce"})


@dataclass(frozen=True)
class ProductFlow:
    """A `product` flow between two known partners."""

    index: int
    """Its 0-based place in the file's `flows`."""
    key: str | int
    """Its subject id: the flow's id, else its index."""
    label: str
    """How people and lists name it: its id, else ``flow#<index>``."""
    source: str
    target: str
    flow: Flow


@dataclass
class ChainIndex:
    """What every analysis needs to know about a chain, computed once."""

    chain: Chain
    partners: list[str]
    flows: list[tuple[int, Flow]]
    product: list[ProductFlow]
    origins: list[str]
    """The producers: partners performing a supply or produce function (see _origins)."""
    starts: list[str]
    """Where the product path starts: partners (not buyers) that send product and receive
    none. Only they are fed from the source of the flow: a supplier's capacity binds its
    customers."""
    demand_partners: list[str]
    unit: str | None
    product_in: dict[str, list[ProductFlow]] = field(default_factory=dict)
    product_out: dict[str, list[ProductFlow]] = field(default_factory=dict)
    flow_keys: dict[str | int, int] = field(default_factory=dict)
    """A flow's subject id (its id, else its index) to its index in the file."""
    flow_at: dict[int, Flow] = field(default_factory=dict)
    """A flow by its index in the file."""
    tolls: dict[str, str] = field(default_factory=dict)
    """Toll partners and whose product they work on (see :func:`toll_loops`)."""
    makers: list[str] = field(default_factory=list)
    """Partners that make more than they receive (see :func:`makers`)."""
    open_starts: set[str] = field(default_factory=set)
    """The starts that are fed without limit: producers and suppliers (or, in a chain with
    no such stages, every start).  Another start (a processor nothing is mapped into) gets
    from outside the map what it handles now, no more."""


def flow_label(index: int, flow: Flow) -> str:
    """A flow's id, else ``flow#3`` (its 0-based place in `flows`)."""
    return flow.id if flow.id is not None else f"flow#{index}"


def flows_with_index(chain: Chain) -> list[tuple[int, Flow]]:
    """Each flow with its place in the file (salvaged chains keep the file's indexes)."""
    return [(f.index if f.index >= 0 else i, f) for i, f in enumerate(chain.flows)]


def exact(quantity: Quantity) -> Fraction:
    """The amount as an exact fraction of its decimal writing (0.1 is 1/10)."""
    amount = quantity.amount
    if isinstance(amount, int):
        return Fraction(amount)
    return Fraction(repr(float(amount)))


def number(value: Fraction) -> int | float:
    """An exact amount as a JSON number: an integer when whole, else 6 decimals."""
    if value.denominator == 1:
        return int(value)
    return round(float(value), 6)


def demand_unit(chain: Chain) -> str | None:
    """The unit most demand partners state their demand in (ties: the first by name)."""
    units = Counter(
        p.demand.unit for p in chain.partners.values() if p.type == "demand" and p.demand
    )
    if not units:
        return None
    best = max(units.values())
    return min(u for u, count in units.items() if count == best)


def in_unit(quantity: Quantity | None, unit: str | None) -> Fraction | None:
    """The exact amount when the quantity is in ``unit``, else None."""
    if quantity is None or unit is None or quantity.unit != unit:
        return None
    return exact(quantity)


def _stage_performers(chain: Chain, stages: frozenset[str]) -> list[str]:
    wanted = {fid for fid, f in chain.functions.items() if f.stage in stages}
    return sorted(
        pid for pid, p in chain.partners.items() if any(fid in wanted for fid in p.performs)
    )


def _origins(chain: Chain, product: list[ProductFlow]) -> list[str]:
    """Performers of supply or produce functions; without such stages, the flow sources."""
    if any(f.stage in ORIGIN_STAGES for f in chain.functions.values()):
        return _stage_performers(chain, ORIGIN_STAGES)
    has_in = {pf.target for pf in product}
    return sorted({pf.source for pf in product} - has_in)


def toll_loops(index: ChainIndex) -> dict[str, str]:
    """Toll partners: a transactional partner Q that takes product only from one partner P
    and sends it only back to P (a kiln drying a sawmill's lumber, a plant cutting a
    co-op's carcasses), while P also sends product on to others.  Everything P passes on
    to others then goes through Q first.  Returns Q -> P."""
    out: dict[str, str] = {}
    chain = index.chain
    for pid in index.partners:
        if chain.partners[pid].type != "transactional":
            continue
        sources = {pf.source for pf in index.product_in.get(pid, ())}
        targets = {pf.target for pf in index.product_out.get(pid, ())}
        if len(sources) == 1 and sources == targets and pid not in sources:
            (owner,) = sources
            onward = {pf.target for pf in index.product_out.get(owner, ())} - {pid}
            if onward and index.chain.partners[owner].type == "transactional":
                out[pid] = owner
    return out


def index_chain(chain: Chain) -> ChainIndex:
    """Build the :class:`ChainIndex` of a chain."""
    flows = flows_with_index(chain)
    known = chain.partners
    product = [
        ProductFlow(i, f.id if f.id is not None else i, flow_label(i, f), f.from_, f.to, f)
        for i, f in flows
        if f.kind == "product" and f.to is not None and f.from_ in known and f.to in known
    ]
    origins = _origins(chain, product)
    index = ChainIndex(
        chain=chain,
        partners=sorted(known),
        flows=flows,
        product=product,
        origins=origins,
        starts=[],
        demand_partners=chain.partners_of_type("demand"),
        unit=demand_unit(chain),
    )
    for i, f in flows:
        index.flow_keys[f.id if f.id is not None else i] = i
        index.flow_at[i] = f
    for pf in product:
        index.product_out.setdefault(pf.source, []).append(pf)
        index.product_in.setdefault(pf.target, []).append(pf)
    index.tolls = toll_loops(index)
    # what comes back from a toll partner does not make its owner a receiver
    receivers = {pf.target for pf in product if index.tolls.get(pf.source) != pf.target}
    buyers = {pid for pid, p in known.items() if p.type == "demand"}
    index.makers = makers(index)
    index.starts = sorted(({pf.source for pf in product} - receivers - buyers) | set(index.makers))
    staged = any(f.stage in ORIGIN_STAGES for f in chain.functions.values())
    index.open_starts = {s for s in index.starts if not staged or s in set(origins)}
    return index


def _now_amount(quantities: list[Quantity | None], unit: str | None) -> Fraction | None:
    """The sum of quantities in ``unit``, or None unless every one is stated in it."""
    values = [in_unit(q, unit) for q in quantities]
    if not values or any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Fraction(0))


def _stages(chain: Chain, pid: str) -> set[str | None]:
    functions = chain.functions
    return {functions[f].stage for f in chain.partners[pid].performs if f in functions}


def sent_now(index: ChainIndex, pid: str) -> Fraction | None:
    """What a partner handles now in the demand unit: its `output`, else the amounts of all
    the product it sends (None where nothing says)."""
    now = in_unit(index.chain.partners[pid].output, index.unit)
    if now is not None:
        return now
    return _now_amount([pf.flow.amount for pf in index.product_out.get(pid, ())], index.unit)


def makers(index: ChainIndex) -> list[str]:
    """Producers whose numbers show they make more than their inputs: a partner performing
    a `produce` function, every product flow into it coming from a supplier (partners that
    perform only `supply` functions) with an amount, and its output (or the amounts it
    sends) larger than those amounts.  Its inputs (seed) are not counted in the product's
    equivalents, so its suppliers do not bind it: the path starts with it too."""
    unit = index.unit
    if unit is None:
        return []
    chain = index.chain
    out = []
    for pid, inflows in sorted(index.product_in.items()):
        partner = chain.partners[pid]
        if partner.type != "transactional" or "produce" not in _stages(chain, pid):
            continue
        if any(_stages(chain, pf.source) != {"supply"} for pf in inflows):
            continue
        received = _now_amount([pf.flow.amount for pf in inflows], unit)
        sent = sent_now(index, pid)
        if received is not None and sent is not None and sent > received:
            out.append(pid)
    return out


def reachable_from_origins(index: ChainIndex, removed: frozenset[str] = frozenset()) -> set[str]:
    """Partners some product path reaches from a producer or from where a path starts
    (the same starts the flow is fed at), avoiding ``removed`` partners."""
    seen = {o for o in (*index.origins, *index.starts) if o not in removed}
    stack = sorted(seen)
    while stack:
        node = stack.pop()
        for pf in index.product_out.get(node, ()):
            if pf.target not in seen and pf.target not in removed:
                seen.add(pf.target)
                stack.append(pf.target)
    return seen


def chain_graph(chain: Chain) -> Any:
    """The whole chain as a networkx MultiDiGraph, built in a fixed order.

    Nodes are the partners (sorted by id, with their ``type``); edges are the flows
    between known partners (key: the flow's label, ``kind`` the flow's kind) and the
    support relations (key ``supports``, ``kind="support"``).
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    for pid in sorted(chain.partners):
        graph.add_node(pid, type=chain.partners[pid].type)
    for i, flow in flows_with_index(chain):
        if flow.to is not None and flow.from_ in graph and flow.to in graph:
            graph.add_edge(flow.from_, flow.to, key=flow_label(i, flow), kind=flow.kind)
    for pid in sorted(chain.partners):
        for other in sorted(set(chain.partners[pid].supports)):
            if other in graph:
                graph.add_edge(pid, other, key="supports", kind="support")
    return graph


def flow_subject(index: int, flow: Flow) -> tuple[str, str | int]:
    """The finding subject of a flow: ("flow", its id), else ("flow", its index)."""
    return ("flow", flow.id if flow.id is not None else index)


def names(items: list[str], limit: int = 5) -> str:
    """ "a", "a and b", "a, b and c", "a, b, c, d, e and 3 more"."""
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def amount_text(value: float) -> str:
    """12000 -> "12,000": amounts the way people write them."""
    from vchain.model import format_amount

    return format_amount(float(value))


def shown(value: float | Fraction) -> str:
    """An amount as a person reads it: 12000 -> "12,000"; a share of 9880.95 -> "about 9,881"
    (whole units where it is large, three decimals where it is small)."""
    exact_value = value if isinstance(value, Fraction) else Fraction(repr(float(value)))
    if exact_value.denominator == 1:
        return amount_text(int(exact_value))
    if (exact_value * 1000).denominator == 1:  # a decimal of at most 3 places: exact
        return amount_text(number(exact_value))
    if abs(exact_value) >= 10:
        return f"about {amount_text(round(exact_value))}"
    return f"about {amount_text(number(exact_value))}"
