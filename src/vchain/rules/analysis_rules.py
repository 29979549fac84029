"""The analysis rules (scope "analysis"), documented; their checks live in vchain.analysis.

This module stays light (no networkx) so that `vchain rules` starts fast. Each entry is
made with :func:`vchain.rules.base.described`; the analysis modules look rules up here
by id to make findings (``rule.finding(doc, message, path, ...)``).

Severities: gaps and bottlenecks are warnings, underutilized resources are info; a
declared opportunity (VC100) takes the severity of its kind.  So a plain `vchain
analyze` exits 0, and ``--fail-on warning`` fails on any gap or bottleneck.

The ``Passing::`` and ``Failing::`` examples are fragments of a chain: merged into
:data:`EXAMPLE_BASE` (a mapping section such as ``partners`` is updated key by key, a
list such as ``flows`` is replaced), they give a chain on which the rule stays quiet,
and one on which it reports.
"""

from __future__ import annotations

from vchain.rules.base import Rule, described

EXAMPLE_BASE = """\
vchain: 1
chain: {name: Example soup, region: River Valley, market_opportunity: Schools want soup,
  coordinator: coord}
functions:
  grow: {name: Grow tomatoes, stage: produce}
  cook: {name: Make soup, stage: process}
partners:
  grower: {name: Growers, type: transactional, performs: [grow], capacity: 100 cans/yr,
    output: 80 cans/yr}
  kitchen: {name: Soup kitchen, type: transactional, performs: [cook]}
  school: {name: School district, type: demand, demand: 50 cans/yr}
  coord: {name: Valley CDFI, type: support, services: [coordination, financing],
    supports: [grower, kitchen]}
flows:
  - {from: grower, to: kitchen, kind: product, what: tomatoes}
  - {from: kitchen, to: school, kind: product, what: soup}
  - {from: school, to: kitchen, kind: money, what: payment}
"""
"""The chain the rules' examples are merged into."""

DECLARED_OPPORTUNITY = described(
    "VC100",
    "declared-opportunity",
    "warning",
    "bottleneck",
    """An open opportunity that partners declared under `opportunities`.

    Reported with its own kind (gap, bottleneck or underutilized) and source
    "declared"; a bottleneck shows its `cause`.  Gaps and bottlenecks are warnings,
    underutilized resources info.  An opportunity with `status: addressed` is not
    reported.  Where vchain also detects the same thing, the detected finding is reported
    once with `related: <opportunity id>`, and this one is left out.  The same thing
    means the same subject (the opportunity's `at` names the finding's partner, function,
    flow or resource; a flow by its id, never by its place) and the same matter: a
    capacity that binds (VC105) joins a bottleneck declared there whatever its cause; an
    unmet need (VC104) joins one only where the cause fits the service; a single point of
    failure (VC106) joins nothing; blocked demand at a buyer (VC115) joins the declared
    bottlenecks that reach the buyer; the others join an opportunity of their own kind.
    A detected finding whose declared twin is `addressed` is shown as addressed (info)
    and is not ranked.  (Code:
    ``vchain.analysis.run.declared``.)

    Passing::

        opportunities:
          slow-kitchen:
            kind: bottleneck
            cause: skills
            text: Staff turnover slows the kitchen
            status: addressed

    Failing::

        opportunities:
          slow-kitchen:
            kind: bottleneck
            cause: skills
            text: Staff turnover slows the kitchen
            at: {partner: kitchen}
    """,
    scope="analysis",
)

FUNCTION_NOT_PERFORMED = described(
    "VC101",
    "function-not-performed",
    "warning",
    "gap",
    """An essential function that no transactional partner performs.

    Every process essential to produce and deliver the product needs a partner that
    carries it out; a function nobody performs is a gap.  Functions marked
    `essential: false` are left out.  (Code:
    ``vchain.analysis.gaps.function_not_performed``.)

    Passing::

        functions:
          deliver: {name: Deliver soup, stage: distribute, essential: false}

    Failing::

        functions:
          deliver: {name: Deliver soup, stage: distribute}
    """,
    scope="analysis",
)

NO_DEMAND_PARTNER = described(
    "VC102",
    "no-demand-partner",
    "warning",
    "gap",
    """The chain has no demand partner: it produces "on blind faith".

    WealthWorks chains start from demand: buyers who want the product pull it
    through the chain.  A chain without any partner of type `demand` has no market.  (Code:
    ``vchain.analysis.gaps.no_demand_partner``.)

    Passing::

        partners:
          school: {name: School district, type: demand, demand: 50 cans/yr}

    Failing::

        partners:
          school: {name: School kitchen, type: transactional, performs: [cook]}
    """,
    scope="analysis",
)

DEMAND_UNREACHABLE = described(
    "VC103",
    "demand-unreachable",
    "warning",
    "gap",
    """A demand partner that no product reaches from any producer.

    There is no path of `product` flows to it from a partner performing a `supply`
    or `produce` function (where the chain gives no such stage: from a partner that
    sends product and receives none).  The buyer is in the map, but the chain does
    not deliver to it.  (Code:
    ``vchain.analysis.gaps.demand_unreachable``.)

    Passing::

        flows:
          - {from: grower, to: kitchen, kind: product}
          - {from: kitchen, to: school, kind: product}

    Failing::

        flows:
          - {from: grower, to: kitchen, kind: product}
          - {from: school, to: kitchen, kind: money}
    """,
    scope="analysis",
)

UNMET_NEED = described(
    "VC104",
    "unmet-need",
    "warning",
    "bottleneck",
    """A partner needs a service that no support partner provides to it.

    A need in a partner's `needs` is met when a support partner that `supports` the
    partner lists the service in its `services`.  One finding per unmet need, at the
    need; the hint names support partners that provide the service to others.  It is
    linked to a bottleneck declared at the same partner only where the declared cause fits
    the service (financing or insurance: financing; training or technical assistance:
    skills or information; certification: regulation or skills; policy: regulation;
    market development: market access or information; any service: other).  (Code:
    ``vchain.analysis.bottlenecks.unmet_need``.)

    Passing::

        partners:
          grower: {name: Growers, type: transactional, performs: [grow], needs: [financing]}

    Failing::

        partners:
          grower: {name: Growers, type: transactional, performs: [grow], needs: [insurance]}
    """,
    scope="analysis",
)

CAPACITY_SHORTFALL = described(
    "VC105",
    "capacity-shortfall",
    "warning",
    "bottleneck",
    """The chain cannot deliver what its buyers want: a partner's or a flow's capacity binds.

    What the chain can deliver is a maximum flow over the `product` flows, in the demand
    unit (the unit most buyers state demand in), with partners' capacities on the
    partners and flows' capacities on the flows, from where the product path starts (the
    partners that receive no product) to the buyers.  Where it falls short of demand, the
    capacities that bind are reported with the whole cascade: every capacity in some
    minimum cut binds now (cuts of equal value are one step, relieved together), and once
    they are relieved the next step binds, until demand is met or nothing constrains it.
    A step that would gain nothing is not reported.  Each constraint is a finding at its
    `capacity`: a warning where it binds now, info for the later steps.  `data` holds the
    chain's numbers (wanted, deliverable, delivered now, shortfall, blocked, unmet now),
    the step and its constraints; `vchain analyze --format json` has the whole cascade
    under "flow".  (Code: ``vchain.analysis.bottlenecks.capacity_shortfall``.)

    Passing::

        partners:
          school: {name: School district, type: demand, demand: 50 cans/yr}

    Failing::

        partners:
          school: {name: School district, type: demand, demand: 150 cans/yr}
    """,
    scope="analysis",
)

SINGLE_POINT_OF_FAILURE = described(
    "VC106",
    "single-point-of-failure",
    "warning",
    "bottleneck",
    """A risk: a partner through which every product path to a demand partner passes.

    Where the chain has more than one producer (partners performing a `supply` or
    `produce` function; without such stages, partners that send product and receive
    none), a partner that dominates a demand partner in the product-flow graph (every
    path from the producers to it passes through the partner) is a single point of
    failure: if it stops, the buyer gets nothing.  A flow on every such path always
    has a partner at its start that is on every path too, so the partner is reported;
    `data.flows` names the flows out of it that are on every path, and
    `data.demand_share` the share of the demand that depends on it.  A single point of
    failure is a risk, not an opportunity to unlock demand: it is never linked to a
    declared opportunity, and in the leverage ranking a risk alone never outranks a point
    that unlocks demand.  (Code: ``vchain.analysis.bottlenecks.single_point_of_failure``.)

    Passing::

        partners:
          farm: {name: Second farm, type: transactional, performs: [grow]}
          cannery: {name: Cannery, type: transactional, performs: [cook]}
        flows:
          - {from: grower, to: kitchen, kind: product}
          - {from: farm, to: cannery, kind: product}
          - {from: kitchen, to: school, kind: product}
          - {from: cannery, to: school, kind: product}

    Failing::

        partners:
          farm: {name: Second farm, type: transactional, performs: [grow]}
        flows:
          - {from: grower, to: kitchen, kind: product}
          - {from: farm, to: kitchen, kind: product}
          - {from: kitchen, to: school, kind: product}
    """,
    scope="analysis",
)

DEAD_END_PARTNER = described(
    "VC107",
    "dead-end-partner",
    "warning",
    "gap",
    """A transactional partner whose product goes nowhere.

    Product flows into it and none flows out, and it performs no function of the last
    stage (the functions of stage `distribute`; without that stage, the stage of the
    last function listed).  Something downstream of it is missing.  (Code:
    ``vchain.analysis.gaps.dead_end_partner``.)

    Passing::

        partners:
          silo: {name: Grain silo, type: transactional, performs: [grow]}
        flows:
          - {from: grower, to: silo, kind: product}
          - {from: silo, to: kitchen, kind: product}
          - {from: kitchen, to: school, kind: product}

    Failing::

        partners:
          silo: {name: Grain silo, type: transactional, performs: [grow]}
        flows:
          - {from: grower, to: silo, kind: product}
          - {from: grower, to: kitchen, kind: product}
          - {from: kitchen, to: school, kind: product}
    """,
    scope="analysis",
)

UNUSED_RESOURCE = described(
    "VC110",
    "unused-resource",
    "info",
    "underutilized",
    """A resource in the region that no partner uses yet.

    A `resources` entry with no `used_by` is not mobilized: idle land, an overlooked
    recipe, a trucking firm's spare runs.  (Code:
    ``vchain.analysis.underused.unused_resource``.)

    Passing::

        resources:
          old-barn: {name: Old barn, capital: built, used_by: [kitchen]}

    Failing::

        resources:
          old-barn: {name: Old barn, capital: built}
    """,
    scope="analysis",
)

UNDERUSED_CAPACITY = described(
    "VC111",
    "underused-capacity",
    "info",
    "underutilized",
    """A transactional partner whose output is well below its capacity.

    Where `output` and `capacity` are in the same unit and the output is below the
    threshold share of the capacity (`analysis.underused_below`, default 0.6: under
    60 percent used), the spare capacity is a resource not yet mobilized.  (Code:
    ``vchain.analysis.underused.underused_capacity``.)

    Passing::

        partners:
          grower:
            name: Growers
            type: transactional
            performs: [grow]
            capacity: 100 cans/yr
            output: 80 cans/yr

    Failing::

        partners:
          grower:
            name: Growers
            type: transactional
            performs: [grow]
            capacity: 100 cans/yr
            output: 30 cans/yr
    """,
    scope="analysis",
)

UNUSED_BY_PRODUCT = described(
    "VC112",
    "unused-by-product",
    "info",
    "underutilized",
    """A by-product flow with no `to`: a side stream nobody uses.

    Peels, culls, rinse water or heat that leave a partner and go to no one are a
    resource another partner could use.  (Code:
    ``vchain.analysis.underused.unused_by_product``.)

    Passing::

        flows:
          - {from: grower, to: kitchen, kind: product}
          - {from: kitchen, to: school, kind: product}
          - {from: kitchen, to: grower, kind: by-product, what: peels for compost}

    Failing::

        flows:
          - {from: grower, to: kitchen, kind: product}
          - {from: kitchen, to: school, kind: product}
          - {from: kitchen, kind: by-product, what: peels}
    """,
    scope="analysis",
)

UNWOVEN_PARTNER = described(
    "VC113",
    "unwoven-partner",
    "info",
    "underutilized",
    """A partner with no flows and no support relation: in the chain, not woven into it.

    It sends and receives nothing, supports nobody and nobody supports it.  (A
    support partner that supports nobody is reported by VC114 instead.)  (Code:
    ``vchain.analysis.underused.unwoven_partner``.)

    Passing::

        partners:
          kitchen: {name: Soup kitchen, type: transactional, performs: [cook]}

    Failing::

        partners:
          diner: {name: Mabel's Diner, type: transactional}
    """,
    scope="analysis",
)

IDLE_SUPPORT_PARTNER = described(
    "VC114",
    "idle-support-partner",
    "info",
    "underutilized",
    """A support partner that supports nobody.

    A support partner with no `supports` is help the chain has but does not use.  (Code:
    ``vchain.analysis.underused.idle_support_partner``.)

    Passing::

        partners:
          campaign:
            name: Promotion campaign
            type: support
            services: [market-development]
            supports: [kitchen]

    Failing::

        partners:
          campaign: {name: Promotion campaign, type: support, services: [market-development]}
    """,
    scope="analysis",
)

BLOCKED_DEMAND = described(
    "VC115",
    "blocked-demand",
    "warning",
    "bottleneck",
    """A buyer gets less than the chain's capacity could bring it: blocked demand.

    What reaches a buyer now is the `amount`s of the product flows into it (else what
    the partners' `output`s and the flows' amounts upstream let through).  Where the
    capacity of the chain could bring it more (the maximum flow, run first with every
    buyer held to what it gets now), the difference is blocked: something other than
    capacity holds it back (financing, information, regulation, market access).  The
    finding is linked to the open bottlenecks declared with such a cause that reach the
    buyer (at the buyer, upstream of it along the product flows, or at a support partner
    of a partner on its path), which then claim its blocked demand in the leverage
    ranking; without one, the finding is a leverage point of its own.  No finding where
    nothing says what the buyer gets now.  (Code:
    ``vchain.analysis.bottlenecks.blocked_demand``.)

    Passing::

        partners:
          grower: {name: Growers, type: transactional, performs: [grow], capacity: 100 cans/yr,
            output: 80 cans/yr}

    Failing::

        partners:
          grower: {name: Growers, type: transactional, performs: [grow], capacity: 100 cans/yr,
            output: 30 cans/yr}
    """,
    scope="analysis",
)

ANALYSIS_RULES: tuple[Rule, ...] = (
    DECLARED_OPPORTUNITY,
    FUNCTION_NOT_PERFORMED,
    NO_DEMAND_PARTNER,
    DEMAND_UNREACHABLE,
    UNMET_NEED,
    CAPACITY_SHORTFALL,
    SINGLE_POINT_OF_FAILURE,
    DEAD_END_PARTNER,
    UNUSED_RESOURCE,
    UNDERUSED_CAPACITY,
    UNUSED_BY_PRODUCT,
    UNWOVEN_PARTNER,
    IDLE_SUPPORT_PARTNER,
    BLOCKED_DEMAND,
)
