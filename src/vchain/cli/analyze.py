"""`vchain analyze`: gaps, bottlenecks and underutilized resources, declared and detected."""

from __future__ import annotations

import enum
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from vchain.cli.common import (
    ChainArgument,
    FailOn,
    FailOnOption,
    FindingFormat,
    FormatOption,
    OutputOption,
    ScaleOption,
    emit_findings,
    in_github_actions,
    load_checked,
    require_chain,
    resolve_one,
    scale_of,
    sources_of,
    use_color,
    write_output,
)

if TYPE_CHECKING:
    from pathlib import Path

    from vchain.analysis.flow import FlowSummary
    from vchain.findings import Report
    from vchain.loading.loader import ChainDocument


class AnalysisKind(enum.StrEnum):
    gap = "gap"
    bottleneck = "bottleneck"
    underutilized = "underutilized"


def analyze(  # noqa: PLR0917 - typer reads the options from the signature
    path: ChainArgument = None,
    kinds: Annotated[
        list[AnalysisKind] | None,
        typer.Option(
            "--kind",
            "-k",
            help="Only this kind of finding (repeatable): gap, bottleneck, underutilized.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    scale: ScaleOption = None,
    fmt: FormatOption = FindingFormat.text,
    output: OutputOption = None,
    fail_on: FailOnOption = FailOn.error,
) -> None:
    """Find the gaps, bottlenecks and underutilized resources of a chain.

    Declared ones (partners wrote them under `opportunities`) and detected ones (found
    from the structure and numbers of the chain); a detected finding that matches a
    declared opportunity is reported once, with `related` naming it.  It starts from the
    numbers, in the demand unit: wanted, deliverable (the chain's capacity, a maximum
    flow), delivered now (the flows' amounts, the partners' outputs), the capacity
    shortfall, blocked demand (capacity there, not delivered) and unmet now; then what
    binds, in order, until demand is met, and what binds at K times the demand (--scale,
    default 2).  `vchain rules` documents each rule (VC100-VC115).

    Gaps and bottlenecks are warnings, underutilized resources info: exit 0 unless a
    finding is at or above --fail-on (1); 2 when the file cannot be read.
    """
    from vchain.analysis.context import Context
    from vchain.analysis.run import analyze_context
    from vchain.findings import FileResult, Report

    doc = load_checked(resolve_one(path))
    require_chain(doc, fmt.value, output, fail_on=fail_on.value)
    ctx = Context.of(doc, scale=scale_of(scale))
    chosen = [k.value for k in kinds] if kinds else [k.value for k in AnalysisKind]
    findings = [f for f in analyze_context(ctx) if f.kind in chosen]
    report = Report(files=[FileResult(doc.path, findings, doc.readable)], command="analyze")
    summary = ctx.summary
    report.extra["flow"] = summary.to_json() if summary is not None else None
    if fmt is FindingFormat.text:
        _emit_text(doc, report, summary, chosen, output)
    else:
        emit_findings(report, fmt, output, fail_on=fail_on.value)
    raise typer.Exit(report.exit_code(fail_on.value))


def _emit_text(
    doc: ChainDocument,
    report: Report,
    summary: FlowSummary | None,
    kinds: list[str],
    output: Path | None,
) -> None:
    """The grouped text view, with GitHub annotations under GitHub Actions."""
    from vchain.reporters import get_reporter
    from vchain.reporters.analysis_text import analysis_lines
    from vchain.reporters.text import TextReporter, render_segments

    reporter = TextReporter(sources=sources_of([doc]))
    lines = analysis_lines(report.findings, summary, reporter.finding_lines, kinds=kinds)
    text = render_segments(lines, color=output is None and use_color(sys.stdout))
    write_output(text, output, human=True)
    if in_github_actions() and output is None:
        write_output(get_reporter("github").render(report), None)
