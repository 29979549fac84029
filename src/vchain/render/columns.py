"""Where things stand on the map: one column per stage, and who stands in which.

Columns follow the chain's functions, upstream first: one column per stage (``supply``,
``produce``, ``aggregate``...) in the order the stages first appear in ``functions``,
and one per function of stage ``other`` or of no stage; demand partners stand in the
column after the last.  A stage whose functions are all non-essential and performed by
nobody has no column: nothing would stand in it.  A chain with no functions at all (a map
imported from Kumu) gets columns of steps along its product flows instead: "Step 1" for
the partners nothing feeds, then each partner one step after those that feed it.

A transactional partner stands in the column of the first function it performs; a
support partner in the middle of the partners it supports; the coordinator at the
centre.  Support partners and resources are then spread so that no column holds many
more than its share (:func:`spread`): a stack of nine support partners under the
growers makes the map tall and leaves the rest of the lane empty.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vchain.model import STAGES

if TYPE_CHECKING:
    from vchain.model import Chain

STAGE_TITLES: dict[str, str] = {s: s.title() for s in STAGES}
#: A column of the support lane (or the resources lane) holds at least this many before
#: its partners spill over to the next columns.
MIN_PER_COLUMN = 3


@dataclass
class Column:
    index: int
    key: str
    title: str
    functions: list[str] = field(default_factory=list)


def _column_key(fid: str, stage: str | None) -> tuple[str, str | None]:
    if stage and stage != "other":
        return f"stage-{stage}", STAGE_TITLES[stage]
    return f"function-{fid}", None


def _drawn(chain: Chain) -> set[str]:
    """Functions that get a place: essential ones (a gap if nobody performs them) and
    any that a transactional partner performs."""
    performed = {
        f for p in chain.partners.values() if p.type == "transactional" for f in p.performs
    }
    return {fid for fid, f in chain.functions.items() if f.essential or fid in performed}


def build_columns(chain: Chain) -> tuple[list[Column], dict[str, int]]:
    """Columns from the functions, upstream first, and each function's column."""
    columns: list[Column] = []
    by_key: dict[str, Column] = {}
    of_function: dict[str, int] = {}
    drawn = _drawn(chain)
    for fid, function in chain.functions.items():
        if fid not in drawn:
            continue
        key, title = _column_key(fid, function.stage)
        column = by_key.get(key)
        if column is None:
            column = Column(len(columns), key, title or function.name)
            by_key[key] = column
            columns.append(column)
        column.functions.append(fid)
    if not columns:
        columns.append(Column(0, "transactional", "Transactional"))
    columns.append(Column(len(columns), "demand", "Buyers"))
    # a function without a column of its own (not drawn) joins its stage's, if any
    for fid, function in chain.functions.items():
        key, _ = _column_key(fid, function.stage)
        if key in by_key:
            of_function[fid] = by_key[key].index
    return columns, of_function


def middle_of(values: list[int], default: int) -> int:
    if not values:
        return default
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def centre(n_columns: int) -> int:
    """The middle column of the transactional ones (the demand column left out)."""
    return max(n_columns - 2, 0) // 2


def place(chain: Chain, gaps: set[str]) -> tuple[list[Column], dict[str, int], dict[str, int]]:
    """The columns, each function's column and each partner's.

    ``gaps`` are the functions where a gap is drawn.  A stage column where nothing would
    stand (its functions performed only by partners that stand further upstream) is
    left out; its functions are listed in the column of those partners.
    """
    if not chain.functions:
        return _by_steps(chain)
    columns, of_function = build_columns(chain)
    places = chain_columns(chain, of_function, len(columns))
    used = {places[p] for p, partner in chain.partners.items() if partner.type == "transactional"}
    used |= {of_function[f] for f in gaps if f in of_function}
    columns, moved = compact(columns, used, _where_performed(chain, of_function, places))
    of_function = {f: moved[c] for f, c in of_function.items()}
    places = {p: moved[c] for p, c in places.items()}
    places.update(support_columns(chain, places, len(columns)))
    return columns, of_function, places


MAX_STEPS = 8
"""A chain with no functions is drawn in at most this many columns of steps."""


def _by_steps(chain: Chain) -> tuple[list[Column], dict[str, int], dict[str, int]]:
    """A chain with no functions (a map imported from Kumu): its transactional partners in
    columns by how many product steps come before them, upstream first."""
    steps = product_steps(chain)
    n = min(max(steps.values(), default=0) + 1, MAX_STEPS)
    columns = [Column(i, f"step-{i + 1}", f"Step {i + 1}") for i in range(n)]
    columns.append(Column(n, "demand", "Buyers"))
    places: dict[str, int] = {}
    for pid, partner in chain.partners.items():
        if partner.type == "demand":
            places[pid] = n
        elif partner.type == "transactional":
            places[pid] = min(steps.get(pid, 0), n - 1)
    places.update(support_columns(chain, places, len(columns)))
    return columns, {}, places


def product_steps(chain: Chain) -> dict[str, int]:
    """Each transactional partner's step: the longest run of product flows between
    transactional partners that leads to it (a partner in a loop: one after the partners
    outside the loop that feed it)."""
    partners = chain.partners
    doers = [p for p, x in partners.items() if x.type == "transactional"]
    into: dict[str, set[str]] = {p: set() for p in doers}
    out: dict[str, set[str]] = {p: set() for p in doers}
    for flow in chain.flows:
        if (
            flow.kind == "product"
            and flow.to in into
            and flow.from_ in out
            and flow.to != flow.from_
        ):
            into[flow.to].add(flow.from_)
            out[flow.from_].add(flow.to)
    waiting = {p: len(into[p]) for p in doers}
    ready = [p for p in doers if not waiting[p]]
    step: dict[str, int] = {}
    while ready:
        current = ready.pop()
        step[current] = max((step[s] + 1 for s in into[current] if s in step), default=0)
        for nxt in sorted(out[current]):
            waiting[nxt] -= 1
            if not waiting[nxt]:
                ready.append(nxt)
    # a partner in a loop, or after one: one step after the first that reaches it
    queue = sorted(step, key=lambda p: (step[p], p))
    for current in queue:
        for nxt in sorted(out[current]):
            if nxt not in step:
                step[nxt] = step[current] + 1
                queue.append(nxt)
    for p in doers:  # a loop nothing outside it feeds
        step.setdefault(p, 0)
    return step


def _where_performed(
    chain: Chain, of_function: dict[str, int], places: dict[str, int]
) -> dict[int, int]:
    """Column -> the column where the partners performing its functions stand."""
    out: dict[int, int] = {}
    for pid, partner in chain.partners.items():
        if partner.type != "transactional" or pid not in places:
            continue
        for fid in partner.performs:
            if fid in of_function and of_function[fid] != places[pid]:
                column = of_function[fid]
                out[column] = min(out.get(column, places[pid]), places[pid])
    return out


def compact(
    columns: list[Column], used: set[int], prefer: dict[int, int] | None = None
) -> tuple[list[Column], dict[int, int]]:
    """The columns without the unused stage columns (the demand column stays), and where
    each old column went: an unused one joins the column its performers stand in
    (``prefer``), else the nearest kept one upstream (else the first), its functions
    with it."""
    prefer = prefer or {}
    last = len(columns) - 1
    kept = [c for c in columns if c.index in used or c.index == last]
    if len(kept) == len(columns):
        return columns, {c.index: c.index for c in columns}
    moved: dict[int, int] = {}
    new: list[Column] = []
    for column in columns:
        if column in kept:
            new.append(Column(len(new), column.key, column.title, list(column.functions)))
            moved[column.index] = len(new) - 1
    for column in columns:
        if column.index not in moved:
            upstream = (moved[k.index] for k in kept if k.index < column.index)
            target = moved.get(prefer.get(column.index, -1), max(upstream, default=0))
            moved[column.index] = target
            new[target].functions += column.functions
    return new, moved


def chain_columns(chain: Chain, of_function: dict[str, int], n_columns: int) -> dict[str, int]:
    """The column of every demand and transactional partner."""
    demand_column = n_columns - 1
    middle = centre(n_columns)
    out: dict[str, int] = {}
    for pid, partner in chain.partners.items():
        if partner.type == "demand":
            out[pid] = demand_column
        elif partner.type == "transactional":
            places = [of_function[f] for f in partner.performs if f in of_function]
            if places:
                out[pid] = min(places)
    neighbours = flow_neighbours(chain)
    for pid, partner in chain.partners.items():
        if partner.type == "transactional" and pid not in out:
            near = [out[n] for n in neighbours.get(pid, []) if n in out]
            # never in the buyers' column, even beside buyers only (a map of no functions)
            out[pid] = min(middle_of(near, middle), max(demand_column - 1, 0))
    return out


def support_columns(chain: Chain, places: dict[str, int], n_columns: int) -> dict[str, int]:
    """The column of every support partner: amid those it supports, spread out."""
    neighbours = flow_neighbours(chain)
    middle = centre(n_columns)
    wanted: dict[str, int] = {}
    for pid, partner in chain.partners.items():
        if partner.type == "support":
            near = [places[s] for s in partner.supports if s in places]
            if not near:
                near = [places[n] for n in neighbours.get(pid, []) if n in places]
            wanted[pid] = middle_of(near, middle)
    hub = chain.partners.get(chain.chain.coordinator)
    fixed: dict[str, int] = {}
    if hub is not None and hub.type == "support":
        fixed[chain.chain.coordinator] = middle  # the hub stands at the centre
    return spread(wanted, n_columns, fixed)


def flow_neighbours(chain: Chain) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for flow in chain.flows:
        if flow.to is not None:
            out.setdefault(flow.from_, []).append(flow.to)
            out.setdefault(flow.to, []).append(flow.from_)
    return out


def spread(
    wanted: dict[str, int], n_columns: int, fixed: dict[str, int] | None = None
) -> dict[str, int]:
    """Each item in its wanted column while the column has room, else in the nearest
    column that has (the nearer upstream one first on a tie); ``fixed`` items stay.

    A column holds ``ceil(items / columns)``, at least :data:`MIN_PER_COLUMN`.  Items
    are placed in the order given, so the same chain gives the same places.
    """
    fixed = dict(fixed or {})
    total = len(wanted) + len([k for k in fixed if k not in wanted])
    room = max(MIN_PER_COLUMN, math.ceil(total / max(n_columns, 1)))
    load = [0] * max(n_columns, 1)
    for column in fixed.values():
        load[column] += 1
    out = dict(fixed)
    for item, column in wanted.items():
        if item in fixed:
            continue
        choice = _nearest_with_room(column, load, room)
        load[choice] += 1
        out[item] = choice
    return out


def _nearest_with_room(column: int, load: list[int], room: int) -> int:
    for distance in range(len(load)):
        for place in (column - distance, column + distance):
            if 0 <= place < len(load) and load[place] < room:
                return place
    return column  # every column full: stay (cannot happen, room * columns >= items)
