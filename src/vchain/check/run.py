"""`vchain check`: validate and analyze, then apply the policy, suppressions and baseline."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vchain.check.policy import Policy, PolicyCache
from vchain.findings import SEVERITY_RANK, FileResult, Finding, Report

if TYPE_CHECKING:
    from vchain.loading.loader import ChainDocument


@dataclass
class CheckOptions:
    policy: Path | None = None
    use_policy: bool = True
    baseline: Path | None = None
    write_baseline: bool = False
    analysis: bool = True


@dataclass
class CheckedFile:
    doc: ChainDocument
    policy: Policy
    findings: list[Finding]
    suppressed: int = 0
    analyzed: bool = False

    @property
    def valid(self) -> bool:
        """Whether the file itself is valid, whatever the policy, comments or baseline say."""
        return FileResult(self.doc.path, self.doc.findings, self.doc.readable).valid


@dataclass
class CheckedResult(FileResult):
    """A file's result after the policy and baseline; ``valid`` is the file's own."""

    file_valid: bool = True

    @property
    def valid(self) -> bool:
        return self.file_valid


@dataclass
class CheckOutcome:
    """What `check` found: the report (new findings only) and what was set aside."""

    report: Report
    files: list[CheckedFile] = field(default_factory=list)
    suppressed: int = 0
    baselined: int = 0
    baseline_written: int | None = None
    notes: list[str] = field(default_factory=list)

    def threshold(self, fail_on: str | None) -> str:
        """The failing severity for the report as a whole (JUnit marks failures by it)."""
        if fail_on is not None:
            return fail_on
        chosen = {c.policy.fail_on for c in self.files if c.policy.fail_on is not None}
        return chosen.pop() if len(chosen) == 1 else "error"

    def exit_code(self, fail_on: str | None) -> int:
        """2 for an unreadable file; else 1 when a file has a finding at its threshold."""
        if self.report.unreadable:
            return 2
        for result, checked in zip(self.report.files, self.files, strict=True):
            threshold = fail_on or checked.policy.fail_on or "error"
            if threshold == "never":
                continue
            if any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold] for f in result.findings):
                return 1
        return 0


def file_findings(doc: ChainDocument, *, analysis: bool = True) -> tuple[list[Finding], bool]:
    """The file rules' findings plus, for a file without errors, the analysis's."""
    from vchain.rules.registry import check_document

    if doc.chain is not None:
        check_document(doc)
    findings = list(doc.findings)
    if not analysis or not can_analyze(doc):
        return findings, False
    from vchain.analysis.run import analyze_document

    return findings + list(analyze_document(doc)), True


def can_analyze(doc: ChainDocument) -> bool:
    """A model without errors of the file itself (rules' warnings are fine)."""
    if doc.chain is None or not doc.readable:
        return False
    return not any(
        f.severity == "error" and f.kind in ("schema", "reference") for f in doc.findings
    )


def check_one(path: Path, policies: PolicyCache, *, analysis: bool = True) -> CheckedFile:
    from vchain.check.suppress import apply_suppressions
    from vchain.loading.loader import load_document

    doc = load_document(path)
    findings, analyzed = file_findings(doc, analysis=analysis)
    policy = policies.for_file(path)
    findings, suppressed = apply_suppressions(doc, policy.apply(findings))
    return CheckedFile(doc, policy, findings, suppressed, analyzed)


def run_check(paths: list[Path], options: CheckOptions) -> CheckOutcome:
    """Check every file; the baseline is read (or written) once, for all of them."""
    policies = PolicyCache(options.policy, enabled=options.use_policy)
    checked = [check_one(p, policies, analysis=options.analysis) for p in paths]
    outcome = CheckOutcome(report=Report(command="check"), files=checked)
    outcome.suppressed = sum(c.suppressed for c in checked)
    for c in checked:
        if c.doc.readable and not c.analyzed and options.analysis:
            outcome.notes.append(f"{c.doc.path}: not analyzed; fix its errors first")
    _baseline(outcome, options)
    outcome.report.extra = {"suppressed": outcome.suppressed, "baselined": outcome.baselined}
    return outcome


def _baseline(outcome: CheckOutcome, options: CheckOptions) -> None:
    from vchain.check.baseline import read_baseline, split_new, write_baseline

    everything = [f for c in outcome.files for f in c.findings]
    known: Counter[str] = Counter()
    if options.baseline is not None and options.write_baseline:
        outcome.baseline_written = write_baseline(options.baseline, everything)
        known = read_baseline(options.baseline)
    elif options.baseline is not None:
        known = read_baseline(options.baseline)
    folder = options.baseline.parent if options.baseline is not None else Path()
    for c in outcome.files:
        new, old = split_new(c.findings, known, folder) if known else (c.findings, [])
        outcome.baselined += len(old)
        outcome.report.files.append(CheckedResult(c.doc.path, new, c.doc.readable, c.valid))
