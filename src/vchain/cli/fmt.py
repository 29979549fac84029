"""`vchain fmt`: canonical layout, comments kept; the only command that rewrites a chain file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vchain.cli.common import (
    FindingFormat,
    UsageProblem,
    chatter,
    emit_findings,
    resolve_inputs,
    write_output,
)

if TYPE_CHECKING:
    from vchain.fmt.formatter import Formatted


def fmt(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Chain files, folders (searched for *.chain.yaml and chain.yaml) or globs; "
            "'-' formats standard input to standard output. "
            "Default: chain.yaml here, else the only *.chain.yaml.",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Change nothing: print a unified diff of what would change and exit 1 "
            "if any file would change.",
        ),
    ] = False,
    upgrade: Annotated[
        bool,
        typer.Option(
            "--upgrade",
            help="Also migrate files to the current format (format 1 is current: "
            "nothing to migrate yet).",
        ),
    ] = False,
) -> None:
    """Rewrite chain files in the canonical layout, keeping every comment and value.

    Keys in the order of the format (top-level sections, then each element's keys),
    two-space indentation, sequences indented under their key, at most one blank line
    in a row, LF line breaks. A result is written only when it holds the same data and
    every comment, and formats to itself. Files are replaced atomically (an interrupted
    run leaves each file either as it was or fully formatted), keeping their
    permissions, owner, group and hard links; read-only files are refused.

    Exit 0 when done (or, with --check, when nothing would change), 1 when --check
    finds a file that would change, 2 when a file cannot be read as YAML or written.
    """
    from vchain.cli.signals import terminate_gracefully

    with terminate_gracefully():
        if paths == ["-"]:
            raise typer.Exit(_stdin(check=check, upgrade=upgrade))
        counts = {"changed": 0, "same": 0, "refused": 0}
        for path in resolve_inputs(paths):
            counts[_one(path, check=check, upgrade=upgrade)] += 1
        _summary(counts, check=check)
    if counts["refused"]:
        raise typer.Exit(2)
    raise typer.Exit(1 if check and counts["changed"] else 0)


def _one(path: Path, *, check: bool, upgrade: bool) -> str:
    from vchain.fmt.formatter import FormatRefused, format_file

    if not check:
        _tidy(path)
    try:
        result = format_file(path)
    except FormatRefused as exc:
        _refused(exc)
        return "refused"
    if upgrade and not _upgradable(result):
        return "refused"
    if not result.changed:
        return "same"
    notes = "".join(f"; {note}" for note in result.notes)
    if check:
        write_output(_shown(result.unified_diff()), None)
        chatter(f"would reformat {result.path}{notes}")
        return "changed"
    return "changed" if _write(path, result.path, result.text, notes) else "refused"


def _write(path: Path, shown: str, text: str, notes: str) -> bool:
    from vchain.fmt.atomic import atomic_write, unwritable

    reason = unwritable(path)
    if reason is not None:
        chatter(
            f"{shown}: not formatted: {reason} (make it writable to format it; "
            "`vchain fmt --check` shows what would change)"
        )
        return False
    try:
        atomic_write(path, text)
    except OSError as exc:
        chatter(f"{shown}: cannot write the file ({exc.strerror or exc}); it is unchanged")
        return False
    chatter(f"reformatted {shown}{notes}")
    return True


def _tidy(path: Path) -> None:
    """Remove what a run that was killed while writing ``path`` left next to it."""
    from vchain.fmt.atomic import remove_stale_temps

    for name in remove_stale_temps(path):
        chatter(f"removed {name}, left by an interrupted run of vchain fmt")


def _stdin(*, check: bool, upgrade: bool) -> int:
    from vchain.fmt.formatter import FormatRefused, format_bytes
    from vchain.loading.yamlfast import Limits

    if sys.stdin is None:
        raise UsageProblem("standard input is closed: pipe a chain file in (`vchain fmt - < FILE`)")
    try:
        data = sys.stdin.buffer.read(Limits().max_bytes + 1)
    except (OSError, ValueError, AttributeError) as exc:
        raise UsageProblem(f"cannot read standard input: {exc}") from None
    try:
        result = format_bytes(data, "<stdin>")
    except FormatRefused as exc:
        _refused(exc)
        return 2
    if upgrade and not _upgradable(result):
        return 2
    if check:
        write_output(_shown(result.unified_diff()), None)
        for note in result.notes:
            chatter(f"<stdin>: {note}")
        return 1 if result.changed else 0
    write_output(result.text, None)
    return 0


def _shown(diff: str) -> str:
    """The diff as it may be shown: the file's lines with control characters and bidi
    controls escaped, and no line that could start a workflow command."""
    from vchain.safetext import no_commands, visible_lines

    return no_commands(visible_lines(diff))


def _upgradable(result: Formatted) -> bool:
    from vchain.fmt.formatter import format_version
    from vchain.model import FORMAT_VERSION

    version = format_version(result.text)
    if version == FORMAT_VERSION:
        chatter(f"{result.path}: format {FORMAT_VERSION} is the current format; nothing to upgrade")
        return True
    chatter(
        f"{result.path}: cannot upgrade from format {version!r}: this vchain knows format "
        f"{FORMAT_VERSION} only (write `vchain: {FORMAT_VERSION}` if the file is format "
        f"{FORMAT_VERSION})"
    )
    return False


def _refused(exc: Exception) -> None:
    from vchain.findings import FileResult, Report
    from vchain.fmt.formatter import FormatRefused

    assert isinstance(exc, FormatRefused)
    path = exc.findings[0].file if exc.findings else "?"
    report = Report(files=[FileResult(path, exc.findings, readable=False)], command="fmt")
    emit_findings(report, FindingFormat.text, None, stream=sys.stderr)
    if exc.unreadable:
        chatter(f"{path}: not formatted: the file cannot be read as YAML")


def _summary(counts: dict[str, int], *, check: bool) -> None:
    def files(n: int) -> str:
        return f"{n} file{'s' if n != 1 else ''}"

    verb = "would be reformatted" if check else "reformatted"
    parts = [f"{files(counts['changed'])} {verb}", f"{files(counts['same'])} already formatted"]
    if counts["refused"]:
        parts.append(f"{files(counts['refused'])} could not be formatted")
    chatter(", ".join(parts) + ".")
