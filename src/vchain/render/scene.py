"""What the map shows, before any renderer: nodes in bands and columns, and edges.

The scene is the same for DOT and Mermaid.  Who stands in which column is decided in
:mod:`vchain.render.columns`; the coordinator stands first among the partners of its
own type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vchain.render.columns import Column
from vchain.render.marks import Marks

if TYPE_CHECKING:
    from vchain.model import Chain, Flow, Quantity

FLOW_KINDS: tuple[str, ...] = ("product", "money", "information", "service", "by-product")
DEFAULT_KINDS: tuple[str, ...] = FLOW_KINDS
BANDS: tuple[str, ...] = ("transactional", "demand", "support", "resources")


@dataclass
class Node:
    """A box on the map: a partner, a group of partners, a gap, a resource, a mark."""

    name: str
    key: str
    role: str
    band: str
    column: int | None
    text: str
    detail: str = ""
    kicker: str = ""
    hub: bool = False
    marks: tuple[str, ...] = ()
    mark_counts: tuple[tuple[str, int], ...] = ()
    """For a group: how many of its partners carry each mark."""
    leverage: tuple[int, ...] = ()
    """The ranks of the leverage points it stands for, best first (several may)."""
    classes: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    group: str | None = None
    order: int = 0
    tooltip: str = ""


@dataclass
class Edge:
    """A line on the map: a flow (or several, once grouped) or a support tie."""

    key: str
    tail: str
    head: str
    kind: str
    what: list[str] = field(default_factory=list)
    amounts: list[Quantity | None] = field(default_factory=list)
    capacity: Quantity | None = None
    marks: tuple[str, ...] = ()
    leverage: tuple[int, ...] = ()
    classes: tuple[str, ...] = ()
    count: int = 1
    constraint: bool = False
    order: int = 0
    labelled: bool = True
    """Whether its words are drawn on the line (else they are only in its tooltip)."""


@dataclass
class Scene:
    title: str
    subtitle: str
    direction: str
    columns: list[Column]
    nodes: list[Node]
    edges: list[Edge]
    kinds: tuple[str, ...]
    marks: Marks
    function_names: dict[str, str] = field(default_factory=dict)
    grouped: bool = False
    _columns: dict[str, int] | None = field(default=None, repr=False)

    def node(self, name: str) -> Node:
        return {n.name: n for n in self.nodes}[name]

    def columns_of(self) -> dict[str, int]:
        """Node name -> column, for the nodes that have one."""
        if self._columns is None:
            self._columns = {n.name: n.column for n in self.nodes if n.column is not None}
        return self._columns

    @property
    def demand_column(self) -> int:
        return len(self.columns) - 1


@dataclass(frozen=True)
class SceneOptions:
    direction: str = "LR"
    kinds: tuple[str, ...] = DEFAULT_KINDS
    supports: bool = True


def partner_node_name(pid: str) -> str:
    return f"p_{pid}"


# -- nodes ---------------------------------------------------------------------------------


def _partner_detail(chain: Chain, pid: str) -> str:
    partner = chain.partners[pid]
    if partner.type == "demand" and partner.demand is not None:
        return f"wants {partner.demand}"
    output, capacity = partner.output, partner.capacity
    if output is not None and capacity is not None and output.unit == capacity.unit:
        return f"{_amount(output)} of {capacity}"
    if partner.capacity is not None:
        return f"can handle {partner.capacity}"
    if partner.type == "support" and partner.services:
        return ", ".join(partner.services)
    return ""


def _amount(quantity: Quantity) -> str:
    from vchain.model import format_amount

    return format_amount(quantity.amount)


def partner_nodes(chain: Chain, columns: dict[str, int], marks: Marks) -> list[Node]:
    coordinator = chain.chain.coordinator
    nodes: list[Node] = []
    for order, (pid, partner) in enumerate(chain.partners.items()):
        kinds = tuple(marks.kinds_of("partner", pid))
        is_hub = pid == coordinator
        classes = ["partner", partner.type]
        if is_hub:
            classes.append("coordinator")
        classes += list(kinds)
        if partner.local:
            classes.append("local")
        if partner.margins:
            classes.append("margins")
        rank = marks.leverage.get(("partner", pid), ())
        if rank:
            classes.append("leverage")
        nodes.append(
            Node(
                name=partner_node_name(pid),
                key=f"partner-{pid}",
                role="partner",
                band=partner.type,
                column=columns.get(pid),
                text=partner.name,
                detail=_partner_detail(chain, pid),
                kicker="Coordinator" if is_hub else "",
                hub=is_hub,
                marks=kinds,
                leverage=rank,
                classes=tuple(classes),
                members=(pid,),
                group=None if is_hub else _group_key(chain, pid),
                order=order,
                tooltip=partner.pain_point or partner.notes or partner.name,
            )
        )
    return nodes


def _group_key(chain: Chain, pid: str) -> str:
    partner = chain.partners[pid]
    if partner.type == "transactional":
        return f"transactional:{partner.performs[0] if partner.performs else ''}"
    if partner.type == "support":
        return f"support:{partner.services[0] if partner.services else ''}"
    return "demand:"


def gap_nodes(chain: Chain, of_function: dict[str, int], marks: Marks) -> list[Node]:
    nodes: list[Node] = []
    order = len(chain.partners)
    for fid in chain.functions:
        for mark in marks.gaps.get(fid, []):
            order += 1
            rank = marks.leverage.get(("gap", mark.ident), ())
            classes = ["gap", mark.source] + (["leverage"] if rank else [])
            slug = mark.ident.replace(":", "-").lower()
            nodes.append(
                Node(
                    name=f"gap_{fid}_{slug}",
                    key=f"gap-{fid}-{slug}",
                    role="gap",
                    band="transactional",
                    column=of_function.get(fid),
                    text=mark.text,
                    detail=chain.functions[fid].name,
                    kicker="Gap: missing partner",
                    marks=("gap",),
                    leverage=rank,
                    classes=tuple(classes),
                    order=order,
                    tooltip=mark.text,
                )
            )
    return nodes


def resource_nodes(
    chain: Chain, columns: dict[str, int], marks: Marks, n_columns: int
) -> list[Node]:
    """The resources not yet mobilized, in a column of their own after the buyers'."""
    nodes: list[Node] = []
    for order, (rid, resource) in enumerate(chain.resources.items()):
        kinds = tuple(marks.kinds_of("resource", rid))
        if not kinds:
            continue
        rank = marks.leverage.get(("resource", rid), ())
        nodes.append(
            Node(
                name=f"r_{rid}",
                key=f"resource-{rid}",
                role="resource",
                band="resources",
                column=n_columns,
                text=resource.name,
                detail=_resource_detail(chain, rid),
                kicker="Unused resource",
                marks=kinds,
                leverage=rank,
                classes=("resource", *kinds, *(["leverage"] if rank else [])),
                order=len(chain.partners) + 10_000 + order,
                tooltip=resource.name,
            )
        )
    return nodes


def _resource_detail(chain: Chain, rid: str) -> str:
    resource = chain.resources[rid]
    parts = [str(resource.amount)] if resource.amount is not None else []
    owner = chain.partners.get(resource.owner or "")
    if owner is not None:
        parts.append(f"owner: {owner.name}")
    return " · ".join(parts)


# -- edges ---------------------------------------------------------------------------------


def flow_edge(flow: Flow, marks: Marks) -> Edge:
    kinds = tuple(marks.kinds_of("flow", flow.index))
    rank = marks.leverage.get(("flow", flow.index), ())
    head = partner_node_name(flow.to) if flow.to else f"unused_{flow.index}"
    classes = ["flow", flow.kind, *kinds]
    if flow.to is None:
        classes.append("unused")
    if rank:
        classes.append("leverage")
    return Edge(
        key=f"flow-{flow.index}",
        tail=partner_node_name(flow.from_),
        head=head,
        kind=flow.kind,
        what=[flow.what] if flow.what else [],
        amounts=[flow.amount],
        capacity=flow.capacity,
        marks=kinds,
        leverage=rank,
        classes=tuple(classes),
        constraint=flow.to is None,
        order=flow.index,
    )


def unused_node(flow: Flow, band: str) -> Node:
    """The end of a by-product flow nobody takes: placed by its edge, after its source."""
    return Node(
        name=f"unused_{flow.index}",
        key=f"unused-{flow.index}",
        role="unused",
        band=band,
        column=None,
        text="unused",
        classes=("unused", "by-product"),
        order=100_000 + flow.index,
        tooltip=f"nobody uses {flow.what}" if flow.what else "nobody uses this by-product",
    )


def support_edges(chain: Chain, drawn: set[tuple[str, str]]) -> list[Edge]:
    """Support partners tied to the partners they support (unless a flow already is)."""
    edges: list[Edge] = []
    for pid, partner in chain.partners.items():
        for target in partner.supports:
            if target not in chain.partners or (pid, target) in drawn:
                continue
            edges.append(
                Edge(
                    key=f"supports-{pid}-{target}",
                    tail=partner_node_name(pid),
                    head=partner_node_name(target),
                    kind="supports",
                    classes=("supports",),
                    order=1_000_000 + len(edges),
                )
            )
    return edges
