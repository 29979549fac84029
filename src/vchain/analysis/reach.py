"""Who an opportunity reaches: downstream through product flows, and through support
relations (an opportunity at a support partner reaches the partners it `supports`, and
theirs in turn: appraisers -> bank -> families).

Each partner's downstream set is a bit set (a Python integer, one bit a partner), built
once for the whole chain over the condensation of the product graph, so that counting
the partners on the margins or locally owned within any reach is a few integer
operations, whatever the size of the chain.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vchain.analysis.graph import ChainIndex


class Reach:
    """Downstream sets and support closures of one chain's partners."""

    def __init__(self, index: ChainIndex) -> None:
        self.index = index
        self.partners = list(index.partners)
        self.position = {pid: i for i, pid in enumerate(self.partners)}
        self.down = self._downstream()
        chain = index.chain
        self.support = {pid for pid, p in chain.partners.items() if p.type == "support"}

    def bit(self, pid: str) -> int:
        i = self.position.get(pid)
        return 0 if i is None else 1 << i

    def mask(self, pids: Iterable[str]) -> int:
        out = 0
        for pid in pids:
            out |= self.bit(pid)
        return out

    def members(self, mask: int) -> list[str]:
        return [pid for i, pid in enumerate(self.partners) if mask >> i & 1]

    def supported(self, pid: str) -> list[str]:
        """The partners a support partner assists, and those its supported support
        partners assist in turn (itself left out)."""
        chain = self.index.chain
        seen: set[str] = set()
        stack = [pid]
        while stack:
            current = stack.pop()
            partner = chain.partners.get(current)
            if partner is None:
                continue
            for other in partner.supports:
                if other in chain.partners and other not in seen and other != pid:
                    seen.add(other)
                    if other in self.support:
                        stack.append(other)
        return sorted(seen)

    def downstream(self, pids: Iterable[str]) -> int:
        """The partners and everyone their product reaches."""
        out = 0
        for pid in pids:
            i = self.position.get(pid)
            if i is not None:
                out |= self.down[i]
        return out

    def _downstream(self) -> list[int]:
        """Each partner's downstream set, itself included (Tarjan's components, then the
        condensation in reverse topological order)."""
        n = len(self.partners)
        succ: list[list[int]] = [[] for _ in range(n)]
        for pf in self.index.product:
            succ[self.position[pf.source]].append(self.position[pf.target])
        component, order = _components(succ)
        members: list[list[int]] = [[] for _ in order]
        for v in range(n):
            members[component[v]].append(v)
        reach = [0] * len(order)
        for c in order:  # Tarjan finds every component after those it reaches
            total = 0
            for v in members[c]:
                total |= 1 << v
                for w in succ[v]:
                    if component[w] != c:
                        total |= reach[component[w]]
            reach[c] = total
        return [reach[component[v]] for v in range(n)]


def _components(succ: list[list[int]]) -> tuple[list[int], list[int]]:
    """Strongly connected components (iterative Tarjan): each node's component, and the
    components in the order found (every component after those it reaches)."""
    n = len(succ)
    index = [-1] * n
    low = [0] * n
    component = [-1] * n
    on_stack = [False] * n
    stack: list[int] = []
    order: list[int] = []
    counter = 0
    for root in range(n):
        if index[root] >= 0:
            continue
        work = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            u, i = work[-1]
            if i < len(succ[u]):
                work[-1] = (u, i + 1)
                v = succ[u][i]
                if index[v] < 0:
                    index[v] = low[v] = counter
                    counter += 1
                    stack.append(v)
                    on_stack[v] = True
                    work.append((v, 0))
                elif on_stack[v]:
                    low[u] = min(low[u], index[v])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[u])
            if low[u] == index[u]:
                c = len(order)
                while True:
                    v = stack.pop()
                    on_stack[v] = False
                    component[v] = c
                    if v == u:
                        break
                order.append(c)
    return component, order
