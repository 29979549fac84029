"""What a Kumu map says that has no key of its own is kept (found by a blind import trial):
element and connection tags, what a `supports` connection says, loops, the map's name, the
label of a by-product element; and a funder that funds a partner supports it."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

PROJECT = {
    "maps": [{"name": "Heritage Grain Value Chain"}],
    "elements": [
        {
            "_id": "e1",
            "attributes": {
                "label": "Growers",
                "element type": "Farmer",
                "tags": ["local", "bottleneck", "margins|women-owned"],
            },
        },
        {"_id": "e2", "attributes": {"label": "Mill", "element type": "Processor"}},
        {"_id": "e3", "attributes": {"label": "School", "element type": "Buyer"}},
        {"_id": "e4", "attributes": {"label": "Fund", "element type": "Funder"}},
        {"_id": "e5", "attributes": {"label": "Extension", "element type": "Funder"}},
        {"_id": "e6", "attributes": {"label": "Bran", "element type": "Waste"}},
    ],
    "connections": [
        {
            "_id": "c1",
            "from": "e1",
            "to": "e2",
            "attributes": {
                "connection type": "sells to",
                "label": "wheat",
                "tags": ["seasonal", "farm-to-school"],
            },
        },
        {"_id": "c2", "from": "e2", "to": "e3", "attributes": {"connection type": "sells to"}},
        {
            "_id": "c3",
            "from": "e4",
            "to": "e2",
            "attributes": {"connection type": "funds", "label": "equipment loan"},
        },
        {
            "_id": "c4",
            "from": "e5",
            "to": "e1",
            "attributes": {
                "connection type": "trains",
                "label": "variety trials",
                "description": "monthly visits",
                "Hours": 40,
            },
        },
        {"_id": "c5", "from": "e2", "to": "e6", "attributes": {"connection type": "sells to"}},
    ],
    "loops": [
        {
            "attributes": {
                "label": "Quality loop",
                "loop type": "reinforcing",
                "description": "Better flour, more orders.",
            }
        }
    ],
}
OPTIONS = [
    "--type", "Farmer=transactional", "--type", "Processor=transactional",
    "--type", "Buyer=demand", "--type", "Funder=support", "--type", "Waste=unused",
    "--kind", "sells to=product", "--kind", "funds=money", "--kind", "trains=supports",
]  # fmt: skip


def imported(cli, tmp_path: Path) -> tuple[dict, str]:
    source = tmp_path / "grain.json"
    source.write_text(json.dumps(PROJECT), encoding="utf-8")
    out = tmp_path / "grain.chain.yaml"
    cli("import", source, "-o", out, *OPTIONS)
    text = out.read_text(encoding="utf-8")
    return yaml.safe_load(text), text.split("\nvchain: 1")[0]


def test_tags_are_kept_or_read(cli, tmp_path: Path) -> None:
    data, _ = imported(cli, tmp_path)
    growers = data["partners"]["growers"]
    assert (growers["local"], growers["margins"]) == (True, True)
    assert "Kumu tags: bottleneck, women-owned" in growers["notes"]
    flow = next(f for f in data["flows"] if f.get("what") == "wheat")
    assert "Kumu tags: seasonal, farm-to-school" in flow["notes"]


def test_what_a_supports_connection_says_stays_with_the_support_partner(cli, tmp_path) -> None:
    data, _ = imported(cli, tmp_path)
    extension = data["partners"]["extension"]
    assert extension["supports"] == ["growers"]
    assert extension["notes"] == "supports Growers: variety trials; monthly visits; Hours: 40"


def test_a_funder_that_funds_a_partner_supports_it(cli, tmp_path: Path) -> None:
    data, header = imported(cli, tmp_path)
    assert data["partners"]["fund"]["supports"] == ["mill"]
    assert {"from": "fund", "to": "mill", "kind": "money", "what": "equipment loan"} in data[
        "flows"
    ]
    assert "Guessed: money and services from a support partner" in header


def test_a_project_export_keeps_its_name_and_loops(cli, tmp_path: Path) -> None:
    data, header = imported(cli, tmp_path)
    assert data["chain"]["name"] == "Heritage Grain Value Chain"
    assert "(a Kumu project export)" in header
    assert (
        "Kumu loops: Quality loop (reinforcing): Better flour, more orders."
        in data["chain"]["description"]
    )
    assert "Kept in chain.description: 1 Kumu loop." in header


def test_a_by_product_element_names_its_flow(cli, tmp_path: Path) -> None:
    data, _ = imported(cli, tmp_path)
    assert {"from": "mill", "kind": "by-product", "what": "Bran"} in data["flows"]


def test_rows_with_the_same_label_and_type_are_one_element(cli, tmp_path: Path) -> None:
    """Kumu makes one element of rows with the same label; the later fills what the first
    leaves empty.  Two of different types still need ids (a test of the refusals)."""
    blueprint = {
        "elements": [
            {"label": "Growers", "type": "Farmer", "tags": ["local"]},
            {"label": "Buyer", "type": "Buyer"},
            {"label": "Fund", "type": "Funder"},
            {
                "label": "Growers",
                "type": "Farmer",
                "description": "Twelve farms",
                "tags": ["organic"],
            },
        ],
        "connections": [{"from": "Growers", "to": "Buyer", "type": "sells to"}],
    }
    source = tmp_path / "m.json"
    source.write_text(json.dumps(blueprint), encoding="utf-8")
    out = tmp_path / "m.chain.yaml"
    cli("import", source, "-o", out, *OPTIONS)
    text = out.read_text(encoding="utf-8")
    growers = yaml.safe_load(text)["partners"]["growers"]
    assert growers["local"] is True
    assert growers["notes"] == "Twelve farms\nKumu tags: organic"
    assert "one element, as Kumu makes them" in text.split("\nvchain: 1")[0]
    assert len(yaml.safe_load(text)["partners"]) == 3
