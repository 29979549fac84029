"""What the analysis finds, where it points, and how declared and detected meet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import vchain
from conftest import DATA, EXAMPLES
from vchain.analysis.run import analyze_document
from vchain.findings import ANALYSIS_KINDS, SUBJECT_KEYS, Finding
from vchain.loading.loader import load_document
from vchain.rules.analysis_rules import EXAMPLE_BASE

TOMATO = next(p for p in EXAMPLES if p.name == "tomato-soup.chain.yaml")
DIAMOND = DATA / "analysis" / "diamond.chain.yaml"


def findings_of(path: Path) -> list[Finding]:
    return analyze_document(load_document(path))


def by_rule(findings: list[Finding], rule: str) -> dict[Any, Finding]:
    return {f.subject[1]: f for f in findings if f.rule == rule}


def analyze_text(text: str) -> list[Finding]:
    return analyze_document(load_document("t.chain.yaml", text=text))


def with_fragment(fragment: dict[str, Any]) -> str:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE_BASE)
    for key, value in fragment.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return yaml.safe_dump(data, sort_keys=False)


@pytest.fixture(scope="module")
def tomato() -> list[Finding]:
    return findings_of(TOMATO)


def test_tomato_soup_tells_the_seed_story(tomato: list[Finding]) -> None:
    binding = {k: f for k, f in by_rule(tomato, "VC105").items() if f.severity == "warning"}
    assert sorted(binding) == ["small-farm-growers", "vegetable-grower"]
    data = binding["vegetable-grower"].data
    assert (data["unit"], data["wanted"], data["deliverable"], data["shortfall"]) == (
        "cans/yr",
        68000,
        36000,
        32000,
    )
    assert (data["delivered_now"], data["blocked"], data["unmet_now"]) == (30000, 6000, 38000)
    assert data["binding"] == ["small-farm-growers", "vegetable-grower"]
    assert data["step"] == 1
    assert "36,000 of the 68,000 cans/yr" in binding["vegetable-grower"].message
    assert "coop-to-schools binds next" in binding["vegetable-grower"].message
    # the later steps of the cascade are findings too, as info
    later = {k: f.data["step"] for k, f in by_rule(tomato, "VC105").items() if f.severity == "info"}
    assert later == {
        "coop-to-schools": 2,
        "distributor-co-op": 3,
        "vegetable-aggregator": 3,
        "soup-processor": 4,
    }
    blocked = by_rule(tomato, "VC115")
    assert sorted(blocked) == ["grocery-chain", "regional-hospital", "school-district"]
    assert blocked["school-district"].data["up_to"] == 4000
    assert sorted(by_rule(tomato, "VC106")) == [
        "distributor-co-op",
        "soup-processor",
        "vegetable-aggregator",
    ]
    needs = [f for f in tomato if f.rule == "VC104"]
    assert [(f.subject, f.data["need"]) for f in needs] == [
        (("partner", "vegetable-grower"), "insurance")
    ]
    assert "trucking-firm" in by_rule(tomato, "VC111")
    assert by_rule(tomato, "VC111")["trucking-firm"].data["used"] == 0.25
    assert "peels-and-seeds" in by_rule(tomato, "VC112")
    assert {"idle-land", "soup-recipe"} <= set(by_rule(tomato, "VC110"))
    assert "restaurant" in by_rule(tomato, "VC113")
    assert "state-organic-campaign" in by_rule(tomato, "VC114")
    assert "package-cups" in by_rule(tomato, "VC101")


def test_every_finding_has_kind_source_subject_and_position(tomato: list[Finding]) -> None:
    lines = TOMATO.read_text().splitlines()
    for f in tomato:
        assert f.kind in ANALYSIS_KINDS
        assert f.source in ("declared", "detected")
        assert f.subject[0] in SUBJECT_KEYS
        assert 1 < f.line <= len(lines) and f.column >= 1
        assert (f.source == "declared") == (f.rule == "VC100")
    assert tomato == sorted(tomato, key=Finding.sort_key)


@pytest.mark.parametrize(
    ("rule", "subject", "token"),
    [
        ("VC104", "vegetable-grower", "insurance"),
        ("VC105", "vegetable-grower", "30000 cans/yr"),
        ("VC111", "trucking-firm", "5000 cans/yr"),
        ("VC110", "idle-land", "idle-land:"),
        ("VC106", "soup-processor", "soup-processor:"),
        ("VC112", "peels-and-seeds", "id: peels-and-seeds"),
        ("VC101", "package-cups", "package-cups:"),
    ],
)
def test_positions_point_at_the_node(
    tomato: list[Finding], rule: str, subject: str, token: str
) -> None:
    finding = by_rule(tomato, rule)[subject]
    line = TOMATO.read_text().splitlines()[finding.line - 1]
    assert line[finding.column - 1 :].startswith(token), (finding, line)


def test_declared_and_detected_are_reported_once_linked(tomato: list[Finding]) -> None:
    peels = by_rule(tomato, "VC112")["peels-and-seeds"]
    assert peels.related == "unused-peels"
    assert peels.source == "detected"
    assert peels.data["declared"]["id"] == "unused-peels"
    declared = {f.subject[1] for f in tomato if f.rule == "VC100"}
    linked = {f.related for f in tomato if f.related}
    assert "unused-peels" in linked
    assert not declared & linked  # one report for each
    assert "no-school-delivery" in declared  # nothing detected sits on it
    assert "variety-signals" not in declared  # status: addressed
    insurance = by_rule(tomato, "VC104")["vegetable-grower"]
    assert insurance.related == "product-liability-insurance"


def test_a_detection_links_only_to_a_declared_cause_that_fits(tomato: list[Finding]) -> None:
    """A capacity that binds joins a bottleneck declared at that partner whatever its
    cause (the growers' insurance problem keeps them from growing more); an unmet need
    only where the cause fits; with both declared, capacity goes with capacity."""
    shortfall = by_rule(tomato, "VC105")["vegetable-grower"]
    assert shortfall.related == "product-liability-insurance"
    text = """
vchain: 1
chain: {name: C, region: R, market_opportunity: M, coordinator: buyer, reviewed: 2026-10-01}
functions: {grow: {name: Grow, stage: produce}}
partners:
  farm:
    {name: Farm, type: transactional, performs: [grow], capacity: 10 t, needs: [insurance]}
  buyer: {name: Buyer, type: demand, demand: 30 t}
flows: [{from: farm, to: buyer, kind: product}]
opportunities:
  money: {kind: bottleneck, cause: financing, text: No insurance, at: {partner: farm}}
  size: {kind: bottleneck, cause: capacity, text: Too small, at: {partner: farm}}
"""
    found = analyze_text(text)
    assert by_rule(found, "VC105")["farm"].related == "size"
    assert by_rule(found, "VC104")["farm"].related == "money"
    assert not [f for f in found if f.rule == "VC100"]


def test_declared_bottleneck_shows_its_cause(tomato: list[Finding]) -> None:
    school = by_rule(tomato, "VC100")["school-bid-procurement"]
    assert school.kind == "bottleneck" and school.severity == "warning"
    assert "cause: regulation" in school.message
    assert school.data["at"] == {"partner": "school-district"}
    hoops = by_rule(tomato, "VC100")["hoop-house-capital"]
    assert (hoops.kind, hoops.severity) == ("underutilized", "info")


def test_single_points_of_failure_by_hand() -> None:
    # Two farms; buyer 1 gets boxes only through the packer, buyer 2 only through the
    # shop (which the packer and farm B both feed): the packer dominates buyer 1 only.
    found = by_rule(findings_of(DIAMOND), "VC106")
    assert sorted(found) == ["packer", "shop"]
    assert found["packer"].data["demand_partners"] == ["buyer-1"]
    assert found["shop"].data["demand_partners"] == ["buyer-2"]
    assert found["shop"].data["flows"] == ["shop-to-buyer2"]


def test_no_single_point_of_failure_with_one_producer() -> None:
    assert not [f for f in analyze_text(EXAMPLE_BASE) if f.rule == "VC106"]


def test_a_partner_of_the_last_stage_is_no_dead_end() -> None:
    text = with_fragment(
        {
            "functions": {"deliver": {"name": "Deliver", "stage": "distribute"}},
            "partners": {
                "van": {"name": "Van", "type": "transactional", "performs": ["deliver"]},
                "shed": {"name": "Shed", "type": "transactional", "performs": ["cook"]},
            },
            "flows": [
                {"from": "grower", "to": "kitchen", "kind": "product"},
                {"from": "kitchen", "to": "school", "kind": "product"},
                {"from": "kitchen", "to": "van", "kind": "product"},
                {"from": "kitchen", "to": "shed", "kind": "product"},
            ],
        }
    )
    dead = by_rule(analyze_text(text), "VC107")
    assert sorted(dead) == ["shed"]


def test_demand_nobody_reaches_is_a_gap_and_no_demand_at_all_too() -> None:
    text = with_fragment({"flows": [{"from": "grower", "to": "kitchen", "kind": "product"}]})
    assert "school" in by_rule(analyze_text(text), "VC103")
    text = with_fragment(
        {"partners": {"school": {"name": "S", "type": "transactional", "performs": ["cook"]}}}
    )
    found = analyze_text(text)
    assert [f.subject[0] for f in found if f.rule == "VC102"] == ["chain"]
    assert not [f for f in found if f.rule in ("VC103", "VC105")]


def test_the_underused_threshold_is_configurable() -> None:
    used_70 = {
        "partners": {
            "grower": {
                "name": "G",
                "type": "transactional",
                "performs": ["grow"],
                "capacity": "100 cans/yr",
                "output": "70 cans/yr",
            }
        }
    }
    assert "grower" not in by_rule(analyze_text(with_fragment(used_70)), "VC111")
    stricter = {**used_70, "analysis": {"underused_below": 0.75}}
    found = by_rule(analyze_text(with_fragment(stricter)), "VC111")
    assert found["grower"].data["used"] == 0.7
    assert "70% used, under 75%" in found["grower"].message


def test_unmet_need_hint_names_who_provides_it_to_others() -> None:
    text = with_fragment(
        {
            "partners": {
                "kitchen": {
                    "name": "K",
                    "type": "transactional",
                    "performs": ["cook"],
                    "needs": ["financing"],
                },
                "coord": {
                    "name": "C",
                    "type": "support",
                    "services": ["financing"],
                    "supports": ["grower"],
                },
            }
        }
    )
    need = by_rule(analyze_text(text), "VC104")["kitchen"]
    assert need.message == "kitchen needs financing but no support partner provides it"
    assert need.hint is not None and "coord provides financing" in need.hint


def test_support_partners_that_support_nobody_are_not_also_unwoven() -> None:
    text = with_fragment(
        {"partners": {"idle": {"name": "I", "type": "support", "services": ["policy"]}}}
    )
    found = analyze_text(text)
    assert "idle" in by_rule(found, "VC114")
    assert "idle" not in by_rule(found, "VC113")


def test_library_analyze_takes_a_chain_or_a_path() -> None:
    from_path = vchain.analyze(TOMATO)
    from_chain = vchain.analyze(vchain.load(TOMATO))
    assert [f.rule for f in from_path] != []
    assert sorted((f.rule, f.subject) for f in from_path) == sorted(
        (f.rule, f.subject) for f in from_chain
    )
    assert {f.line for f in from_chain} == {1}


def test_same_input_same_findings() -> None:
    first = [f.to_json() for f in findings_of(TOMATO)]
    assert first == [f.to_json() for f in findings_of(TOMATO)]


def test_suppliers_count_as_producers_for_single_points_of_failure() -> None:
    # Two suppliers feed the only grower: more than one producer (supply or produce),
    # and every path to the school passes through the grower and the kitchen.
    text = with_fragment(
        {
            "functions": {"seed": {"name": "Sell seed", "stage": "supply"}},
            "partners": {
                "seeds-a": {"name": "A", "type": "transactional", "performs": ["seed"]},
                "seeds-b": {"name": "B", "type": "transactional", "performs": ["seed"]},
            },
            "flows": [
                {"from": "seeds-a", "to": "grower", "kind": "product"},
                {"from": "seeds-b", "to": "grower", "kind": "product"},
                {"from": "grower", "to": "kitchen", "kind": "product"},
                {"from": "kitchen", "to": "school", "kind": "product"},
            ],
        }
    )
    found = by_rule(analyze_text(text), "VC106")
    assert sorted(found) == ["grower", "kitchen"]
    assert found["kitchen"].data["flows"] == ["flow#3"]
