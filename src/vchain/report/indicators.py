"""Section 7, gauging impact: each indicator from baseline through actual to target."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vchain.report.data import IndicatorRow

if TYPE_CHECKING:
    from datetime import date

    from vchain.findings import Finding
    from vchain.model import Chain, Indicator

INDICATOR_RULES = ("VC059", "VC060", "VC061")


def share_of_way(ind: Indicator) -> float | None:
    """(actual - baseline) / (target - baseline): 0 at the baseline, 1 at the target.

    Works either way (a target below the baseline); None when a number is missing or
    the target is the baseline.
    """
    if ind.baseline is None or ind.target is None or ind.actual is None:
        return None
    span = ind.target - ind.baseline
    if span == 0:
        return None
    return round((ind.actual - ind.baseline) / span, 3)


ATTENTION = frozenset(
    {"behind, past due", "not measured", "moving away from its target", "moving away, past due"}
)
"""Statuses a reader should not miss (shown in bold)."""


def _status(ind: Indicator, share: float | None, today: date) -> str:
    """Where the indicator stands, as VC059 reads it (:func:`vchain.rules.indicators.behind`):
    a value on the far side of the baseline from the target is moving away from it."""
    from vchain.rules.indicators import behind

    if ind.target is None:
        return "no target"
    if ind.actual is None:
        return "not measured"
    if not behind(ind):
        return "reached"
    past_due = ind.due is not None and ind.due < today
    if share is not None and share < 0:
        return "moving away, past due" if past_due else "moving away from its target"
    if past_due:
        return "behind, past due"
    if share == 0:
        return "not moved from its baseline"
    if share is None:
        return "short of its target"  # no baseline: no way to tell how far it came
    return "on its way"


def future_note(what: str, day: date | None, today: date) -> str | None:
    """A date after the report's: a measure or a review cannot come from the future."""
    if day is None or day <= today:
        return None
    return (
        f"{what} {day.isoformat()} is after the report's date, {today.isoformat()}: "
        "a date in the future; check it"
    )


def indicator_rows(chain: Chain, findings: list[Finding], today: date) -> list[IndicatorRow]:
    """One row per indicator in the file's order, with the findings of VC059 and VC060."""
    notes: dict[str, list[str]] = {}
    for f in findings:
        if f.rule in ("VC059", "VC060") and f.subject[0] == "indicator":
            notes.setdefault(str(f.subject[1]), []).append(f"{f.rule}: {f.message}")
    rows = []
    for iid, ind in chain.indicators.items():
        share = share_of_way(ind)
        status = _status(ind, share, today)
        future = future_note("as_of", ind.as_of, today)
        rows.append(
            IndicatorRow(
                id=iid,
                name=" ".join(ind.name.split()),
                capital=ind.capital,
                unit=" ".join((ind.unit or "").split()),
                baseline=ind.baseline,
                actual=ind.actual,
                target=ind.target,
                share=share,
                as_of=ind.as_of,
                age_days=(today - ind.as_of).days if ind.as_of is not None else None,
                due=ind.due,
                status=status,
                attention=status in ATTENTION or future is not None,
                findings=notes.get(iid, []) + ([future] if future else []),
            )
        )
    return rows


def capital_findings(findings: list[Finding]) -> list[str]:
    """VC061: capitals that investments act on and no indicator measures."""
    return [f"{f.rule}: {f.message}" for f in findings if f.rule == "VC061"]
