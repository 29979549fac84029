"""`vchain leverage`: the table, --top, --explain, --assume, JSON and Markdown."""

from __future__ import annotations

import json

from conftest import DATA, EXAMPLES
from vchain.model import LEVERAGE_PARTS

TOMATO = next(p for p in EXAMPLES if p.name == "tomato-soup.chain.yaml")
DIAMOND = DATA / "analysis" / "diamond.chain.yaml"
POINT_KEYS = ["rank", "id", "kind", "subject", "source", "score", "parts", "explanation"]


def test_json_has_the_contract_shape(cli) -> None:
    data = json.loads(cli("leverage", TOMATO, "--format", "json").stdout)
    assert data["vchain"] == "0.1.0"
    assert data["file"] == TOMATO.as_posix()
    points = data["leverage_points"]
    assert [p["rank"] for p in points] == list(range(1, len(points) + 1))
    for point in points:
        assert list(point)[: len(POINT_KEYS)] == POINT_KEYS
        assert list(point["parts"]) == list(LEVERAGE_PARTS)
        assert 0 <= point["score"] <= 1
        assert point["source"] in ("declared", "detected")
        assert point["kind"] in ("gap", "bottleneck", "underutilized")
        weighted = sum(data["weights"][k] * v for k, v in point["parts"].items())
        assert abs(weighted - point["score"]) <= 0.002
    ids = [p["id"] for p in points]
    assert len(ids) == len(set(ids))
    assert "no-school-delivery" in ids and "VC105:soup-processor" in ids
    # the processor's capacity and its single point of failure are one point
    processor = next(p for p in points if p["id"] == "VC105:soup-processor")
    assert processor["reasons"] == ["VC105", "VC106"]
    assert "VC106:soup-processor" in processor["aliases"]
    assert "unused-peels" in ids and "VC112:peels-and-seeds" not in ids  # linked: one point


def test_top_limits_every_format(cli) -> None:
    data = json.loads(cli("leverage", TOMATO, "-f", "json", "--top", "3").stdout)
    assert len(data["leverage_points"]) == 3
    table = cli("leverage", TOMATO, "--top", "2").stdout
    rows = [line for line in table.splitlines() if line[:4].strip().isdigit()]
    assert len(rows) == 2
    cli("leverage", TOMATO, "--top", "0", expect=2)


def test_table_shows_every_part(cli) -> None:
    out = cli("leverage", DIAMOND).stdout
    for name in LEVERAGE_PARTS:
        assert name in out
    data = json.loads(cli("leverage", DIAMOND, "-f", "json").stdout)
    packer = next(p for p in data["leverage_points"] if p["id"] == "VC105:packer")
    row = next(line for line in out.splitlines() if line.rstrip().endswith("VC105:packer"))
    cells = [str(packer["rank"]), f"{packer['score']:.3f}"]
    cells += [f"{packer['parts'][n]:.3f}" for n in LEVERAGE_PARTS]
    assert row.split()[: len(cells)] == cells
    # the numbers and the cascade head the table
    assert "Demand: wanted 90 boxes/wk, deliverable 70, delivered now not stated" in out
    assert "1. b-direct and packer: then 75" in out
    # a risk alone comes last, under its own line
    lines = out.splitlines()
    risks = next(i for i, line in enumerate(lines) if line.strip().startswith("risks"))
    assert lines[risks + 1].rstrip().endswith("VC106:shop")


def test_help_documents_the_part_names(cli) -> None:
    out = cli("leverage", "--help").stdout
    for name in LEVERAGE_PARTS:
        assert name in out
    assert "--assume" in out and "--explain" in out


def test_explain_shows_the_arithmetic(cli) -> None:
    out = cli("leverage", DIAMOND, "--explain", "VC105:packer").stdout
    data = json.loads(cli("leverage", DIAMOND, "-f", "json").stdout)
    packer = next(p for p in data["leverage_points"] if p["id"] == "VC105:packer")
    assert f"Rank {packer['rank']} of 6, score {packer['score']:.3f}" in out
    weights = data["weights"]
    assert f"score = {weights['unlocked_demand']:g} × 0.225 + " in out
    assert "its fair share of the capacity shortfall is 4.5 of 20 boxes/wk" in out
    assert "Fair shares: Shapley values, exact over 5 points" in out
    assert "What decided its rank: " in out
    # an alias names the same point
    assert cli("leverage", DIAMOND, "--explain", "VC106:packer").stdout == out
    result = cli("leverage", DIAMOND, "--explain", "VC105:packr", expect=2)
    assert "did you mean VC105:packer" in result.stderr


def test_assume_shows_how_ranking_and_shortfall_move(cli) -> None:
    out = cli("leverage", DIAMOND, "--assume", "VC105:packer").stdout
    assert "Deliverable: 70 -> 75 of 90 boxes/wk; unmet now 20 -> 15" in out
    assert "move" in out
    data = json.loads(cli("leverage", TOMATO, "-f", "json", "-a", "bus-driver-startup-loan").stdout)
    assert data["assumptions"] == [
        {"id": "bus-driver-startup-loan", "addresses": ["no-school-delivery"]}
    ]
    assert data["before"]["shortfall"] == 32000
    assert data["shortfall"]["before"]["shortfall"] == 32000
    assert "no-school-delivery" not in {p["id"] for p in data["leverage_points"]}
    assert all("previous_rank" in p for p in data["leverage_points"])
    result = cli("leverage", TOMATO, "--assume", "nothing-like-this", expect=2)
    assert "nothing-like-this" in result.stderr


def test_scale_changes_what_binds_as_demand_grows(cli) -> None:
    two = json.loads(cli("leverage", DIAMOND, "-f", "json").stdout)["flow"]["scale"]
    three = json.loads(cli("leverage", DIAMOND, "-f", "json", "--scale", "3").stdout)["flow"][
        "scale"
    ]
    assert (two["k"], two["wanted"]) == (2, 180)
    assert (three["k"], three["wanted"]) == (3, 270)
    half = json.loads(cli("analyze", DIAMOND, "-f", "json", "--scale", "1.5").stdout)
    assert half["flow"]["scale"]["k"] == 1.5
    assert cli("leverage", DIAMOND, "--scale", "0", expect=2).code == 2
    assert cli("leverage", DIAMOND, "--scale", "many", expect=2).code == 2


def test_markdown_and_determinism(cli) -> None:
    md = cli("leverage", TOMATO, "-f", "markdown").stdout
    assert "| Rank | Id | Kind | Source | Score | unlocked_demand |" in md
    for fmt in ("text", "json", "markdown"):
        assert (
            cli("leverage", TOMATO, "-f", fmt).stdout == cli("leverage", TOMATO, "-f", fmt).stdout
        )


def test_a_file_with_errors_stops(cli, tmp_path) -> None:
    bad = tmp_path / "bad.chain.yaml"
    bad.write_text(DIAMOND.read_text().replace("to: buyer-1", "to: buyer-9"))
    assert "buyer-9" in cli("leverage", bad, expect=1).stderr


def test_explain_in_json_and_markdown(cli) -> None:
    """`--explain ID -f json` gives each part's value, weight, points and words."""
    data = json.loads(cli("leverage", DIAMOND, "--explain", "VC105:packer", "-f", "json").stdout)
    point = data["point"]
    assert point["id"] == "VC105:packer" and data["of"] == 6
    parts = point["parts"]
    assert list(parts) == list(LEVERAGE_PARTS)
    total = sum(p["points"] for p in parts.values())
    assert abs(total - point["score"]) <= 0.002
    assert parts["unlocked_demand"]["how"].startswith("its fair share")
    md = cli("leverage", DIAMOND, "--explain", "VC105:packer", "-f", "markdown").stdout
    assert md.startswith("### vchain leverage --explain `VC105:packer`")
    assert "score = " in md
