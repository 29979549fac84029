"""The value chain map: one chain document to DOT, Mermaid, SVG, PNG or PDF.

from vchain.loading.loader import load_document
from vchain.render.map import MapOptions, render_map

svg = render_map(load_document("chain.yaml"), MapOptions(fmt="svg"))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vchain.render.labels import DEFAULT_MAX_LABEL
from vchain.render.scene import DEFAULT_KINDS, Scene, SceneOptions

if TYPE_CHECKING:
    from vchain.loading.loader import ChainDocument
    from vchain.render.marks import Ranked

AGGREGATE_ABOVE = 60
AGGREGATE_MODES: tuple[str, ...] = ("auto", "on", "off")
#: --flow-labels: which flows have their words drawn on the line (the others in tooltips)
FLOW_LABELS: dict[str, frozenset[str]] = {
    "all": frozenset({"product", "money", "information", "service", "by-product"}),
    "product": frozenset({"product", "by-product"}),
    "none": frozenset(),
}


@dataclass(frozen=True)
class MapOptions:
    """How to draw the map; the defaults are those of ``vchain map``."""

    fmt: str = "dot"
    direction: str = "LR"
    kinds: tuple[str, ...] = DEFAULT_KINDS
    leverage: int = 0
    aggregate: str = "auto"
    aggregate_above: int = AGGREGATE_ABOVE
    max_label: int = DEFAULT_MAX_LABEL
    legend: bool = True
    supports: bool = True
    analysis: bool = True
    flow_labels: str = "product"


def should_group(doc: ChainDocument, options: MapOptions) -> bool:
    if options.aggregate == "on":
        return True
    if options.aggregate == "off" or doc.chain is None:
        return False
    return len(doc.chain.partners) > options.aggregate_above


def build(doc: ChainDocument, options: MapOptions, *, ranked: Ranked | None = None) -> Scene:
    """The scene of a loaded document (its chain must be there); ``ranked``: leverage
    points already ranked (else the map ranks them for ``--leverage``)."""
    from vchain.render.build import build_scene
    from vchain.render.marks import collect

    assert doc.chain is not None, "build() needs a loaded chain"
    marks = collect(doc, top=options.leverage, analysis=options.analysis, ranked=ranked)
    scene_options = SceneOptions(
        direction=options.direction, kinds=options.kinds, supports=options.supports
    )
    scene = build_scene(doc.chain, marks, scene_options)
    labelled = FLOW_LABELS[options.flow_labels]
    for edge in scene.edges:
        edge.labelled = edge.kind in labelled
    if should_group(doc, options):
        from vchain.render.group import group_scene

        scene = group_scene(scene)
    return scene


def source(scene: Scene, options: MapOptions, *, labels_below: bool = False) -> str:
    """The text of the map: Mermaid for ``mmd``, DOT for everything else
    (``labels_below``: see :func:`vchain.render.dot.to_dot`)."""
    if options.fmt == "mmd":
        from vchain.render.mermaid import to_mermaid

        return to_mermaid(scene, max_label=options.max_label)
    from vchain.render.dot import to_dot

    return to_dot(
        scene, max_label=options.max_label, legend=options.legend, labels_below=labels_below
    )


def render_map(doc: ChainDocument, options: MapOptions) -> bytes:
    """The map in ``options.fmt``, as bytes (UTF-8 for the text formats)."""
    return render_scene(build(doc, options), options)


def render_scene(scene: Scene, options: MapOptions) -> bytes:
    """A scene in ``options.fmt``, as bytes (UTF-8 for the text formats).

    The drawn formats are laid out by ``dot`` and turned the right way up
    (:mod:`vchain.render.orient`): the chain on top (left), its support partners below.
    """
    from vchain.render.output import DRAWN_FORMATS

    if options.fmt in DRAWN_FORMATS:
        from vchain.render.orient import draw_oriented

        def make(labels_below: bool) -> str:
            return source(scene, options, labels_below=labels_below)

        drawn = draw_oriented(scene, make, options.fmt)
        if options.fmt == "svg":
            from vchain.render.svgtitles import tidy_titles

            return tidy_titles(drawn, scene.title)
        return drawn
    return source(scene, options).encode("utf-8")
