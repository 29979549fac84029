"""`vchain import`: a chain file from a Kumu map, or from vchain's own xlsx or csv export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vchain.cli.common import UsageProblem, chatter, write_output

STDOUT = "-"
YAML_SUFFIXES = (".yaml", ".yml")


def import_command(
    source: Annotated[
        str,
        typer.Argument(
            help="A Kumu JSON blueprint (.json), a Kumu or vchain workbook (.xlsx), a Kumu "
            "csv file, or a folder of csv files (Kumu's, or vchain's own export); '-' reads "
            "standard input (what it is, from its bytes).",
            show_default=False,
        ),
    ],
    *,
    out: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            help="The chain file to write (.yaml), or '-' for standard output.",
            show_default=False,
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    types: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            metavar="KUMU_TYPE=ROLE",
            help="What a Kumu element type is: demand, transactional, support, function, "
            "resource, unused (an unused by-product) or ignore. Repeat for each type; "
            '"=support" maps elements with no type.',
            show_default=False,
        ),
    ] = None,
    kinds: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            metavar="KUMU_TYPE=KIND",
            help="What a Kumu connection type is: product, money, information, service, "
            "by-product, supports, performs, owner, used_by, could_serve or ignore. Repeat "
            "for each type.",
            show_default=False,
        ),
    ] = None,
    coordinator: Annotated[
        str | None,
        typer.Option(
            "--coordinator",
            metavar="ID",
            help="The partner that weaves the chain (its id or its Kumu label); "
            "default: the one the map marks, else a guess the file's header names.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Make a chain file from a Kumu map or from a vchain workbook or csv folder.

    vchain's own xlsx and csv exports come back losslessly. A Kumu map's element types
    become partner types ("Demand Partner", "support", ... by their names; others with
    --type), its connection types flow kinds ("Money flow", ... or --kind), its labels
    ids (the label stays the name), and every field with no place in the format goes to
    notes. The file's header says what it came from and what was guessed. The result
    passes `vchain fmt --check`; an existing file is replaced only with --force, and
    the source never. A source that is not a whole, consistent vchain export (a csv
    file missing, a flow to a partner that is not there) is refused with its places.

    Exit 0 when written, 2 when the source cannot be read or mapped (nothing is written).
    """
    from vchain.bridges.importing import Options
    from vchain.bridges.mapping import parse_pairs
    from vchain.bridges.problems import BridgeError
    from vchain.bridges.run import import_source
    from vchain.bridges.yamlout import write_chain

    _check_target(source, out)
    try:
        options = Options(
            types=parse_pairs(types or [], "--type"),
            kinds=parse_pairs(kinds or [], "--kind"),
            coordinator=coordinator,
        )
        result = import_source(source, out, options)
        if out != STDOUT:
            write_chain(Path(out), result.text, force=force)
    except BridgeError as exc:
        raise UsageProblem(exc.text()) from None
    if out == STDOUT:
        write_output(result.text, None)
    for remark in result.remarks:
        chatter(f"note: {remark}")
    where = "standard output" if out == STDOUT else out
    chatter(f"{where} written from {result.summary}")
    chatter(_validation_summary(result.text, "-" if out == STDOUT else out))


def _check_target(source: str, out: str) -> None:
    """-o names a YAML file that is not the source itself (--force or not), or '-'."""
    from vchain.bridges.source import same_file

    if out == STDOUT:
        return
    suffix = Path(out).suffix.lower()
    if suffix and suffix not in YAML_SUFFIXES:
        raise UsageProblem(
            f"-o {out}: import writes a chain file, which is YAML; name it .yaml "
            "(chain.yaml, or NAME.chain.yaml), or give -o - for standard output"
        )
    if source != "-" and Path(source).exists() and Path(out).exists() and same_file(source, out):
        raise UsageProblem(
            f"-o {out} is the file being imported ({source}): vchain never writes over "
            "its source, not even with --force; choose another name"
        )


def _validation_summary(text: str, shown: str) -> str:
    from vchain.loading.loader import load_document
    from vchain.rules.registry import check_document

    doc = load_document(shown, text=text, display=shown)
    check_document(doc)
    errors = sum(1 for f in doc.findings if f.severity == "error")
    warnings = sum(1 for f in doc.findings if f.severity == "warning")
    told = f"{_count(errors, 'error')}, {_count(warnings, 'warning')}"
    if shown == STDOUT:
        return f"vchain validate, on the chain written: {told}"
    command = f"vchain validate {shown}"
    return f"{command}: {told}" + (f" (see them with `{command}`)" if errors or warnings else "")


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
