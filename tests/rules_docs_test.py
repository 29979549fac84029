"""Every rule's documented examples are true: the passing one passes, the failing one fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import merge_fragment
from vchain.rules.registry import ALL_RULES

BASE = """
vchain: 1
chain:
  name: Base chain for rule examples
  region: River Valley
  market_opportunity: Schools want soup
  coordinator: coord
  reviewed: 2026-10-01
functions:
  grow: {name: Grow, stage: produce}
  process: {name: Make soup, stage: process}
partners:
  coord:
    name: Coordinator
    type: support
    services: [coordination, financing]
    supports: [grower, buyer]
    interests: [fulfills mission]
  grower:
    name: Growers
    type: transactional
    performs: [grow, process]
    local: true
    margins: true
    interests: [increases income]
  buyer:
    name: Buyer
    type: demand
    interests: [saves cost]
flows:
  - {from: grower, to: buyer, kind: product}
"""


def merged(fragment: str) -> dict[str, Any]:
    return merge_fragment(BASE, fragment)


def fired(rule_id: str, data: dict[str, Any], tmp_path: Path) -> bool:
    from vchain.cli.common import load_checked

    path = tmp_path / "example.chain.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    doc = load_checked(path)
    return any(f.rule == rule_id for f in doc.findings)


def test_base_chain_is_clean(tmp_path: Path) -> None:
    from vchain.cli.common import load_checked

    path = tmp_path / "base.chain.yaml"
    path.write_text(BASE)
    assert [f.rule for f in load_checked(path).findings] == []


FILE_LEVEL = [r for r in ALL_RULES if r.check is not None]
"""Rules of the file; the analysis rules' examples are tested with the analysis."""


@pytest.mark.parametrize("rule", FILE_LEVEL, ids=lambda r: r.id)
def test_documented_examples(rule: Any, tmp_path: Path) -> None:
    assert rule.passing_example and rule.failing_example, f"{rule.id} lacks examples"
    assert not fired(rule.id, merged(rule.passing_example), tmp_path), "passing example fires"
    assert fired(rule.id, merged(rule.failing_example), tmp_path), "failing example does not fire"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_every_rule_is_documented(rule: Any) -> None:
    assert rule.id.startswith("VC") and len(rule.id) == 5
    assert rule.summary and rule.summary.endswith(".")
    assert rule.passing_example is not None and rule.failing_example is not None
