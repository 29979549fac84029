"""Gauging impact (WealthWorks Module 4): indicators that lag, go stale, or are missing.

The rules of the chain's `indicators`, next to the WealthWorks rules (VC050-VC058) in
:mod:`vchain.rules.wealthworks`, whose ``today()`` they share (``VCHAIN_TODAY`` fixes it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from vchain.findings import Finding
from vchain.rules.base import rule
from vchain.rules.wealthworks import STALE_AFTER_DAYS, today

if TYPE_CHECKING:
    from vchain.loading.loader import ChainDocument
    from vchain.model import Chain, Indicator


def _chain(doc: ChainDocument) -> Chain:
    assert doc.chain is not None
    return doc.chain


def behind(indicator: Indicator) -> bool | None:
    """Whether the indicator has not reached its target (None: no target to tell).

    A target below the baseline is reached by going down (fewer families without
    insurance); with no `actual` yet the baseline stands, which has not moved at all.
    """
    target = indicator.target
    if target is None:
        return None
    now = indicator.actual if indicator.actual is not None else indicator.baseline
    if now is None:
        return True
    baseline = indicator.baseline
    if baseline is not None and target < baseline:
        return now > target
    return now < target


@rule("VC059", "indicator-behind-past-due", "warning", "rule")
def indicator_behind_past_due(doc: ChainDocument) -> Iterator[Finding]:
    """An indicator whose `due` date has passed has reached its target.

    `due` is the date by which partners agreed to reach the `target`; past it, an
    indicator short of its target is a result to discuss at the next meeting (or a
    target to move, with the partners).  Without `due` the rule says nothing.

    Passing::

        indicators:
          farmers:
            name: Farmers certified
            capital: individual
            baseline: 4
            target: 20
            actual: 9
            due: 2099-12-31

    Failing::

        indicators:
          farmers:
            name: Farmers certified
            capital: individual
            baseline: 4
            target: 20
            actual: 9
            due: 2001-12-31
    """
    day = today()
    for iid, indicator in _chain(doc).indicators.items():
        due = indicator.due
        if due is None or due >= day or not behind(indicator):
            continue
        now = indicator.actual if indicator.actual is not None else indicator.baseline
        where = f"at {now:g}" if now is not None else "with no value yet"
        unit = f" {indicator.unit}" if indicator.unit else ""
        yield indicator_behind_past_due.finding(
            doc,
            f"indicator {iid} is {where}{unit}, short of its target of "
            f"{indicator.target:g}{unit}, which was due on {due.isoformat()}",
            ("indicators", iid, "due"),
            hint="talk it over with the partners: what holds it back, or is the target to move?",
        )


@rule("VC060", "indicator-not-updated", "warning", "rule")
def indicator_not_updated(doc: ChainDocument) -> Iterator[Finding]:
    """An indicator's `actual` was measured within the last year (`as_of`).

    An indicator nobody has measured for a year no longer gauges the chain's impact.
    Without `as_of` the rule cannot tell and says nothing.

    Passing::

        indicators:
          farmers: {name: Farmers certified, capital: individual, actual: 9, as_of: 2099-01-01}

    Failing::

        indicators:
          farmers: {name: Farmers certified, capital: individual, actual: 9, as_of: 2001-01-01}
    """
    day = today()
    for iid, indicator in _chain(doc).indicators.items():
        as_of = indicator.as_of
        if as_of is None:
            continue
        age = (day - as_of).days
        if age > STALE_AFTER_DAYS:
            yield indicator_not_updated.finding(
                doc,
                f"indicator {iid} was last measured on {as_of.isoformat()}, {age} days ago",
                ("indicators", iid, "as_of"),
                hint="measure it again and update `actual` and `as_of`",
            )


@rule("VC061", "capital-invested-unmeasured", "info", "rule")
def capital_invested_unmeasured(doc: ChainDocument) -> Iterator[Finding]:
    """Every capital that investments act on is measured by an indicator.

    Wealth building grows the eight capitals while harming none; a capital that
    investments build (or harm) and no indicator measures is a result nobody will see.

    Passing::

        investments:
          loan: {by: [coord], form: financing, capitals: {financial: 2}}
        indicators:
          income: {name: Farm income, capital: financial}

    Failing::

        investments:
          loan: {by: [coord], form: financing, capitals: {financial: 2}}
    """
    chain = _chain(doc)
    if any(section == "indicators" for section, _ in doc.invalid):
        return  # some indicators were left out for schema errors: no verdict
    measured: set[str] = {i.capital for i in chain.indicators.values()}
    acting: dict[str, list[str]] = {}
    for iid, investment in chain.investments.items():
        for acted_on, effect in investment.capitals.items():
            if effect != 0:
                acting.setdefault(acted_on, []).append(iid)
    for capital, investments in sorted(acting.items()):
        if capital in measured:
            continue
        count = len(investments)
        names = ", ".join(investments[:3]) + (f" and {count - 3} more" if count > 3 else "")
        yield capital_invested_unmeasured.finding(
            doc,
            f"{count} investment{'s act' if count > 1 else ' acts'} on {capital} capital "
            f"({names}) but no indicator measures it",
            ("investments", investments[0], "capitals", capital),
            hint=f"add an indicator with `capital: {capital}`",
        )


INDICATOR_RULES = (
    indicator_behind_past_due,
    indicator_not_updated,
    capital_invested_unmeasured,
)
