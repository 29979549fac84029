"""The text views of `vchain leverage`: a table with every part, and --explain.

Text views are lines of (text, style) segments, turned into plain text or colour by the
command line, so this module needs no rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vchain.analysis.graph import names, shown
from vchain.analysis.points import subject_label
from vchain.model import LEVERAGE_PARTS
from vchain.reporters.analysis_text import Line, cascade_lines, numbers_lines
from vchain.safetext import one_line

if TYPE_CHECKING:
    from vchain.analysis.flow import FlowSummary
    from vchain.analysis.leverage import LeveragePoint, LeverageResult

SHORT = {
    "unlocked_demand": "unlock",
    "scale": "scale",
    "marginal_partners": "margins",
    "capitals": "capitals",
    "readiness": "ready",
    "local_ownership": "local",
    "interests": "interest",
    "risk": "risk",
}


def flow_text(summary: FlowSummary) -> str:
    """The numbers on one line (Markdown and diff use it)."""
    a = shown
    now = f", delivered now {a(summary.delivered_now)}" if summary.delivered_now is not None else ""
    if not summary.bounded and not summary.relief_steps:
        wanted = f"wanted {a(summary.wanted)} {summary.unit}"
        return f"{wanted}, no capacity stated on the product path{now}"
    text = (
        f"wanted {a(summary.wanted)} {summary.unit}, deliverable {a(summary.deliverable)}{now}, "
        f"shortfall {a(summary.shortfall)}"
    )
    if summary.delivered_now is not None:
        text += f", blocked {a(summary.blocked)}, unmet now {a(summary.unmet_now)}"
    return text


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
            a = shown
            text = f"{a(before.deliverable)} -> {a(after.deliverable)} of {a(after.wanted)}"
            text += f" {after.unit}"
            if before.delivered_now is not None and after.delivered_now is not None:
                text += f"; delivered now {a(before.delivered_now)} -> {a(after.delivered_now)}"
            text += f"; unmet now {a(before.unmet_now)} -> {a(after.unmet_now)}"
            lines.append([("Deliverable: ", "bold"), (text, "")])
    if result.flow is not None:
        lines += numbers_lines(result.flow, indent="")
        lines += cascade_lines(result.flow, indent="")
    return lines


def _row(point: LeveragePoint, columns: list[str], widths: dict[str, int]) -> str:
    cells = {
        "rank": str(point.rank),
        "score": f"{point.score:.3f}",
        "kind": point.kind,
        "source": point.source,
        "move": _move(point),
    }
    cells.update({SHORT[n]: f"{point.parts[n]:.3f}" for n in LEVERAGE_PARTS})
    return "  ".join(
        cells[c].rjust(widths[c]) if c not in ("kind", "source") else cells[c].ljust(widths[c])
        for c in columns
    )


def table_lines(result: LeverageResult, top: int | None) -> list[Line]:
    """The ranking as an aligned table, every part in its own column; risks after."""
    points = result.points[:top] if top else result.points
    lines = header_lines(result, len(result.points))
    lines.append([])
    columns = ["rank", "score", *(SHORT[n] for n in LEVERAGE_PARTS), "kind", "source"]
    if result.assumed:
        columns.insert(1, "move")
    widths = {c: max(len(c), 5) for c in columns}
    widths["kind"], widths["source"], widths["rank"] = 13, 8, 4
    head = "  ".join(
        c.rjust(widths[c]) if c not in ("kind", "source") else c.ljust(widths[c]) for c in columns
    )
    lines.append([(head + "  id", "bold")])
    risks_shown = False
    for p in points:
        if p.risk_only and not risks_shown:
            risks_shown = True
            lines.append([("  risks (single points of failure: they unlock no demand)", "dim")])
        lines.append([(_row(p, columns, widths) + "  ", ""), (p.id, "bold")])
    if not points:
        lines.append([("  no open opportunities: nothing to rank", "dim")])
    lines.append([])
    lines.append([("`vchain leverage --explain ID` shows how a score is made.", "dim")])
    return lines


def explain_lines(result: LeverageResult, point: LeveragePoint) -> list[Line]:
    """One leverage point in words, with the arithmetic of its score."""
    where = subject_label(point.subject)
    found = f"; with {', '.join(point.rules)}" if point.rules else ""
    lines: list[Line] = [
        [(point.id, "bold"), (f": {point.kind} ({point.source}{found}) at {where}", "")],
        [(f"Rank {point.rank} of {len(result.points)}, score {point.score:.3f}", "bold")],
        [("  " + one_line(point.text), "")],
    ]
    if point.aliases:
        lines.append([("  also named: ", "dim"), (", ".join(point.aliases), "")])
    lines.append([])
    if result.flow is not None:
        lines += numbers_lines(result.flow)
        lines += cascade_lines(result.flow)
        if result.method and result.method != "none":
            lines.append([("  Fair shares: ", "bold"), (f"Shapley values, {result.method}", "")])
        lines.append([])
    lines.append([("  part                value   weight   points   how it was counted", "bold")])
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
    if point.decided:
        lines.append([("  What decided its rank: ", "bold"), (point.decided, "")])
    return lines


def risk_note(points: list[LeveragePoint]) -> str:
    risks = [p.id for p in points if p.risk_only]
    return f"risks: {names(risks)}" if risks else ""
