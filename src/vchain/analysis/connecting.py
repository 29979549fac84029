"""Where no buyer states a demand and no product reaches any: the buyers each gap would
let product reach.

Without a demand there is no unit to count unmet demand in, yet a chain whose product
reaches no buyer delivers nothing, whatever they want: filling what is missing comes before
everything else.  Each buyer then counts as one: the network
is the chain's product path with no capacities (``vchain.analysis.network``), every buyer
wanting one, and the bridges of the gaps (``vchain.analysis.filling``) closed.  Its flow
is the number of buyers some product path reaches; opening the bridges of a group of
points reaches more.  A point's share is its Shapley value in that game
(``vchain.analysis.shapley``), so a missing function and the buyers beyond it that must
both be filled share each buyer they connect (unless the buyers' links start behind the
missing function: they are then one point with it, ``vchain.analysis.points``).  The
``unlocked_demand`` part reads the share of all the buyers (``vchain.analysis.parts``).

Where product reaches some buyers, the others are left uncounted: a buyer drawn without a
product flow is as often one that pays for what others receive (a care plan paying for its
members' visits) as one the chain cannot serve, and nothing says how much either wants.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from vchain.analysis import shapley
from vchain.analysis.network import Spec, build

if TYPE_CHECKING:
    from vchain.analysis.context import Context
    from vchain.analysis.points import Point

UNIT = "buyers"
"""What the game counts: buyers, each one."""


@dataclass(frozen=True)
class Connections:
    """Each point's fair share of the buyers that filling the gaps would reach."""

    buyers: int
    """Every buyer of the chain."""
    shares: dict[str, Fraction]
    method: shapley.Method


def connections(ctx: Context, points: Sequence[Point]) -> Connections | None:
    """The game, where the chain has buyers, product reaches none of them and some gap
    would reach one; None where nothing to count (or too many players to share exactly or
    by sampling)."""
    index = ctx.index
    buyers = sorted(index.demand_partners)
    bridges = ctx.bridges
    if not buyers or not bridges or set(buyers) & ctx.reached:
        return None
    network = build(index, UNIT, Spec({}, {}, {b: Fraction(1) for b in buyers}, bridges))
    players = []
    for point in points:
        mods = [
            (e, None)
            for lever in point.levers
            if lever.tag[0] == "bridge"
            for e in [network.edges.get(lever.tag)]
            if e is not None
        ]
        if mods:
            players.append(shapley.Player(point.id, tuple(sorted(set(mods)))))
    if not players or len(players) > shapley.SAMPLED_PLAYERS:
        return None
    method = shapley.choose(len(players), len(network.net.head) // 2)
    found = shapley.shares(network, players, method="sampled" if method == "cascade" else method)
    if not found.total:
        return None
    return Connections(len(buyers), dict(found.values), found.method)
