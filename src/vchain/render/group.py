"""Big chains stay readable: partners that play the same part become one box.

Transactional partners are grouped by the first function they perform, support partners
by the first service they provide, demand partners all together ("40 buyers").  The
coordinator, gaps and resources always stand alone, and a group of one stays the
partner itself.  Flows between the same two boxes of the same kind become one line that
counts them and adds their amounts when the units agree; flows inside a group are left
out, and so are support ties (between groups they would tie nearly everything to
everything; the support lane already stands beside what it supports).
"""

from __future__ import annotations

import re
from dataclasses import replace

from vchain.render.scene import Edge, Node, Scene

_UNSAFE = re.compile(r"[^a-z0-9_-]")


def group_scene(scene: Scene) -> Scene:
    """The scene with partners grouped and their edges merged."""
    members: dict[str, list[Node]] = {}
    for node in scene.nodes:
        if node.group is not None:
            members.setdefault(node.group, []).append(node)
    rename: dict[str, str] = {}
    groups: list[Node] = []
    for key, nodes in members.items():
        if len(nodes) < 2:
            continue
        group = _group_node(key, nodes, scene)
        groups.append(group)
        rename.update((n.name, group.name) for n in nodes)
    kept = [n for n in scene.nodes if n.name not in rename]
    edges = [
        replace(e, tail=rename.get(e.tail, e.tail), head=rename.get(e.head, e.head))
        for e in scene.edges
        if e.kind != "supports"
    ]
    kept, edges = _merge_unused(kept, edges)
    nodes = sorted(kept + groups, key=lambda n: n.order)
    return replace(scene, nodes=nodes, edges=_merge_edges(edges), grouped=True, _columns=None)


def _slug(text: str) -> str:
    return _UNSAFE.sub("-", text.lower())


def _group_node(key: str, nodes: list[Node], scene: Scene) -> Node:
    band, _, part = key.partition(":")
    columns = sorted(n.column for n in nodes if n.column is not None)
    marks = sorted({m for n in nodes for m in n.marks})
    counts = tuple((m, sum(1 for n in nodes if m in n.marks)) for m in marks)
    rank = tuple(sorted({r for n in nodes for r in n.leverage}))
    slug = _slug(part) or "none"
    classes = ["group", band, *marks, *(["leverage"] if rank else [])]
    return Node(
        name=f"g_{band}__{slug}",
        key=f"group-{band}-{slug}",
        role="group",
        band=band,
        column=columns[(len(columns) - 1) // 2] if columns else None,
        text=_group_text(band, len(nodes)),
        detail=_group_detail(band, part, nodes, scene),
        marks=tuple(marks),
        mark_counts=counts,
        leverage=rank,
        classes=tuple(classes),
        members=tuple(m for n in nodes for m in n.members),
        order=nodes[0].order,
        tooltip=", ".join(n.text for n in nodes),
    )


def _group_text(band: str, count: int) -> str:
    noun = {"demand": "buyers", "support": "support partners"}.get(band, "partners")
    return f"{count} {noun}"


def _group_detail(band: str, part: str, nodes: list[Node], scene: Scene) -> str:
    if band == "transactional":
        what = scene.function_names.get(part, "no function yet") if part else "no function yet"
    elif band == "support":
        what = part or "no service named"
    else:
        what = ""
    names = ", ".join(n.text for n in nodes[:2])
    more = f" +{len(nodes) - 2} more" if len(nodes) > 2 else ""
    return " · ".join(p for p in (what, f"{names}{more}") if p)


def _merge_unused(nodes: list[Node], edges: list[Edge]) -> tuple[list[Node], list[Edge]]:
    """One "unused" end per box: by-products of a group end in one mark."""
    by_name = {n.name: n for n in nodes}
    keep: dict[str, str] = {}
    drop: set[str] = set()
    out: list[Edge] = []
    for edge in edges:
        node = by_name.get(edge.head)
        if node is None or node.role != "unused":
            out.append(edge)
            continue
        first = keep.setdefault(edge.tail, edge.head)
        if first != edge.head:
            drop.add(edge.head)
        out.append(replace(edge, head=first))
    return [n for n in nodes if n.name not in drop], out


def _merge_edges(edges: list[Edge]) -> list[Edge]:
    merged: dict[tuple[str, str, str], Edge] = {}
    for edge in edges:
        if edge.tail == edge.head:
            continue
        key = (edge.tail, edge.head, edge.kind)
        seen = merged.get(key)
        merged[key] = edge if seen is None else _join(seen, edge)
    return sorted(merged.values(), key=lambda e: e.order)


def _join(first: Edge, other: Edge) -> Edge:
    ranks = tuple(sorted({*first.leverage, *other.leverage}))
    marks = tuple(sorted({*first.marks, *other.marks}))
    base = [c for c in first.classes if c not in ("bottleneck", "underutilized", "leverage")]
    extra = [*marks, *(["leverage"] if ranks else [])]
    classes = tuple(dict.fromkeys([*base, "grouped", *extra]))
    return replace(
        first,
        key=first.key if first.key.startswith("flows-") else f"flows-{first.key}",
        what=first.what + other.what,
        amounts=first.amounts + other.amounts,
        capacity=None,
        marks=marks,
        leverage=ranks,
        classes=classes,
        count=first.count + other.count,
        constraint=first.constraint or other.constraint,
    )
