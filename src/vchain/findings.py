"""One value type for every problem: validation and analysis alike."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from vchain.safetext import shorten_words, visible

Severity = Literal["error", "warning", "info"]
Kind = Literal["schema", "reference", "rule", "gap", "bottleneck", "underutilized"]
Source = Literal["declared", "detected"]

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {"error": 3, "warning": 2, "info": 1, "never": 99}
ANALYSIS_KINDS: tuple[str, ...] = ("gap", "bottleneck", "underutilized")
FILE_KINDS: tuple[str, ...] = ("schema", "reference", "rule")
CHAIN_SUBJECT: tuple[str, str] = ("chain", "chain")
"""The subject of every finding about the chain as a whole (its display name, or the
file's, would make renaming the chain "resolve" and "introduce" findings)."""
SUBJECT_KEYS: tuple[str, ...] = (
    "chain",
    "function",
    "partner",
    "flow",
    "resource",
    "opportunity",
    "investment",
    "indicator",
)


@dataclass(frozen=True, order=False)
class Finding:
    """A problem or an opportunity found in one chain file.

    ``subject`` is a pair (what, id): ("partner", "grower-coop"), ("flow", 3).
    ``data`` carries numbers a reporter may show (demand, deliverable, shortfall...).
    ``related`` names a declared opportunity a detected finding matches.
    """

    rule: str
    severity: Severity
    kind: Kind
    message: str
    file: str
    line: int
    column: int
    subject: tuple[str, str | int]
    source: Source = "detected"
    hint: str | None = None
    related: str | None = None
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    fatal: bool = False
    """A problem of the YAML itself (exit 2): the file could not be read as a chain."""

    def __post_init__(self) -> None:
        # Messages and hints quote names, keys and texts of the file, and paths come from
        # folders anyone may fill: every output shows them with control characters and
        # line breaks escaped (`vchain.safetext`), so that is done once, here.
        # A word longer than any id (a key or a value of thousands of characters) is cut
        # in the middle: a message stays readable whatever the file holds.
        for name in ("message", "hint", "file"):
            text = getattr(self, name)
            shown = visible(text) if text is not None else None
            if shown is not None and name != "file":
                shown = shorten_words(shown)
            if shown is not text:
                object.__setattr__(self, name, shown)

    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.file,
            self.line,
            self.column,
            self.rule,
            self.subject[0],
            str(self.subject[1]),
            self.message,
        )

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "kind": self.kind,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "subject": {self.subject[0]: self.subject[1]},
            "source": self.source,
        }
        if self.hint:
            out["hint"] = self.hint
        if self.related:
            out["related"] = self.related
        if self.data:
            out["data"] = self.data
        return out

    @property
    def fingerprint(self) -> str:
        """Stable across edits that move lines: rule, file and subject, and the message."""
        return f"{self.rule}|{self.file}|{self.subject[0]}={self.subject[1]}|{self.message}"


@dataclass
class FileResult:
    """What became of one file: whether it could be read, and its findings."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    readable: bool = True

    @property
    def valid(self) -> bool:
        return self.readable and not any(
            f.severity == "error" and f.kind in FILE_KINDS for f in self.findings
        )


@dataclass
class Report:
    """The result of a command over one or more files; reporters read only this."""

    files: list[FileResult] = field(default_factory=list)
    command: str = "validate"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def findings(self) -> list[Finding]:
        out = [f for r in self.files for f in r.findings]
        out.sort(key=Finding.sort_key)
        return out

    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            counts[f.severity] += 1
        return counts

    @property
    def unreadable(self) -> bool:
        return any(not r.readable for r in self.files)

    def exit_code(self, fail_on: str = "error") -> int:
        """0, 1 or 2 as in the contract: unreadable files win, then the threshold."""
        if self.unreadable:
            return 2
        if fail_on == "never":
            return 0
        threshold = SEVERITY_RANK[fail_on]
        if any(SEVERITY_RANK[f.severity] >= threshold for f in self.findings):
            return 1
        return 0
