"""`vchain export`: the chain in another tool's terms (Kumu, Excel, csv, GraphML, GEXF)."""

from __future__ import annotations

import enum
import sys
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from vchain.cli.common import (
    ChainArgument,
    FindingFormat,
    UsageProblem,
    blocked,
    chatter,
    emit_findings,
    file_report,
    load_checked,
    problems_exit,
    require_chain,
    resolve_one,
    write_output,
)

if TYPE_CHECKING:
    from vchain.loading.loader import ChainDocument


class ExportFormat(enum.StrEnum):
    kumu = "kumu"
    xlsx = "xlsx"
    csv = "csv"
    graphml = "graphml"
    gexf = "gexf"


def export(
    path: ChainArgument = None,
    *,
    out: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            help="Where to write: a file (.json for Kumu, .xlsx, .graphml, .gexf), a folder "
            "for csv, or '-' for standard output (kumu, graphml, gexf).",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="kumu, xlsx, csv, graphml or gexf; default: from the extension of -o.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    analysis: Annotated[
        bool,
        typer.Option(
            "--analysis/--no-analysis",
            help="Add the findings and leverage ranks (Kumu fields, read-only sheets, node "
            "attributes), or leave them out.",
        ),
    ] = True,
) -> None:
    """Write the chain in another tool's terms.

    kumu: a JSON blueprint to drop on a Kumu map (partners, functions and resources as
    elements; flows, supports and performs as connections; findings and leverage ranks
    as fields). xlsx: a workbook with one sheet per section, to edit in Excel or
    LibreOffice and bring back with `vchain import`, losslessly. csv: the same tables
    as files in the folder -o names. graphml, gexf: partners and flows as a network for
    Gephi and yEd.

    Exit 0 when written; 1 when the chain has errors to fix first: kumu, graphml and
    gexf then hold the problems instead (an empty blueprint with the findings as
    `vchain validate --format json` lists them; a network of the problems), xlsx and
    csv are not written; 2 for a usage problem or a file that cannot be read or written.
    """
    from vchain.bridges.problems import BridgeError
    from vchain.bridges.run import TEXT_FORMATS, choose_format, export_document

    chain_path = resolve_one(path)
    try:
        chosen = choose_format(out, fmt.value if fmt else None)
    except BridgeError as exc:
        raise UsageProblem(exc.text()) from None
    if out == "-" and chosen not in TEXT_FORMATS:
        raise UsageProblem(f"-o -: {chosen} is not text; give -o PATH")
    doc = load_checked(chain_path)
    if blocked(doc):
        _problems(doc, chosen, out)
    try:
        text = export_document(doc, chosen, out, analysis=analysis)
    except BridgeError as exc:
        raise UsageProblem(exc.text()) from None
    if text is not None:
        write_output(text, None)
        return
    assert doc.chain is not None
    count = len(doc.chain.partners)
    chatter(f"{count} partner{'' if count == 1 else 's'} exported as {chosen} to {out}")


def _problems(doc: ChainDocument, chosen: str, out: str) -> NoReturn:
    """A file that cannot be exported: the text formats get its problems instead of the
    chain (cli-contract: never an empty output), the others nothing; exit 1 (2 when the
    file cannot be read)."""
    from vchain.bridges.run import TEXT_FORMATS
    from vchain.bridges.unfit import problems_text

    if chosen not in TEXT_FORMATS:
        require_chain(doc)  # the problems on standard error, nothing written
    report = file_report(doc, "export")
    write_output(problems_text(chosen, report, doc.path), out)
    emit_findings(report, FindingFormat.text, None, stream=sys.stderr)
    where = "standard output" if out == "-" else out
    chatter(f"{doc.path}: not exported; fix these problems first ({where} lists them)")
    raise typer.Exit(problems_exit(doc))
