"""`vchain check`: validate + analyze under a policy, for CI."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vchain.cli.common import (
    ChainsArgument,
    FailOn,
    FindingFormat,
    FormatOption,
    OutputOption,
    UsageProblem,
    chatter,
    emit_findings,
    in_github_actions,
    resolve_inputs,
    sources_of,
    write_output,
)

if TYPE_CHECKING:
    from vchain.check.run import CheckOutcome


def check(
    paths: ChainsArgument = None,
    *,
    fmt: FormatOption = FindingFormat.text,
    output: OutputOption = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a finding is at or above this severity ('never': always 0). "
            "Default: the policy's fail_on, else error.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    policy: Annotated[
        Path | None,
        typer.Option(
            "--policy",
            help="Use this policy file instead of the nearest .vchain.yaml.",
            show_default=False,
        ),
    ] = None,
    no_policy: Annotated[
        bool, typer.Option("--no-policy", help="Ignore any .vchain.yaml.")
    ] = False,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="Report and fail only on findings that are not in this baseline file.",
            show_default=False,
        ),
    ] = None,
    write_baseline: Annotated[
        bool,
        typer.Option(
            "--write-baseline",
            help="Save the current findings to the --baseline file (and exit 0).",
        ),
    ] = False,
) -> None:
    """Validate and analyze chain files under the team's policy: the command for CI.

    Runs the file rules of `validate` and the analysis of `analyze`, then applies the
    nearest .vchain.yaml (severity per rule, rules switched off, per-file overrides),
    `# vchain: ignore RULE` comments in the chain file, and --baseline. Under GitHub
    Actions it also writes annotations and a Markdown step summary.

    Exit 0 when nothing is at or above --fail-on, 1 when something is, 2 when a file
    cannot be read or parsed as YAML (or the policy or baseline cannot be used).
    """
    from vchain.check.baseline import BaselineError
    from vchain.check.policy import PolicyError
    from vchain.check.run import CheckOptions, run_check

    if write_baseline and baseline is None:
        raise UsageProblem("--write-baseline needs --baseline FILE: where to write it")
    options = CheckOptions(policy, not no_policy, baseline, write_baseline)
    try:
        outcome = run_check(resolve_inputs(paths), options)
    except (PolicyError, BaselineError) as exc:
        raise UsageProblem(str(exc)) from None
    threshold = fail_on.value if fail_on is not None else None
    _emit(outcome, fmt, output, threshold)
    if in_github_actions():
        _step_summary(outcome)
    raise typer.Exit(outcome.exit_code(threshold))


def _emit(
    outcome: CheckOutcome, fmt: FindingFormat, output: Path | None, fail_on: str | None
) -> None:
    report = outcome.report
    sources = sources_of(c.doc for c in outcome.files)
    emit_findings(report, fmt, output, fail_on=outcome.threshold(fail_on), sources=sources)
    if in_github_actions() and output is not None:
        from vchain.reporters import get_reporter  # text to standard output has them

        write_output(get_reporter("github").render(report), None)
    for note in outcome.notes:
        chatter(note)
    if outcome.baseline_written is not None:
        chatter(f"wrote {outcome.baseline_written} findings to the baseline")
    if outcome.suppressed or outcome.baselined:
        chatter(
            f"not reported: {outcome.suppressed} suppressed by comments, "
            f"{outcome.baselined} in the baseline"
        )


def _step_summary(outcome: CheckOutcome) -> None:
    """Append the Markdown report to the file GitHub names for the job summary.

    The summary is a courtesy: when it cannot be written, a warning says so and the
    check's own verdict (its exit code and report) stands.
    """
    from vchain.cli.output import OutputFailed, append_file
    from vchain.reporters import get_reporter

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    text = get_reporter("markdown").render(outcome.report)
    if outcome.suppressed or outcome.baselined:
        text += (
            f"\n{outcome.suppressed} findings suppressed by comments, "
            f"{outcome.baselined} accepted in the baseline.\n"
        )
    try:
        append_file(text + "\n", target)
    except OutputFailed as exc:
        chatter(f"vchain: warning: no job summary: {exc}")
