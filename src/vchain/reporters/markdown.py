"""``--format markdown``: a table for a pull-request comment or a step summary."""

from __future__ import annotations

from vchain.findings import Report

ICON = {"error": "❌ error", "warning": "⚠️ warning", "info": "ℹ️ info"}


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell (and inert as HTML)."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("|", "\\|")
        .replace("\r", " ")
        .replace("\n", " ")
    )


class MarkdownReporter:
    def render(self, report: Report, *, color: bool = False) -> str:
        summary = report.summary()
        files = len(report.files)
        lines = [
            f"### vchain {report.command}",
            "",
            (
                f"{summary['error']} errors, {summary['warning']} warnings, "
                f"{summary['info']} info in {files} file{'s' if files != 1 else ''}."
            ),
            "",
        ]
        findings = report.findings
        if findings:
            lines += ["| | Where | Rule | Kind | Message |", "|---|---|---|---|---|"]
            for f in findings:
                message = f.message + (f" — {f.hint}" if f.hint else "")
                lines.append(
                    f"| {ICON[f.severity]} | `{cell(f.file)}:{f.line}:{f.column}` | {f.rule} "
                    f"| {f.kind} | {cell(message)} |"
                )
        else:
            lines.append("No findings.")
        return "\n".join(lines) + "\n"
