"""A scene to DOT source with the ``graphviz`` package.

Layout, with the default left-to-right direction: transactional partners in a lane, one
column (a cluster titled with its stage) per stage of the chain, upstream on the left;
demand partners in the column after the last, on the right; support partners (the
coordinator first, at the centre) in a lane of their own, each just after the column of
the partners it supports, with the resources not yet mobilized; the legend apart.
``dot`` chooses which lane goes on top (usually the transactional one).

How, with only what ``dot`` handles robustly (no ``newrank``, no rank sets across
clusters, no flat or non-constraining edges between clusters, all of which make
``dot`` 2.4x fail with "trouble in init_rank"):

- ranks: column ``c`` is rank ``2c`` in the transactional and demand lanes and
  ``2c + 1`` in the support lane, so no edge between lanes is flat;
- flat edges (within one rank, so within one lane) carry ``xlabel``, not ``label``:
  a labelled flat edge makes ``dot`` 2.43 crash;
- inside a lane every rank is a ``rank=same`` set on an invisible anchor, anchors
  chained in order, and one heavy invisible edge pins each lane's first anchor to its
  rank;
- every drawn edge points down the ranks (one that runs back is written head to tail
  with ``dir=back``) and asks for no more rank distance than the pinned columns give,
  so it moves nothing; its weight (heavier for product flows) only straightens it.

Every label is an HTML-like label built from escaped text (see ``labels``), so nothing
in a chain file can add DOT syntax or SVG elements.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from vchain.render.labels import edge_html, edge_tooltip, header_html, node_html
from vchain.render.legend import add_legend
from vchain.render.style import BANDS, EDGE_ATTRS, GRAPH_ATTRS, NODE_ATTRS, edge_attrs, node_attrs
from vchain.render.text import dot_string, html_text

if TYPE_CHECKING:
    from vchain.render.scene import Edge, Node, Scene

LANES: tuple[str, ...] = ("transactional", "demand", "support", "resources")
ODD_LANES: frozenset[str] = frozenset({"support"})


def header_name(index: int) -> str:
    return f"col_{index}"


def anchor_name(band: str, column: int) -> str:
    return header_name(column) if band == "transactional" else f"lane_{band}_{column}"


def rank_of(band: str, column: int) -> int:
    return 2 * column + (1 if band in ODD_LANES else 0)


def lane_order(direction: str) -> tuple[str, ...]:
    """Lanes in the order to declare them: ``dot`` keeps the clusters of a rank in the
    order they are declared, top to bottom left to right, left to right top to bottom."""
    return LANES


def to_dot(scene: Scene, *, max_label: int, legend: bool = True, labels_below: bool = False) -> str:
    """The DOT source of the map; the same scene gives the same bytes.

    ``labels_below`` puts the titles of the lanes and columns at the bottom of their
    boxes (for a layout that :mod:`vchain.render.orient` mirrors).
    """
    import graphviz

    graph = graphviz.Digraph("vchain", graph_attr=_graph_attrs(scene))
    graph.attr("node", **NODE_ATTRS)
    graph.attr("edge", **EDGE_ATTRS)
    for band in lane_order(scene.direction):
        _add_lane(graph, scene, band, max_label, "b" if labels_below else "t")
    _pin_lanes(graph, scene)
    _add_edges(graph, scene, max_label)
    if legend:
        add_legend(graph, scene, _spine(scene, 0))
    return str(graph.source)


def _graph_attrs(scene: Scene) -> dict[str, str]:
    title = f'<FONT POINT-SIZE="22"><B>{html_text(scene.title)}</B></FONT>'
    sub = f'<FONT POINT-SIZE="12" COLOR="#546e7a">{html_text(scene.subtitle)}</FONT>'
    return {"rankdir": scene.direction, **GRAPH_ATTRS, "label": f"<{title}<BR/>{sub}>"}


def lane_of(node: Node) -> str:
    """The lane a node stands in: its band (resources not yet mobilized have their own)."""
    return node.band


def lane_columns(scene: Scene, band: str) -> list[int]:
    """The columns a lane spans: every stage for transactional partners, else its nodes'."""
    if band == "transactional":
        return list(range(scene.demand_column))
    if band == "demand":
        return [scene.demand_column]
    if band == "resources":
        return [scene.demand_column + 1] if any(n.band == band for n in scene.nodes) else []
    used = [n.column for n in scene.nodes if lane_of(n) == band and n.column is not None]
    return list(range(min(used), max(used) + 1)) if used else []


def _add_lane(graph: Any, scene: Scene, band: str, max_label: int, labelloc: str) -> None:
    nodes = [n for n in scene.nodes if lane_of(n) == band]
    columns = lane_columns(scene, band)
    if not nodes and band != "demand":
        return
    with graph.subgraph(name=f"cluster_{band}") as lane:
        _lane_attrs(lane, band, labelloc)
        for column in columns:
            here = [n for n in nodes if n.column == column]
            if band == "transactional":
                with lane.subgraph(name=f"cluster_column_{column}") as box:
                    _column_attrs(box, scene, column, max_label, labelloc)
                    _add_column(box, band, column, here, max_label)
            else:
                _add_column(lane, band, column, here, max_label)
        for node in nodes:
            if node.column not in columns:  # placed by its edges
                _add_node(lane, node, max_label)
        for left, right in itertools.pairwise(columns):
            lane.edge(
                anchor_name(band, left),
                anchor_name(band, right),
                style="invis",
                weight="50",
                minlen=str(rank_of(band, right) - rank_of(band, left)),
            )
        _order_columns(lane, scene, nodes, columns)


def _add_column(graph: Any, band: str, column: int, nodes: list[Node], max_label: int) -> None:
    """A column of a lane: its anchor and its nodes, all of one rank."""
    anchor = anchor_name(band, column)
    graph.node(anchor, label="", shape="point", width="0", height="0", style="invis")
    for node in nodes:
        _add_node(graph, node, max_label)
    with graph.subgraph() as rank:
        rank.attr(rank="same")
        rank.node(anchor)
        for node in nodes:
            rank.node(node.name)


def _column_attrs(box: Any, scene: Scene, column: int, max_label: int, labelloc: str) -> None:
    """A stage's column in the transactional lane, titled with the stage and functions."""
    info = scene.columns[column]
    names = [] if info.key.startswith("function-") else info.functions
    box.attr(
        label=header_html(info.title, [scene.function_names.get(f, f) for f in names], max_label),
        style="rounded,filled",
        color="#e8f0f9",
        fillcolor="#e8f0f9",
        penwidth="0",
        id=f"column-{column}",
        labelloc=labelloc,
        **{"class": "column"},
    )


def _lane_attrs(lane: Any, band: str, labelloc: str) -> None:
    _, border, fill, title = BANDS[band]
    lane.attr(
        labelloc=labelloc,
        label=f'<<FONT POINT-SIZE="15" COLOR="{border}"><B>{html_text(title)}</B></FONT>>',
        style="rounded,filled",
        fillcolor=fill,
        color=border,
        penwidth="1.4",
        id=f"band-{band}",
        **{"class": f"band {band}"},
    )


def _order_columns(lane: Any, scene: Scene, nodes: list[Node], columns: list[int]) -> None:
    """The coordinator first in its column, resources last (flat edges inside a lane).

    A flat edge puts its tail before its head: left of it top to bottom, below it left
    to right.
    """
    for column in columns:
        here = [n for n in nodes if n.column == column]
        hubs = [n.name for n in here if n.hub]
        partners = [n.name for n in here if n.role != "resource" and not n.hub]
        resources = [n.name for n in here if n.role == "resource"]
        pairs = [(h, p) for h in hubs for p in partners + resources]
        pairs += [(p, r) for p in partners[-1:] for r in resources]
        for first, then in pairs:
            tail, head = (then, first) if scene.direction == "LR" else (first, then)
            lane.edge(tail, head, style="invis")


def _spine(scene: Scene, column: int) -> str:
    """The anchor of a column in the lanes that hold every column: headers, then demand.

    Only columns that are drawn have one (an edge to a name never declared would make
    ``dot`` draw that name as a box on the map)."""
    last = scene.demand_column
    if column < last and any(lane_of(n) == "transactional" for n in scene.nodes):
        return anchor_name("transactional", column)
    return anchor_name("demand", last)


def _pin_lanes(graph: Any, scene: Scene) -> None:
    """Each lane's first anchor pinned to its rank, so columns line up across lanes.

    The pin runs from a header of a lower rank: an edge between two clusters must not
    be flat.
    """
    last = scene.demand_column
    if _spine(scene, 0) != _spine(scene, last):  # else no column before the buyers'
        graph.edge(
            _spine(scene, last - 1), _spine(scene, last), style="invis", weight="50", minlen="2"
        )
    for band in ("support", "resources"):
        columns = lane_columns(scene, band)
        if not columns or not any(n.band == band for n in scene.nodes):
            continue
        anchor = anchor_name(band, columns[0])
        rank = rank_of(band, columns[0])
        if rank == 0:
            graph.edge(anchor, _spine(scene, 1), style="invis", weight="100", minlen="2")
            continue
        below = min(last, (rank - 1) // 2)
        minlen = str(rank - 2 * below)
        graph.edge(_spine(scene, below), anchor, style="invis", weight="100", minlen=minlen)
    _pin_resources(graph, scene)


def _pin_resources(graph: Any, scene: Scene) -> None:
    """The resources' column beside the buyers: each resource tied (invisibly) to the
    buyers, so that ``dot`` sets the column level with theirs, not far above or below."""
    resources = [n.name for n in scene.nodes if n.band == "resources"]
    buyers = [n.name for n in scene.nodes if n.band == "demand" and n.column is not None]
    for buyer, resource in zip(buyers, resources, strict=False):
        graph.edge(buyer, resource, style="invis", weight="1", minlen="2")


def _tooltip(text: str) -> Any:
    from graphviz import nohtml

    return nohtml(dot_string(text))


def _add_node(graph: Any, node: Node, max_label: int) -> None:
    attrs = node_attrs(node.band, node.role, node.marks, bool(node.leverage), hub=node.hub)
    graph.node(
        node.name,
        label=node_html(node, max_label),
        id=node.key,
        tooltip=_tooltip(node.tooltip or node.text),
        **{"class": " ".join(node.classes)},
        **attrs,
    )


def node_ranks(scene: Scene) -> dict[str, int]:
    return {n.name: rank_of(n.band, n.column) for n in scene.nodes if n.column is not None}


def _add_edges(graph: Any, scene: Scene, max_label: int) -> None:
    ranks = node_ranks(scene)
    for edge in scene.edges:
        attrs = edge_attrs(edge.kind, edge.marks, bool(edge.leverage))
        label = edge_html(edge, max_label)
        if label is not None:
            attrs["label"] = label
        if edge.kind != "supports":
            attrs["tooltip"] = _tooltip(edge_tooltip(edge, max_label))
        tail, head = edge.tail, edge.head
        if not edge.constraint:
            tail, head = _point_down(ranks, edge, attrs)
        graph.edge(tail, head, id=edge.key, **{"class": " ".join(edge.classes)}, **attrs)


def _point_down(ranks: dict[str, int], edge: Edge, attrs: dict[str, str]) -> tuple[str, str]:
    """Tail and head as written: down the ranks, within the pinned ones, so the edge
    moves nothing (``minlen`` 0 inside a rank, 1 across)."""
    low, high = ranks.get(edge.tail), ranks.get(edge.head)
    if low is None or high is None:
        attrs["constraint"] = "false"
        return edge.tail, edge.head
    attrs.setdefault("weight", "1")
    attrs["minlen"] = "0" if low == high else "1"
    if low == high and "label" in attrs:
        attrs["xlabel"] = attrs.pop("label")  # labels of flat edges crash dot 2.4x
    if low <= high:
        return edge.tail, edge.head
    attrs["dir"] = "back"
    attrs["arrowtail"] = attrs.pop("arrowhead", "normal")
    return edge.head, edge.tail
