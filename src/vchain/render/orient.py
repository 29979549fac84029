"""The same way up every time: the chain first, then its support partners, then the legend.

``dot`` decides the order of the lanes across the direction of the chain (which band is
on top, left to right) by crossing minimisation, and a layout and its mirror image have
the same crossings: adding one partner can turn the map upside down, support partners
above the chain.  A map that partners read at every meeting should not flip.  So the
laid-out graph (``dot -Tdot``) is checked: where the support lane came out before the
transactional lane, every position but the legend's and the title's is mirrored across
the direction of the chain (nodes and labels keep their shapes: they are moved, not
mirrored).  The legend is then moved, whole, after everything (below it left to right,
right of it top to bottom), and the map is drawn from those positions (``neato -n2``).

Positions are rewritten line by line: ``dot -Tdot`` writes one attribute a line, and no
text from a chain file holds a line break or an unescaped quote (:mod:`vchain.render.text`),
so an attribute line of the form ``pos="..."`` is always a position.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vchain.render.scene import Scene

_POINT_KEYS = ("pos", "lp", "xlp", "head_lp", "tail_lp")
_KEYS = (*_POINT_KEYS, "bb")
_ATTR = re.compile(r'^(?P<lead>\s*(?:\S.*\[)?)(?P<key>\w+)="(?P<value>[^"]*)"(?P<rest>.*)$')
_SUBGRAPH = re.compile(r"^\s*subgraph (?P<name>\S+) \{\s*$")
_OPEN = re.compile(r"^\s*\{\s*$")
_CLOSE = re.compile(r"^\s*\}\s*$")
_NODE_HEAD = re.compile(r'^\s*"?(?P<name>[A-Za-z0-9_\-]+)"?\t\[')
_GRAPH_HEAD = re.compile(r"^\s*graph \[")
#: Room between the drawing and the legend moved after it, in points.
LEGEND_GAP = 18.0

Move = Callable[[float], float]


@dataclass
class Laid:
    """What the turning needs from a laid-out graph."""

    text: list[str]
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    extent: list[float] = field(default_factory=list)
    """Coordinates along the axis of everything but the legend and the title."""
    legend: tuple[float, float] | None = None
    """The legend's box along the axis (low, high)."""
    root: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


@dataclass
class _Walk:
    """Where a line of ``dot -Tdot`` output stands: in which subgraphs, which statement."""

    stack: list[str | None] = field(default_factory=list)
    node: str | None = None
    graph: bool = False
    """The statement is a ``graph [...]`` (a subgraph's attributes, or the root's)."""
    root: bool = False
    legend_edge: bool = False
    """The statement is an edge to or from the legend (its invisible pin)."""

    def step(self, line: str) -> bool:
        """Follow one line; False for the lines that open or close a subgraph."""
        if match := _SUBGRAPH.match(line):
            self.stack.append(match["name"])
            return False
        if _OPEN.match(line):
            self.stack.append(None)
            return False
        if _CLOSE.match(line):
            if self.stack:
                self.stack.pop()
            return False
        if head := _NODE_HEAD.match(line):
            self.node, self.graph, self.root, self.legend_edge = head["name"], False, False, False
        elif _GRAPH_HEAD.match(line):
            self.node, self.graph, self.root, self.legend_edge = None, True, not self.stack, False
        elif " -> " in line:
            self.node, self.graph, self.root = None, False, False
            self.legend_edge = "legend_" in line.split("[", 1)[0]
        return True

    @property
    def legend(self) -> bool:
        return self.legend_edge or "cluster_legend" in self.stack


def unwrap(laid: str) -> list[str]:
    """Lines of ``dot -Tdot`` output, long strings joined again (a backslash and a line
    break inside a quoted string is a continuation)."""
    return laid.replace("\\\r\n", "").replace("\\\n", "").splitlines()


def _numbers(value: str) -> list[float]:
    out: list[float] = []
    for point in value.replace(";", " ").split():
        parts = point.split(",")
        if parts and parts[0] in ("e", "s"):
            parts = parts[1:]
        out += [float(p) for p in parts]
    return out


def read(laid: str, axis: int) -> Laid:
    """Node positions, the extent along ``axis`` (0: x, 1: y) of all but the legend and
    the title, and the legend's."""
    out = Laid(unwrap(laid))
    walk = _Walk()
    for line in out.text:
        if not walk.step(line):
            continue
        attr = _ATTR.match(line)
        if attr is None or attr["key"] not in _KEYS:
            continue
        values = _numbers(attr["value"])
        if walk.root:
            if attr["key"] == "bb":
                x1, y1, x2, y2 = values
                out.root = (x1, y1, x2, y2)
            continue
        if walk.legend:
            if walk.graph and attr["key"] == "bb" and walk.stack[-1:] == ["cluster_legend"]:
                out.legend = (values[axis], values[axis + 2])
            continue
        if attr["key"] == "pos" and walk.node is not None:
            out.positions[walk.node] = (values[0], values[1])
        out.extent += _on_curve(attr["value"], axis) if attr["key"] == "pos" else values[axis::2]
    return out


def _on_curve(value: str, axis: int) -> list[float]:
    """Points on a spline (its ends, its joints and the middle of each piece, not the
    control points, which stray far beyond the drawing) and its arrow tips; for a node,
    its position.  An edge drawn in pieces has several splines, apart by ``;``."""
    if ";" in value:
        return [v for spline in value.split(";") for v in _on_curve(spline, axis)]
    points = value.split()
    tips = [_numbers(p)[axis] for p in points if p.startswith(("e,", "s,"))]
    path = [_numbers(p)[axis] for p in points if not p.startswith(("e,", "s,"))]
    out = tips + path[:1]
    for i in range(0, len(path) - 3, 3):
        p0, c1, c2, p3 = path[i : i + 4]
        out += [(p0 + 3 * c1 + 3 * c2 + p3) / 8, p3]
    return out


def needs_flip(laid: Laid, first: list[str], then: list[str], axis: int) -> bool:
    """Whether the ``then`` nodes (support partners) came out before the ``first``
    ones (the chain): above it left to right, left of it top to bottom."""
    a = [laid.positions[n][axis] for n in first if n in laid.positions]
    b = [laid.positions[n][axis] for n in then if n in laid.positions]
    if not a or not b:
        return False
    mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
    return mean_b > mean_a if axis == 1 else mean_b < mean_a


@dataclass(frozen=True)
class _Plan:
    """How each coordinate along the axis moves."""

    axis: int
    content: Move
    legend: Move
    lift: float
    """Added to every coordinate along the axis (the title's too), to keep them >= 0."""
    flip: bool
    labels_below: bool
    root: tuple[float, float, float, float]


def _plan(laid: Laid, axis: int, *, flip: bool, labels_below: bool) -> _Plan:
    low, high = (min(laid.extent), max(laid.extent)) if laid.extent else (0.0, 0.0)

    def content(v: float) -> float:
        return low + high - v if flip else v

    shift = 0.0
    if laid.legend is not None:
        start, end = laid.legend
        # left to right the legend goes below (lower y) the drawing, else right of it
        shift = (low - LEGEND_GAP - end) if axis == 1 else (high + LEGEND_GAP - start)
    x1, y1, x2, y2 = laid.root
    lift = 0.0
    if laid.legend is not None and axis == 1:
        # the legend is now the lowest thing: the drawing starts just below it
        lift = y1 + LEGEND_GAP / 2 - (laid.legend[0] + shift)
        y2 += lift
    elif laid.legend is not None:
        x2 = laid.legend[1] + shift + LEGEND_GAP / 2  # and the rightmost

    def legend(v: float) -> float:
        return v + shift

    return _Plan(axis, content, legend, lift, flip, labels_below, (x1, y1, x2, y2))


def turned(laid: Laid, axis: int, *, flip: bool, labels_below: bool = False) -> str:
    """The laid-out graph, mirrored where ``flip``, the legend after everything.

    ``labels_below``: the clusters' titles were laid out at the bottom of their boxes
    (where, once mirrored, they come out on top).
    """
    plan = _plan(laid, axis, flip=flip, labels_below=labels_below)
    out: list[str] = []
    walk = _Walk()
    box: tuple[float, float, float, float] | None = None
    for line in laid.text:
        attr = _ATTR.match(line) if walk.step(line) else None
        if attr is None or attr["key"] not in _KEYS:
            out.append(line)
            continue
        key, value = attr["key"], attr["value"]
        if walk.root:
            value = _root_value(key, value, plan)
        else:
            move = plan.legend if walk.legend else plan.content
            mirror = plan.flip and not walk.legend
            if key == "bb":
                box = _tuple(_numbers(value))
                value = _box(box, plan, move, mirror=mirror)
            elif key == "lp" and walk.graph and box is not None and mirror:
                value = _cluster_label(value, box, plan)
            else:
                value = _points(value, plan, move)
        out.append(f'{attr["lead"]}{key}="{value}"{attr["rest"]}')
    return "\n".join(out) + "\n"


def _tuple(values: list[float]) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = values
    return x1, y1, x2, y2


def _fmt(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".")


def _root_value(key: str, value: str, plan: _Plan) -> str:
    if key == "bb":
        return ",".join(_fmt(v) for v in plan.root)
    return _points(value, plan, lambda v: v)


def _points(value: str, plan: _Plan, move: Move) -> str:
    if ";" in value:  # an edge drawn in pieces: splines apart by ";"
        return ";".join(_points(spline, plan, move) for spline in value.split(";"))
    out: list[str] = []
    for point in value.split():
        parts = point.split(",")
        prefix = [parts[0]] if parts[0] in ("e", "s") else []
        xy = [float(p) for p in parts[len(prefix) :]]
        xy[plan.axis] = move(xy[plan.axis]) + plan.lift
        out.append(",".join([*prefix, *(_fmt(v) for v in xy)]))
    return " ".join(out)


def _box(box: tuple[float, float, float, float], plan: _Plan, move: Move, *, mirror: bool) -> str:
    values = list(box)
    low, high = move(values[plan.axis]), move(values[plan.axis + 2])
    if mirror:
        low, high = high, low
    values[plan.axis], values[plan.axis + 2] = low + plan.lift, high + plan.lift
    return ",".join(_fmt(v) for v in values)


def _cluster_label(value: str, box: tuple[float, float, float, float], plan: _Plan) -> str:
    """A mirrored cluster's title at the top (and left) of its box, as ``dot`` put it."""
    x, y = _numbers(value)[:2]
    x1, y1, x2, y2 = box
    flip = plan.content
    if plan.axis == 1 and plan.labels_below:
        y = flip(y)  # laid out at the bottom, mirrored to the top
    elif plan.axis == 1:
        y = flip(y1) - (y2 - y)  # as far below the new top as below the old one
    else:
        x = flip(x2) + (x - x1)  # as far right of the new left side as of the old one
    xy = [x, y]
    xy[plan.axis] += plan.lift
    return f"{_fmt(xy[0])},{_fmt(xy[1])}"


# -- drawing -----------------------------------------------------------------------------

SourceMaker = Callable[[bool], str]
"""``labels_below`` -> the DOT source of the map."""


def _pipe(engine: str, fmt: str, data: str, *, no_op: int | None = None) -> bytes:
    """Graphviz, through :func:`vchain.render.output.draw` (its process ends with ours).

    Some arrangements of flat edges (several between two partners of one rank) make
    ``dot`` abort on an assertion (``merge_chain``); the layout is then made again with
    those edges one rank long, which it draws."""
    from vchain.render.output import DotFailed, draw

    extra = (f"-n{no_op}",) if no_op else ()
    try:
        return draw(data, fmt, engine=engine, extra=extra)
    except DotFailed as failed:
        if engine != "dot" or "minlen=0" not in data or "exit -" not in str(failed):
            raise
        return draw(data.replace("minlen=0", "minlen=1"), fmt, engine=engine, extra=extra)


def _bands(scene: Scene) -> tuple[list[str], list[str]]:
    chain = [n.name for n in scene.nodes if n.band == "transactional"]
    support = [n.name for n in scene.nodes if n.band == "support"]
    return chain, support


def oriented(scene: Scene, make_source: SourceMaker) -> str:
    """The laid-out DOT of the map (``dot -Tdot``), the chain before its support
    partners, the legend after both."""
    axis = 1 if scene.direction == "LR" else 0
    chain, support = _bands(scene)
    first = read(_pipe("dot", "dot", make_source(False)).decode("utf-8"), axis)
    if not needs_flip(first, chain, support, axis):
        return turned(first, axis, flip=False)
    if axis == 0:
        return turned(first, axis, flip=True)
    # left to right, a cluster's title takes room at the top of its box: lay it out
    # again with the titles at the bottom (the order of the lanes does not change), then
    # mirror, so that the titles come out on top where their room is
    again = read(_pipe("dot", "dot", make_source(True)).decode("utf-8"), axis)
    if not needs_flip(again, chain, support, axis):
        return turned(first, axis, flip=False)  # dot chose otherwise: keep the first
    return turned(again, axis, flip=True, labels_below=True)


def draw_oriented(scene: Scene, make_source: SourceMaker, fmt: str) -> bytes:
    """The map drawn in ``fmt`` (svg, png, pdf) from its oriented layout."""
    return _pipe("neato", fmt, oriented(scene, make_source), no_op=2)
