"""``--format github``: GitHub Actions workflow commands, one annotation per finding."""

from __future__ import annotations

from vchain.findings import Finding, Report

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    title = _prop(f"{f.rule} {f.kind}")
    message = f.message + (f" ({f.hint})" if f.hint else "")
    return (
        f"::{LEVEL[f.severity]} file={_prop(f.file)},line={f.line},col={f.column},"
        f"title={title}::{_data(message)}"
    )


class GithubReporter:
    def render(self, report: Report, *, color: bool = False) -> str:
        return "".join(annotation(f) + "\n" for f in report.findings)
