"""`vchain map`: the value chain map as SVG, PNG, PDF, DOT or Mermaid."""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vchain.cli.common import (
    ChainArgument,
    UsageProblem,
    chatter,
    load_checked,
    require_chain,
    resolve_one,
)

if TYPE_CHECKING:
    from vchain.loading.loader import ChainDocument
    from vchain.render.map import MapOptions

FLOW_KINDS = ("product", "money", "information", "service", "by-product")


class MapFormat(enum.StrEnum):
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"
    gv = "gv"
    mmd = "mmd"


class Direction(enum.StrEnum):
    LR = "LR"
    TB = "TB"


class Aggregate(enum.StrEnum):
    auto = "auto"
    on = "on"
    off = "off"


class FlowLabels(enum.StrEnum):
    all = "all"
    product = "product"
    none = "none"


def parse_kinds(text: str) -> tuple[str, ...]:
    """``product,money`` -> ("product", "money"); ``all`` -> every kind."""
    words = [w.strip().lower() for w in text.split(",") if w.strip()]
    if not words or words == ["all"]:
        return FLOW_KINDS
    unknown = [w for w in words if w not in FLOW_KINDS]
    if unknown:
        raise UsageProblem(
            f"--kinds: unknown flow kind {', '.join(unknown)}; "
            f"use any of {', '.join(FLOW_KINDS)} (or all)"
        )
    return tuple(k for k in FLOW_KINDS if k in words)


def map_command(
    path: ChainArgument = None,
    *,
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            "--output",
            help="Write the map here; the extension picks the format: .svg .png .pdf "
            ".dot/.gv .mmd. '-' or none: standard output (DOT, or what --format says).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        MapFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Format, when the file name does not tell it (or for standard output).",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    direction: Annotated[
        Direction,
        typer.Option(
            "--direction",
            "-d",
            help="LR: the chain runs left to right, support partners below. TB: top to bottom.",
            case_sensitive=False,
        ),
    ] = Direction.LR,
    kinds: Annotated[
        str,
        typer.Option(
            "--kinds",
            help="Flow kinds to draw, comma-separated: product, money, information, "
            "service, by-product, or all. Try --kinds product for the bare chain.",
        ),
    ] = "all",
    leverage: Annotated[
        int,
        typer.Option(
            "--leverage",
            min=0,
            help="Highlight and number the top N leverage points (0: none).",
        ),
    ] = 0,
    aggregate: Annotated[
        Aggregate,
        typer.Option(
            "--aggregate",
            help="Group partners that play the same part into one box ('12 partners'): "
            "auto groups when the chain has more than --aggregate-above partners.",
            case_sensitive=False,
        ),
    ] = Aggregate.auto,
    aggregate_above: Annotated[
        int, typer.Option("--aggregate-above", min=1, help="Partners above which auto groups.")
    ] = 60,
    max_label: Annotated[
        int,
        typer.Option(
            "--max-label",
            min=0,
            help="Shorten names and flow labels to this many characters (0: never).",
        ),
    ] = 60,
    flow_labels: Annotated[
        FlowLabels,
        typer.Option(
            "--flow-labels",
            help="Whose words are written on the lines: all flows, product (and by-product) "
            "flows, or none; the others show them as a tooltip.",
            case_sensitive=False,
        ),
    ] = FlowLabels.product,
    legend: Annotated[bool, typer.Option("--legend/--no-legend", help="Draw the legend.")] = True,
    supports: Annotated[
        bool,
        typer.Option(
            "--supports/--no-supports",
            help="Tie support partners to the partners they support (dashed grey).",
        ),
    ] = True,
    analysis: Annotated[
        bool,
        typer.Option(
            "--analysis/--declared-only",
            help="Mark the analysis's findings too, or only the opportunities in the file "
            "(then --leverage numbers the declared ones in file order).",
        ),
    ] = True,
) -> None:
    """Draw the value chain map: transactional partners in the order of the chain's
    functions, demand partners on the right, the coordinator at the centre, support
    partners below, and the opportunities where they sit (gaps as empty dashed boxes,
    bottlenecks in red, underused partners and resources in orange).

    Product flows are heavy solid lines, money green dashed ($), information blue
    dotted, services purple, by-products brown dashed (ending in "unused" when nobody
    takes them). Drawing svg, png or pdf needs Graphviz's `dot`; .dot and .mmd do not.
    Exit 0 when the map is written, 2 for a usage problem or a file that cannot be read.
    """
    from vchain.render.map import MapOptions
    from vchain.render.output import FormatProblem, choose_format

    chain_path = resolve_one(path)
    try:
        chosen = choose_format(out, fmt.value if fmt else None)
    except FormatProblem as exc:
        raise UsageProblem(str(exc)) from exc
    target = None if out in (None, "-") else Path(str(out))
    _refuse_overwrite(chain_path, target)
    options = MapOptions(
        fmt=chosen,
        direction=direction.value,
        kinds=parse_kinds(kinds),
        leverage=leverage,
        aggregate=aggregate.value,
        aggregate_above=aggregate_above,
        max_label=max_label,
        legend=legend,
        supports=supports,
        analysis=analysis,
        flow_labels=flow_labels.value,
    )
    doc = load_checked(chain_path)
    require_chain(doc)
    data = _render(doc, options)
    _write(data, target, chosen)
    if target is not None:
        assert doc.chain is not None
        chatter(f"Map of {len(doc.chain.partners)} partners written to {target}")


def _render(doc: ChainDocument, options: MapOptions) -> bytes:
    from vchain.render.map import render_map
    from vchain.render.output import DotMissing

    try:
        return render_map(doc, options)
    except DotMissing as exc:
        raise UsageProblem(str(exc)) from exc


def _refuse_overwrite(chain_path: Path, target: Path | None) -> None:
    """Never write the map over the chain file."""
    if target is None or not target.exists() or not chain_path.exists():
        return
    if os.path.samefile(chain_path, target):
        raise UsageProblem(f"--out {target} is the chain file itself; choose another name")


def _write(data: bytes, target: Path | None, fmt: str) -> None:
    from vchain.render.output import TEXT_FORMATS

    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return
    if fmt in TEXT_FORMATS:
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
        return
    if sys.stdout.isatty():
        raise UsageProblem(f"{fmt} is binary and standard output is a terminal; give --out FILE")
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
