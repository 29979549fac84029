"""Chains with no demand stated: where product reaches no buyer, the gaps that would let
it through share the buyers they connect, one each (vchain.analysis.connecting)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HEAD = """
vchain: 1
chain: {name: T, region: R, market_opportunity: M, coordinator: hub}
functions:
  grow: {name: Grow, stage: produce}
  bale: {name: Bale, stage: aggregate}
  clean: {name: Clean the fiber, stage: process}
  haul: {name: Haul, stage: distribute}
partners:
  hub: {name: Hub, type: support, services: [coordination], supports: [growers]}
  growers: {name: Growers, type: transactional, performs: [grow], margins: true}
  baler: {name: Baler, type: transactional, performs: [bale]}
  trucks: {name: Trucks, type: transactional, performs: [haul]}
  mats: {name: Mat maker, type: demand}
  builder: {name: Builder, type: demand}
flows:
  - {from: growers, to: baler, kind: product}
"""


def ranking(cli: Any, tmp_path: Path, text: str) -> list[dict[str, Any]]:
    path = tmp_path / "t.chain.yaml"
    path.write_text(HEAD + text, encoding="utf-8")
    return json.loads(cli("leverage", path, "-f", "json").stdout)["leverage_points"]


def unlocked(points: list[dict[str, Any]]) -> dict[str, float]:
    return {p["id"]: p["parts"]["unlocked_demand"] for p in points}


def test_the_missing_step_shares_each_buyer_with_the_link_beyond_it(cli, tmp_path) -> None:
    """Nobody cleans the fiber (between the baler and the trucks) and nothing reaches the
    two buyers: each buyer needs the cleaning and its own link from the trucks.  The trucks
    get product only across the missing cleaning, so the buyers' links are that gap seen
    from their side: one point, which reaches both buyers (2 of 2)."""
    points = ranking(
        cli,
        tmp_path,
        """opportunities:
  no-cleaning: {kind: gap, at: {function: clean}, text: Nobody cleans the fiber}
  strong-growers: {kind: bottleneck, cause: skills, at: {partner: growers}, text: Learning}
""",
    )
    shares = unlocked(points)
    assert shares["no-cleaning"] == 1.0
    assert "VC103:mats" not in shares and "VC103:builder" not in shares
    assert shares["strong-growers"] == 0
    assert points[0]["id"] == "no-cleaning"
    assert {"VC103:mats", "VC103:builder"} <= set(points[0]["aliases"])
    why = points[0]["explanation"]
    assert "no product reaches any of the 2 buyers" in why and "2 of 2" in why


def test_a_link_from_a_partner_product_reaches_shares_nothing_with_the_gap(cli, tmp_path) -> None:
    """The mat maker deals with the baler, who gets product: its link needs no cleaning,
    so it is a point of its own worth its buyer (1 of 2); the builder, linked from the
    trucks behind the missing cleaning, is the cleaning gap's."""
    points = ranking(
        cli,
        tmp_path,
        """  - {from: mats, to: baler, kind: money, what: deposits}
opportunities:
  no-cleaning: {kind: gap, at: {function: clean}, text: Nobody cleans the fiber}
""",
    )
    shares = unlocked(points)
    assert shares["no-cleaning"] == shares["VC103:mats"] == 0.5
    assert "VC103:builder" not in shares


def test_a_hauler_that_receives_nothing_is_no_start_once_a_gap_would_feed_it(cli, tmp_path) -> None:
    """Linking the buyers to the trucks alone reaches nobody: the trucks get product only
    once the cleaning is there (they are not a producer)."""
    path = tmp_path / "t.chain.yaml"
    path.write_text(HEAD, encoding="utf-8")
    from vchain.analysis.context import Context
    from vchain.analysis.network import Spec, build
    from vchain.loading.loader import load_document

    ctx = Context.of(load_document(path))
    bridges = ctx.bridges
    network = build(ctx.index, "buyers", Spec({}, {}, {"mats": 1, "builder": 1}, bridges))
    links = [network.edges[("bridge", b.key)] for b in bridges if b.key.startswith("buyer:")]
    network.open(links)
    network.maximize()
    assert network.value == 0
    network.open([network.edges[("bridge", "function:clean")]])
    network.maximize()
    assert network.value == 2


def test_where_some_buyer_is_reached_nothing_is_counted_in_buyers(cli, tmp_path) -> None:
    """One buyer gets product: the other may be one that pays for what others receive;
    with no demand stated nothing says what connecting it is worth."""
    points = ranking(
        cli,
        tmp_path,
        """  - {from: baler, to: mats, kind: product}
opportunities:
  no-cleaning: {kind: gap, at: {function: clean}, text: Nobody cleans the fiber}
""",
    )
    assert set(unlocked(points).values()) == {0}
    why = cli("leverage", tmp_path / "t.chain.yaml", "--explain", "no-cleaning").stdout
    assert "no buyer states a demand, so there is nothing to unlock" in why
