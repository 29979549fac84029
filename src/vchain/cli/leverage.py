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
    ScaleOption,
    UsageProblem,
    assumptions,
    load_checked,
    require_chain,
    resolve_one,
    scale_of,
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
            help="ID or ID=QUANTITY: treat this opportunity, leverage point or investment as "
            "addressed (a quantity in the demand unit relieves it to that much); repeatable.",
            show_default=False,
        ),
    ] = None,
    scale: ScaleOption = None,
    fmt: Annotated[
        LeverageFormat,
        typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
    ] = LeverageFormat.text,
    output: OutputOption = None,
) -> None:
    """Rank every open opportunity, declared or detected, by its leverage.

    Where do we invest first?  Every open opportunity is a leverage point, and each score
    is a weighted sum of parts, each a share from 0 to 1 that can be checked by hand.  It
    starts from the chain's numbers (in the demand unit): what the buyers want, what the
    chain's capacity can deliver, what reaches them now; the capacity shortfall, the
    blocked demand (capacity there, not delivered) and what is unmet now.

    \b
    unlocked_demand   [6] share of the demand unmet now that addressing it unlocks: its
                          fair (Shapley) share of the capacity shortfall over what binds,
                          in order, and the gaps it fills, plus the blocked demand it
                          claims (a bottleneck declared with a cause that is not capacity
                          or infrastructure, at the buyers it reaches, through product and
                          support; else a missing function product passes anyway; else an
                          unmet need)
    scale             [1] the same at K x demand (--scale, default 2): its share of what
                          would then be unmet
    marginal_partners [2] partners on the economic margins it reaches, of all of them
    capitals          [1] capitals the investments aimed at it build, less those harmed, of 8
    readiness         [1] an investment aimed at it committed or active (1), proposed (0.5)
    co_investment     [1] partners investing in it, of all partners investing in the chain
    local_ownership [0.5] share of locally owned partners among those it reaches
    interests       [0.5] share of the partners it involves that invest in it or state an
                          interest it serves
    declared        [1.5] partners declared it (1), or vchain only detected it (0)
    risk            [0.5] for a single point of failure alone: the share of demand on it

    The weights come from the chain's `leverage` section (defaults in brackets), scaled to
    sum to 1, so scores stay within 0..1.  Ties break by the parts in that order (higher
    first), then declared before detected, then by id; a single point of failure alone is a
    risk and comes after every opportunity.  Declared opportunities keep their ids;
    detected ones are named RULE:SUBJECT (VC105:grower, VC104:grower:insurance).
    --assume ID treats it as addressed (ID=QUANTITY relieves it to that much) and shows how
    the numbers and the ranking move.  docs/leverage.md explains the model with the tomato
    soup numbers.
    """
    from vchain.analysis.leverage import AssumptionError, rank_document

    doc = load_checked(resolve_one(path))
    require_chain(doc, "text" if explain else fmt.value, output, command="leverage")
    try:
        result = rank_document(doc, assumptions(doc, assume), scale_of(scale))
    except AssumptionError as exc:
        raise UsageProblem(str(exc)) from None
    if explain is not None:
        _explain(result, explain, output, fmt, doc.path)
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


def _explain(
    result: LeverageResult, ident: str, output: Path | None, fmt: LeverageFormat, file: str
) -> None:
    from vchain.reporters.leverage_text import explain_lines

    chosen = result.find(ident)
    if chosen is None:
        close = difflib.get_close_matches(ident, [p.id for p in result.points], n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise UsageProblem(f"--explain {ident}: no open leverage point has this id{hint}")
    if fmt is LeverageFormat.json:
        from vchain.reporters.json_format import dumps

        write_output(dumps(result.explain_json(chosen, file)), output)
    elif fmt is LeverageFormat.markdown:
        from vchain.reporters.markdown import code
        from vchain.reporters.text import render_segments

        text = render_segments(explain_lines(result, chosen), color=False)
        fence = "~~~~" if "```" in text else "```"
        body = f"### vchain leverage --explain {code(chosen.id)}\n\n{fence}text\n{text}{fence}\n"
        write_output(body, output)
    else:
        _write_lines(explain_lines(result, chosen), output)


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
