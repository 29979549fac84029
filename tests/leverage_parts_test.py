"""Each part of a leverage score, worked out by hand on tests/data/analysis/diamond."""

from __future__ import annotations

from fractions import Fraction

import pytest
import yaml

from conftest import DATA, EXAMPLES
from vchain.analysis.leverage import AssumptionError, LeveragePoint, rank_document
from vchain.loading.loader import load_document
from vchain.model import LEVERAGE_PARTS

DIAMOND = DATA / "analysis" / "diamond.chain.yaml"


def points(text: str | None = None, assume: tuple[str, ...] = ()) -> dict[str, LeveragePoint]:
    doc = load_document(DIAMOND, text=text)
    return {p.id: p for p in rank_document(doc, assume).points}


def test_capacity_bottleneck_by_hand() -> None:
    packer = points()["VC105:packer"]
    assert packer.kind == "bottleneck" and packer.source == "detected"
    assert packer.subject == ("partner", "packer")
    assert packer.parts == {
        # relieved, the chain delivers 75 instead of 70: 5 of the 20 short
        "unlocked_demand": 0.25,
        # buyer-1 (of 2 buyers) gets all its boxes through the packer
        "dependent_demand": 0.5,
        # it touches farm-a and buyer-1, the only two partners on the margins
        "marginal_partners": 1.0,
        # no investment is aimed at it
        "capitals": 0.0,
        # it touches packer, farm-a, farm-b, shop, buyer-1: all but the packer local
        "local_ownership": 0.8,
        # farm-a (increases income), packer (ensures reliable supply), buyer-1 (saves
        # cost) state interests a bottleneck serves; farm-b and the shop do not
        "interests": 0.6,
    }
    # default weights 3, 2, 2, 1, 1, 1 (of 10)
    expected = Fraction(3, 10) * Fraction(1, 4) + Fraction(2, 10) * Fraction(1, 2)
    expected += Fraction(2, 10) + Fraction(1, 10) * Fraction(8, 10) + Fraction(6, 100)
    assert packer.score == round(float(expected), 3) == 0.515


def test_declared_opportunity_with_an_investment_by_hand() -> None:
    shop = points()["shop-limit"]
    assert (shop.source, shop.subject) == ("declared", ("flow", "shop-to-buyer2"))
    assert shop.parts == {
        "unlocked_demand": 0.0,  # the shop's link is not in the cut yet
        "dependent_demand": 0.5,  # buyer-2 gets everything over this flow
        "marginal_partners": 0.0,  # shop, buyer-2 and the investor farm-b: none on margins
        "capitals": 0.125,  # builds financial and built, harms natural: (2 - 1) / 8
        "local_ownership": 0.667,  # shop and farm-b of three
        "interests": 0.667,  # farm-b invests; buyer-2 wants a stable price
    }
    assert shop.score == 0.246


def test_ties_break_by_parts_then_id() -> None:
    ranked = list(points().values())
    assert [p.id for p in ranked[:2]] == ["VC105:packer", "VC106:packer"]
    assert ranked[0].score == ranked[1].score and ranked[0].parts == ranked[1].parts
    assert [p.rank for p in ranked] == list(range(1, len(ranked) + 1))


def test_what_if_relieves_and_ranks_again() -> None:
    doc = load_document(DIAMOND)
    result = rank_document(doc, ["VC105:packer"])
    assert result.before is not None and result.flow is not None
    assert (result.before.deliverable, result.flow.deliverable) == (70, 75)
    after = {p.id: p for p in result.points}
    assert "VC105:packer" not in after
    # Now the shop's link binds: relieved, buyer-2 gets 40 of its 50: 5 of the 15 short.
    assert after["shop-limit"].parts["unlocked_demand"] == 0.333
    assert after["shop-limit"].previous_rank == 3 and after["shop-limit"].rank == 2
    assert result.assumed == {"VC105:packer": ["VC105:packer"]}


def test_assuming_an_investment_addresses_what_it_aims_at() -> None:
    result = rank_document(load_document(DIAMOND), ["van-loan"])
    assert result.assumed == {"van-loan": ["shop-limit"]}
    assert "shop-limit" not in {p.id for p in result.points}
    with pytest.raises(AssumptionError, match="did you mean van-loan"):
        rank_document(load_document(DIAMOND), ["van-loans"])


def test_weights_come_from_the_chain() -> None:
    data = yaml.safe_load(DIAMOND.read_text())
    data["leverage"] = dict.fromkeys(LEVERAGE_PARTS, 0) | {"dependent_demand": 4}
    ranked = points(yaml.safe_dump(data))
    for point in ranked.values():
        assert point.score == point.parts["dependent_demand"]
    data["leverage"] = dict.fromkeys(LEVERAGE_PARTS, 0)
    assert {p.score for p in points(yaml.safe_dump(data)).values()} == {0.0}


def test_capitals_are_clipped_at_zero() -> None:
    data = yaml.safe_load(DIAMOND.read_text())
    data["investments"]["van-loan"]["capitals"] = {"financial": 1, "natural": -2, "social": -1}
    assert points(yaml.safe_dump(data))["shop-limit"].parts["capitals"] == 0.0


def test_a_support_partner_works_through_those_it_supports() -> None:
    green = next(p for p in EXAMPLES if p.name == "green-housing.chain.yaml")
    ranked = rank_document(load_document(green)).points
    # The seed's leverage point: appraisals cap the mortgages of both builders' sales.
    assert ranked[0].id == "appraisal-bottleneck"
    assert ranked[0].parts["unlocked_demand"] == 1.0
    assert "could deliver 85 instead of 45 homes/yr" in ranked[0].explanation


def test_every_point_has_all_parts_in_range_and_a_json_form() -> None:
    for example in EXAMPLES:
        result = rank_document(load_document(example))
        assert result.points, example
        for p in result.points:
            assert tuple(p.parts) == LEVERAGE_PARTS
            assert all(0 <= v <= 1 for v in p.parts.values())
            assert 0 <= p.score <= 1
            data = p.to_json()
            assert list(data) == [
                "rank",
                "id",
                "kind",
                "subject",
                "source",
                "score",
                "parts",
                "explanation",
            ]
            assert p.explanation.endswith(".")
