"""`vchain import`: a chain file from a Kumu map, or from vchain's own xlsx or csv export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vchain.cli.common import UsageProblem, chatter


def import_command(
    source: Annotated[
        str,
        typer.Argument(
            help="A Kumu JSON blueprint (.json), a Kumu or vchain workbook (.xlsx), a Kumu "
            "csv file, or a folder of csv files (Kumu's, or vchain's own export).",
            show_default=False,
        ),
    ],
    *,
    out: Annotated[
        Path,
        typer.Option("--output", "-o", help="The chain file to write.", show_default=False),
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
    passes `vchain fmt --check`; an existing file is replaced only with --force.

    Exit 0 when written, 2 when the source cannot be read or mapped (nothing is written).
    """
    from vchain.bridges.importing import Options
    from vchain.bridges.mapping import parse_pairs
    from vchain.bridges.problems import BridgeError
    from vchain.bridges.run import import_source
    from vchain.bridges.yamlout import write_chain

    try:
        options = Options(
            types=parse_pairs(types or [], "--type"),
            kinds=parse_pairs(kinds or [], "--kind"),
            coordinator=coordinator,
        )
        result = import_source(Path(source), out, options)
        write_chain(out, result.text, force=force)
    except BridgeError as exc:
        raise UsageProblem(exc.text()) from None
    for remark in result.remarks:
        chatter(f"note: {remark}")
    chatter(f"{out} written from {result.summary}")
    chatter(_validation_summary(out))


def _validation_summary(out: Path) -> str:
    from vchain.cli.common import load_checked

    doc = load_checked(out)
    counts = {s: sum(1 for f in doc.findings if f.severity == s) for s in ("error", "warning")}
    return f"vchain validate {out}: {counts['error']} errors, {counts['warning']} warnings" + (
        " (see them with `vchain validate`)" if any(counts.values()) else ""
    )
