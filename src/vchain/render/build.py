"""A chain and its marks to a :class:`~vchain.render.scene.Scene`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vchain.render.columns import place
from vchain.render.scene import (
    Edge,
    Node,
    Scene,
    SceneOptions,
    flow_edge,
    gap_nodes,
    partner_node_name,
    partner_nodes,
    resource_nodes,
    support_edges,
    unused_node,
)

if TYPE_CHECKING:
    from vchain.model import Chain
    from vchain.render.marks import Marks


def title_of(chain: Chain) -> tuple[str, str]:
    """The map's title (the chain's name) and subtitle (region, review date)."""
    info = chain.chain
    parts = [info.region]
    parts.append(f"reviewed {info.reviewed.isoformat()}" if info.reviewed else "not yet reviewed")
    return info.name, " · ".join(parts)


def build_scene(chain: Chain, marks: Marks, options: SceneOptions) -> Scene:
    """Every node and edge of the map, in a fixed order."""
    columns, of_function, places = place(chain, set(marks.gaps))
    nodes = partner_nodes(chain, places, marks)
    nodes += gap_nodes(chain, of_function, marks)
    edges, unused = _flow_edges(chain, marks, options, nodes)
    nodes += unused
    nodes += resource_nodes(chain, places, marks, len(columns))
    if options.supports:
        drawn = {(chain_id(e.tail), chain_id(e.head)) for e in edges}
        edges += support_edges(chain, drawn)
    title, subtitle = title_of(chain)
    return Scene(
        title=title,
        subtitle=subtitle,
        direction=options.direction,
        columns=columns,
        nodes=sorted(nodes, key=lambda n: n.order),
        edges=sorted(edges, key=lambda e: e.order),
        kinds=tuple(k for k in options.kinds),
        marks=marks,
        function_names={fid: f.name for fid, f in chain.functions.items()},
    )


def chain_id(node_name: str) -> str:
    return node_name[2:] if node_name.startswith("p_") else node_name


def _flow_edges(
    chain: Chain, marks: Marks, options: SceneOptions, nodes: list[Node]
) -> tuple[list[Edge], list[Node]]:
    by_name = {n.name: n for n in nodes}
    edges: list[Edge] = []
    unused: list[Node] = []
    for flow in chain.flows:
        if flow.kind not in options.kinds or flow.from_ not in chain.partners:
            continue
        if flow.to is not None and flow.to not in chain.partners:
            continue
        edge = flow_edge(flow, marks)
        if flow.to is None:
            source = by_name[partner_node_name(flow.from_)]
            unused.append(unused_node(flow, source.band))
        edges.append(edge)
    return edges, unused
