"""`vchain diff`: what changed between two versions of a chain, in partners' words."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vchain.cli.common import (
    FindingFormat,
    OutputOption,
    UsageProblem,
    chatter,
    emit_findings,
    reading,
    resolve_one,
    write_output,
)

if TYPE_CHECKING:
    from vchain.check.policy import Policy
    from vchain.diff.revisions import Side


class DiffFormat(enum.StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class Severity(enum.StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


def diff(
    old: Annotated[
        str | None,
        typer.Argument(
            help="The old version: a file, or REV:PATH (PATH from the current folder, as "
            "git's REV:./PATH; :PATH is the staged version).",
            show_default=False,
        ),
    ] = None,
    new: Annotated[
        str | None,
        typer.Argument(help="The new version: a file, or REV:PATH.", show_default=False),
    ] = None,
    *,
    git_revision: Annotated[
        str | None,
        typer.Option(
            "--git",
            metavar="REV",
            help="Compare FILE (the one argument, default chain.yaml) in the working copy "
            "with the same file at REV.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        DiffFormat,
        typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
    ] = DiffFormat.text,
    output: OutputOption = None,
    allow_missing: Annotated[
        bool,
        typer.Option(
            "--allow-missing",
            help="A side that does not exist (a file added or removed since REV) is compared "
            "as an empty chain, instead of exit 2.",
        ),
    ] = False,
    fail_on_new: Annotated[
        Severity | None,
        typer.Option(
            "--fail-on-new",
            help="Exit 1 when the new version introduces a finding at or above this severity.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Explain what changed between two versions of a chain file.

    Partners, functions, flows, opportunities and investments added, removed and
    changed (field by field); findings introduced and resolved; moves in the leverage
    ranking; and the change in the demand the chain can meet, in plain words.

    Each side is a file or REV:PATH: `vchain diff main:chain.yaml chain.yaml`, or
    `vchain diff --git HEAD~1` for the working copy against a revision. PATH is relative
    to the current folder (git's REV:./PATH). A side that does not exist is exit 2, or,
    with --allow-missing, an empty chain (everything added, or removed).

    Exit 0, or 1 with --fail-on-new when a finding at or above it is introduced, 2 for a
    bad revision, a missing side or a file that cannot be read.
    """
    from vchain.check.policy import PolicyError
    from vchain.diff.compare import compare
    from vchain.diff.comparison import SideUnreadable
    from vchain.diff.render import RENDERERS
    from vchain.diff.revisions import RevisionError

    try:
        before, after = _sides(old, new, git_revision, allow_missing=allow_missing)
        reading(Path(s.path) for s in (before, after) if s.revision is None)
        comparison = compare(before, after, _policy(after))
    except (RevisionError, PolicyError) as exc:
        raise UsageProblem(str(exc)) from None
    except SideUnreadable as exc:
        _unreadable(exc)
        raise typer.Exit(2) from None
    write_output(RENDERERS[fmt.value](comparison), output, human=fmt is DiffFormat.text)
    if fmt is not DiffFormat.text or output is not None:
        for note in comparison.notes:
            chatter(f"note: {note}")
    failing = fail_on_new is not None and comparison.fails(fail_on_new.value)
    raise typer.Exit(1 if failing else 0)


def _sides(
    old: str | None, new: str | None, revision: str | None, *, allow_missing: bool
) -> tuple[Side, Side]:
    from vchain.diff.revisions import read_side, working_copy_pair

    if revision is not None:
        if new is not None:
            raise UsageProblem("with --git REV, give at most one FILE (the working copy)")
        pair = working_copy_pair(revision, resolve_one(old), allow_missing=allow_missing)
    elif old is None or new is None:
        raise UsageProblem(
            "give OLD and NEW (files or REV:PATH), or --git REV [FILE]; "
            "for example `vchain diff HEAD~1:chain.yaml chain.yaml`"
        )
    else:
        pair = (
            read_side(old, allow_missing=allow_missing),
            read_side(new, allow_missing=allow_missing),
        )
    if not (pair[0].exists or pair[1].exists):
        raise UsageProblem(f"neither {pair[0].spec} nor {pair[1].spec} exists")
    return pair


def _policy(side: Side) -> Policy:
    from vchain.check.policy import PolicyCache

    path = Path(side.location or side.path)
    return PolicyCache().for_file(path if path.parent.exists() else Path("chain.yaml"))


def _unreadable(exc: Exception) -> None:
    from vchain.diff.comparison import SideUnreadable
    from vchain.findings import FileResult, Report

    assert isinstance(exc, SideUnreadable)
    report = Report(files=[FileResult(exc.side.path, exc.findings, readable=False)])
    emit_findings(report, FindingFormat.text, None, stream=sys.stderr)
    chatter(f"vchain: {exc}")
