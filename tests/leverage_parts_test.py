"""Each part of a leverage score, worked out by hand on tests/data/analysis/diamond."""

from __future__ import annotations

from fractions import Fraction

import pytest
import yaml

from conftest import DATA, EXAMPLES
from vchain.analysis.leverage import AssumptionError, LeveragePoint, rank_document
from vchain.analysis.parts import DEFAULT_WEIGHTS
from vchain.loading.loader import load_document
from vchain.model import LEVERAGE_PARTS

DIAMOND = DATA / "analysis" / "diamond.chain.yaml"
TOTAL = sum(DEFAULT_WEIGHTS.values())


def points(text: str | None = None, assume: tuple[str, ...] = ()) -> dict[str, LeveragePoint]:
    doc = load_document(DIAMOND, text=text)
    return {p.id: p for p in rank_document(doc, assume).points}


def test_a_capacity_that_binds_by_hand() -> None:
    """The packer (60) binds now with farm B's direct link (10); its fair share of the 20
    short is 4.5 (the Shapley value over the five constraints of the cascade, checked
    against a brute force in leverage_shapley_test)."""
    packer = points()["VC105:packer"]
    assert packer.kind == "bottleneck" and packer.source == "detected"
    assert packer.subject == ("partner", "packer")
    assert packer.rules == ("VC105", "VC106")  # at its capacity and a single point of failure
    assert packer.parts["unlocked_demand"] == 0.225  # 4.5 of the 20 unmet now
    # it reaches the packer, buyer-1, the shop and buyer-2: of the two partners on the
    # margins (farm-a, buyer-1), buyer-1
    assert packer.parts["marginal_partners"] == 0.5
    # of those four, buyer-1 and the shop are local
    assert packer.parts["local_ownership"] == 0.5
    # buyer-1's 40 of the 90 boxes wanted pass through it and nothing else
    assert packer.parts["risk"] == 0.444
    # no investment is aimed at it
    assert packer.parts["capitals"] == packer.parts["readiness"] == 0.0
    # the packer states "ensures reliable supply", which a bottleneck serves
    assert packer.parts["interests"] == 1.0
    expected = sum(
        DEFAULT_WEIGHTS[n] / TOTAL * Fraction(str(packer.parts[n])) for n in LEVERAGE_PARTS
    )
    assert packer.score == round(float(expected), 3)


def test_a_declared_opportunity_with_an_investment_by_hand() -> None:
    shop = points()["shop-limit"]
    assert (shop.source, shop.subject) == ("declared", ("flow", "shop-to-buyer2"))
    # the shop's van binds at step 2 of the cascade: its fair share is 26/3 of the 20
    assert shop.parts["unlocked_demand"] == round(26 / 3 / 20, 3)
    assert shop.parts["capitals"] == 0.125  # builds financial and built, harms natural
    assert shop.parts["readiness"] == 0.5  # the van loan is proposed
    assert shop.parts["marginal_partners"] == 0.0  # the shop and buyer-2
    assert shop.parts["interests"] == 0.667  # farm-b invests; buyer-2 wants a stable price
    assert shop.rules == ("VC105",)  # the detected capacity is the same point


def test_a_single_point_of_failure_alone_is_a_risk_ranked_last() -> None:
    ranked = points()
    shop = ranked["VC106:shop"]
    assert shop.risk_only
    assert shop.parts["unlocked_demand"] == 0
    assert shop.parts["risk"] == 0.556  # buyer-2's 50 of the 90
    assert shop.rank == len(ranked)


def test_weights_from_the_chain_replace_the_defaults() -> None:
    data = yaml.safe_load(DIAMOND.read_text())
    data["leverage"] = {
        "unlocked_demand": 1,
        "scale": 0,
        "marginal_partners": 0,
        "capitals": 0,
        "readiness": 0,
        "local_ownership": 0,
        "interests": 0,
        "risk": 0,
    }
    only = points(yaml.safe_dump(data, sort_keys=False))
    for p in only.values():
        assert p.score == p.parts["unlocked_demand"]
    data["leverage"] = {"dependent_demand": 4}  # the name of 0.1.0, read as risk
    old = points(yaml.safe_dump(data, sort_keys=False))
    assert old["VC106:shop"].score > only["VC106:shop"].score


def test_assume_removes_the_point_and_moves_the_others() -> None:
    after = points(assume=("VC105:packer",))
    assert "VC105:packer" not in after
    assert all(p.previous_rank is not None for p in after.values() if p.id != "VC106:packer")
    with pytest.raises(AssumptionError, match="did you mean VC105:packer"):
        points(assume=("VC105:packr",))


def test_an_investment_assumed_addresses_its_opportunities() -> None:
    after = points(assume=("van-loan",))
    assert "shop-limit" not in after


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_parts_discriminate_on_the_examples(example: object) -> None:
    """A part that is the same for nearly every point tells nothing: on every example the
    weightiest part takes at least three values and the others at least two."""
    ranked = list(rank_document(load_document(example)).points)  # type: ignore[arg-type]
    assert len({p.parts["unlocked_demand"] for p in ranked}) >= 3
    for name in ("scale", "marginal_partners", "capitals", "readiness"):
        assert len({p.parts[name] for p in ranked}) >= 2, name
    # the explanation says what decided each rank
    assert all(p.decided for p in ranked)


def test_a_resource_that_could_serve_adds_its_amount() -> None:
    """Spare land that could serve farm A adds 20 boxes/wk to its 30: once the packer, the
    direct link and the van are relieved, the farms bind, and the land then lets more
    through; without `could_serve` and an amount it unlocks nothing and says why."""
    data = yaml.safe_load(DIAMOND.read_text())
    data["resources"] = {
        "spare-land": {
            "name": "Spare land next to farm A",
            "capital": "natural",
            "could_serve": ["farm-a"],
            "amount": "20 boxes/wk",
        },
        "old-shed": {"name": "An old shed", "capital": "built"},
    }
    ranked = points(yaml.safe_dump(data, sort_keys=False))
    land = ranked["VC110:spare-land"]
    assert land.parts["unlocked_demand"] > 0
    assert "fair share" in land.breakdown["unlocked_demand"].words
    assert land.parts["capitals"] == 0.125  # its own capital: natural
    shed = ranked["VC110:old-shed"]
    assert shed.parts["unlocked_demand"] == 0
    assert "`could_serve`" in shed.breakdown["unlocked_demand"].words
    after = rank_document(
        load_document(DIAMOND, text=yaml.safe_dump(data, sort_keys=False)),
        ("VC105:packer", "VC105:b-direct", "shop-limit", "VC105:farm-b"),
    )
    assert after.flow is not None and after.flow.deliverable == 90  # demand met
    more = rank_document(
        load_document(DIAMOND, text=yaml.safe_dump(data, sort_keys=False)),
        ("VC105:packer", "VC105:b-direct", "shop-limit", "VC110:spare-land"),
    )
    assert more.flow is not None and more.flow.deliverable == 90
