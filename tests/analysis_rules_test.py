"""Every analysis rule's documented examples are true, merged into the documented base."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from conftest import merge_fragment
from vchain.analysis.run import analyze_document
from vchain.loading.loader import load_document
from vchain.rules.analysis_rules import ANALYSIS_RULES, EXAMPLE_BASE
from vchain.rules.registry import RULES, check_document


def merged(fragment: str) -> dict[str, Any]:
    return merge_fragment(EXAMPLE_BASE, fragment)


def rules_fired(data: dict[str, Any]) -> set[str]:
    doc = load_document("example.chain.yaml", text=yaml.safe_dump(data, sort_keys=False))
    check_document(doc)
    errors = [f for f in doc.findings if f.severity == "error"]
    assert not errors, f"the example is not a valid chain: {errors}"
    return {f.rule for f in analyze_document(doc)}


def test_the_base_chain_is_quiet() -> None:
    assert rules_fired(merged("")) == set()


@pytest.mark.parametrize("rule", ANALYSIS_RULES, ids=lambda r: r.id)
def test_documented_examples(rule: Any) -> None:
    assert rule.passing_example and rule.failing_example, f"{rule.id} lacks examples"
    assert rule.id not in rules_fired(merged(rule.passing_example)), "passing example fires"
    assert rule.id in rules_fired(merged(rule.failing_example)), "failing example is quiet"


def test_catalogue_is_registered_with_analysis_scope() -> None:
    ids = [r.id for r in ANALYSIS_RULES]
    assert ids == sorted(ids)
    assert ids[0] == "VC100" and "VC104" in ids
    for rule in ANALYSIS_RULES:
        assert RULES[rule.id] is rule
        assert rule.scope == "analysis"
        assert rule.kind in ("gap", "bottleneck", "underutilized")
        assert rule.check is None  # the checks live in vchain.analysis


def test_severities_follow_the_kind() -> None:
    expected = {"gap": "warning", "bottleneck": "warning", "underutilized": "info"}
    for rule in ANALYSIS_RULES:
        assert rule.severity == expected[rule.kind], rule.id
