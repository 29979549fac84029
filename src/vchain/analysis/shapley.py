"""A fair share for each constraint: the Shapley value of the relief game.

The players are the leverage points that relieve something in the flow network (a
capacity made unlimited, a gap bridged, a resource's amount added); the value of a group
of them is how much more the chain delivers with all of them addressed.  A point's share
is its marginal gain averaged over every order in which the points could be addressed:
constraints that must all be relieved to reach demand share the gain, and a point that
gains nothing until another is relieved still gets its part.  The shares add up to what
addressing every player would unlock.

- ``exact`` (up to ``EXACT_PLAYERS`` players, on networks small enough): every group's
  value, each found from its parent group by relieving one more point and continuing the
  flow, then the Shapley formula with exact fractions.
- ``sampled`` (up to ``SAMPLED_PLAYERS``): the average marginal gain over a fixed number
  of random orders, each also run backwards (antithetic pairs), from a fixed seed: the same
  answer on every run, within a few percent of the exact value (tested against it).
- ``cascade`` (above): the game as the cascade sees it, each step's gain needing every
  point of that step and of the steps before it; each step's gain is split equally among
  them (the Shapley value of that nested game).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from vchain.analysis.cascade import Cascade
    from vchain.analysis.network import CapacityNetwork

Method = Literal["exact", "sampled", "cascade"]
EXACT_PLAYERS = 12
EXACT_WORK = 6_000_000
"""Exact while 2^players × network edges stays under this."""
SAMPLED_PLAYERS = 64
SAMPLED_WORK = 12_000_000
"""Sampling while enough orders fit: orders × players × edges under this."""
SAMPLED_ORDERS = (16, 400)
SEED = 20261201


@dataclass(frozen=True)
class Player:
    """A leverage point as a player: what addressing it does to the network."""

    key: str
    mods: tuple[tuple[int, int | None], ...]
    """(edge, capacity it is raised to; None: unlimited)."""


@dataclass
class Shares:
    values: dict[str, Fraction] = field(default_factory=dict)
    """Each player's share, in scaled units of the network."""
    total: int = 0
    """What addressing every player unlocks (the shares add up to it)."""
    method: Method = "exact"
    orders: int = 0


def apply(work: CapacityNetwork, player: Player) -> None:
    for edge, capacity in player.mods:
        work.open([edge], capacity)


def choose(n: int, edges: int) -> Method:
    if n <= EXACT_PLAYERS and (2**n) * max(edges, 1) <= EXACT_WORK:
        return "exact"
    if n <= SAMPLED_PLAYERS and _orders(n, edges) >= SAMPLED_ORDERS[0]:
        return "sampled"
    return "cascade"


def _orders(n: int, edges: int) -> int:
    fit = SAMPLED_WORK // max(n * max(edges, 1), 1)
    return min(SAMPLED_ORDERS[1], fit) // 2 * 2


def shares(
    base: CapacityNetwork,
    players: Sequence[Player],
    cascade: Cascade | None = None,
    method: Method | None = None,
    orders: int | None = None,
) -> Shares:
    """The Shapley share of each player (by key) of what they unlock together."""
    if not players:
        return Shares()
    chosen = method or choose(len(players), len(base.net.head) // 2)
    if chosen == "exact":
        return _exact(base, players)
    if chosen == "sampled":
        return _sampled(base, players, orders or _orders(len(players), len(base.net.head) // 2))
    assert cascade is not None, "the cascade method needs the cascade"
    return _nested(base, players, cascade)


def _exact(base: CapacityNetwork, players: Sequence[Player]) -> Shares:
    n = len(players)
    value = [0] * (1 << n)

    def visit(mask: int, work: CapacityNetwork, start: int) -> None:
        for j in range(start, n):
            child = work.copy()
            apply(child, players[j])
            child.maximize()
            value[mask | (1 << j)] = child.value - base.value
            visit(mask | (1 << j), child, j + 1)

    visit(0, base, 0)
    weight = [
        Fraction(math.factorial(s) * math.factorial(n - s - 1), math.factorial(n)) for s in range(n)
    ]
    out: dict[str, Fraction] = {}
    for i, player in enumerate(players):
        bit = 1 << i
        total = Fraction(0)
        for mask in range(1 << n):
            if not mask & bit:
                gain = value[mask | bit] - value[mask]
                if gain:
                    total += weight[mask.bit_count()] * gain
        out[player.key] = total
    return Shares(out, value[-1], "exact")


def _sampled(base: CapacityNetwork, players: Sequence[Player], orders: int) -> Shares:
    rng = random.Random(SEED)  # noqa: S311 - a fixed order of orders, not a secret
    sums = [0] * len(players)
    total = 0
    count = max(2, orders // 2 * 2)
    for k in range(count // 2):
        order = list(range(len(players)))
        rng.shuffle(order)
        for sequence in (order, order[::-1]):
            work = base.copy()
            previous = base.value
            for i in sequence:
                apply(work, players[i])
                work.maximize()
                sums[i] += work.value - previous
                previous = work.value
            total = previous - base.value
        del k
    out = {p.key: Fraction(sums[i], count) for i, p in enumerate(players)}
    return Shares(out, total, "sampled", count)


def _nested(base: CapacityNetwork, players: Sequence[Player], cascade: Cascade) -> Shares:
    touches: dict[int, list[int]] = {}
    for i, player in enumerate(players):
        for edge, _ in player.mods:
            touches.setdefault(edge, []).append(i)
    out = [Fraction(0)] * len(players)
    needed: set[int] = set()
    previous = base.value
    for step in cascade.steps:
        for edge in (*step.edges, *step.filled):
            needed.update(touches.get(edge, ()))
        gain = step.after - previous
        previous = step.after
        if gain > 0 and needed:
            part = Fraction(gain, len(needed))
            for i in needed:
                out[i] += part
    total = sum(out, Fraction(0))
    return Shares({p.key: out[i] for i, p in enumerate(players)}, int(total), "cascade")
