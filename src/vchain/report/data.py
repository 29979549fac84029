"""What the report shows, as plain data: no analysis objects, nothing to compute.

Every text from the chain file is kept as it is written (the renderers escape it, with
:func:`vchain.safetext.visible` first); numbers are plain ints and floats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

Segments = list[tuple[str, str]]
"""One line of text as (text, style) pieces; style is "", "bold" or "dim"."""


@dataclass(frozen=True)
class Glance:
    """Section 1, the words: what the chain is about."""

    name: str
    region: str
    market_opportunity: str
    coordinator: str
    coordinator_id: str
    reviewed: date | None
    reviewed_days: int | None
    description: str | None
    today: date
    counts: dict[str, int]
    """Partners by type, flows, opportunities, investments, indicators."""
    checks: dict[str, int]
    """The file's own findings (`vchain validate`) by severity."""


@dataclass(frozen=True)
class Step:
    """One step of the cascade: what is relieved (or which gaps are filled), and what the
    chain could deliver after it."""

    kind: str
    """"relieve" (a capacity) or "fill" (a gap: a missing function or path)."""
    binds: list[str]
    deliverable: float


@dataclass(frozen=True)
class Numbers:
    """Section 1, the numbers: the chain's capacity against its demand (analysis.md)."""

    unit: str
    wanted: float
    deliverable: float
    delivered_now: float | None
    shortfall: float
    blocked: float | None
    unmet_now: float | None
    steps: list[Step]
    """What binds now (the first step), then what binds next, until demand is met."""
    met: bool
    """The last step meets the demand."""
    scale: float
    steps_at_scale: list[Step]
    """What binds, in order, when every demand is ``scale`` times as large."""
    wanted_at_scale: float | None
    deliverable_at_scale: float | None
    other_units: list[str]
    unknown: list[str]
    """Buyers nothing says the delivery of (now)."""
    unbounded: list[str]
    """Buyers some product path reaches through no stated capacity."""
    no_capacity: bool
    """No capacity in the demand unit is stated on the product path at all."""


@dataclass(frozen=True)
class Point:
    """Section 3: one leverage point and the parts of its score."""

    rank: int
    id: str
    kind: str
    source: str
    where: str
    text: str
    score: float
    parts: dict[str, float]
    explain: list[Segments]
    partner: str | None
    """The partner it sits on, if any (its card links to it)."""
    subject: tuple[str, str | int] = ("chain", "")
    """What it sits on, as the analysis names it (the map numbers it there)."""


@dataclass(frozen=True)
class Opportunity:
    """Section 4: a gap, bottleneck, risk or underutilized resource."""

    kind: str
    source: str
    id: str
    text: str
    where: str
    rule: str
    line: int
    partner: str | None
    status: str = "open"
    cause: str | None = None


@dataclass(frozen=True)
class InvestmentRow:
    """Section 5: one row of the wealth-building investment table."""

    id: str
    partners: list[str]
    interests: list[str]
    opportunities: list[str]
    investment: str
    form: str
    status: str
    amount: str | None
    capitals: dict[str, int]


@dataclass(frozen=True)
class Scorecard:
    """Section 6: investments by the eight capitals."""

    rows: list[InvestmentRow]
    totals: dict[str, int]
    harmed: dict[str, list[str]]
    """Capital -> the investments that harm it."""
    unbuilt: list[str]
    unmeasured: list[str]


@dataclass(frozen=True)
class IndicatorRow:
    """Section 7: one indicator, baseline -> actual -> target."""

    id: str
    name: str
    capital: str
    unit: str
    baseline: float | None
    actual: float | None
    target: float | None
    share: float | None
    """The share of the way from baseline to target (0..1, more when past it)."""
    as_of: date | None
    age_days: int | None
    due: date | None
    status: str
    """"reached", "on its way", "not moved from its baseline", "short of its target" (no
    baseline), "moving away from its target", "behind, past due", "moving away, past
    due", "not measured", "no target"."""
    attention: bool = False
    """A status (or a date) a reader should not miss."""
    findings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Flow:
    """A flow as a partner's card shows it."""

    kind: str
    what: str
    other: str
    amount: str | None


@dataclass(frozen=True)
class Brief:
    """Section 8: one partner's card."""

    id: str
    name: str
    type: str
    role: str
    coordinator: bool
    engagement: str | None
    local: bool | None
    margins: bool | None
    inflows: list[Flow]
    outflows: list[Flow]
    interests: list[str]
    pain_point: str | None
    value: dict[str, str]
    needs: list[tuple[str, list[str]]]
    """Each need and the support partners that meet it (none: unmet)."""
    could_meet: list[str]
    """Needs of other partners this partner's services could meet."""
    open_investments: list[str]
    opportunities: list[str]
    shared: list[str]
    investments_for: list[str]
    supported_by: list[str]
    leverage: list[int]
    answer: str
    """"What's in it for me?" in one sentence."""


@dataclass(frozen=True)
class MoneyRow:
    partner: str
    id: str
    local: bool | None
    margins: bool | None
    money_in: float
    money_out: float


@dataclass(frozen=True)
class Money:
    """Section 9: where the money goes, in the money unit most flows are stated in."""

    unit: str | None
    rows: list[MoneyRow]
    buyers_pay: float
    kept: dict[str, float]
    """Where the buyers' money stays: local, not local, not stated, margins (shares 0..1)."""
    unpriced: int
    other_units: list[str]


@dataclass(frozen=True)
class ReportFacts:
    """Everything the report shows."""

    file: str
    glance: Glance
    numbers: Numbers | None
    flow_note: str | None
    points: list[Point]
    weights: dict[str, float]
    assumed: list[str]
    opportunities: list[Opportunity]
    investments: list[InvestmentRow]
    aimless: list[str]
    """Investments aimed at nothing (no opportunity they address)."""
    unaddressed: list[str]
    """Open declared opportunities no investment is aimed at."""
    scorecard: Scorecard
    indicators: list[IndicatorRow]
    indicator_findings: list[str]
    briefs: list[Brief]
    money: Money
    names: dict[str, str] = field(default_factory=dict)
    """Partner id -> name."""
