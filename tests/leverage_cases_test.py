"""Chains written from published cases by people who never saw the code: the top of the
ranking is the leverage point each case is about (tests/data/cases/README.md), and the rules
that make it so, each on a small chain worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA

CASES = DATA / "cases"
EXPECTED = json.loads((CASES / "expected.json").read_text(encoding="utf-8"))


def ranking(cli: Any, path: Path, *args: str) -> list[dict[str, Any]]:
    return json.loads(cli("leverage", path, "-f", "json", *args).stdout)["leverage_points"]


def test_the_case_chains_are_valid(cli) -> None:
    for case in EXPECTED:
        result = cli("validate", CASES / case["file"], "-f", "json", expect=None)
        assert result.code == 0, case["file"]


def names(point: dict[str, Any], wanted: str) -> bool:
    """Whether a ranked point is the one the case names: by its id, another name it goes
    by, or what it is at (a detected capacity limit at the mill names the mill)."""
    return (
        wanted == point["id"] or wanted in point["aliases"] or wanted in point["subject"].values()
    )


def test_the_cases_leverage_point_comes_first_in_most(cli) -> None:
    """At least 45 of the 63 cases rank the point the case names first (49 counting the
    alternates their authors would accept), and 60 among the first five: the misses are
    told in the data's README (batch 7 is kept as first read, rules taken from none)."""
    first, either, top_five, missed = 0, 0, 0, []
    for case in EXPECTED:
        points = ranking(cli, CASES / case["file"])
        named = [i for i, p in enumerate(points) if names(p, case["leverage_point"])]
        top_five += bool(named) and named[0] < 5
        top = points[0]
        if named and named[0] == 0:
            first += 1
        else:
            missed.append(f"{case['file']}: {top['id']} before {case['leverage_point']}")
        if (named and named[0] == 0) or any(names(top, a) for a in case.get("alternates", ())):
            either += 1
    assert first >= 45, missed
    assert either >= 49, missed
    assert top_five >= 60, missed


@pytest.mark.parametrize("case", EXPECTED, ids=lambda c: c["file"])
def test_no_risk_outranks_a_point_that_unlocks_demand(cli, case: dict[str, Any]) -> None:
    points = ranking(cli, CASES / case["file"])
    unlocking = [p["rank"] for p in points if p["parts"]["unlocked_demand"] > 0]
    risks = [p["rank"] for p in points if p["risk"]]
    assert not unlocking or not risks or max(unlocking) < min(risks)


BASE = """
vchain: 1
chain: {name: T, region: R, market_opportunity: M, coordinator: hub}
functions:
  seed: {name: Seed, stage: supply}
  grow: {name: Grow, stage: produce}
partners:
  hub: {name: Hub, type: support, services: [coordination], supports: [farms]}
"""


def chain(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.chain.yaml"
    path.write_text(BASE + text, encoding="utf-8")
    return path


def test_a_partner_that_sends_more_than_it_receives_is_not_bound_by_its_supplier(
    cli, tmp_path: Path
) -> None:
    """25 t of seed make 300 t of grain: the seed grower's 40 t do not bind the farms."""
    path = chain(
        tmp_path,
        """  seeds: {name: Seeds, type: transactional, performs: [seed], capacity: 40 t/yr}
  farms: {name: Farms, type: transactional, performs: [grow], capacity: 900 t/yr, output: 300 t/yr}
  mill: {name: Mill, type: demand, demand: 400 t/yr}
flows:
  - {from: seeds, to: farms, kind: product, amount: 25 t/yr}
  - {from: farms, to: mill, kind: product, amount: 300 t/yr}
""",
    )
    flow = json.loads(cli("analyze", path, "-f", "json").stdout)["flow"]
    assert (flow["deliverable"], flow["delivered_now"]) == (400, 300)


def test_two_bottlenecks_declared_at_one_partner_share_its_capacity(cli, tmp_path: Path) -> None:
    """Certification and audit costs both hold the farms back: neither takes the farms'
    capacity from the other (0.1.0 and the first link gave it to the first by id)."""
    path = chain(
        tmp_path,
        """  farms: {name: Farms, type: transactional, performs: [grow], capacity: 50 u}
  buyer: {name: Buyer, type: demand, demand: 100 u}
flows:
  - {from: farms, to: buyer, kind: product}
opportunities:
  audit-cost: {kind: bottleneck, cause: financing, text: Audits cost too much, at: {partner: farms}}
  certification: {kind: bottleneck, cause: skills, text: No food safety plan, at: {partner: farms}}
""",
    )
    points = {p["id"]: p for p in ranking(cli, path)}
    assert points["audit-cost"]["parts"]["unlocked_demand"] == 0.5
    assert points["certification"]["parts"]["unlocked_demand"] == 0.5


def test_a_buyer_no_product_reaches_belongs_to_the_bottleneck_that_reaches_it(
    cli, tmp_path: Path
) -> None:
    """The hospital would buy 60 if the bank financed its boiler: connecting it is the
    financing bottleneck's to unlock (it reaches the hospital through the bank's support)."""
    path = chain(
        tmp_path,
        """  farms: {name: Farms, type: transactional, performs: [grow], capacity: 200 u}
  school: {name: School, type: demand, demand: 40 u}
  hospital: {name: Hospital, type: demand, demand: 60 u}
  bank: {name: Bank, type: support, services: [financing], supports: [hospital]}
flows:
  - {from: farms, to: school, kind: product, amount: 40 u}
opportunities:
  boiler-loans: {kind: bottleneck, cause: financing, text: No boiler loans, at: {partner: bank}}
""",
    )
    points = ranking(cli, path)
    assert points[0]["id"] == "boiler-loans"
    assert "VC103" in points[0]["reasons"]
    assert points[0]["parts"]["unlocked_demand"] == 1.0
    assert "VC103:hospital" not in {p["id"] for p in points}


def test_a_flow_that_is_a_partners_only_way_in_is_the_same_limit(cli, tmp_path: Path) -> None:
    """The plant's kill slots (the one flow into it, 30) bind with the plant's 30: one point,
    the declared one; a separate row would take half its share."""
    path = chain(
        tmp_path,
        """  farms: {name: Farms, type: transactional, performs: [grow], capacity: 200 u}
  plant: {name: Plant, type: transactional, performs: [grow], capacity: 30 u}
  grocer: {name: Grocer, type: demand, demand: 75 u}
flows:
  - {id: kill-slots, from: farms, to: plant, kind: product, capacity: 30 u}
  - {from: plant, to: grocer, kind: product}
opportunities:
  small-plant: {kind: bottleneck, cause: capacity, text: The plant is small, at: {partner: plant}}
""",
    )
    points = ranking(cli, path)
    assert points[0]["id"] == "small-plant"
    assert points[0]["parts"]["unlocked_demand"] == 1.0
    assert "VC105:kill-slots" in points[0]["aliases"]


def test_co_investment_counts_the_partners_investing(cli, tmp_path: Path) -> None:
    path = chain(
        tmp_path,
        """  farms: {name: Farms, type: transactional, performs: [grow]}
  buyer: {name: Buyer, type: demand}
  bank: {name: Bank, type: support, services: [financing], supports: [farms]}
flows:
  - {from: farms, to: buyer, kind: product}
opportunities:
  a: {kind: gap, text: A, at: {partner: farms}}
  b: {kind: gap, text: B, at: {partner: farms}}
investments:
  one: {by: [hub, bank], addresses: [a], form: money}
  two: {by: [farms], addresses: [b], form: time}
""",
    )
    points = {p["id"]: p for p in ranking(cli, path)}
    assert points["a"]["parts"]["co_investment"] == round(2 / 3, 3)
    assert points["b"]["parts"]["co_investment"] == round(1 / 3, 3)


def test_an_unmet_need_at_a_buyer_claims_what_holds_it_back(cli, tmp_path: Path) -> None:
    """The hospital needs financing for its boiler and nobody gives it; no capacity is
    stated and nothing says what it gets now: a third of what it wants (60 of 180) is
    counted as held back, and its unmet need claims it, not the side stream."""
    path = chain(
        tmp_path,
        """  farms: {name: Farms, type: transactional, performs: [grow], margins: true}
  hospital: {name: Hospital, type: demand, demand: 180 u, needs: [financing]}
  bank: {name: Bank, type: support, services: [financing], supports: [farms]}
flows:
  - {from: farms, to: hospital, kind: product}
  - {from: farms, kind: by-product, what: residues, amount: 500 u}
""",
    )
    points = ranking(cli, path)
    assert points[0]["id"] == "VC104:hospital:financing"
    assert points[0]["parts"]["unlocked_demand"] == 1.0
    assert "a third of what could reach them" in points[0]["explanation"]
    flow = json.loads(cli("analyze", path, "-f", "json").stdout)["flow"]
    assert flow["delivered_now"] is None and flow["unmet_now"] is None


def test_a_declared_bottleneck_claims_before_an_unmet_need(cli, tmp_path: Path) -> None:
    """Both reach the hospital: the partners' declared bottleneck takes its blocked demand."""
    path = chain(
        tmp_path,
        """  farms: {name: Farms, type: transactional, performs: [grow], capacity: 200 u}
  hospital: {name: Hospital, type: demand, demand: 180 u, needs: [training]}
flows:
  - {from: farms, to: hospital, kind: product, amount: 60 u}
opportunities:
  no-loans: {kind: bottleneck, cause: financing, at: {partner: hospital}, text: No loans}
""",
    )
    points = {p["id"]: p for p in ranking(cli, path)}
    assert points["no-loans"]["parts"]["unlocked_demand"] == 1.0
    assert points["VC104:hospital:training"]["parts"]["unlocked_demand"] == 0


def test_a_partner_off_the_product_path_reaches_whom_it_pays(cli, tmp_path: Path) -> None:
    """The electric co-op handles no product: it pays the contractors, who upgrade the
    members' homes. Its missing tariff reaches the contractors and, through their work, the
    members on the margins; the bank it only reports to is not reached."""
    path = chain(
        tmp_path,
        """  coop: {name: Co-op, type: transactional, performs: [seed]}
  crews: {name: Crews, type: transactional, performs: [grow]}
  farms: {name: Farms, type: transactional, performs: [grow]}
  members: {name: Members, type: demand, margins: true}
  bank: {name: Bank, type: transactional, performs: [seed], margins: true}
flows:
  - {from: coop, to: crews, kind: money, what: payment for upgrades}
  - {from: coop, to: bank, kind: information, what: loan reports}
  - {from: crews, to: members, kind: product, what: upgrades}
  - {from: members, to: coop, kind: money, what: on-bill charges}
opportunities:
  no-tariff: {kind: bottleneck, cause: financing, at: {partner: coop}, text: No tariff}
""",
    )
    why = cli("leverage", path, "--explain", "no-tariff").stdout
    assert "it reaches 1 of the 2 partners on the margins (members)" in why


def test_a_cause_of_other_elsewhere_on_the_path_links_no_need(cli, tmp_path: Path) -> None:
    """Lead times at the supplier (cause `other`) are not the farms' missing
    certification: the need stays a point of its own; at the farms themselves `other` fits
    any need."""
    text = """  seeds: {name: Seeds, type: transactional, performs: [seed]}
  farms: {name: Farms, type: transactional, performs: [grow], needs: [certification]}
  mill: {name: Mill, type: demand, demand: 400 t/yr}
flows:
  - {from: seeds, to: farms, kind: product}
  - {from: farms, to: mill, kind: product}
opportunities:
  lead-times: {kind: bottleneck, cause: other, text: Late seed, at: {partner: seeds}}
"""
    points = {p["id"]: p for p in ranking(cli, chain(tmp_path, text))}
    assert "VC104:farms:certification" in points
    assert points["lead-times"]["aliases"] == []
    at_farms = text.replace("at: {partner: seeds}", "at: {partner: farms}")
    points = {p["id"]: p for p in ranking(cli, chain(tmp_path, at_farms))}
    assert "VC104:farms:certification" not in points
    assert "VC104:farms:certification" in points["lead-times"]["aliases"]
