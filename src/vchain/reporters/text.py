"""``--format text``: like a compiler, with the offending line and a caret.

Colour only on a terminal (rich); ``NO_COLOR`` turns it off, ``FORCE_COLOR`` on.
"""

from __future__ import annotations

from vchain.findings import Finding, Report
from vchain.safetext import visible

Segment = tuple[str, str]
STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}


class TextReporter:
    def __init__(self, *, sources: dict[str, list[str]] | None = None) -> None:
        self.sources = sources or {}

    def render(self, report: Report, *, color: bool = False) -> str:
        lines: list[list[Segment]] = []
        for f in report.findings:
            lines.extend(self.finding_lines(f))
        lines.append(summary_line(report))
        return render_segments(lines, color=color)

    def finding_lines(self, f: Finding) -> list[list[Segment]]:
        head: list[Segment] = [
            (f"{f.file}:{f.line}:{f.column}: ", "bold"),
            (f.severity, STYLE[f.severity]),
            (f" {f.rule} ", "dim"),
            (f.message, ""),
        ]
        out = [head]
        source = self.sources.get(f.file)
        if source and 1 <= f.line <= len(source):
            text, caret = excerpt(source[f.line - 1], f.column)
            number = str(f.line)
            pad = " " * len(number)
            out.append([(f" {number} | ", "blue"), (text, "")])
            out.append([(f" {pad} | ", "blue"), (" " * caret + "^", STYLE[f.severity])])
        if f.hint:
            out.append([("   = hint: ", "cyan"), (f.hint, "")])
        return out


def excerpt(line: str, column: int) -> tuple[str, int]:
    """A line of the file as shown under a finding, and how far in its caret goes:
    tabs as one space, anything unsafe escaped (the caret moves past the escapes)."""
    line = line.rstrip("\r\n").expandtabs(1)
    before = line[: max(column - 1, 0)]
    text, caret = visible(line), len(visible(before)) + max(column - 1 - len(line), 0)
    if len(text) <= EXCERPT_WIDTH:
        return text, caret
    start = max(0, min(caret - EXCERPT_WIDTH // 3, len(text) - EXCERPT_WIDTH))
    end = start + EXCERPT_WIDTH
    shown = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    return shown, caret - start + (1 if start else 0)


EXCERPT_WIDTH = 120
"""The longest stretch of a line shown under a finding; longer lines are cut around the
caret, marked with "…"."""


def summary_line(report: Report) -> list[Segment]:
    counts = report.summary()
    files = len(report.files)
    where = f"{files} file{'s' if files != 1 else ''}"
    if not any(counts.values()):
        return [(f"No problems in {where}.", "bold green")]
    parts = [
        f"{counts['error']} error{'s' if counts['error'] != 1 else ''}",
        f"{counts['warning']} warning{'s' if counts['warning'] != 1 else ''}",
        f"{counts['info']} info",
    ]
    style = "bold red" if counts["error"] else "bold yellow"
    return [(", ".join(parts) + f" in {where}.", style)]


def render_segments(lines: list[list[Segment]], *, color: bool) -> str:
    """Plain text, or ANSI colour through rich when asked.

    Every segment is shown through :func:`visible`: a name, unit or text from a file
    inside any text view stays on its line and cannot move the cursor or issue a
    workflow command (a segment never holds a line break of its own).
    """
    lines = [[(visible(text), style) for text, style in line] for line in lines]
    if not color:
        return "".join("".join(text for text, _ in line) + "\n" for line in lines)
    from io import StringIO

    from rich.console import Console
    from rich.text import Text

    buffer = StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", width=10_000)
    for line in lines:
        text = Text(no_wrap=True)
        for part, style in line:
            text.append(part, style=style or None)
        console.print(text, soft_wrap=True, highlight=False)
    return buffer.getvalue()
