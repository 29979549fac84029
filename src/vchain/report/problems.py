"""The report of a chain file that cannot be analyzed yet: its problems, in the format
asked for, so that the output is never empty (`cli-contract.md`: a machine format is
written whatever the findings; a file with errors gets its errors in that format).

The page (or the Markdown) says that the report cannot be made until the errors are
fixed, and lists every problem with its place, as `vchain validate` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vchain.reporters.markdown import MarkdownReporter, cell, code
from vchain.safetext import visible

if TYPE_CHECKING:
    from vchain.findings import Report
    from vchain.loading.loader import ChainDocument


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _title(doc: ChainDocument) -> str:
    """The chain's name, else (none, or the salvaged model of a file with errors has none)
    the file's path."""
    name = getattr(doc.chain.chain, "name", None) if doc.chain is not None else None
    if isinstance(name, str) and name.strip():
        return " ".join(name.split())
    return doc.path


def lead(doc: ChainDocument, report: Report) -> str:
    """The sentence that heads the page: why there is no report."""
    errors = report.summary()["error"]
    if not doc.readable:
        return f"The report cannot be made yet: {doc.path} cannot be read as a chain file."
    return f"The report cannot be made yet: {doc.path} has {_count(errors, 'error')} to fix first."


def how() -> str:
    return "Every problem is listed below, with the line and column it stands on; fix them, "


def problems_markdown(doc: ChainDocument, report: Report) -> str:
    head = f"# {cell(_title(doc))}: value chain report"
    again = f"then make the report again ({code('vchain validate ' + doc.path)} checks the file)."
    return "\n".join(
        [
            head,
            "",
            f"{cell(lead(doc, report))} {how()}{again}",
            "",
            MarkdownReporter().render(report),
        ]
    )


def problems_html(doc: ChainDocument, report: Report, *, version: str) -> str:
    from markupsafe import Markup

    from vchain.report.html import environment, policy, static

    css = static("report.css")
    template = environment().get_template("problems.html.j2")
    return str(
        template.render(
            title=visible(_title(doc)),
            lead=lead(doc, report),
            findings=report.findings,
            file=doc.path,
            css=Markup(css),  # noqa: S704 - the package's own stylesheet, hashed by the CSP
            csp=policy(css, None),
            version=version,
        )
    )
