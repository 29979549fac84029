"""Strongly connected components (Tarjan's algorithm, iterative: no recursion limit)."""

from __future__ import annotations

from collections.abc import Sequence


def strongly_connected(succ: Sequence[Sequence[int]]) -> tuple[list[int], list[int]]:
    """Each node's component, and the components in the order found: a component comes
    after every component it reaches (sinks first)."""
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
