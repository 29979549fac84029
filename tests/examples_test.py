"""The examples are what practitioners copy: clean, formatted, and telling the seed's story."""

from __future__ import annotations

import json

from conftest import EXAMPLES


def test_examples_are_in_canonical_layout(cli) -> None:
    result = cli("fmt", "--check", *EXAMPLES)
    assert "0 files would be reformatted" in result.stdout + result.stderr


def test_examples_cover_the_three_seed_chains() -> None:
    names = {p.name for p in EXAMPLES}
    assert {
        "tomato-soup.chain.yaml",
        "green-housing.chain.yaml",
        "laundry-services.chain.yaml",
    } <= names


def test_green_housing_puts_the_appraisal_bottleneck_first(cli) -> None:
    """The seed's leverage point: training appraisers unlocks the mortgages."""
    path = next(p for p in EXAMPLES if p.name == "green-housing.chain.yaml")
    data = json.loads(cli("leverage", path, "--format", "json").stdout)
    first = data["leverage_points"][0]
    assert first["id"] == "appraisal-bottleneck"
    assert first["parts"]["unlocked_demand"] > 0
