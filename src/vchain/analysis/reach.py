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

from vchain.analysis.components import strongly_connected

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
        """The partners of a bit set, in id order (visits the set bits only)."""
        out = []
        while mask:
            low = mask & -mask
            out.append(self.partners[low.bit_length() - 1])
            mask ^= low
        return out

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
        component, order = strongly_connected(succ)
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
