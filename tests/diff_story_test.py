"""`vchain diff` in plain words: every sentence follows from the findings and the elements
before and after (issue 8, defect 12)."""

from __future__ import annotations

import yaml

from vchain.check.policy import Policy
from vchain.diff.compare import compare
from vchain.diff.revisions import Side

OLD = {
    "vchain": 1,
    "chain": {
        "name": "Camelina oil",
        "region": "High plains",
        "market_opportunity": "A refinery wants camelina oil",
        "coordinator": "coord",
        "reviewed": "2026-10-01",
    },
    "functions": {
        "grow": {"name": "Grow camelina", "stage": "produce"},
        "crush": {"name": "Crush the seed", "stage": "process"},
    },
    "partners": {
        "camelina-growers": {
            "name": "Camelina growers",
            "type": "transactional",
            "performs": ["grow"],
            "capacity": "100 t/yr",
            "needs": ["insurance"],
            "local": True,
            "margins": True,
            "interests": ["increases income"],
        },
        "kitchens": {
            "name": "Crushing kitchens",
            "type": "transactional",
            "performs": ["crush"],
            "capacity": "60 t/yr",
            "needs": ["financing"],
            "local": True,
            "interests": ["increases income"],
        },
        "refinery": {
            "name": "Refinery",
            "type": "demand",
            "demand": "100 t/yr",
            "interests": ["ensures reliable supply"],
        },
        "mill": {
            "name": "Feed mill",
            "type": "demand",
            "demand": "20 t/yr",
            "interests": ["saves cost"],
        },
        "coord": {
            "name": "Coordinator",
            "type": "support",
            "services": ["coordination"],
            "supports": ["camelina-growers"],
            "local": True,
            "interests": ["fulfills mission"],
        },
    },
    "flows": [
        {"from": "camelina-growers", "to": "kitchens", "kind": "product"},
        {"from": "kitchens", "to": "refinery", "kind": "product"},
    ],
    "opportunities": {
        "camelina-learning-curve": {
            "kind": "bottleneck",
            "cause": "skills",
            "text": "Growers are still learning camelina",
            "at": {"partner": "camelina-growers"},
        }
    },
}


def side(name: str, data: dict) -> Side:
    return Side(spec=name, path="chain.yaml", text=yaml.safe_dump(data, sort_keys=False))


def story_of(new: dict) -> list[str]:
    return compare(side("old", OLD), side("new", new), Policy()).story


def changed() -> dict:
    new = yaml.safe_load(yaml.safe_dump(OLD))
    partners = new["partners"]
    partners["crop-insurance"] = {
        "name": "Crop insurance agent",
        "type": "support",
        "services": ["insurance"],
        "supports": ["camelina-growers"],
        "interests": ["increases income"],
    }
    partners["lender"] = {
        "name": "Farm lender",
        "type": "support",
        "services": ["financing"],
        "supports": ["kitchens"],
        "interests": ["increases income"],
    }
    partners["hauler"] = {
        "name": "Feed hauler",
        "type": "transactional",
        "performs": ["crush"],
        "interests": ["increases income"],
    }
    new["flows"].append({"from": "hauler", "to": "mill", "kind": "product"})
    new["flows"].append({"from": "camelina-growers", "to": "hauler", "kind": "product"})
    return new


def test_a_need_met_is_told_as_a_need_met_with_who_meets_it() -> None:
    story = story_of(changed())
    assert (
        "the insurance that camelina-growers needs is provided now: the new partner Crop "
        "insurance agent (crop-insurance) supports it and provides insurance" in story
    )
    assert (
        "the financing that kitchens needs is provided now: the new partner Farm lender "
        "(lender) supports it and provides financing" in story
    )


def test_no_bottleneck_is_resolved_while_a_finding_stays_there() -> None:
    story = story_of(changed())
    # the kitchens' capacity still binds: nothing says the bottleneck there is resolved
    assert not any("bottleneck at" in s and "resolved" in s for s in story)
    assert not any("the capacity of partner kitchens" in s for s in story)


def test_the_flow_that_reaches_a_buyer_is_credited_not_another_new_partner() -> None:
    story = story_of(changed())
    reached = next(s for s in story if s.startswith("product now reaches mill"))
    assert "the new partner Feed hauler (hauler)" in reached
    assert "Crop insurance" not in reached and "lender" not in reached


def test_no_advice_is_given_as_a_fact() -> None:
    story = story_of(changed())
    assert not any("?" in s for s in story)
    assert not any("camelina-learning-curve" in s for s in story)  # nothing changed there


def test_numbers_say_which_number_moved() -> None:
    new = changed()
    new["partners"]["kitchens"]["capacity"] = "120 t/yr"
    story = story_of(new)
    assert any(s.startswith("the capacity shortfall falls from") for s in story)
    assert not any(s.startswith("unmet demand") for s in story)
    assert (
        "the capacity of partner kitchens no longer binds: its capacity went from 60 t/yr "
        "to 120 t/yr" in story
    )
