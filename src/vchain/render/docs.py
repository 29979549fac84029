"""``python -m vchain.render.docs``: regenerate the maps under ``docs/`` from the examples.

``make docs`` runs it.  The maps show what the example files declare (``--declared-only``,
no leverage numbers), so they change when an example or the renderer changes, not when
the analysis learns something new.  Each SVG carries, as a comment, the SHA-256 of the
DOT source it was drawn from: a test regenerates the DOT and compares, which works with
any Graphviz version; with the same Graphviz version it compares the SVG bytes as well.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from vchain.render.map import MapOptions

if TYPE_CHECKING:
    from vchain.render.scene import Scene

#: (example file, map file under docs/), relative to the repository's root
DOCS_MAPS: tuple[tuple[str, str], ...] = (
    ("examples/tomato-soup.chain.yaml", "docs/tomato-soup-map.svg"),
)
DOCS_OPTIONS = MapOptions(fmt="svg", analysis=False, leverage=0)
SOURCE_TAG = "vchain map source sha256:"


def source_digest(dot_source: str) -> str:
    return hashlib.sha256(dot_source.encode("utf-8")).hexdigest()


def docs_scene(example: Path) -> Scene:
    """The scene of an example's docs map (display path relative, for stable bytes)."""
    from vchain.loading.loader import load_document
    from vchain.render.map import build
    from vchain.rules.registry import check_document

    doc = load_document(example, display=example.name)
    if doc.chain is None:
        raise SystemExit(f"{example}: not a valid chain file; run `vchain validate {example}`")
    check_document(doc)
    return build(doc, DOCS_OPTIONS)


def docs_dot(example: Path, *, labels_below: bool = False) -> str:
    """The DOT source of an example's docs map."""
    from vchain.render.dot import to_dot

    scene = docs_scene(example)
    return to_dot(
        scene,
        max_label=DOCS_OPTIONS.max_label,
        legend=DOCS_OPTIONS.legend,
        labels_below=labels_below,
    )


def tagged(dot_source: str, *, digest_of: str | None = None) -> str:
    """The source with its digest as a graph comment, which ``dot`` copies into SVG
    (``digest_of``: a tagged source whose digest to carry instead of its own)."""
    if digest_of is not None:
        digest = digest_of.split(SOURCE_TAG, 1)[1].split('"', 1)[0]
    else:
        digest = source_digest(dot_source)
    line = f'\tcomment="{SOURCE_TAG}{digest}"\n'
    head, brace, rest = dot_source.partition("{\n")
    return f"{head}{brace}{line}{rest}"


def render_docs(root: Path, out_root: Path) -> list[Path]:
    """Write every docs map under ``out_root``; the paths written."""
    from vchain.render.dot import to_dot
    from vchain.render.orient import draw_oriented

    written: list[Path] = []
    for example, target in DOCS_MAPS:
        scene = docs_scene(root / example)
        digest = tagged(docs_dot(root / example))

        def make(labels_below: bool, scene: Scene = scene, digest: str = digest) -> str:
            if not labels_below:
                return digest
            below = to_dot(scene, max_label=DOCS_OPTIONS.max_label, labels_below=True)
            return tagged(below, digest_of=digest)

        path = out_root / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(draw_oriented(scene, make, "svg"))
        written.append(path)
    return written


def _default_root() -> Path:
    here = Path.cwd()
    if (here / DOCS_MAPS[0][0]).is_file():
        return here
    return Path(__file__).resolve().parents[3]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vchain.render.docs", description=__doc__)
    parser.add_argument("--root", type=Path, default=None, help="the repository (default: here)")
    parser.add_argument("--out", type=Path, default=None, help="write under this folder instead")
    args = parser.parse_args(argv)
    root = args.root or _default_root()
    for path in render_docs(root, args.out or root):
        sys.stderr.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
