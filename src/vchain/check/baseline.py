"""A baseline: the findings a team has accepted for now, so that CI fails only on new ones.

`vchain check --baseline FILE --write-baseline` saves the current findings;
`vchain check --baseline FILE` then reports and fails only on findings not in it.  A
finding is recognised by its fingerprint (rule, file, subject and message), which does
not change when lines move; the file is written relative to the baseline's folder, so
the same baseline works from any working directory.  Each fingerprint is counted: two
identical findings in the baseline excuse two, not three.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from vchain.findings import Finding

BASELINE_FORMAT = 1


class BaselineError(Exception):
    """A baseline that cannot be read (exit 2)."""


def _relative(file: str, folder: Path) -> str:
    relative = os.path.relpath(os.path.abspath(file), folder.resolve())
    return Path(relative).as_posix()


def fingerprint(finding: Finding, folder: Path) -> str:
    """The finding's fingerprint with its file relative to ``folder``."""
    return replace(finding, file=_relative(finding.file, folder)).fingerprint


def write_baseline(path: Path, findings: list[Finding]) -> int:
    """Save the fingerprints of ``findings``; return how many were saved."""
    folder = path.parent
    entries = sorted(
        (_entry(f, folder) for f in findings if not f.fatal),
        key=lambda e: (e["fingerprint"], e["severity"]),
    )
    data = {"vchain_baseline": BASELINE_FORMAT, "findings": entries}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(entries)


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
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: no such baseline; create it with `vchain check --baseline {path} "
            "--write-baseline`"
        ) from None
    except (OSError, ValueError) as exc:
        raise BaselineError(f"{path}: not a vchain baseline: {exc}") from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries
    ):
        raise BaselineError(f"{path}: not a vchain baseline (no list of findings)")
    return Counter(e["fingerprint"] for e in entries)


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
