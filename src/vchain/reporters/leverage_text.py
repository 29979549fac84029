"""The text views of `vchain leverage`: a table with every part, and --explain.

Text views are lines of (text, style) segments, turned into plain text or colour by the
command line, so this module needs no rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vchain.analysis.candidates import subject_label
from vchain.analysis.graph import amount_text
from vchain.model import LEVERAGE_PARTS
from vchain.reporters.analysis_text import Line

if TYPE_CHECKING:
    from vchain.analysis.flow import FlowSummary
    from vchain.analysis.leverage import LeveragePoint, LeverageResult

SHORT = {
    "unlocked_demand": "unlock",
    "dependent_demand": "depend",
    "marginal_partners": "margins",
    "capitals": "capitals",
    "local_ownership": "local",
    "interests": "interests",
}


def flow_text(summary: FlowSummary) -> str:
    return (
        f"demand {amount_text(summary.demand)} {summary.unit}, deliverable "
        f"{amount_text(summary.deliverable)}, shortfall {amount_text(summary.shortfall)}"
    )


def _move(point: LeveragePoint) -> str:
    if point.previous_rank is None:
        return "new"
    change = point.previous_rank - point.rank
    return "=" if change == 0 else f"{change:+d}"


def header_lines(result: LeverageResult, total: int) -> list[Line]:
    weights = ", ".join(f"{SHORT[n]} = {n} ({result.weights[n]:g})" for n in LEVERAGE_PARTS)
    lines: list[Line] = [
        [(f"{total} open opportunit{'y' if total == 1 else 'ies'}, ranked", "bold")],
        [("Parts (weight): ", "dim"), (weights, "")],
    ]
    if result.assumed:
        lines.append([("Assuming addressed: ", "bold"), (", ".join(result.assumed), "")])
        if result.before is not None and result.flow is not None:
            before, after = result.before, result.flow
            text = (
                f"{amount_text(before.deliverable)} -> {amount_text(after.deliverable)} of "
                f"{amount_text(after.demand)} {after.unit} (shortfall "
                f"{amount_text(before.shortfall)} -> {amount_text(after.shortfall)})"
            )
            lines.append([("Deliverable: ", "bold"), (text, "")])
    elif result.flow is not None:
        lines.append([("Capacity: ", "bold"), (flow_text(result.flow), "")])
    return lines


def table_lines(result: LeverageResult, top: int | None) -> list[Line]:
    """The ranking as an aligned table, every part in its own column."""
    points = result.points[:top] if top else result.points
    lines = header_lines(result, len(result.points))
    lines.append([])
    columns = ["rank", "score", *(SHORT[n] for n in LEVERAGE_PARTS), "kind", "source"]
    if result.assumed:
        columns.insert(1, "move")
    widths = {c: max(len(c), 6) for c in columns}
    widths["kind"], widths["source"], widths["rank"] = 13, 8, 4
    head = "  ".join(
        c.rjust(widths[c]) if c not in ("kind", "source") else c.ljust(widths[c]) for c in columns
    )
    lines.append([(head + "  id", "bold")])
    for p in points:
        cells = {
            "rank": str(p.rank),
            "score": f"{p.score:.3f}",
            "kind": p.kind,
            "source": p.source,
            "move": _move(p),
        }
        cells.update({SHORT[n]: f"{p.parts[n]:.3f}" for n in LEVERAGE_PARTS})
        row = "  ".join(
            cells[c].rjust(widths[c]) if c not in ("kind", "source") else cells[c].ljust(widths[c])
            for c in columns
        )
        lines.append([(row + "  ", ""), (p.id, "bold")])
    if not points:
        lines.append([("  no open opportunities: nothing to rank", "dim")])
    lines.append([])
    lines.append([("`vchain leverage --explain ID` shows how a score is made.", "dim")])
    return lines


def explain_lines(result: LeverageResult, point: LeveragePoint) -> list[Line]:
    """One leverage point in words, with the arithmetic of its score."""
    where = subject_label(point.subject)
    found = f"; found by {', '.join(point.rules)}" if point.rules else ""
    lines: list[Line] = [
        [(point.id, "bold"), (f": {point.kind} ({point.source}{found}) at {where}", "")],
        [(f"Rank {point.rank} of {len(result.points)}, score {point.score:.3f}", "bold")],
        [("  " + point.text, "")],
        [],
        [("  part                value   weight   points   how it was counted", "bold")],
    ]
    terms = []
    for name in LEVERAGE_PARTS:
        value, weight = point.parts[name], result.weights[name]
        terms.append(f"{weight:g} × {value:.3f}")
        words = point.breakdown[name].words if name in point.breakdown else ""
        lines.append(
            [
                (f"  {name:<18}{value:>6.3f}   {weight:>6.3f}   {value * weight:>6.3f}   ", ""),
                (words, "dim"),
            ]
        )
    lines.append([])
    lines.append([("  score = " + " + ".join(terms) + f" = {point.score:.3f}", "")])
    lines.append([("  (weights scaled to sum to 1; parts and score rounded to 3 decimals)", "dim")])
    return lines
