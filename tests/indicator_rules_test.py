"""VC059-VC061: indicators behind their target past their date, not updated for a year,
and capitals that investments act on but no indicator measures."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import merge_fragment
from rules_docs_test import BASE


def findings(tmp_path: Path, fragment: dict[str, object], rule: str) -> list[str]:
    from vchain.cli.common import load_checked

    data = merge_fragment(BASE, yaml.safe_dump(fragment))
    path = tmp_path / "chain.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return [f.message for f in load_checked(path).findings if f.rule == rule]


def indicator(**fields: object) -> dict[str, object]:
    return {"indicators": {"x": {"name": "X", "capital": "social", **fields}}}


@pytest.mark.parametrize(
    ("fields", "fires"),
    [
        ({"baseline": 4, "target": 20, "actual": 9, "due": "2026-01-01"}, True),
        ({"baseline": 4, "target": 20, "actual": 20, "due": "2026-01-01"}, False),
        ({"baseline": 4, "target": 20, "actual": 9, "due": "2026-11-22"}, False),  # due today
        ({"baseline": 4, "target": 20, "actual": 9}, False),  # no due: no verdict
        ({"baseline": 4, "target": 20, "due": "2026-01-01"}, True),  # never measured
        ({"actual": 9, "due": "2026-01-01"}, False),  # no target
        # lower is better: 0.42 kWh/lb against a target of 0.3 is behind, 0.29 is there
        ({"baseline": 0.45, "target": 0.3, "actual": 0.42, "due": "2026-01-01"}, True),
        ({"baseline": 0.45, "target": 0.3, "actual": 0.29, "due": "2026-01-01"}, False),
    ],
)
def test_behind_past_due(tmp_path: Path, fields: dict[str, object], fires: bool) -> None:
    found = findings(tmp_path, indicator(**fields), "VC059")
    assert bool(found) is fires, found
    if fires:
        assert "due on 2026-01-01" in found[0]


def test_not_updated_counts_from_vchain_today(tmp_path: Path, monkeypatch) -> None:
    fragment = indicator(actual=3, as_of="2025-11-01")
    assert findings(tmp_path, fragment, "VC060") == [
        "indicator x was last measured on 2025-11-01, 386 days ago"
    ]
    monkeypatch.setenv("VCHAIN_TODAY", "2026-10-31")
    assert findings(tmp_path, fragment, "VC060") == []  # 364 days
    assert findings(tmp_path, indicator(actual=3), "VC060") == []  # no as_of: no verdict


def test_a_capital_with_investments_and_no_indicator(tmp_path: Path) -> None:
    fragment = {
        "investments": {
            "a": {"by": ["coord"], "form": "money", "capitals": {"financial": 2, "social": 1}},
            "b": {"by": ["coord"], "form": "time", "capitals": {"natural": -1, "built": 0}},
        },
        **indicator(),
    }
    found = findings(tmp_path, fragment, "VC061")
    assert len(found) == 2  # financial (built by a) and natural (harmed by b); social measured
    assert found[0].startswith("1 investment acts on financial capital (a)")
    assert "natural" in found[1]
    assert not any("built" in f for f in found)  # an effect of 0 acts on nothing


def test_the_examples_measure_every_capital_they_invest_in(cli) -> None:
    from conftest import EXAMPLES

    result = cli("validate", *EXAMPLES)
    assert "VC061" not in result.stdout and "VC059" not in result.stdout
