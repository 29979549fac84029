"""`vchain leverage`: ranked leverage points, each score broken into named parts."""

from __future__ import annotations

import difflib
import enum
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from vchain.cli.common import (
    ChainArgument,
    OutputOption,
    UsageProblem,
    load_checked,
    require_chain,
    resolve_one,
    use_color,
    write_output,
)

if TYPE_CHECKING:
    from pathlib import Path

    from vchain.analysis.leverage import LeverageResult


class LeverageFormat(enum.StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def leverage(
    path: ChainArgument = None,
    *,
    top: Annotated[
        int | None,
        typer.Option("--top", "-n", min=1, help="Show only the N best.", show_default=False),
    ] = None,
    explain: Annotated[
        str | None,
        typer.Option("--explain", help="Explain one leverage point, by id.", show_default=False),
    ] = None,
    assume: Annotated[
        list[str] | None,
        typer.Option(
            "--assume",
            "-a",
            help="Treat this opportunity as addressed or investment as done (repeatable).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        LeverageFormat,
        typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
    ] = LeverageFormat.text,
    output: OutputOption = None,
) -> None:
    """Rank every open opportunity, declared or detected, by its leverage.

    Each score is a weighted sum of six parts, each a share from 0 to 1 that can be
    counted by hand; the weights come from the chain's `leverage` section (defaults in
    brackets) and are scaled to sum to 1, so scores stay within 0..1.

    \b
    unlocked_demand   [3] share of the shortfall that addressing it unlocks: the maximum
                          flow computed again with it relieved (or the gap filled)
    dependent_demand  [2] share of demand partners that get all their product through it
    marginal_partners [2] share of the chain's partners on the economic margins it touches
    capitals          [1] capitals the investments aimed at it build, less those harmed, of 8
    local_ownership   [1] share of locally owned partners among those it touches
    interests         [1] share of the partners it touches that invest in it or state an
                          interest it serves

    Ties break by the parts in that order (higher first), then by id.  Declared
    opportunities keep their ids; detected ones are named RULE:SUBJECT (VC105:grower,
    VC104:grower:insurance).  --assume ID (an opportunity, a leverage point or an
    investment) treats it as addressed and shows how the ranking and the shortfall move.
    """
    from vchain.analysis.leverage import AssumptionError, rank_document

    doc = load_checked(resolve_one(path))
    require_chain(doc, "text" if explain else fmt.value, output, command="leverage")
    try:
        result = rank_document(doc, assume or ())
    except AssumptionError as exc:
        raise UsageProblem(str(exc)) from None
    if explain is not None:
        _explain(result, explain, output)
        return
    if fmt is LeverageFormat.json:
        from vchain.reporters.json_format import dumps

        data = result.to_json(doc.path)
        if top:
            data["leverage_points"] = data["leverage_points"][:top]
        write_output(dumps(data), output)
    elif fmt is LeverageFormat.markdown:
        write_output(_markdown(result, top, doc.path), output)
    else:
        from vchain.reporters.leverage_text import table_lines

        _write_lines(table_lines(result, top), output)


def _explain(result: LeverageResult, ident: str, output: Path | None) -> None:
    from vchain.reporters.leverage_text import explain_lines

    chosen = [p for p in result.points if p.id == ident]
    if not chosen:
        close = difflib.get_close_matches(ident, [p.id for p in result.points], n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise UsageProblem(f"--explain {ident}: no open leverage point has this id{hint}")
    _write_lines(explain_lines(result, chosen[0]), output)


def _write_lines(lines: list[list[tuple[str, str]]], output: Path | None) -> None:
    from vchain.reporters.text import render_segments

    color = output is None and use_color(sys.stdout)
    write_output(render_segments(lines, color=color), output, human=True)


def _markdown(result: LeverageResult, top: int | None, file: str) -> str:
    """The ranking as a Markdown table, for a pull-request comment or a step summary."""
    from vchain.model import LEVERAGE_PARTS
    from vchain.reporters.leverage_text import flow_text
    from vchain.reporters.markdown import cell, code

    points = result.points[:top] if top else result.points
    lines = [f"### vchain leverage: {code(file)}", ""]
    if result.assumed:
        lines += [f"Assuming addressed: {cell(', '.join(result.assumed))}.", ""]
    if result.flow is not None:
        lines += [f"Capacity: {cell(flow_text(result.flow))}.", ""]
    if not points:
        return "\n".join([*lines, "No open opportunities."]) + "\n"
    lines.append("| Rank | Id | Kind | Source | Score | " + " | ".join(LEVERAGE_PARTS) + " |")
    lines.append("|---:|---|---|---|---:|" + "---:|" * len(LEVERAGE_PARTS))
    for p in points:
        parts = " | ".join(f"{p.parts[n]:.3f}" for n in LEVERAGE_PARTS)
        lines.append(
            f"| {p.rank} | {code(p.id)} | {p.kind} | {p.source} | {p.score:.3f} | {parts} |"
        )
    weights = ", ".join(f"{n} {result.weights[n]:g}" for n in LEVERAGE_PARTS)
    return "\n".join([*lines, "", f"Weights: {weights}."]) + "\n"
