"""The two sides of a diff: files, or `REV:PATH` revisions read with git.

`REV:PATH` means what it means to `git show`: PATH is relative to the root of the
repository (write `REV:./PATH` for a path relative to the current folder), and an empty
REV (`:PATH`) is the version in the index (what is staged).  A revision at which the
file did not exist gives an empty side (everything is added, or removed), with a note.
"""

from __future__ import annotations

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

    @property
    def exists(self) -> bool:
        return self.text is not None


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
        raise RevisionError(f"{folder} is not in a git repository: {_message(result)}")
    return Path(result.stdout.decode().strip())


def verify_revision(revision: str, cwd: Path | None = None) -> None:
    """Stop with a RevisionError unless ``revision`` names a commit."""
    if revision == "":
        return  # the index
    if revision.startswith("-"):
        raise RevisionError(f"{revision!r} is not a revision")
    result = git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], cwd=cwd)
    if result.returncode != 0:
        inside = git(["rev-parse", "--git-dir"], cwd=cwd)
        if inside.returncode != 0:
            raise RevisionError(f"cannot read {revision!r}: not in a git repository")
        raise RevisionError(f"unknown revision {revision!r}")


def show(revision: str, path: str, cwd: Path | None = None) -> bytes | None:
    """The bytes of PATH at REV (git's meaning of REV:PATH); None if it did not exist."""
    verify_revision(revision, cwd)
    name = f"{revision}:{path}"
    kind = git(["cat-file", "-t", name], cwd=cwd)
    if kind.returncode != 0:
        return None
    if kind.stdout.decode().strip() != "blob":
        raise RevisionError(f"{name} is a folder, not a chain file")
    content = git(["cat-file", "blob", name], cwd=cwd)
    if content.returncode != 0:  # pragma: no cover - it existed a moment ago
        raise RevisionError(f"cannot read {name}: {_message(content)}")
    return content.stdout


def split_spec(spec: str) -> tuple[str | None, str]:
    """(revision or None for a plain file, path) of an OLD or NEW argument."""
    if os.path.exists(spec) or ":" not in spec:
        return None, spec
    revision, _, path = spec.partition(":")
    if len(revision) == 1 and path.startswith(("\\", "/")):
        return None, spec  # a Windows drive letter
    if not path:
        raise RevisionError(f"{spec!r}: write REV:PATH, for example HEAD~1:chain.yaml")
    return revision, path


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


def read_side(spec: str, cwd: Path | None = None) -> Side:
    """A file or REV:PATH argument as a side of the comparison."""
    revision, path = split_spec(spec)
    if revision is None:
        return _file_side(spec, path)
    data = show(revision, path, cwd)
    where = "the index" if revision == "" else revision
    if data is None:
        note = f"{path} did not exist at {where}: compared as an empty chain"
        return Side(spec, _display(path), None, revision, note)
    return Side(spec, _display(path), decode(data, spec), revision)


def _display(path: str) -> str:
    return Path(path.removeprefix("./")).as_posix()


def _file_side(spec: str, path: str) -> Side:
    file = Path(path)
    if file.is_dir():
        raise RevisionError(f"{path} is a folder, not a chain file")
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise RevisionError(
            f"{path}: no such file (for a file in git, write REV:PATH, e.g. HEAD:{path})"
        ) from None
    except OSError as exc:
        raise RevisionError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    return Side(spec, file.as_posix(), decode(data, path))


def working_copy_pair(revision: str, file: Path) -> tuple[Side, Side]:
    """(FILE at REV, FILE in the working copy) for `vchain diff --git REV FILE`.

    The path at REV is FILE's path from the repository root; where FILE did not exist
    at REV but git sees it as renamed since, its old path is used (with a note).
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
            old_path, note = renamed, f"{relative} was {renamed} at {revision}"
            data = show(revision, renamed, root)
    spec = f"{revision}:{old_path}"
    if data is None:
        old = Side(
            spec,
            file.as_posix(),
            None,
            revision,
            f"{relative} did not exist at {revision}: compared as an empty chain",
        )
    else:
        old = Side(spec, file.as_posix(), decode(data, spec), revision, note)
    if file.exists():
        return old, _file_side(file.as_posix(), file.as_posix())
    new_note = f"{file.as_posix()} does not exist in the working copy: compared as an empty chain"
    return old, Side(file.as_posix(), file.as_posix(), None, None, new_note)


def _renamed_from(revision: str, relative: str, root: Path) -> str | None:
    result = git(
        ["diff", "-z", "--find-renames", "--name-status", "--diff-filter=R", revision, "--"],
        cwd=root,
    )
    if result.returncode != 0:
        return None
    fields = result.stdout.decode("utf-8", "replace").split("\0")
    for i in range(0, len(fields) - 2, 3):
        if fields[i].startswith("R") and fields[i + 2] == relative:
            return fields[i + 1]
    return None
