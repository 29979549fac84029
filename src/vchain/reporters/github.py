"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

Each annotation is one line that GitHub's runner reads as a command; everything in it
that comes from a file (the path, the message quoting names and keys) is escaped as the
runner expects (``%``, CR and LF in the message; also ``:`` and ``,`` in properties),
after :func:`vchain.safetext.visible` has made control characters, line breaks and the
legacy ``##[`` visible, so no text can end the line or start a command of its own.
"""

from __future__ import annotations

from vchain.findings import Finding, Report
from vchain.safetext import visible

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


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
