"""VC057: capacities and demands that cannot be compared with the main demand unit."""

from __future__ import annotations

import json
from pathlib import Path

PROBES = Path(__file__).parent / "data" / "probes"


def test_a_capacity_in_a_minority_demand_unit_is_reported(cli) -> None:
    """p3: the grower's t/yr is a demand unit too (the hospital's), but not the main one."""
    result = cli("validate", PROBES / "p3-units.chain.yaml", "-f", "json", expect=0)
    found = {
        (f["subject"].get("partner"), f["message"].split(" is in ")[0])
        for f in json.loads(result.stdout)["findings"]
        if f["rule"] == "VC057"
    }
    assert ("grower", "the capacity of grower") in found
    assert ("hospital", "the demand of hospital") in found
