"""How the map looks: colours, shapes and line styles, in one place.

Colours are chosen to stay apart for readers with red-green colour blindness where it
matters most (product dark grey and heavy, money green and dashed, information blue and
dotted: the line style tells them apart without colour).
"""

from __future__ import annotations

FONT = "Helvetica"
RED = "#c62828"
ORANGE = "#e65100"
PURPLE = "#6a1b9a"
TEAL = "#00695c"
GREY = "#757575"

#: band -> (fill colour, border colour, cluster fill, cluster title)
BANDS: dict[str, tuple[str, str, str, str]] = {
    "transactional": ("#e3eefa", "#1f5f99", "#f5f9fe", "Transactional partners"),
    "demand": ("#fff0d4", "#a15c00", "#fffaf1", "Demand partners"),
    "support": ("#e5f3e6", "#2e7d32", "#f6fbf6", "Support partners"),
    "resources": ("#fafafa", "#8d6e63", "#fcfbfa", "Resources not yet mobilized"),
    "coordinator": ("#ffd54f", "#5d4037", "#fffdf3", "Coordinator"),
}

GRAPH_ATTRS: dict[str, str] = {
    "fontname": FONT,
    "nodesep": "0.16",
    "ranksep": "0.3",
    "pad": "0.3",
    "outputorder": "edgesfirst",
    "labelloc": "t",
    "labeljust": "l",
    "bgcolor": "white",
}
NODE_ATTRS: dict[str, str] = {
    "shape": "box",
    "style": "rounded,filled",
    "fontname": FONT,
    "fontsize": "11",
    "margin": "0.12,0.06",
}
EDGE_ATTRS: dict[str, str] = {
    "fontname": FONT,
    "fontsize": "9",
    "arrowsize": "0.7",
}

#: edge kind -> DOT attributes
EDGE_STYLES: dict[str, dict[str, str]] = {
    "product": {"color": "#37474f", "penwidth": "2.6", "weight": "4", "fontcolor": "#263238"},
    "money": {"color": "#2e7d32", "style": "dashed", "penwidth": "1.3", "fontcolor": "#1b5e20"},
    "information": {
        "color": "#1565c0",
        "style": "dotted",
        "penwidth": "1.6",
        "fontcolor": "#0d47a1",
    },
    "service": {"color": "#7b1fa2", "penwidth": "1.3", "arrowhead": "vee", "fontcolor": PURPLE},
    "by-product": {
        "color": "#8d6e63",
        "style": "dashed",
        "penwidth": "2",
        "arrowhead": "odot",
        "fontcolor": "#5d4037",
    },
    "supports": {"color": "#a5a5a5", "style": "dashed", "penwidth": "0.8", "arrowhead": "none"},
}

#: what each edge kind is called in the legend
EDGE_LEGEND: dict[str, str] = {
    "product": "product (goods on the way to buyers)",
    "money": "$ money",
    "information": "information, feedback",
    "service": "service delivered",
    "by-product": "by-product, side stream",
    "supports": "supports (no flow drawn)",
}

#: mark kind -> (colour, text shown on the partner or flow)
MARK_STYLES: dict[str, tuple[str, str]] = {
    "bottleneck": (RED, "BOTTLENECK"),
    "underutilized": (ORANGE, "UNDERUSED"),
    "gap": (GREY, "GAP"),
    "risk": (TEAL, "RISK: SINGLE POINT"),
}


def node_attrs(
    band: str, role: str, marks: tuple[str, ...], leverage: bool, *, hub: bool = False
) -> dict[str, str]:
    """Shape and colours of a node from its band, role and marks."""
    hub = hub or band == "coordinator"
    fill, border, _, _ = BANDS["coordinator" if hub else band]
    attrs = {"fillcolor": fill, "color": border, "penwidth": "1.2"}
    if role == "group":
        attrs["shape"] = "box3d"
        attrs["style"] = "filled"
    elif role == "gap":
        attrs.update(fillcolor="white", color=GREY, style="rounded,dashed", fontcolor=GREY)
        attrs["penwidth"] = "1.6"
    elif role == "unused":
        attrs.update(shape="box", style="rounded,dashed", fillcolor="white", fontsize="9")
        attrs.update(color="#8d6e63", fontcolor="#5d4037", margin="0.06,0.02")
    elif role == "resource":
        attrs.update(shape="note", style="filled")
    if hub and role != "group":
        attrs.update(penwidth="3", peripheries="2", style="rounded,filled,bold")
    if "underutilized" in marks:
        attrs.update(color=ORANGE, penwidth="2.6")
        attrs["style"] = attrs.get("style", NODE_ATTRS["style"]) + ",dashed"
    if "risk" in marks:
        attrs.update(color=TEAL, penwidth="2.6")
        attrs["style"] = attrs.get("style", NODE_ATTRS["style"]) + ",diagonals"
    if "bottleneck" in marks:
        attrs.update(color=RED, penwidth="3")
    if leverage:
        attrs["penwidth"] = str(float(attrs["penwidth"]) + 1.4)
    return attrs


def edge_attrs(kind: str, marks: tuple[str, ...], leverage: bool) -> dict[str, str]:
    attrs = dict(EDGE_STYLES.get(kind, {}))
    if "underutilized" in marks:
        attrs.update(color=ORANGE, fontcolor=ORANGE)
    if "bottleneck" in marks:
        attrs.update(color=RED, fontcolor=RED)
        attrs["penwidth"] = str(float(attrs.get("penwidth", "1")) + 1.2)
    if leverage:
        attrs["penwidth"] = str(float(attrs.get("penwidth", "1")) + 1.2)
    return attrs
