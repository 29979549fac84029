"""`vchain validate`: schema, references and WealthWorks rules; every problem."""

from __future__ import annotations

import typer

from vchain.cli.common import (
    ChainsArgument,
    FailOn,
    FailOnOption,
    FindingFormat,
    FormatOption,
    OutputOption,
    emit_findings,
    load_checked,
    resolve_inputs,
    sources_of,
)


def validate(
    paths: ChainsArgument = None,
    fmt: FormatOption = FindingFormat.text,
    output: OutputOption = None,
    fail_on: FailOnOption = FailOn.error,
) -> None:
    """Check chain files: schema, references and WealthWorks rules, every problem at once.

    Exit 0 when nothing is at or above --fail-on, 1 when something is, 2 when a file
    cannot be read or parsed as YAML.
    """
    from vchain.findings import FileResult, Report

    files = resolve_inputs(paths)
    report = Report(command="validate")
    docs = []
    for path in files:
        doc = load_checked(path)
        docs.append(doc)
        report.files.append(FileResult(doc.path, doc.findings, doc.readable))
    emit_findings(report, fmt, output, fail_on=fail_on.value, sources=sources_of(docs))
    raise typer.Exit(report.exit_code(fail_on.value))
