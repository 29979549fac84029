"""`vchain diff`: two versions of a chain compared, and the change told in plain words.

Each side is checked as `vchain check` would (file rules, analysis, the policy and the
file's own `# vchain: ignore` comments); findings are matched across the sides by rule,
subject and message, never by line, so that moving lines changes nothing.  A finding
whose rule and subject are on both sides but whose message changed (its numbers moved)
is *changed*, neither introduced nor resolved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from vchain.diff.comparison import (
    Comparison,
    FindingChange,
    RankMove,
    SideResult,
    SideUnreadable,
)
from vchain.diff.structure import diff_chains
from vchain.findings import Finding

if TYPE_CHECKING:
    from vchain.analysis.leverage import LeveragePoint
    from vchain.check.policy import Policy
    from vchain.diff.revisions import Side


# -- one side ------------------------------------------------------------------------------


def load_side(side: Side, policy: Policy) -> SideResult:
    """Load, check and rank one side; an empty side for a file that did not exist."""
    from vchain.check.run import can_analyze, file_findings
    from vchain.check.suppress import apply_suppressions
    from vchain.loading.loader import load_document

    result = SideResult(side)
    if side.text is None:
        return result
    doc = load_document(side.path, text=side.text, display=side.path)
    if not doc.readable:
        raise SideUnreadable(side, doc.findings)
    findings, _ = file_findings(doc, analysis=False)
    analyzed = can_analyze(doc)
    result.doc, result.analyzed = doc, analyzed
    if analyzed:
        from vchain.analysis.context import Context
        from vchain.analysis.leverage import rank_context
        from vchain.analysis.run import analyze_context

        ctx = Context.of(doc)  # one analysis for the findings and the ranking
        found = analyze_context(ctx)
        findings += found
        ranking = rank_context(ctx, findings=found)
        result.points, result.flow = list(ranking.points), ranking.flow
    result.findings, _ = apply_suppressions(doc, policy.apply(findings))
    return result


# -- findings ------------------------------------------------------------------------------


def _key(f: Finding) -> str:
    """The identity of a finding across versions: no file, no line."""
    return replace(f, file="").fingerprint


def match_findings(
    old: list[Finding], new: list[Finding]
) -> tuple[list[Finding], list[Finding], list[FindingChange]]:
    """(introduced, resolved, changed) between two lists of findings."""
    waiting: dict[str, list[Finding]] = defaultdict(list)
    for f in sorted(old, key=Finding.sort_key):
        waiting[_key(f)].append(f)
    introduced: list[Finding] = []
    for f in sorted(new, key=Finding.sort_key):
        queue = waiting.get(_key(f))
        if queue:
            queue.pop(0)
        else:
            introduced.append(f)
    resolved = sorted((f for q in waiting.values() for f in q), key=Finding.sort_key)
    return _pair_changed(introduced, resolved)


def _pair_changed(
    introduced: list[Finding], resolved: list[Finding]
) -> tuple[list[Finding], list[Finding], list[FindingChange]]:
    """Pair what is left by (rule, subject), then by the declared opportunity it is about."""
    introduced, resolved, first = _pair_by(introduced, resolved, _rule_subject)
    introduced, resolved, second = _pair_by(introduced, resolved, _opportunity)
    return introduced, resolved, first + second


def _rule_subject(f: Finding) -> str | None:
    return f"{f.rule}|{f.subject[0]}={f.subject[1]}"


def _opportunity(f: Finding) -> str | None:
    """The declared opportunity a finding is about: the detected one names it in `related`."""
    if f.related:
        return f.related
    return str(f.subject[1]) if f.subject[0] == "opportunity" else None


def _pair_by(
    introduced: list[Finding], resolved: list[Finding], key: Callable[[Finding], str | None]
) -> tuple[list[Finding], list[Finding], list[FindingChange]]:
    waiting: dict[str, list[Finding]] = defaultdict(list)
    for f in resolved:
        k = key(f)
        if k is not None:
            waiting[k].append(f)
    still_new: list[Finding] = []
    changed: list[FindingChange] = []
    paired: set[int] = set()
    for f in introduced:
        k = key(f)
        queue = waiting.get(k) if k is not None else None
        if queue:
            old = queue.pop(0)
            paired.add(id(old))
            changed.append(FindingChange(old, f))
        else:
            still_new.append(f)
    gone = [f for f in resolved if id(f) not in paired]
    return still_new, gone, changed


# -- leverage ------------------------------------------------------------------------------


def rank_moves(old: list[LeveragePoint], new: list[LeveragePoint]) -> list[RankMove]:
    """Leverage points whose rank changed, entered or left; by new rank, then old rank."""
    before = {p.id: p for p in old}
    after = {p.id: p for p in new}
    moves: list[RankMove] = []
    for point in new:
        was = before.get(point.id)
        if was is None or was.rank != point.rank:
            moves.append(_move(point, was, point))
    for point in old:
        if point.id not in after:
            moves.append(_move(point, point, None))
    moves.sort(key=lambda m: (m.new_rank is None, m.new_rank or 0, m.old_rank or 0, m.id))
    return moves


def _move(point: LeveragePoint, was: LeveragePoint | None, now: LeveragePoint | None) -> RankMove:
    return RankMove(
        point.id,
        point.kind,
        point.subject,
        was.rank if was else None,
        now.rank if now else None,
        was.score if was else None,
        now.score if now else None,
    )


# -- the whole comparison --------------------------------------------------------------------


def compare(old: Side, new: Side, policy: Policy) -> Comparison:
    from vchain.diff.story import tell

    before, after = load_side(old, policy), load_side(new, policy)
    result = Comparison(before, after, diff_chains(before.chain, after.chain))
    result.introduced, result.resolved, result.changed_findings = match_findings(
        before.findings, after.findings
    )
    result.moves = rank_moves(before.points, after.points)
    result.notes = [s.note for s in (old, new) if s.note]
    for side in (before, after):
        if side.doc is not None and not side.analyzed:
            result.notes.append(f"{side.side.spec}: not analyzed (it has errors)")
    result.story = tell(result)
    return result
