"""The text view of `vchain analyze`: findings grouped by kind, with the flow's numbers.

It returns lines of (text, style) segments; the command line turns them into plain text
or colour (``vchain.reporters.text.render_segments``), so this module needs no rich.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from vchain.analysis.graph import amount_text, names
from vchain.findings import ANALYSIS_KINDS, SEVERITIES

if TYPE_CHECKING:
    from vchain.analysis.flow import FlowSummary
    from vchain.findings import Finding

Segment = tuple[str, str]
Line = list[Segment]
HEADINGS = {"gap": "Gaps", "bottleneck": "Bottlenecks", "underutilized": "Underutilized resources"}


def flow_lines(summary: FlowSummary) -> list[Line]:
    """Demand, deliverable, shortfall, what binds and what binds next."""
    unit = summary.unit
    if summary.shortfall == 0:
        head = (
            f"  Capacity: the chain can deliver all {amount_text(summary.demand)} {unit} "
            "the buyers want."
        )
        return [[(head, "green")]]
    numbers = (
        f"demand {amount_text(summary.demand)} {unit}, deliverable "
        f"{amount_text(summary.deliverable)}, shortfall {amount_text(summary.shortfall)}"
    )
    lines: list[Line] = [[("  Capacity: ", "bold"), (numbers, "")]]
    if summary.binding:
        lines.append([("    binding now: ", "dim"), (names(summary.binding, 10), "bold")])
    for step, value in enumerate(summary.after):
        following = summary.cascade[step] if step < len(summary.cascade) else []
        verb = "binds" if len(following) == 1 else "bind"
        then = f"{names(following, 10)} {verb} next" if following else "nothing else binds"
        lines.append(
            [("    relieved: ", "dim"), (f"{amount_text(value)} deliverable, then {then}", "")]
        )
    if summary.other_units:
        left_out = f"demand of {names(summary.other_units)} (in other units)"
        lines.append([("    left out: ", "dim"), (left_out, "")])
    return lines


def analysis_lines(
    findings: Sequence[Finding],
    summary: FlowSummary | None,
    finding_lines: Callable[[Finding], list[Line]],
    *,
    kinds: Sequence[str] = ANALYSIS_KINDS,
    files: int = 1,
) -> list[Line]:
    """The whole text view: one block per kind asked for, then a summary line.

    ``finding_lines`` renders one finding (the command line passes the text reporter's,
    so that findings look as they do in `vchain validate`).
    """
    lines: list[Line] = []
    for kind in ANALYSIS_KINDS:
        if kind not in kinds:
            continue
        chosen = [f for f in findings if f.kind == kind]
        if lines:
            lines.append([])
        lines.append([(f"{HEADINGS[kind]} ({len(chosen)})", "bold underline")])
        if kind == "bottleneck" and summary is not None:
            lines += flow_lines(summary)
        if not chosen:
            lines.append([("  none found", "dim")])
        for f in chosen:
            lines += finding_lines(f)
    lines.append([])
    lines.append(summary_line(findings, files))
    return lines


def summary_line(findings: Sequence[Finding], files: int) -> Line:
    where = f"{files} file{'s' if files != 1 else ''}"
    if not findings:
        return [(f"No gaps, bottlenecks or underutilized resources in {where}.", "bold green")]
    by_kind = {k: sum(1 for f in findings if f.kind == k) for k in ANALYSIS_KINDS}
    by_severity = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    declared = sum(1 for f in findings if f.source == "declared")
    linked = sum(1 for f in findings if f.related)
    text = (
        f"{by_kind['gap']} gap{'s' if by_kind['gap'] != 1 else ''}, "
        f"{by_kind['bottleneck']} bottleneck{'s' if by_kind['bottleneck'] != 1 else ''}, "
        f"{by_kind['underutilized']} underutilized "
        f"({len(findings) - declared} detected, {linked} of them declared too; "
        f"{declared} declared only): "
        f"{_count(by_severity['error'], 'error')}, "
        f"{_count(by_severity['warning'], 'warning')}, "
        f"{by_severity['info']} info in {where}."
    )
    return [(text, "bold yellow" if by_severity["warning"] else "bold")]


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
