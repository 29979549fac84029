"""An integer maximum flow (Dinic's algorithm) that can relieve edges and continue.

Capacities are integers (the analysis scales exact fractions to whole numbers), so the
results are exact and the same on every run.  "Infinite" is a number larger than any
flow the network can carry.  Relieving an edge (making it infinite) keeps the current
flow valid, so the flow is continued rather than computed again; :meth:`Network.copy`
lets a what-if continue from a shared starting point without changing it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from vchain.analysis.components import strongly_connected


class Network:
    """A flow network over nodes ``0..n-1``; edge ``e`` and its reverse ``e ^ 1``."""

    def __init__(self, n_nodes: int) -> None:
        self.n = n_nodes
        self.adj: list[list[int]] = [[] for _ in range(n_nodes)]
        self.head: list[int] = []
        self.res: list[int] = []
        self.cap: list[int] = []
        self.value = 0
        self.inf = 0

    def add_edge(self, u: int, v: int, capacity: int | None) -> int:
        """Add ``u -> v``; ``None`` is infinite (fixed by :meth:`seal`). Returns its id."""
        e = len(self.head)
        self.adj[u].append(e)
        self.adj[v].append(e + 1)
        self.head += [v, u]
        self.cap += [-1 if capacity is None else capacity, 0]
        self.res += [0, 0]
        return e

    def seal(self, at_least: int = 0) -> None:
        """Give infinite edges a capacity no flow can reach, and empty the flow."""
        finite = sum(c for c in self.cap if c > 0)
        self.inf = max(finite, at_least) * 2 + 1
        self.cap = [self.inf if c < 0 else c for c in self.cap]
        self.res = list(self.cap)
        self.value = 0

    def is_infinite(self, e: int) -> bool:
        return self.cap[e] >= self.inf

    def copy(self, *, flow_only: bool = False) -> Network:
        """A copy that shares the structure and owns its flow (and capacities)."""
        other = Network.__new__(Network)
        other.n, other.adj, other.head, other.inf = self.n, self.adj, self.head, self.inf
        other.res, other.value = list(self.res), self.value
        other.cap = self.cap if flow_only else list(self.cap)
        return other

    def relieve(self, edges: Iterable[int]) -> None:
        """Make the edges infinite; the flow stays valid."""
        for e in edges:
            self.raise_capacity(e, self.inf)

    def raise_capacity(self, e: int, capacity: int) -> None:
        """Raise edge ``e`` to ``capacity`` (never lowers it); the flow stays valid."""
        capacity = min(capacity, self.inf)
        if capacity > self.cap[e]:
            self.res[e] += capacity - self.cap[e]
            self.cap[e] = capacity

    def in_some_min_cut(self, edges: Iterable[int], s: int) -> list[int]:
        """Those of ``edges`` that lie in some minimum cut of the current (maximum) flow
        from ``s``.

        An edge of positive capacity does exactly when it is saturated and its two ends
        fall in different strongly connected components of the residual network (Picard
        and Queyranne): the union of all minimum cuts, found in one pass, whatever their
        number.  An edge of capacity 0 (a partner that can handle nothing) is taken where
        it leaves the residual network's source side (it is in that minimum cut).
        """
        component = self._residual_components()
        side = self.source_side(s)
        head, res, cap = self.head, self.res, self.cap
        out = []
        for e in edges:
            tail, tip = head[e ^ 1], head[e]
            if cap[e] > 0:
                if res[e] == 0 and component[tail] != component[tip]:
                    out.append(e)
            elif side[tail] and not side[tip]:
                out.append(e)
        return out

    def _residual_components(self) -> list[int]:
        """The strongly connected component of every node in the residual network."""
        adj, head, res = self.adj, self.head, self.res
        succ = [[head[e] for e in adj[u] if res[e] > 0] for u in range(self.n)]
        return strongly_connected(succ)[0]

    # -- Dinic ---------------------------------------------------------------------
    def maximize(self, s: int, t: int) -> int:
        """Push flow from ``s`` to ``t`` until none more fits; return the total value."""
        self.value += self._dinic(s, t)
        return self.value

    def gain_through(self, e: int, s: int, t: int, side: list[bool], other_side: list[bool]) -> int:
        """How much more would flow from ``s`` to ``t`` with edge ``e`` unlimited.

        ``e`` crosses the minimum cut (``side`` is the source side of the residual
        network, ``other_side`` its complement).  Every new path then runs from ``s``
        to ``e``'s tail inside the source side, through ``e``, and from its head to
        ``t`` on the other side, and the two halves share no edge: the gain is the
        smaller of two maximum flows, each found by a search that stays near ``e``.
        Works on a scratch copy of the flow.
        """
        scratch = self.copy(flow_only=True)
        tail, head = self.head[e ^ 1], self.head[e]
        down = self.inf if head == t else scratch._dinic(head, t, allowed=other_side)
        if down == 0 or tail == s:
            return down
        return scratch._dinic(tail, s, allowed=side, flip=1, limit=down)

    def _dinic(
        self,
        src: int,
        dst: int,
        *,
        allowed: list[bool] | None = None,
        flip: int = 0,
        limit: int | None = None,
    ) -> int:
        """Flow from ``src`` to ``dst`` through ``allowed`` nodes, up to ``limit``.

        With ``flip=1`` the search runs against the edges (a flow from ``dst`` to
        ``src``, found from its end), which keeps it near ``src``.
        """
        total = 0
        while limit is None or total < limit:
            level = self._levels(src, dst, allowed, flip)
            if level[dst] < 0:
                break
            room = None if limit is None else limit - total
            total += self._blocking(src, dst, level, flip, room)
        return total

    def _levels(self, src: int, dst: int, allowed: list[bool] | None, flip: int) -> list[int]:
        level = [-1] * self.n
        level[src] = 0
        queue = deque([src])
        adj, head, res = self.adj, self.head, self.res
        while queue:
            u = queue.popleft()
            if u == dst:
                break
            next_level = level[u] + 1
            for e in adj[u]:
                v = head[e]
                if level[v] < 0 and res[e ^ flip] > 0 and (allowed is None or allowed[v]):
                    level[v] = next_level
                    queue.append(v)
        return level

    def _blocking(self, src: int, dst: int, level: list[int], flip: int, room: int | None) -> int:
        """A blocking flow in the level graph, by iterative depth-first search."""
        adj, head, res = self.adj, self.head, self.res
        pointer = [0] * self.n
        total = 0
        path: list[int] = []
        u = src
        while True:
            if u == dst:
                pushed = min(res[e ^ flip] for e in path)
                if room is not None:
                    pushed = min(pushed, room - total)
                first = -1
                for k, e in enumerate(path):
                    res[e ^ flip] -= pushed
                    res[e ^ flip ^ 1] += pushed
                    if first < 0 and res[e ^ flip] == 0:
                        first = k
                total += pushed
                if room is not None and total >= room:
                    return total
                del path[first:]  # back to the tail of the first saturated edge
                u = head[path[-1]] if path else src
                continue
            edges = adj[u]
            i = pointer[u]
            while i < len(edges):
                e = edges[i]
                if res[e ^ flip] > 0 and level[head[e]] == level[u] + 1:
                    break
                i += 1
            pointer[u] = i
            if i < len(edges):
                path.append(edges[i])
                u = head[edges[i]]
                continue
            if u == src:
                return total
            level[u] = -1  # a dead end: never look at it again in this phase
            u = head[path.pop() ^ 1]
            pointer[u] += 1

    def source_side(self, s: int) -> list[bool]:
        """Which nodes the residual network reaches from ``s`` (the minimum cut's side)."""
        seen = [False] * self.n
        seen[s] = True
        stack = [s]
        adj, head, res = self.adj, self.head, self.res
        while stack:
            u = stack.pop()
            for e in adj[u]:
                v = head[e]
                if not seen[v] and res[e] > 0:
                    seen[v] = True
                    stack.append(v)
        return seen
