"""The text view of `vchain analyze`: findings grouped by kind, with the flow's numbers.

It returns lines of (text, style) segments; the command line turns them into plain text
or colour (``vchain.reporters.text.render_segments``), so this module needs no rich.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from vchain.analysis.graph import amount_text, names, shown
from vchain.findings import ANALYSIS_KINDS, SEVERITIES

if TYPE_CHECKING:
    from vchain.analysis.flow import FlowSummary
    from vchain.findings import Finding

Segment = tuple[str, str]
Line = list[Segment]
HEADINGS = {"gap": "Gaps", "bottleneck": "Bottlenecks", "underutilized": "Underutilized resources"}


def numbers_lines(summary: FlowSummary, indent: str = "  ") -> list[Line]:
    """The numbers every analysis starts from, in the demand unit, with their arithmetic."""
    unit = summary.unit
    a = shown
    lines: list[Line] = []
    if not summary.bounded and not summary.relief_steps:
        where = names(summary.unbounded)
        now = (
            f"; {a(summary.delivered_now)} delivered now"
            if summary.delivered_now is not None
            else ""
        )
        head = f"wanted {a(summary.wanted)} {unit}; no capacity in {unit} on the product path"
        if len(summary.unbounded) < len(summary.buyers):
            head += f" to {where}"
        lines.append([(f"{indent}Demand: ", "bold"), (head + now, "")])
        if summary.delivered_now is not None:
            done = a(summary.delivered_now)
            unmet = f"unmet now {a(summary.unmet_now)} ({a(summary.wanted)} - {done})"
            lines.append([(f"{indent}  ", ""), (unmet, "")])
        return lines
    now = (
        f"delivered now {a(summary.delivered_now)}"
        if summary.delivered_now is not None
        else "delivered now not stated"
    )
    if summary.shortfall == 0 and not summary.blocked and summary.bounded:
        text = f"wanted {a(summary.wanted)} {unit}: the chain can deliver all of it; {now}"
        return [[(f"{indent}Demand: ", "bold"), (text, "green")]]
    first = f"wanted {a(summary.wanted)} {unit}, deliverable {a(summary.deliverable)}, {now}"
    lines.append([(f"{indent}Demand: ", "bold"), (first, "")])
    second = (
        f"capacity shortfall {a(summary.shortfall)} ({a(summary.wanted)} - "
        f"{a(summary.deliverable)})"
    )
    if summary.delivered_now is not None:
        second += (
            f", blocked {a(summary.blocked)} (capacity there, not delivered), "
            f"unmet now {a(summary.unmet_now)}"
        )
    lines.append([(f"{indent}  ", ""), (second, "")])
    if summary.unknown and summary.delivered_now is not None:
        lines.append(
            [(f"{indent}  ", ""), (f"nothing says what {names(summary.unknown)} get now", "dim")]
        )
    if summary.unbounded:
        text = f"no capacity in {unit} on some product path to {names(summary.unbounded)}"
        lines.append([(f"{indent}  ", ""), (text, "dim")])
    return lines


def cascade_lines(summary: FlowSummary, indent: str = "  ") -> list[Line]:
    """What binds, in order, until demand is met or nothing more constrains it."""
    if not summary.steps:
        if summary.shortfall and summary.bounded:
            return [[(f"{indent}What binds: ", "bold"), ("nothing that relief would raise", "")]]
        return []
    lines: list[Line] = [[(f"{indent}What binds, in order:", "bold")]]
    for i, step in enumerate(summary.steps, start=1):
        after = amount_text(step.after)
        if step.kind == "fill":
            what = f"fill the gaps ({names(step.names, 10)}): then {after}"
        elif step.filled:
            gaps = names(step.filled)
            what = f"{names(step.names, 10)}, with the gaps filled ({gaps}): then {after}"
        else:
            what = f"{names(step.names, 10)}: then {after}"
        if i == len(summary.steps):
            what += ", demand met" if summary.met else ", and nothing more binds"
        lines.append([(f"{indent}  {i}. ", "dim"), (what, "")])
    scale = summary.scale
    if scale is not None and scale.binding:
        steps = "; then ".join(names(b, 6) for b in scale.binding)
        head = f"{indent}At {amount_text(scale.k)}× demand ({amount_text(scale.wanted)} wanted): "
        lines.append([(head, "bold"), (steps, "")])
    if summary.other_units:
        left_out = f"demand of {names(summary.other_units)} (in other units)"
        lines.append([(f"{indent}Left out: ", "dim"), (left_out, "")])
    return lines


def flow_lines(summary: FlowSummary) -> list[Line]:
    """The numbers, then what binds and what binds next."""
    return numbers_lines(summary) + cascade_lines(summary)


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
