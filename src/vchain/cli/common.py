"""What every command shares: finding chain files, options, writing output, exit codes."""

from __future__ import annotations

import contextlib
import enum
import glob
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from vchain.cli.output import OutputFailed, reading, write_output
from vchain.safetext import no_commands, visible

if TYPE_CHECKING:
    from fractions import Fraction

    from vchain.findings import Report
    from vchain.loading.loader import ChainDocument

__all__ = ["OutputFailed", "reading", "write_output"]  # the output module's, for every command

SKIP_DIRS = frozenset({".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", ".tox"})


class UsageProblem(Exception):  # noqa: N818 - a user's problem, not a bug
    """The command cannot run as asked (exit 2); the message says why."""


class FailOn(enum.StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class FindingFormat(enum.StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"
    markdown = "markdown"


ChainArgument = Annotated[
    str | None,
    typer.Argument(
        help="The chain file. Default: chain.yaml here, else the only *.chain.yaml.",
        show_default=False,
    ),
]
ChainsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Chain files, folders (searched for *.chain.yaml and chain.yaml) or globs. "
        "Default: chain.yaml here, else the only *.chain.yaml.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    FindingFormat,
    typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
]


def output_path(value: str) -> Path:
    """``--output``: a file name; one ending in a slash names a folder (a usage error)."""
    if value.endswith(("/", os.sep)):
        raise typer.BadParameter(f"{visible(value)} names a folder; give the name of a file")
    return Path(value)


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of standard output.",
        parser=output_path,
        show_default=False,
    ),
]


def scale_of(value: str | None) -> Fraction | None:
    """``--scale 2``, ``--scale 1.5``: a positive number (up to 1000, at most 6 decimals)."""
    if value is None:
        return None
    from fractions import Fraction

    text = value.strip()
    try:
        k = Fraction(text) if "/" not in text else None
    except (ValueError, ZeroDivisionError):
        k = None
    if k is None or k <= 0 or k > 1000 or k.denominator > 10**6:
        raise UsageProblem(f"--scale {value}: K is a number above 0 and up to 1000, like 2 or 1.5")
    return k


def assumptions(doc: ChainDocument, values: Iterable[str] | None) -> list[str]:
    """``--assume ID[=QUANTITY]``, the quantity with or without the chain's demand unit
    (``grower-capacity=5000 cans/yr`` is ``grower-capacity=5000`` where demand is in
    cans/yr); a quantity in another unit is a usage problem that names the right one."""
    out = []
    for value in values or ():
        name, sep, amount = value.partition("=")
        words = amount.split()
        if not sep or len(words) < 2:
            out.append(value)
            continue
        out.append(f"{name}={words[0]}")
        given = " ".join(words[1:])
        unit = _demand_unit(doc)
        if unit is None:
            raise UsageProblem(
                f"--assume {visible(value)}: no buyer states its demand, so the quantity has "
                "no unit to be in; give it as a number, or state the demand first"
            )
        if given != " ".join(unit.split()):
            raise UsageProblem(
                f"--assume {visible(value)}: the quantity is counted in the demand unit, "
                f"{visible(unit)}, not {visible(given)}; give it in {visible(unit)} "
                f"(--assume {visible(name)}=AMOUNT {visible(unit)}, or a bare number)"
            )
    return out


def _demand_unit(doc: ChainDocument) -> str | None:
    from vchain.analysis.graph import demand_unit

    return demand_unit(doc.chain) if doc.chain is not None else None


ScaleOption = Annotated[
    str | None,
    typer.Option(
        "--scale",
        help="What binds when every demand is K times as large (default 2).",
        metavar="K",
        show_default=False,
    ),
]
FailOnOption = Annotated[
    FailOn,
    typer.Option(
        "--fail-on",
        help="Exit 1 when a finding is at or above this severity ('never': always 0).",
        case_sensitive=False,
    ),
]


# -- finding chain files ---------------------------------------------------------------


def _is_chain_name(path: Path) -> bool:
    return path.name == "chain.yaml" or path.name.endswith(".chain.yaml")


def discover_default(folder: Path | None = None) -> Path:
    """``chain.yaml`` in the folder, else its only ``*.chain.yaml``; else a usage problem."""
    here = folder or Path.cwd()
    plain = here / "chain.yaml"
    if plain.is_file():
        return Path("chain.yaml") if folder is None else plain
    found = sorted(p.name for p in here.glob("*.chain.yaml") if p.is_file())
    if len(found) == 1:
        return Path(found[0]) if folder is None else here / found[0]
    if not found:
        raise UsageProblem(
            f"no chain file given, and none found in {here}: looked for chain.yaml and "
            "*.chain.yaml (create one with `vchain init`)"
        )
    raise UsageProblem(
        f"no chain file given, and {len(found)} found in {here}: {', '.join(found)}; "
        "name the one to use"
    )


def _walk_folder(folder: Path) -> list[Path]:
    out: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        out.extend(Path(root) / name for name in sorted(files) if _is_chain_name(Path(name)))
    return out


def resolve_inputs(paths: Iterable[str] | None) -> list[Path]:
    """Files, folders (searched for chain files) and globs, in order, without repeats."""
    given = list(paths or [])
    if not given:
        found = [discover_default()]
        reading(found)
        return found
    out: list[Path] = []
    for text in given:
        path = Path(text)
        if path.is_dir():
            found = _walk_folder(path)
            if not found:
                raise UsageProblem(f"{text}: no chain files (*.chain.yaml, chain.yaml) in it")
            out.extend(found)
        elif path.exists() or not glob.has_magic(text):
            out.append(path)  # a missing file is reported as unreadable, with exit 2
        else:
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                raise UsageProblem(f"{text}: no file matches")
            out.extend(Path(m) for m in matches if Path(m).is_file())
    seen: set[str] = set()
    unique: list[Path] = []
    for p in out:
        key = os.path.normpath(p)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    reading(unique)
    return unique


def resolve_one(path: str | None) -> Path:
    chosen = discover_default() if path is None else Path(path)
    reading([chosen])
    return chosen


# -- loading ---------------------------------------------------------------------------


def load_checked(path: Path) -> ChainDocument:
    """Read a chain file and run the file rules (validate's work)."""
    from vchain.loading.loader import load_document
    from vchain.rules.registry import check_document

    reading([path])
    doc = load_document(path)
    if doc.chain is not None:
        check_document(doc)
    return doc


def require_chain(
    doc: ChainDocument,
    fmt: str = "text",
    output: Path | None = None,
    *,
    command: str = "analyze",
    fail_on: str = "error",
) -> None:
    """Stop with the file's problems where it cannot be analyzed (no chain, or errors).

    In a machine format (``fmt`` other than text) the problems are the command's output,
    in that format, so that CI always gets a report; the text view goes to standard
    error.  `leverage`'s JSON keeps its own shape, with no leverage points.
    """
    if not blocked(doc):
        return
    report = file_report(doc, command)
    code = problems_exit(doc)
    if fmt == "text":
        emit_findings(report, FindingFormat.text, None, stream=sys.stderr)
    elif command == "leverage" and fmt == "json":
        write_output(_unranked(doc, report), output)
    else:
        emit_findings(report, FindingFormat(fmt), output, fail_on=fail_on)
    chatter(f"{doc.path}: fix these problems first (`vchain validate {doc.path}`)")
    raise typer.Exit(code)


def blocked(doc: ChainDocument) -> bool:
    """Whether the file cannot be analyzed: unreadable, no chain, or errors of its schema
    or references (the WealthWorks rules' errors do not stop the analysis)."""
    errors = [f for f in doc.findings if f.severity == "error" and f.kind != "rule"]
    return doc.chain is None or not doc.readable or bool(errors)


def problems_exit(doc: ChainDocument) -> int:
    """The exit code of a command stopped by the file's problems: 2 unreadable, else 1."""
    return 2 if not doc.readable else 1


def file_report(doc: ChainDocument, command: str) -> Report:
    """The findings of one file, as `vchain validate` reports them."""
    from vchain.findings import FileResult, Report

    return Report(files=[FileResult(doc.path, doc.findings, doc.readable)], command=command)


def _unranked(doc: ChainDocument, report: Report) -> str:
    """`leverage --format json` for a file that cannot be ranked: its findings only."""
    from vchain.reporters.json_format import dumps, report_data

    data = report_data(report)
    return dumps({"vchain": data.pop("vchain"), "file": doc.path, "leverage_points": [], **data})


# -- output ------------------------------------------------------------------------------


def use_color(stream: Any) -> bool:
    """Colour only on a terminal; NO_COLOR turns it off and FORCE_COLOR on."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def emit_findings(
    report: Report,
    fmt: FindingFormat,
    output: Path | None,
    *,
    fail_on: str = "error",
    stream: Any = None,
    sources: dict[str, list[str]] | None = None,
) -> None:
    """Render a findings report in the chosen format and write it."""
    from vchain.reporters import get_reporter

    target = sys.stdout if stream is None else stream
    if fmt is FindingFormat.text:
        reporter = get_reporter("text", sources=sources or {})
        text = reporter.render(report, color=output is None and use_color(target))
        write_output(text, output, stream=target, human=True)
        if in_github_actions() and output is None:
            write_output(get_reporter("github").render(report), None, stream=target)
        return
    if fmt is FindingFormat.junit:
        text = get_reporter("junit", fail_on=fail_on).render(report)
    else:
        text = get_reporter(fmt.value).render(report)
    write_output(text, output, stream=target)


def sources_of(docs: Iterable[ChainDocument]) -> dict[str, list[str]]:
    """Each file's lines (as its positions count them), for excerpts under findings."""
    from vchain.loading.positions import source_lines

    return {d.path: source_lines(d.text) for d in docs if d.text is not None}


def chatter(message: str) -> None:
    """Progress and remarks go to standard error, never into machine output.

    A message is one line, with any path or name in it shown safely; a standard error
    that is closed or gone loses the remark, never the command's result.
    """
    stream = sys.stderr
    if stream is None:
        return
    with contextlib.suppress(OSError, ValueError):
        stream.write(no_commands(visible(message)) + "\n")
        stream.flush()
