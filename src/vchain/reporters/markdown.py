"""``--format markdown``: a table for a pull-request comment or a step summary.

Text from a chain file (names, keys, messages that quote them) goes into comments that a
whole team reads, so it is made inert: :func:`cell` shows it as plain text that cannot
make a link, an image, a mention, an issue reference, HTML or a new table cell, and
:func:`code` shows an id or a path as inline code.
"""

from __future__ import annotations

import re

from vchain.findings import Report
from vchain.safetext import visible

ICON = {"error": "❌ error", "warning": "⚠️ warning", "info": "ℹ️ info"}

_ACTIVE = re.compile(
    r"[\\`*_\[\]<>!|~&@#]"  # escapes, code, emphasis, links, images, HTML, cells, mentions
    r"|:(?=//)"  # the colon of an autolink (http://...)
    r"|(?i:(?<=www)\.)"  # the dot of an autolink (www.example.org)
)
_BREAK = "&#8203;"
"""A zero-width space: after `@` it keeps `@team` from mentioning a team, and after `#`
it keeps `#12` from linking an issue and `# x` from making a heading (GitHub finds
mentions and references in the rendered text, where a backslash no longer stands)."""
_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "@": "@" + _BREAK, "#": "#" + _BREAK}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    return _ENTITY.get(ch) or "\\" + ch


def cell(text: str) -> str:
    """Text from a file shown as plain text in Markdown (also inside a table cell):
    on one line, every character that Markdown or GitHub would act on made literal."""
    return _ACTIVE.sub(_escape, visible(text))


def code(text: str) -> str:
    """An id, a key or a path as inline code (inert by nature), safe in a table cell."""
    shown = visible(text).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest or shown.startswith(" ") or shown.endswith(" ") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class MarkdownReporter:
    def render(self, report: Report, *, color: bool = False) -> str:
        summary = report.summary()
        files = len(report.files)
        lines = [
            f"### vchain {report.command}",
            "",
            (
                f"{_count(summary['error'], 'error')}, {_count(summary['warning'], 'warning')}, "
                f"{summary['info']} info in {_count(files, 'file')}."
            ),
            "",
        ]
        findings = report.findings
        if findings:
            lines += ["| | Where | Rule | Kind | Message |", "|---|---|---|---|---|"]
            for f in findings:
                message = f.message + (f" — {f.hint}" if f.hint else "")
                lines.append(
                    f"| {ICON[f.severity]} | {code(f'{f.file}:{f.line}:{f.column}')} "
                    f"| {f.rule} | {f.kind} | {cell(message)} |"
                )
        else:
            lines.append("No findings.")
        return "\n".join(lines) + "\n"
