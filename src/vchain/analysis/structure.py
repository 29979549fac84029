"""Who depends on whom along the product paths: dominators from the producers.

The product-flow graph gets a virtual root joined to the origins (the partners that
perform a `supply` or `produce` function), and every product flow becomes a node of
its own between its two partners, so that two parallel flows are two paths.  A node
*dominates* a demand partner when every path from the root to it passes through the
node.  The dominator tree is computed once (networkx's ``immediate_dominators``, about
linear); a depth-first numbering of the tree then answers "which demand partners lie
under this node" by two binary searches, never by walking every pair.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from vchain.analysis.graph import ChainIndex, reachable_from_origins

ROOT = "*"


def partner_node(pid: str) -> str:
    return "p:" + pid


def flow_node(index: int) -> str:
    return f"f:{index}"


@dataclass
class Dominance:
    """The dominator tree of the product-flow graph, numbered for subtree questions."""

    index: ChainIndex
    parent: dict[str, str] = field(default_factory=dict)
    enter: dict[str, int] = field(default_factory=dict)
    leave: dict[str, int] = field(default_factory=dict)
    demand_order: list[int] = field(default_factory=list)
    demand_at: dict[int, str] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)

    def dominated_demand(self, node: str) -> list[str]:
        """Demand partners every product path to which passes through ``node`` (itself too)."""
        if node not in self.enter:
            return []
        lo = bisect_left(self.demand_order, self.enter[node])
        hi = bisect_right(self.demand_order, self.leave[node])
        return sorted(self.demand_at[i] for i in self.demand_order[lo:hi])

    def count_dominated(self, node: str) -> int:
        if node not in self.enter:
            return 0
        lo = bisect_left(self.demand_order, self.enter[node])
        return bisect_right(self.demand_order, self.leave[node]) - lo

    def sole_flows(self, node: str) -> list[int]:
        """Flows out of ``node`` that every path to some demand partner takes."""
        return sorted(
            int(child[2:])
            for child in self.children.get(node, [])
            if child.startswith("f:") and self.count_dominated(child)
        )


def roots(index: ChainIndex) -> list[str]:
    """Where the product paths start (the flow's starts; without any, the producers)."""
    return list(index.starts) or list(index.origins)


def dominance(index: ChainIndex) -> Dominance:
    """Compute the dominator tree of the product paths of a chain."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_node(ROOT)
    graph.add_nodes_from(partner_node(p) for p in index.partners)
    graph.add_edges_from((ROOT, partner_node(o)) for o in roots(index))
    for pf in index.product:
        graph.add_edge(partner_node(pf.source), flow_node(pf.index))
        graph.add_edge(flow_node(pf.index), partner_node(pf.target))
    idom = nx.immediate_dominators(graph, ROOT)
    result = Dominance(index, {n: p for n, p in idom.items() if n != ROOT})
    _number(result, sorted(result.parent))
    return result


def _number(result: Dominance, nodes: list[str]) -> None:
    """Depth-first enter/leave numbers of the dominator tree (iterative, in id order)."""
    children = result.children
    for node in nodes:
        children.setdefault(result.parent[node], []).append(node)
    demand = set(result.index.demand_partners)
    clock = 0
    stack: list[tuple[str, bool]] = [(ROOT, False)]
    while stack:
        node, done = stack.pop()
        if done:
            result.leave[node] = clock - 1
            continue
        result.enter[node] = clock
        if node.startswith("p:") and node[2:] in demand:
            result.demand_order.append(clock)
            result.demand_at[clock] = node[2:]
        clock += 1
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(children.get(node, [])))


def depends_on_set(index: ChainIndex, partners: frozenset[str]) -> list[str]:
    """Demand partners that product reaches now, and would not without ``partners``."""
    if not partners:
        return []
    before = reachable_from_origins(index)
    after = reachable_from_origins(index, partners)
    return sorted(
        d for d in index.demand_partners if d in before and (d not in after or d in partners)
    )
