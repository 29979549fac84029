"""The two sides of a diff: files, or `REV:PATH` revisions read with git.

`REV:PATH` reads PATH as it was at REV.  PATH is relative to the current folder, as
git's own `REV:./PATH` is (so `vchain diff HEAD~1:chain.yaml chain.yaml` means the same
file twice, from any folder of the repository); `..` is allowed within the repository.
An empty REV (`:PATH`) is the version in the index (what is staged).  A PATH that did not
exist at REV is an error (exit 2) that names the path tried, unless ``allow_missing``:
then that side is an empty chain, with a note.

Paths are shown with bytes that are not UTF-8 written as ``\\xNN``, so that a file name
from any file system reaches every output safely.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

GIT_TIMEOUT = 60


class RevisionError(Exception):
    """A revision or file that cannot be read (exit 2); the message says why."""


@dataclass
class Side:
    """One side of a comparison, as text (None: the file does not exist there)."""

    spec: str
    path: str
    text: str | None
    revision: str | None = None
    note: str | None = None
    location: str | None = None
    """The file in the working copy this side stands for (where its policy is found)."""

    @property
    def exists(self) -> bool:
        return self.text is not None


def shown(text: str) -> str:
    """A path or argument for messages and reports: undecodable bytes as ``\\xNN``."""
    from vchain.safetext import visible

    with contextlib.suppress(UnicodeError):  # a lone surrogate no file system made
        text = os.fsencode(text).decode("utf-8", "backslashreplace")
    return visible(text)


def git(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run git quietly (no pager, no prompts, untranslated messages)."""
    env = dict(os.environ, GIT_PAGER="cat", GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            env=env,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise RevisionError("git is not installed (or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise RevisionError(f"git {' '.join(args)} took longer than {GIT_TIMEOUT} s") from None


def _message(result: subprocess.CompletedProcess[bytes]) -> str:
    text = result.stderr.decode("utf-8", "replace").strip()
    return text.splitlines()[-1] if text else f"git exited with {result.returncode}"


def repo_root(folder: Path) -> Path:
    result = git(["rev-parse", "--show-toplevel"], cwd=folder)
    if result.returncode != 0:
        raise RevisionError(f"{shown(str(folder))} is not in a git repository: {_message(result)}")
    return Path(os.fsdecode(result.stdout.rstrip(b"\n")))


def verify_revision(revision: str, cwd: Path | None = None) -> None:
    """Stop with a RevisionError unless ``revision`` names a commit (or is the index)."""
    if revision == "":
        return  # the index
    if revision.startswith("-"):
        raise RevisionError(f"{shown(revision)!r} is not a revision")
    result = git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], cwd=cwd)
    if result.returncode != 0:
        raise RevisionError(f"unknown revision {shown(revision)!r}")


def show(revision: str, path: str, cwd: Path | None = None) -> bytes | None:
    """The bytes of the repository path PATH at REV; None if it did not exist there."""
    verify_revision(revision, cwd)
    name = f"{revision}:{path}"
    kind = git(["cat-file", "-t", name], cwd=cwd)
    if kind.returncode != 0:
        return None
    if kind.stdout.decode("ascii", "replace").strip() != "blob":
        raise RevisionError(f"{shown(name)} is a folder, not a chain file")
    content = git(["cat-file", "blob", name], cwd=cwd)
    if content.returncode != 0:  # pragma: no cover - it existed a moment ago
        raise RevisionError(f"cannot read {shown(name)}: {_message(content)}")
    return content.stdout


def split_spec(spec: str) -> tuple[str | None, str]:
    """(revision or None for a plain file, path) of an OLD or NEW argument."""
    if os.path.exists(spec) or ":" not in spec:
        return None, spec
    revision, _, path = spec.partition(":")
    if len(revision) == 1 and path.startswith(("\\", "/")):
        return None, spec  # a Windows drive letter
    if not path:
        raise RevisionError(f"{shown(spec)!r}: write REV:PATH, for example HEAD~1:chain.yaml")
    return revision, path


def in_repository(path: str, root: Path, cwd: Path) -> str:
    """A path given from the current folder (or absolute) as a path in the repository."""
    here = Path(os.path.realpath(cwd))
    full = os.path.normpath(os.path.join(here, path))
    relative = os.path.relpath(full, os.path.realpath(root))
    if relative == os.curdir:
        raise RevisionError(f"{shown(path)} is the repository itself, not a chain file")
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        raise RevisionError(f"{shown(path)} is outside the git repository at {shown(str(root))}")
    return Path(relative).as_posix()


def decode(data: bytes, display: str) -> str:
    """Bytes from git as text; a RevisionError for what the loader would refuse."""
    from vchain.loading.loader import ChainDocument, decode_text
    from vchain.loading.yamlfast import Limits

    doc = ChainDocument(path=display)
    if not data.strip():
        return ""
    text = decode_text(doc, data, Limits())
    if text is None:
        raise RevisionError(f"{display}: {doc.findings[0].message}")
    return text


def read_side(spec: str, cwd: Path | None = None, *, allow_missing: bool = False) -> Side:
    """A file or REV:PATH argument as a side of the comparison."""
    revision, path = split_spec(spec)
    if revision is None:
        return _file_side(path, allow_missing=allow_missing)
    here = cwd or Path.cwd()
    root = repo_root(here)
    verify_revision(revision, root)
    tree_path = in_repository(path, root, here)
    data = show(revision, tree_path, root)
    where = "the index" if revision == "" else shown(revision)
    display = shown(tree_path)
    location = str(root / tree_path)
    if data is None:
        if not allow_missing:
            raise RevisionError(_missing(revision, path, tree_path, root, here))
        note = f"{display} did not exist at {where}: compared as an empty chain"
        return Side(shown(spec), display, None, revision, note, location)
    return Side(shown(spec), display, decode(data, shown(spec)), revision, None, location)


def _missing(revision: str, path: str, tree_path: str, root: Path, here: Path) -> str:
    """Why a revision side is missing, with the path tried (and the way to write the one
    that exists, for a path written from the repository root)."""
    where = "in the index" if revision == "" else f"at {shown(revision)}"
    message = (
        f"{shown(tree_path)} does not exist {where} (looked for "
        f"{shown(revision)}:{shown(tree_path)}, the path from the repository root); "
        "give --allow-missing to compare against an empty chain"
    )
    from_root = Path(os.path.normpath(path)).as_posix()
    if from_root != tree_path and show(revision, from_root, root) is not None:
        relative = Path(os.path.relpath(root / from_root, os.path.realpath(here))).as_posix()
        message += (
            f". Paths are relative to the current folder: {shown(from_root)} from the "
            f"repository root is {shown(revision)}:{shown(relative)} here"
        )
    return message


def _file_side(path: str, *, allow_missing: bool) -> Side:
    file = Path(path)
    display = shown(file.as_posix())
    if file.is_dir():
        raise RevisionError(f"{display} is a folder, not a chain file")
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        if allow_missing:
            note = f"{display} does not exist: compared as an empty chain"
            return Side(display, display, None, None, note, path)
        raise RevisionError(
            f"{display}: no such file (for a file in git, write REV:PATH, e.g. HEAD:{display}; "
            "--allow-missing compares against an empty chain)"
        ) from None
    except OSError as exc:
        raise RevisionError(f"{display}: cannot read the file: {exc.strerror or exc}") from None
    return Side(display, display, decode(data, display), None, None, path)


def working_copy_pair(
    revision: str, file: Path, *, allow_missing: bool = False
) -> tuple[Side, Side]:
    """(FILE at REV, FILE in the working copy) for `vchain diff --git REV FILE`.

    The path at REV is FILE's path in the repository; where FILE did not exist at REV
    but git sees it as renamed since, its old path is used (with a note).
    """
    folder = file.resolve().parent if file.parent.exists() else Path.cwd()
    root = repo_root(folder)
    relative = Path(os.path.relpath(file.resolve(), root.resolve())).as_posix()
    verify_revision(revision, root)
    old_path, note = relative, None
    data = show(revision, relative, root)
    if data is None:
        renamed = _renamed_from(revision, relative, root)
        if renamed is not None:
            old_path, note = renamed, f"{shown(relative)} was {shown(renamed)} at {shown(revision)}"
            data = show(revision, renamed, root)
    spec = shown(f"{revision}:{old_path}")
    display = shown(file.as_posix())
    if data is None:
        if not allow_missing:
            raise RevisionError(
                f"{shown(relative)} does not exist at {shown(revision)} (looked for "
                f"{spec}); give --allow-missing to compare against an empty chain"
            )
        note = f"{shown(relative)} did not exist at {shown(revision)}: compared as an empty chain"
        old = Side(spec, display, None, revision, note, str(file))
    else:
        old = Side(spec, display, decode(data, spec), revision, note, str(file))
    return old, _file_side(str(file), allow_missing=allow_missing)


def _renamed_from(revision: str, relative: str, root: Path) -> str | None:
    result = git(
        ["diff", "-z", "--find-renames", "--name-status", "--diff-filter=R", revision, "--"],
        cwd=root,
    )
    if result.returncode != 0:
        return None
    fields = [os.fsdecode(field) for field in result.stdout.split(b"\0")]
    for i in range(0, len(fields) - 2, 3):
        if fields[i].startswith("R") and fields[i + 2] == relative:
            return fields[i + 1]
    return None
