"""`vchain report`: everything a coordinator shares with partners, in one file."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from vchain.cli.common import (
    ChainArgument,
    FindingFormat,
    ScaleOption,
    UsageProblem,
    assumptions,
    blocked,
    chatter,
    file_report,
    load_checked,
    problems_exit,
    resolve_one,
    scale_of,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from fractions import Fraction

    from vchain.loading.loader import ChainDocument
    from vchain.report.data import ReportFacts

EXTENSIONS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}


class ReportFormat(enum.StrEnum):
    html = "html"
    markdown = "markdown"


def choose_format(output: Path | None, fmt: ReportFormat | None) -> str:
    """--format, else the extension of -o, else Markdown (to standard output)."""
    by_name = EXTENSIONS.get(output.suffix.lower()) if output is not None else None
    if fmt is not None and by_name is not None and by_name != fmt.value:
        raise UsageProblem(
            f"--format {fmt.value} does not match the extension of {output}; change one of them"
        )
    if fmt is not None:
        return fmt.value
    if by_name is not None:
        return by_name
    if output is None:
        return "markdown"
    raise UsageProblem(
        f"cannot tell the format from {output}: name it .html or .md, or give --format"
    )


def report(
    path: ChainArgument = None,
    *,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report here (.html or .md). Without it: Markdown to standard output.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="html (one self-contained page) or markdown; default from the extension.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    map_file: Annotated[
        str | None,
        typer.Option(
            "--map",
            help="Markdown: link this map file (made with `vchain map --out FILE`).",
            show_default=False,
        ),
    ] = None,
    scale: ScaleOption = None,
    assume: Annotated[
        list[str] | None,
        typer.Option(
            "--assume",
            "-a",
            help="ID[=QUANTITY]: treat an opportunity, leverage point or investment as "
            "addressed (repeatable); a quantity in the demand unit relieves it to that much.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write the report a coordinator brings to the partners' meeting.

    \b
    Sections: 1 the chain at a glance (with the numbers: wanted, deliverable, delivered
    now, shortfall, blocked demand, what binds, and at --scale times the demand),
    2 the map, 3 leverage points (each with its --explain), 4 gaps, bottlenecks and
    underutilized resources, 5 the wealth-building investment table, 6 the eight
    capitals scorecard, 7 indicators, 8 partner briefs ("What's in it for me?"),
    9 where the money goes.

    The HTML page works from a file, offline: no request leaves it.  Markdown holds
    sections 1 and 3-7 as tables.  Exit 0 when the report is written; 1 when the chain
    has errors to fix first (the report is then a page, or Markdown, listing them);
    2 for a usage problem or a file that cannot be read (its problems listed the same way).
    """
    from vchain.cli.signals import terminate_gracefully

    k = scale_of(scale)
    chosen = choose_format(output, fmt)
    with terminate_gracefully():  # SIGTERM ends Graphviz and leaves no temporary file
        doc = load_checked(resolve_one(path))
        if blocked(doc):
            _problems(doc, chosen, output)
        text, partners = _render(doc, chosen, k, assumptions(doc, assume), map_file)
        _write(text, output)
    if output is not None:
        chatter(f"Report on {partners} partner{'' if partners == 1 else 's'} written to {output}")


def _problems(doc: ChainDocument, chosen: str, output: Path | None) -> NoReturn:
    """A file that cannot be analyzed: its problems are the report (a page or Markdown
    that says so and lists them), the text view on standard error; exit 1 (2 when the
    file cannot be read at all)."""
    from vchain import __version__
    from vchain.cli.common import emit_findings
    from vchain.report.problems import problems_html, problems_markdown

    report = file_report(doc, "report")
    emit_findings(report, FindingFormat.text, None, stream=sys.stderr)
    if chosen == "html":
        _write(problems_html(doc, report, version=__version__), output)
    else:
        _write(problems_markdown(doc, report), output)
    where = f"{output} lists them" if output is not None else "the report lists them"
    chatter(f"{doc.path}: fix these problems first ({where}; `vchain validate {doc.path}`)")
    raise typer.Exit(problems_exit(doc))


def _render(
    doc: ChainDocument,
    chosen: str,
    scale: Fraction | None,
    assume: Sequence[str],
    map_file: str | None,
) -> tuple[str, int]:
    """The report's text, and how many partners it is about."""
    from vchain import __version__
    from vchain.report.facts import ReportProblem, gather

    try:
        facts = gather(doc, scale=scale, assume=assume)
    except ReportProblem as exc:
        raise UsageProblem(str(exc)) from None
    if chosen == "html":
        from vchain.report.html import render_html

        return render_html(facts, _map(doc, facts), version=__version__), len(facts.briefs)
    from vchain.report.markdown import render_markdown

    return render_markdown(facts, map_link=map_file, version=__version__), len(facts.briefs)


def _map(doc: ChainDocument, facts: ReportFacts) -> str | None:
    """The interactive map, or None when Graphviz is not installed (said on stderr)."""
    from vchain.render.output import DotMissing
    from vchain.report.mapsvg import report_map

    try:
        return report_map(doc, facts.points)
    except DotMissing:
        chatter("Graphviz's dot is not installed: the report has no map (apt-get install graphviz)")
        return None


def _write(text: str, target: Path | None) -> None:
    """The whole report (checked, to a file atomically), or exit 2 with why."""
    from vchain.cli.output import write_output

    write_output(text, target)
