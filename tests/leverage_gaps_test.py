"""Gaps on the product path, worked out by hand: a missing function that product passes
anyway holds back delivery, a buyer no product reaches is connected from whom it deals with,
optional functions are ways beside the path, and an infrastructure bottleneck is a capacity
(it claims no blocked demand)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HEAD = """vchain: 1
chain: {name: T, region: R, market_opportunity: M, coordinator: fund}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.chain.yaml"
    path.write_text(HEAD + text, encoding="utf-8")
    return path


def parts(cli: Any, path: Path) -> dict[str, dict[str, Any]]:
    points = json.loads(cli("leverage", path, "-f", "json").stdout)["leverage_points"]
    return {p["id"]: p for p in points}


EXAM = """functions:
  train: {name: Train, stage: produce}
  exam: {name: State exam, stage: process}
  place: {name: Place, stage: distribute}
partners:
  fund: {name: Fund, type: support, services: [financing], supports: [college]}
  college: {name: College, type: transactional, performs: [train], capacity: 100 aides/yr}
  office: {name: Office, type: transactional, performs: [place], needs: [training]}
  homes: {name: Homes, type: demand, demand: 86 aides/yr}
flows:
  - {from: college, to: office, kind: product, AMOUNT_IN}
  - {from: office, to: homes, kind: product, AMOUNT_OUT}
"""


def test_a_missing_function_that_product_passes_claims_the_blocked_demand(
    cli, tmp_path: Path
) -> None:
    """70 finish the course and 38 are hired of the 86 wanted; the college could train 100.
    Nobody gives the exam, yet the completers flow to the placement office: filling the gap
    adds no capacity, and what it holds back is the 48 blocked, all claimed by it (before
    the office's unmet need for training, which claims nothing)."""
    text = EXAM.replace("AMOUNT_IN", "amount: 70 aides/yr").replace(
        "AMOUNT_OUT", "amount: 38 aides/yr"
    )
    path = write(tmp_path, text)
    flow = json.loads(cli("analyze", path, "-f", "json").stdout)["flow"]
    assert (flow["deliverable"], flow["delivered_now"], flow["blocked"]) == (86, 38, 48)
    points = parts(cli, path)
    assert points["VC101:exam"]["rank"] == 1
    assert points["VC101:exam"]["parts"]["unlocked_demand"] == 1.0
    explained = cli("leverage", path, "--explain", "VC101:exam").stdout
    assert "the flows drawn pass it, so what it holds back is delivery" in explained
    assert points["VC104:office:training"]["parts"]["unlocked_demand"] == 0


def test_a_passed_function_claims_no_guess(cli, tmp_path: Path) -> None:
    """With no amounts nothing says what reaches the homes: the guess of what is held back
    goes to the unmet need that reaches them, not to a function drawn as passed over (it
    may be done inside a partner)."""
    text = EXAM.replace(", AMOUNT_IN", "").replace(", AMOUNT_OUT", "")
    points = parts(cli, write(tmp_path, text))
    assert points["VC101:exam"]["parts"]["unlocked_demand"] == 0
    assert points["VC104:office:training"]["parts"]["unlocked_demand"] == 1.0


PORK = """functions:
  raise: {name: Raise hogs, stage: produce}
  custom: {name: Custom-exempt cut for households, stage: process, essential: false}
  inspect: {name: Inspected cut, stage: process}
  deliver: {name: Deliver to kitchens, stage: distribute}
partners:
  fund: {name: Fund, type: support, services: [financing], supports: [farms]}
  farms: {name: Farms, type: transactional, performs: [raise], capacity: 100 hogs/yr}
  locker: {name: Locker, type: transactional, performs: [custom], capacity: 40 hogs/yr}
  hub: {name: Hub, type: transactional, performs: [deliver]}
  households: {name: Households, type: demand, demand: 40 hogs/yr}
  restaurants: {name: Restaurants, type: demand, demand: 60 hogs/yr}
flows:
  - {from: farms, to: locker, kind: product, amount: 40 hogs/yr}
  - {from: locker, to: households, kind: product, amount: 40 hogs/yr}
  - {from: restaurants, to: hub, kind: information, what: standing orders}
"""


def test_a_buyer_is_connected_from_whom_it_deals_with_past_optional_functions(
    cli, tmp_path: Path
) -> None:
    """The restaurants send their orders to the hub, which gets no product: nobody does the
    inspected cut.  The cut is bridged from the farms (the custom locker's optional function
    is a way beside the path, and the locker is full with 40), the restaurants from the hub;
    both filled, the farms' 100 meet all demand.  The hub gets product only across the
    missing cut, so the restaurants no product reaches are that gap seen from their side:
    one point, which unlocks all 60 unmet."""
    path = write(tmp_path, PORK)
    flow = json.loads(cli("analyze", path, "-f", "json").stdout)["flow"]
    assert (flow["wanted"], flow["deliverable"], flow["delivered_now"]) == (100, 40, 40)
    assert flow["steps"][0]["after"] == 100
    points = parts(cli, path)
    assert points["VC101:inspect"]["parts"]["unlocked_demand"] == 1.0
    assert points["VC101:inspect"]["aliases"] == ["VC103:restaurants"]
    assert "VC103:restaurants" not in points


def test_an_infrastructure_bottleneck_is_a_capacity_and_claims_no_blocked_demand(
    cli, tmp_path: Path
) -> None:
    """The farms could send 90 and send 30: 60 blocked.  The missing walk-in cooler
    (infrastructure) would relieve the farms' capacity, which does not bind; the loan they
    cannot get (financing) claims the 60."""
    text = """functions:
  grow: {name: Grow, stage: produce}
partners:
  fund: {name: Fund, type: support, services: [training], supports: [farms]}
  farms: {name: Farms, type: transactional, performs: [grow], capacity: 90 t/yr}
  grocer: {name: Grocer, type: demand, demand: 90 t/yr}
flows:
  - {from: farms, to: grocer, kind: product, amount: 30 t/yr}
opportunities:
  cooler: {kind: bottleneck, cause: infrastructure, text: No walk-in cooler, at: {partner: farms}}
  loan: {kind: bottleneck, cause: financing, text: No operating loan, at: {partner: farms}}
"""
    points = parts(cli, write(tmp_path, text))
    assert points["loan"]["parts"]["unlocked_demand"] == 1.0
    assert points["cooler"]["parts"]["unlocked_demand"] == 0


def test_an_input_in_another_unit_carries_none_of_the_product(cli, tmp_path: Path) -> None:
    """The cups come in pallets, the milk in cwt: the packaging supplier is no source of
    milk, so the milk run's 344 cwt binds (it did not, fed around it without limit)."""
    text = """functions:
  milk: {name: Milk, stage: produce}
  make: {name: Make yogurt, stage: process}
partners:
  fund: {name: Fund, type: support, services: [financing], supports: [dairies]}
  dairies: {name: Dairies, type: transactional, performs: [milk], capacity: 820 cwt/wk}
  cups: {name: Cups, type: transactional, performs: [milk]}
  creamery: {name: Creamery, type: transactional, performs: [make], capacity: 700 cwt/wk}
  grocers: {name: Grocers, type: demand, demand: 600 cwt/wk}
flows:
  - {from: cups, to: creamery, kind: product, what: cups, amount: 14 pallets/mo}
  - {from: dairies, to: creamery, kind: product, id: run, amount: 340 cwt/wk, capacity: 344 cwt/wk}
  - {from: creamery, to: grocers, kind: product, amount: 340 cwt/wk}
"""
    path = write(tmp_path, text)
    flow = json.loads(cli("analyze", path, "-f", "json").stdout)["flow"]
    assert (flow["deliverable"], flow["delivered_now"]) == (344, 340)
    assert parts(cli, path)["VC105:run"]["rank"] == 1


FISH = """functions:
  catch: {name: Catch, stage: produce}
  fillet: {name: Fillet and deliver fresh, stage: process}
  freeze: {name: Portion and freeze, stage: process}
  fresh: {name: Deliver fresh, stage: distribute}
  frozen: {name: Deliver frozen to institutions, stage: distribute}
partners:
  fund: {name: Fund, type: support, services: [financing], supports: [plant]}
  fishers: {name: Fishers, type: transactional, performs: [catch]}
  plant: {name: Plant, type: transactional, performs: [fillet, fresh]}
  distributor: {name: Distributor, type: transactional, performs: [frozen]}
  restaurants: {name: Restaurants, type: demand, demand: 60 lb/yr}
  hospitals: {name: Hospitals, type: demand, demand: 40 lb/yr}
flows:
  - {from: fishers, to: plant, kind: product}
  - {from: plant, to: restaurants, kind: product}
opportunities:
  text-ahead:
    kind: bottleneck
    cause: information
    text: A text the night before
    at: {partner: restaurants}
"""


def test_a_buyer_behind_a_missing_function_is_that_gap(cli, tmp_path: Path) -> None:
    """The hospitals buy frozen through the distributor, which gets no fish: nobody
    portions and freezes.  The gap is bridged from the plant to the distributor (the plant
    also delivers fresh: past it, to the partners after), the hospitals from the idle
    distributor; the hospitals no product reaches are the missing function seen from their
    side.  It unlocks all 40 of the shortfall; nothing says what the restaurants get, and
    no capacity bounds them, so no guess of what the text would release outweighs it."""
    path = write(tmp_path, FISH)
    flow = json.loads(cli("analyze", path, "-f", "json").stdout)["flow"]
    assert (flow["wanted"], flow["deliverable"], flow["shortfall"]) == (100, 60, 40)
    points = parts(cli, path)
    gap = points["VC101:freeze"]
    assert gap["rank"] == 1 and gap["aliases"] == ["VC103:hospitals"]
    assert gap["parts"]["unlocked_demand"] == 1.0
    assert points["text-ahead"]["parts"]["unlocked_demand"] == 0


def test_a_capacity_bottleneck_at_a_support_partner_takes_in_no_flow(cli, tmp_path) -> None:
    """The lab is slow (infrastructure) and supports the yard; the haul into the yard binds.
    The lab's own capacity is not the haul's: the haul stays a point of its own, which
    unlocks the shortfall; the lab's point unlocks nothing counted."""
    text = """functions:
  make: {name: Make biochar, stage: produce}
  blend: {name: Blend, stage: process}
partners:
  fund: {name: Fund, type: support, services: [financing], supports: [kilns]}
  lab: {name: Lab, type: support, services: [testing], supports: [yard]}
  kilns: {name: Kilns, type: transactional, performs: [make], capacity: 1650 t/yr}
  yard: {name: Yard, type: transactional, performs: [blend]}
  farms: {name: Farms, type: demand, demand: 1500 t/yr}
flows:
  - {id: haul, from: kilns, to: yard, kind: product, amount: 650 t/yr, capacity: 700 t/yr}
  - {from: yard, to: farms, kind: product, amount: 650 t/yr}
opportunities:
  slow-lab: {kind: bottleneck, cause: infrastructure, text: Results take weeks, at: {partner: lab}}
"""
    points = parts(cli, write(tmp_path, text))
    assert points["slow-lab"]["aliases"] == []
    assert points["slow-lab"]["parts"]["unlocked_demand"] == 0
    assert points["VC105:haul"]["parts"]["unlocked_demand"] > 0.9
