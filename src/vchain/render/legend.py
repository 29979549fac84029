"""The map's legend: a lane of sample lines and sample boxes drawn like the map's own.

Sample lines run from the first column to the second; sample boxes stand in the third
(under the lines in a chain of two columns), the list of leverage points in the fourth
(or the second).  The legend shows only what the map uses: the flow kinds drawn,
support ties if any, the marks present.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from vchain.render.style import EDGE_LEGEND, EDGE_STYLES, PURPLE, node_attrs
from vchain.render.text import html_text, shorten

if TYPE_CHECKING:
    from vchain.render.scene import Scene

#: (key, sample text, band, role, marks)
SAMPLES: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("coordinator", "Coordinator: weaves the chain", "coordinator", "partner", ()),
    ("group", "Several partners, grouped", "transactional", "group", ()),
    ("gap", "Gap: where a missing partner would stand", "transactional", "gap", ("gap",)),
    ("bottleneck", "Bottleneck", "transactional", "partner", ("bottleneck",)),
    (
        "underutilized",
        "Underused partner or resource",
        "transactional",
        "partner",
        ("underutilized",),
    ),
    (
        "risk",
        "Single point of failure: a risk",
        "transactional",
        "partner",
        ("risk",),
    ),
    ("unused", "end of a by-product nobody uses", "transactional", "unused", ()),
)


def legend_entries(scene: Scene) -> tuple[list[str], list[str]]:
    """The edge kinds and the sample boxes the legend shows, in a fixed order."""
    used_kinds = {e.kind for e in scene.edges}
    kinds = [k for k in (*scene.kinds, "supports") if k in used_kinds]
    present = {"coordinator"} if any(n.hub for n in scene.nodes) else set()
    for node in scene.nodes:
        present.update(node.marks)
        if node.role in ("group", "unused"):
            present.add(node.role)
    for edge in scene.edges:
        present.update(edge.marks)
    samples = [s[0] for s in SAMPLES if s[0] in present]
    return kinds, samples


#: Rows of the legend left to right: samples fill a column of this many, then the next
#: (top to bottom, a column is a row across the page, and holds them all).
LEGEND_ROWS = {"LR": 3, "TB": 99}


def legend_places(
    n_kinds: int, n_samples: int, rows: int = LEGEND_ROWS["LR"]
) -> tuple[list[tuple[int, int]], list[int], int]:
    """Columns of the legend: for each sample line (its tail's column, its head's), for
    each sample box its column, and the column of the list of leverage points.

    Lines fill columns of ``rows``, two columns each (tail, head), then boxes fill
    columns of as many, then the list: a legend a few rows high, not a tall lane.
    """
    lines = [(2 * (i // rows), 2 * (i // rows) + 1) for i in range(n_kinds)]
    first_box = 2 * -(-n_kinds // rows)
    boxes = [first_box + i // rows for i in range(n_samples)]
    points = first_box + -(-n_samples // rows)
    return lines, boxes, points


def add_legend(graph: Any, scene: Scene, pin: str) -> None:
    """The legend lane, its first anchor one rank after ``pin`` (the first header)."""
    kinds, samples = legend_entries(scene)
    leverage = scene.marks.leverage_list
    if not kinds and not samples and not leverage:
        return
    rows = LEGEND_ROWS.get(scene.direction, LEGEND_ROWS["LR"])
    lines, boxes, points = legend_places(len(kinds), len(samples), rows)
    ranks: dict[int, list[str]] = {c: [] for c in range(points + (1 if leverage else 0))}
    with graph.subgraph(name="cluster_legend") as legend:
        legend.attr(
            label='<<FONT POINT-SIZE="13" COLOR="#455a64"><B>Legend</B></FONT>>',
            style="rounded",
            color="#b0bec5",
            fillcolor="white",
            id="legend",
            **{"class": "legend"},
        )
        for kind, (tails, heads) in zip(kinds, lines, strict=True):
            tail, head = _edge_sample(legend, kind)
            ranks[tails].append(tail)
            ranks[heads].append(head)
        for key, column in zip(samples, boxes, strict=True):
            ranks[column].append(_box_sample(legend, key))
        if leverage:
            ranks[points].append(_leverage_table(legend, scene))
        _rank_legend(legend, ranks)
    graph.edge(pin, "legend_anchor_0", style="invis", weight="100")


def _rank_legend(legend: Any, ranks: dict[int, list[str]]) -> None:
    columns = sorted(ranks)
    for column in columns:
        anchor = f"legend_anchor_{column}"
        legend.node(anchor, label="", shape="point", width="0", height="0", style="invis")
        with legend.subgraph() as rank:
            rank.attr(rank="same")
            rank.node(anchor)
            for name in ranks[column]:
                rank.node(name)
    for left, right in itertools.pairwise(columns):
        legend.edge(
            f"legend_anchor_{left}",
            f"legend_anchor_{right}",
            style="invis",
            weight="50",
            minlen=str(right - left),
        )


def _edge_sample(legend: Any, kind: str) -> tuple[str, str]:
    tail, head = f"legend_{kind}_from", f"legend_{kind}_to"
    label = f'<<FONT POINT-SIZE="10">{html_text(EDGE_LEGEND[kind])}</FONT>>'
    legend.node(tail, label=label, shape="plaintext", style="", **{"class": "legend-item"})
    legend.node(head, label="", shape="point", width="0.05", style="invis")
    legend.edge(
        tail,
        head,
        id=f"legend-{kind}",
        **{"class": f"legend-item {kind}"},
        **EDGE_STYLES[kind],
    )
    return tail, head


def _box_sample(legend: Any, key: str) -> str:
    _, text, band, role, marks = next(s for s in SAMPLES if s[0] == key)
    attrs = node_attrs(band, role, marks, leverage=False)
    name = f"legend_{key}"
    label = f'<<FONT POINT-SIZE="10">{html_text(text)}</FONT>>'
    legend.node(name, label=label, id=f"legend-{key}", **{"class": "legend-item"}, **attrs)
    return name


#: The legend lists at most this many leverage points (the map numbers them all).
LEVERAGE_ROWS = 15


def _leverage_table(legend: Any, scene: Scene) -> str:
    points = scene.marks.leverage_list
    rows = [
        f'<TR><TD BGCOLOR="{PURPLE}"><FONT COLOR="white"><B>{rank}</B></FONT></TD>'
        f'<TD ALIGN="LEFT">{html_text(kind)}</TD>'
        f'<TD ALIGN="LEFT">{html_text(shorten(text, 48))}</TD></TR>'
        for rank, kind, text in points[:LEVERAGE_ROWS]
    ]
    if len(points) > LEVERAGE_ROWS:
        more = f"… and {len(points) - LEVERAGE_ROWS} more, numbered on the map"
        rows.append(f'<TR><TD></TD><TD COLSPAN="2" ALIGN="LEFT">{html_text(more)}</TD></TR>')
    head = '<TR><TD COLSPAN="3" ALIGN="LEFT"><B>Leverage points</B></TD></TR>'
    table = (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">'
        + head
        + "".join(rows)
        + "</TABLE>>"
    )
    legend.node(
        "legend_leverage",
        label=table,
        shape="plaintext",
        style="",
        id="legend-leverage",
        fontsize="10",
        **{"class": "legend-item leverage"},
    )
    return "legend_leverage"
