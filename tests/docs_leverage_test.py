"""docs/leverage.md works the tomato soup numbers through: they are the real ones."""

from __future__ import annotations

import json
import re

from conftest import EXAMPLES, ROOT

DOC = (ROOT / "docs" / "leverage.md").read_text(encoding="utf-8")
TOMATO = next(p for p in EXAMPLES if p.name == "tomato-soup.chain.yaml")


def test_the_numbers_table_is_the_analysis(cli) -> None:
    flow = json.loads(cli("analyze", TOMATO, "-f", "json").stdout)["flow"]
    for name, key in [
        ("wanted", "wanted"),
        ("deliverable", "deliverable"),
        ("delivered now", "delivered_now"),
        ("capacity shortfall", "shortfall"),
        ("blocked demand", "blocked"),
        ("unmet now", "unmet_now"),
    ]:
        assert f"| {name} | {flow[key]:,} |" in DOC, name
    assert [step["after"] for step in flow["steps"]] == [40000, 45000, 48000, 68000]


def test_the_fair_shares_table_is_the_ranking(cli) -> None:
    data = json.loads(cli("leverage", TOMATO, "-f", "json").stdout)
    points = {p["id"]: p for p in data["leverage_points"]}
    rows = re.findall(r"^\| ([a-zA-Z0-9:, _-]+?) \| [^|]+ \| ([\d,]+)(?: each)? \|$", DOC, re.M)
    assert len(rows) >= 6
    unmet = data["flow"]["unmet_now"]
    for ids, share in rows:
        for ident in ids.split(", "):
            assert ident in points, ident
            # the share shows in the part: (share + claimed) / unmet, at least the share
            fair = int(share.replace(",", "")) / unmet
            assert points[ident]["parts"]["unlocked_demand"] >= fair - 0.001
    insurance = points["product-liability-insurance"]
    assert f"**{insurance['parts']['unlocked_demand']:.3f}**" in DOC
    top = [p["id"] for p in data["leverage_points"][:3]]
    sentence = DOC[DOC.index("the top three are") :].split(".\n")[0]
    assert re.findall(r"`([a-z0-9:-]+)`", sentence) == top
