"""Kumu maps brought in: a hand-written blueprint and a Kumu-style workbook (written from
Kumu's import guide), project exports, csv files; mapped with --type and --kind, then
validated: never a schema or reference error that the importer could have avoided."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA
from vchain.loading.loader import load_document
from vchain.model import Chain

KUMU = DATA / "bridges"
BLUEPRINT = KUMU / "heritage-grain.kumu.json"
WORKBOOK = KUMU / "wool.kumu.xlsx"
GRAIN_TYPES = [
    *("--type", "Buyer=demand", "--type", "Funder=support", "--type", "Note=ignore"),
    *("--type", "Processor=transactional", "--type", "Producer=transactional"),
    *("--kind", "Funds=money", "--kind", "Pays=money", "--kind", "Sells to=product"),
    *("--kind", "Technical assistance=service"),
]
WOOL_TYPES = [
    *("--type", "Producer=transactional", "--type", "processor=transactional"),
    *("--type", "Buyer=demand", "--type", "Funder=support"),
    *("--kind", "Raw wool=product", "--kind", "Yarn=product", "--kind", "Payment=money"),
]


def _chain(path: Path) -> Chain:
    doc = load_document(path)
    assert doc.chain is not None, doc.findings
    return doc.chain


def _validate_clean(cli, path: Path) -> list[dict[str, Any]]:
    """No error that is the file's own (schema, reference); warnings are fine."""
    result = cli("validate", path, "--format", "json", expect=None)
    findings = json.loads(result.stdout)["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert errors == [], errors
    cli("fmt", "--check", path)
    return list(findings)


def _blueprint(tmp_path: Path, data: dict[str, Any], name: str = "map.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_a_kumu_blueprint_becomes_a_valid_chain(cli, tmp_path: Path):
    out = tmp_path / "grain.chain.yaml"
    cli("import", BLUEPRINT, "-o", out, *GRAIN_TYPES)
    _validate_clean(cli, out)
    chain = _chain(out)
    growers = chain.partners["hilltop-grain-growers"]
    assert growers.name == "Hilltop Grain Growers"
    assert growers.type == "transactional"
    assert growers.performs == ["grow-heritage-wheat"]
    assert growers.needs == ["financing", "technical-assistance", "seed-cleaning"]
    assert (growers.local, growers.margins, growers.engagement) == (True, True, "core")
    assert str(growers.capacity) == "30,000 loaves/yr"
    assert "Website: https://hilltop-grain.example.org" in (growers.notes or "")
    assert "Acres: 640" in (growers.notes or "")
    school = chain.partners["upper-valley-school-district"]
    assert school.type == "demand"
    assert str(school.demand) == "12,000 loaves/yr"
    assert "**local bread**" in (school.notes or "")
    fund = chain.partners["valley-community-loan-fund"]
    assert fund.services == ["financing", "coordination"]
    # the growers by a `supports` connection, the mill by the loan it funds (a guess the
    # file's header names)
    assert fund.supports == ["hilltop-grain-growers", "riverside-mill"]
    assert "it `supports` who gets them" in out.read_text(encoding="utf-8").split("vchain: 1")[0]
    assert "Demand: not a buyer" in (fund.notes or "")  # a buyer's key on a support partner
    assert chain.chain.coordinator == "valley-community-loan-fund"
    assert list(chain.functions) == [
        "grow-heritage-wheat",
        "mill-flour",
        "bake-bread",
        "deliver-to-schools",
    ]
    kinds = [(f.from_, f.to, f.kind, f.what) for f in chain.flows]
    assert ("upper-valley-school-district", "main-street-bakery", "money", "bread invoices") in (
        kinds
    )
    mutual = [k for k in kinds if k[3] == "weekly orders"]
    assert len(mutual) == 2  # a mutual connection is a flow each way
    assert "about-this-map" not in chain.partners
    elevator = chain.resources["idle-grain-elevator"]
    assert (elevator.capital, str(elevator.amount)) == ("built", "2,000 t")
    assert elevator.could_serve == ["riverside-mill"]
    text = out.read_text("utf-8")
    assert text.startswith("# Imported by vchain")
    assert "heritage-grain.kumu.json (a Kumu JSON blueprint)" in text
    assert '"Producer" -> transactional (--type)' in text
    assert "Guessed: coordinator: valley-community-loan-fund" in text
    assert "Guessed: mutual connections" in text


def test_unmapped_element_types_stop_with_the_list_and_the_option(cli, tmp_path: Path):
    out = tmp_path / "grain.chain.yaml"
    result = cli("import", BLUEPRINT, "-o", out, expect=2)
    for kumu_type in ("Buyer", "Funder", "Note", "Processor", "Producer"):
        assert f'"{kumu_type}"' in result.stderr
    assert '"Processor": 2 elements' in result.stderr  # "Processor" and "processor"
    assert '--type "Producer=transactional"' in result.stderr
    assert "$.elements[2]" in result.stderr
    assert not out.exists()


def test_unmapped_connection_types_stop_with_the_kind_option(cli, tmp_path: Path):
    out = tmp_path / "grain.chain.yaml"
    result = cli("import", BLUEPRINT, "-o", out, *GRAIN_TYPES[:10], expect=2)
    assert '"Sells to": 4 connections' in result.stderr
    assert '--kind "Sells to=product"' in result.stderr
    assert "--kind" in result.stderr
    assert not out.exists()


def test_a_kumu_workbook_becomes_a_valid_chain(cli, tmp_path: Path):
    out = tmp_path / "wool.chain.yaml"
    cli("import", WORKBOOK, "-o", out, *WOOL_TYPES)
    _validate_clean(cli, out)
    chain = _chain(out)
    assert chain.partners["valley-wool-mill"].type == "transactional"  # "Processor Partner"
    assert chain.partners["cafe-lana"].name == "Café Lana"
    assert chain.partners["state-small-business-center"].type == "support"  # second sheet
    yarn = [(f.from_, f.to) for f in chain.flows if f.what == "yarn"]
    assert yarn == [  # "Highland Knitters Guild|Outdoor Gear Co" in one To cell
        ("valley-wool-mill", "highland-knitters-guild"),
        ("valley-wool-mill", "outdoor-gear-co"),
    ]
    assert ("highland-knitters-guild", "cafe-lana") in [(f.from_, f.to) for f in chain.flows]
    assert list(chain.functions) == ["shear", "wash-and-spin", "knit-and-sew"]
    assert chain.partners["mountain-sheep-ranchers"].needs == [
        "financing",
        "training",
        "shearing-crew",
    ]
    assert "Leadville convening" not in out.read_text("utf-8")  # the (ignore) sheet


def test_a_kumu_project_export_with_ids_and_attributes(cli, tmp_path: Path):
    export = {
        "elements": [
            {"_id": "elem-1", "attributes": {"label": "Farm", "element type": "TRANSACTIONAL"}},
            {"_id": "elem-2", "attributes": {"label": "Buyer", "element type": "Demand Partners"}},
            {"_id": "elem-3", "attributes": {"label": "Bank", "element type": "SUPPORT_PARTNER"}},
        ],
        "connections": [
            {
                "_id": "conn-1",
                "from": "elem-1",
                "to": "elem-2",
                "direction": "directed",
                "attributes": {"connection type": "Product Flow", "label": "beans"},
            },
            {
                "_id": "conn-2",
                "from": "elem-1",
                "to": "elem-2",
                "reversed": True,
                "attributes": {"connection type": "money"},
            },
            {"_id": "conn-3", "from": "elem-3", "to": "elem-1", "attributes": {}},
        ],
        "maps": [{"name": "Main map"}],
    }
    out = tmp_path / "export.chain.yaml"
    cli("import", _blueprint(tmp_path, export), "-o", out, "--coordinator", "Bank")
    _validate_clean(cli, out)
    chain = _chain(out)
    assert {p: x.type for p, x in chain.partners.items()} == {
        "farm": "transactional",
        "buyer": "demand",
        "bank": "support",
    }
    assert [(f.from_, f.to, f.kind) for f in chain.flows] == [
        ("farm", "buyer", "product"),
        ("buyer", "farm", "money"),  # reversed
        ("bank", "farm", "product"),  # no type between partners: guessed, and said so
    ]
    text = out.read_text("utf-8")
    assert "Guessed: connections with no type between partners: product" in text
    assert "Chosen: coordinator: bank (--coordinator)" in text


def test_labels_become_unique_ids_and_names_keep_their_text(cli, tmp_path: Path):
    blueprint = {
        "elements": [
            {"id": "a", "label": "Growers", "type": "transactional"},
            {"id": "b", "label": "Growers", "type": "transactional"},
            {"label": "Buyer\u202e\u0007 line\nbreak", "type": "demand"},
            {"label": "Ω Кооператив 合作社", "type": "support"},
        ],
        "connections": [
            {"from": "a", "to": "buyer line break", "type": "product"},
            {"from": "b", "to": "Buyer\u202e\u0007 line\nbreak", "type": "product"},
        ],
    }
    out = tmp_path / "labels.chain.yaml"
    cli("import", _blueprint(tmp_path, blueprint), "-o", out, expect=2)  # no such label
    blueprint["connections"][0]["to"] = "buyer\u202e\u0007 line\nbreak"  # case only
    cli("import", _blueprint(tmp_path, blueprint), "-o", out)
    _validate_clean(cli, out)
    chain = _chain(out)
    assert list(chain.partners) == [
        "growers",
        "growers-2",
        "buyer-line-break",
        "o-kooperativ-he-zuo-she",  # transliterated: the format's ids are ASCII
    ]
    assert chain.partners["buyer-line-break"].name == "Buyer\u202e\u0007 line\nbreak"
    assert chain.partners["o-kooperativ-he-zuo-she"].name == "Ω Кооператив 合作社"
    header = [line for line in out.read_text("utf-8").splitlines() if line.startswith("#")]
    assert all("\u202e" not in line and "\x07" not in line for line in header)


def test_labels_in_any_script_become_readable_ids_the_same_every_time(cli, tmp_path: Path):
    """A Cyrillic, Chinese, Korean or Greek label keeps its words in the id, spelled in
    the Latin letters the format's ids allow; never an empty id or a bare number."""
    labels = {
        "Молочная ферма «Заря»": "molochnaya-ferma-zarya",
        "北京有机农场": "bei-jing-you-ji-nong-chang",
        "서울 농장": "seo-ul-nong-jang",
        "Αθήνα Μέλι": "athina-meli",
        "Straße Bäckerei": "strasse-backerei",
        "Молочная ферма Заря": "molochnaya-ferma-zarya-2",  # the same words: numbered
    }
    types = ["demand"] + ["transactional"] * (len(labels) - 2) + ["support"]
    blueprint = {"elements": [{"label": k, "type": t} for k, t in zip(labels, types, strict=True)]}
    source = _blueprint(tmp_path, blueprint)
    first, second = tmp_path / "a.chain.yaml", tmp_path / "b.chain.yaml"
    cli("import", source, "-o", first)
    cli("import", source, "-o", second)
    assert first.read_bytes() == second.read_bytes()
    chain = _chain(first)
    assert list(chain.partners) == list(labels.values())
    assert [p.name for p in chain.partners.values()] == list(labels)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"elements": [{"label": "A", "type": "demand"}, {"label": "A", "type": "support"}]},
            "the label 'A' is used again (first at",
        ),
        (
            {"elements": [{"label": "  ", "type": "demand"}]},
            "$.elements[0]: the element has no label",
        ),
        (
            {
                "elements": [{"label": "A", "type": "demand"}],
                "connections": [{"from": "A", "to": "Aa", "type": "money"}],
            },
            "$.connections[0].to: 'Aa' is not the label or id of any element (did you mean 'A'?)",
        ),
        ({"elements": [{"label": "F", "type": "function"}]}, "no element is a partner"),
        ({"elements": "none"}, "$.elements: `elements` is a list"),
        ({"nodes": []}, "this is not a Kumu blueprint"),
    ],
)
def test_broken_blueprints_are_refused_with_their_place(cli, tmp_path: Path, change, message):
    out = tmp_path / "x.chain.yaml"
    result = cli("import", _blueprint(tmp_path, change), "-o", out, expect=2)
    assert message in result.stderr
    assert "map.json" in result.stderr
    assert not out.exists()


def test_a_coordinator_that_is_not_a_partner_is_refused(cli, tmp_path: Path):
    out = tmp_path / "x.chain.yaml"
    result = cli("import", BLUEPRINT, "-o", out, *GRAIN_TYPES, "--coordinator", "nobody", expect=2)
    assert "--coordinator: 'nobody' is not a partner" in result.stderr
    cli("import", BLUEPRINT, "-o", out, *GRAIN_TYPES, "--coordinator", "UVM extension")
    assert _chain(out).chain.coordinator == "uvm-extension"


def test_kumu_csv_files_in_a_folder_and_alone(cli, tmp_path: Path):
    folder = tmp_path / "kumu"
    folder.mkdir()
    (folder / "elements.csv").write_text(
        "Label,Type,Tags,Capacity\nGrowers,Transactional,local|margins,30 t/yr\n"
        "Kitchen,transactional partner,,\nSchools,Demand,,\n",
        "utf-8",
    )
    (folder / "connections.csv").write_text(
        "From,To,Type,Label\nGrowers,Kitchen,product,tomatoes\nKitchen,Schools,product,soup\n",
        "utf-8",
    )
    out = tmp_path / "csv.chain.yaml"
    cli("import", folder, "-o", out)
    _validate_clean(cli, out)
    chain = _chain(out)
    assert [(f.from_, f.to, f.what) for f in chain.flows] == [
        ("growers", "kitchen", "tomatoes"),
        ("kitchen", "schools", "soup"),
    ]
    assert chain.partners["growers"].margins is True
    alone = tmp_path / "alone.chain.yaml"
    cli("import", folder / "elements.csv", "-o", alone)
    assert list(_chain(alone).partners) == ["growers", "kitchen", "schools"]


def test_one_sheet_with_two_blank_rows_between_elements_and_connections(cli, tmp_path: Path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (
        ["Label", "Type"],
        ["Mill", "transactional"],
        ["Bakery", "demand"],
        [],
        [],
        ["From", "To", "Type"],
        ["Mill", "Bakery", "product"],
    ):
        sheet.append(row)
    path = tmp_path / "single.xlsx"
    book.save(path)
    out = tmp_path / "single.chain.yaml"
    cli("import", path, "-o", out)
    assert [(f.from_, f.to) for f in _chain(out).flows] == [("mill", "bakery")]
