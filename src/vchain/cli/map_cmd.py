"""`vchain map`: the value chain map as SVG, PNG, PDF, DOT or Mermaid."""

from __future__ import annotations

import enum
import os
import sys
import time
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
    from vchain.cli.signals import terminate_gracefully
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
    with terminate_gracefully(), Progress() as progress:
        progress.phase(f"reading {chain_path}")
        doc = load_checked(chain_path)
        require_chain(doc)
        data = _render(doc, options, progress)
        progress.phase(f"writing {target or 'standard output'}")
        _write(data, None if target is None else str(out), chosen)
    if target is not None:
        assert doc.chain is not None
        chatter(f"Map of {len(doc.chain.partners)} partners written to {target}")


def _render(doc: ChainDocument, options: MapOptions, progress: Progress) -> bytes:
    from vchain.render.map import build, render_scene, should_group, source
    from vchain.render.output import DRAWN_FORMATS, DotMissing

    assert doc.chain is not None
    partners = f"{len(doc.chain.partners):,} partners"
    progress.phase(f"analyzing and arranging {partners}")
    scene = build(doc, options)
    if options.fmt not in DRAWN_FORMATS:
        return source(scene, options).encode("utf-8")
    hint = ""
    if not should_group(doc, options) and len(doc.chain.partners) > options.aggregate_above:
        hint = " (partner by partner this takes minutes; --aggregate on groups them)"
    progress.phase(f"laying out {partners} with Graphviz's dot{hint}")
    try:
        return render_scene(scene, options)
    except DotMissing as exc:
        raise UsageProblem(str(exc)) from exc


class Progress:
    """One line on standard error for each phase of a map that takes more than a few
    seconds (VCHAIN_PROGRESS_AFTER, default 3); quiet for the maps that take less."""

    def __init__(self) -> None:
        import threading

        self.after = _progress_after()
        self.started = time.monotonic()
        self.current: str | None = None
        self.shown = False
        self.lock = threading.Lock()
        self.timer = threading.Timer(self.after, self._late)
        self.timer.daemon = True

    def __enter__(self) -> Progress:
        if self.after <= 0:
            self.shown = True
        else:
            self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()
        with self.lock:
            if self.shown and exc[0] is None:
                chatter(f"vchain map: done in {_duration(time.monotonic() - self.started)}")
            self.shown = False

    def phase(self, text: str) -> None:
        with self.lock:
            self.current = text
            if self.shown:
                chatter(f"vchain map: {text}...")

    def _late(self) -> None:
        with self.lock:
            if self.current is not None and not self.shown:
                self.shown = True
                chatter(f"vchain map: {self.current}...")


def _progress_after() -> float:
    try:
        return float(os.environ.get("VCHAIN_PROGRESS_AFTER", "3"))
    except ValueError:
        return 3.0


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def _refuse_overwrite(chain_path: Path, target: Path | None) -> None:
    """Never write the map over the chain file."""
    if target is None or not target.exists() or not chain_path.exists():
        return
    if os.path.samefile(chain_path, target):
        raise UsageProblem(f"--out {target} is the chain file itself; choose another name")


def _write(data: bytes, target: str | None, fmt: str) -> None:
    from vchain.cli.output import write_output
    from vchain.render.output import TEXT_FORMATS

    terminal = target is None and sys.stdout is not None and sys.stdout.isatty()
    if terminal and fmt not in TEXT_FORMATS:
        raise UsageProblem(f"{fmt} is binary and standard output is a terminal; give --out FILE")
    write_output(data, target)
