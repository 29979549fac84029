"""Where a chain departs from what a WealthWorks value chain needs (analysis.md)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from vchain.findings import Finding
from vchain.rules.base import rule

if TYPE_CHECKING:
    from vchain.loading.loader import ChainDocument
    from vchain.model import Chain, Quantity

STALE_AFTER_DAYS = 365


def today() -> date:
    """Today, or ``VCHAIN_TODAY`` (YYYY-MM-DD) for reproducible runs."""
    fixed = os.environ.get("VCHAIN_TODAY")
    if fixed:
        return date.fromisoformat(fixed)
    return date.today()


def _chain(doc: ChainDocument) -> Chain:
    assert doc.chain is not None
    return doc.chain


def _partners_incomplete(doc: ChainDocument) -> bool:
    """Some partners were left out of the model for schema errors: no verdict on the whole."""
    return any(section == "partners" for section, _ in doc.invalid)


@rule("VC050", "partner-without-interests", "warning", "rule")
def partner_without_interests(doc: ChainDocument) -> Iterator[Finding]:
    """Every partner answers "What's in it for me?" in `interests`.

    Self-interest is the strongest motivator; partners who get nothing from the chain
    drop out.  The coordinator needs a vested interest above all (rule VC051).

    Passing::

        partners:
          grower:
            name: Growers
            type: transactional
            performs: [grow]
            interests: [increases income]

    Failing::

        partners:
          grower: {name: Growers, type: transactional, performs: [grow]}
    """
    chain = _chain(doc)
    for pid, partner in chain.partners.items():
        if not partner.interests and pid != chain.chain.coordinator:
            yield partner_without_interests.finding(
                doc,
                f"{pid} states no interests: what is in it for them?",
                ("partners", pid),
                key=True,
                hint="add `interests:`, e.g. [increases income, ensures reliable supply]",
            )


@rule("VC051", "coordinator-without-interests", "warning", "rule")
def coordinator_without_interests(doc: ChainDocument) -> Iterator[Finding]:
    """The coordinator, too, has a vested interest in the chain.

    The coordinator weaves the chain; like any partner it must get something from it,
    or the weaving stops.

    Passing::

        partners:
          coord:
            name: Valley CDFI
            type: support
            services: [coordination]
            interests: [fulfills mission]

    Failing::

        partners:
          coord: {name: Valley CDFI, type: support, services: [coordination]}
    """
    chain = _chain(doc)
    pid = chain.chain.coordinator
    partner = chain.partners.get(pid) if pid else None
    if partner is not None and not partner.interests:
        yield coordinator_without_interests.finding(
            doc,
            f"the coordinator {pid} states no interests; a coordinator needs a vested interest",
            ("partners", pid),
            key=True,
        )


@rule("VC052", "investment-harms-capital", "warning", "rule")
def investment_harms_capital(doc: ChainDocument) -> Iterator[Finding]:
    """Wealth building grows capitals while harming none.

    An investment with a negative effect on any of the eight capitals is flagged.

    Passing::

        investments:
          loan: {by: [coord], form: financing, capitals: {financial: 2, built: 1}}

    Failing::

        investments:
          loan: {by: [coord], form: financing, capitals: {financial: 2, natural: -1}}
    """
    for iid, inv in _chain(doc).investments.items():
        for capital, effect in sorted(inv.capitals.items()):
            if effect < 0:
                yield investment_harms_capital.finding(
                    doc,
                    f"investment {iid} harms {capital} capital ({effect}): "
                    "wealth building harms none",
                    ("investments", iid, "capitals", capital),
                )


@rule("VC053", "no-partner-on-margins", "warning", "rule")
def no_partner_on_margins(doc: ChainDocument) -> Iterator[Finding]:
    """At least one partner is a person, place or firm on the economic margins.

    WealthWorks chains include people, places and firms on the margins in the action and
    the benefits; mark them `margins: true`.

    Passing::

        partners:
          grower:
            name: Growers
            type: transactional
            performs: [grow]
            margins: true
            interests: [increases income]

    Failing::

        partners:
          grower:
            name: Growers
            type: transactional
            performs: [grow]
            margins: false
            interests: [increases income]
    """
    chain = _chain(doc)
    if _partners_incomplete(doc):
        return
    if chain.partners and not any(p.margins for p in chain.partners.values()):
        yield no_partner_on_margins.finding(
            doc,
            "no partner is on the economic margins (`margins: true`): "
            "who in the region does this chain lift?",
            ("partners",),
            key=True,
        )


@rule("VC054", "no-local-partner", "warning", "rule")
def no_local_partner(doc: ChainDocument) -> Iterator[Finding]:
    """At least one partner is owned and controlled within the region.

    Wealth sticks to a region through local ownership; mark such partners `local: true`.

    Passing::

        partners:
          grower:
            name: Growers
            type: transactional
            performs: [grow]
            local: true
            interests: [increases income]

    Failing::

        partners:
          grower:
            name: Growers
            type: transactional
            performs: [grow]
            local: false
            interests: [increases income]
    """
    chain = _chain(doc)
    if _partners_incomplete(doc):
        return
    if chain.partners and not any(p.local for p in chain.partners.values()):
        yield no_local_partner.finding(
            doc,
            "no partner is locally owned (`local: true`): the wealth may not stick",
            ("partners",),
            key=True,
        )


@rule("VC055", "stale-review", "warning", "rule")
def stale_review(doc: ChainDocument) -> Iterator[Finding]:
    """The map was checked with partners within the last year.

    The map is a living document; `chain.reviewed` more than a year old means it may no
    longer say what the partners do.

    Passing::

        chain: {reviewed: 2099-01-01}

    Failing::

        chain: {reviewed: 2001-01-01}
    """
    head = _chain(doc).chain
    reviewed = getattr(head, "reviewed", None)
    if isinstance(reviewed, date):
        age = (today() - reviewed).days
        if age > STALE_AFTER_DAYS:
            yield stale_review.finding(
                doc,
                f"the map was last reviewed on {reviewed.isoformat()}, {age} days ago; "
                "check it with the partners",
                ("chain", "reviewed"),
            )


@rule("VC056", "no-review-date", "info", "rule")
def no_review_date(doc: ChainDocument) -> Iterator[Finding]:
    """The chain says when the map was last checked with partners (`chain.reviewed`).

    Passing::

        chain: {reviewed: 2099-01-01}

    Failing::

        chain:
          reviewed:  # never
    """
    head = _chain(doc).chain
    if getattr(head, "reviewed", None) is None:
        yield no_review_date.finding(
            doc, "`chain.reviewed` is not set: when was the map last checked?", ("chain",), key=True
        )


@rule("VC057", "incomparable-units", "warning", "rule")
def incomparable_units(doc: ChainDocument) -> Iterator[Finding]:
    """Demand and capacity are stated in units that can be compared.

    The analysis compares quantities of the same unit only (units are compared
    literally).  A capacity in `t/yr` cannot be set against a demand in `cans/yr`;
    neither can two demands in different units be added.

    Passing::

        partners:
          buyer: {name: Buyer, type: demand, demand: 100 cans/yr, interests: [saves cost]}
          grower:
            name: Growers
            type: transactional
            performs: [grow]
            capacity: 80 cans/yr
            interests: [increases income]

    Failing::

        partners:
          buyer: {name: Buyer, type: demand, demand: 100 cans/yr, interests: [saves cost]}
          grower:
            name: Growers
            type: transactional
            performs: [grow]
            capacity: 80 t/yr
            interests: [increases income]
    """
    chain = _chain(doc)
    demand_units: dict[str, list[str]] = {}
    for pid, p in chain.partners.items():
        if p.demand is not None:
            demand_units.setdefault(p.demand.unit, []).append(pid)
    if not demand_units:
        return
    main = max(sorted(demand_units), key=lambda u: len(demand_units[u]))
    for unit, pids in sorted(demand_units.items()):
        if unit != main:
            for pid in pids:
                yield incomparable_units.finding(
                    doc,
                    f"the demand of {pid} is in {unit}, other demand in {main}: "
                    "they cannot be added",
                    ("partners", pid, "demand"),
                )
    for pid, p in chain.partners.items():
        if p.capacity is not None and p.capacity.unit != main:
            yield incomparable_units.finding(
                doc,
                f"the capacity of {pid} is in {p.capacity.unit}, demand in {main}: "
                "the analysis cannot compare them",
                ("partners", pid, "capacity"),
            )
    for flow in chain.flows:
        capacity = flow.capacity
        if flow.kind == "product" and capacity is not None and capacity.unit != main:
            yield incomparable_units.finding(
                doc,
                f"the capacity of flow {flow.key} is in {capacity.unit}, demand in "
                f"{main}: the analysis cannot compare them",
                ("flows", flow.index, "capacity"),
            )


@rule("VC058", "output-above-capacity", "warning", "rule")
def output_above_capacity(doc: ChainDocument) -> Iterator[Finding]:
    """What a partner or flow handles now is no more than it could handle.

    Passing::

        partners:
          grower:
            name: Growers
            type: transactional
            performs: [grow]
            capacity: 60 t/yr
            output: 25 t/yr
            interests: [increases income]

    Failing::

        partners:
          grower:
            name: Growers
            type: transactional
            performs: [grow]
            capacity: 20 t/yr
            output: 25 t/yr
            interests: [increases income]
    """
    chain = _chain(doc)
    for pid, p in chain.partners.items():
        if _over(p.output, p.capacity):
            yield output_above_capacity.finding(
                doc,
                f"{pid} handles {p.output} now, more than its capacity of {p.capacity}",
                ("partners", pid, "output"),
            )
    for flow in chain.flows:
        if _over(flow.amount, flow.capacity):
            yield output_above_capacity.finding(
                doc,
                f"flow {flow.key} carries {flow.amount}, more than its capacity of {flow.capacity}",
                ("flows", flow.index, "amount"),
            )


@rule("VC062", "no-functions", "info", "rule")
def no_functions(doc: ChainDocument) -> Iterator[Finding]:
    """The chain names its functions: without them no function gap can be found.

    Supply, produce, process, aggregate, distribute: with no functions, "no gaps" says
    nothing (a map imported from Kumu has none).

    Passing::

        functions:
          grow: {name: Grow, stage: produce}

    Failing::

        functions: {}
        partners:
          grower: {name: Growers, type: transactional, interests: [increases income]}
    """
    if not _chain(doc).functions:
        yield no_functions.finding(
            doc,
            "the chain lists no functions, so no function that nobody performs can be found",
            ("functions",) if "functions" in (doc.data or {}) else (),
            key=True,
            hint="add the chain's functions with their stages, and who `performs` each",
        )


def _over(now: Quantity | None, most: Quantity | None) -> bool:
    return bool(now and most and now.unit == most.unit and now.amount > most.amount)


WEALTHWORKS_RULES = (
    partner_without_interests,
    coordinator_without_interests,
    investment_harms_capital,
    no_partner_on_margins,
    no_local_partner,
    stale_review,
    no_review_date,
    incomparable_units,
    output_above_capacity,
    no_functions,
)
