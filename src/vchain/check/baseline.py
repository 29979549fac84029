"""A baseline: the findings a team has accepted for now, so that CI fails only on new ones.

`vchain check --baseline FILE --write-baseline` saves the current findings;
`vchain check --baseline FILE` then reports and fails only on findings not in it.  A
finding is recognised by its fingerprint (rule, file, subject and message), which does
not change when lines move; the file is written relative to the baseline's folder, so
the same baseline works from any working directory.  Each fingerprint is counted: two
identical findings in the baseline excuse two, not three.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from vchain.findings import Finding

BASELINE_FORMAT = 1
MAX_BYTES = 64 * 1024 * 1024
"""A baseline of 100,000 findings is about 40 MiB."""


class BaselineError(Exception):
    """A baseline that cannot be read (exit 2)."""


def _relative(file: str, folder: Path) -> str:
    relative = os.path.relpath(os.path.abspath(file), folder.resolve())
    return Path(relative).as_posix()


def fingerprint(finding: Finding, folder: Path) -> str:
    """The finding's fingerprint with its file relative to ``folder``."""
    return replace(finding, file=_relative(finding.file, folder)).fingerprint


def write_baseline(path: Path, findings: list[Finding]) -> int:
    """Save the fingerprints of ``findings``; return how many were saved.

    Only a baseline (or an empty file) is overwritten: a chain file or any other file
    given as ``--baseline`` by mistake is refused.  The file is replaced atomically.
    """
    _refuse_other_file(path)
    folder = path.parent
    entries = sorted(
        (_entry(f, folder) for f in findings if not f.fatal),
        key=lambda e: (e["fingerprint"], e["severity"]),
    )
    data = {"vchain_baseline": BASELINE_FORMAT, "findings": entries}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace(path, text.encode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline: {exc.strerror or exc}") from None
    return len(entries)


def _refuse_other_file(path: Path) -> None:
    """Stop unless ``path`` is missing, empty or a baseline this vchain reads."""
    try:
        if not path.exists() or path.stat().st_size == 0:
            return
    except OSError:
        return  # the write says what is wrong
    if path.is_dir():
        raise BaselineError(f"{path} is a folder; give the baseline's file name")
    try:
        _load(path)
    except BaselineError as exc:
        raise BaselineError(
            f"{exc}; --write-baseline overwrites only a baseline, never another file: "
            "choose another name, such as .vchain-baseline.json"
        ) from None


def _replace(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and a rename."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _entry(f: Finding, folder: Path) -> dict[str, Any]:
    return {
        "fingerprint": fingerprint(f, folder),
        "rule": f.rule,
        "severity": f.severity,
        "file": _relative(f.file, folder),
        "subject": {f.subject[0]: f.subject[1]},
        "message": f.message,
    }


def read_baseline(path: Path) -> Counter[str]:
    """The fingerprints of a baseline file, counted."""
    entries = _load(path)["findings"]
    return Counter(e["fingerprint"] for e in entries)


def _load(path: Path) -> dict[str, Any]:
    """A baseline file's data, checked; BaselineError says what is wrong with it."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: no such baseline; create it with `vchain check --baseline {path} "
            "--write-baseline`"
        ) from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise BaselineError(f"{path}: not a vchain baseline (larger than {MAX_BYTES >> 20} MiB)")
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise BaselineError(f"{path}: not a vchain baseline (nested too deeply)") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(
            f"{path}:{exc.lineno}:{exc.colno}: not a vchain baseline (not JSON: {exc.msg})"
        ) from None
    except (UnicodeDecodeError, ValueError):
        raise BaselineError(f"{path}: not a vchain baseline (not UTF-8 text)") from None
    if not isinstance(data, dict) or "vchain_baseline" not in data:
        raise BaselineError(f"{path}: not a vchain baseline (no `vchain_baseline` key)")
    version = data["vchain_baseline"]
    if version != BASELINE_FORMAT or isinstance(version, bool):
        raise BaselineError(
            f"{path}: baseline format {version!r} is not one this vchain reads (format "
            f"{BASELINE_FORMAT}); write it again with --write-baseline"
        )
    entries = data.get("findings")
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries
    ):
        raise BaselineError(f"{path}: not a vchain baseline (no list of findings)")
    return data


def split_new(
    findings: list[Finding], known: Counter[str], folder: Path
) -> tuple[list[Finding], list[Finding]]:
    """(findings not in the baseline, findings it excuses)."""
    left = Counter(known)
    new: list[Finding] = []
    old: list[Finding] = []
    for f in sorted(findings, key=Finding.sort_key):
        key = fingerprint(f, folder)
        if not f.fatal and left[key] > 0:
            left[key] -= 1
            old.append(f)
        else:
            new.append(f)
    return new, old
