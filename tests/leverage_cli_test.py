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
    assert "no-school-delivery" in ids and "VC106:soup-processor" in ids
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
    row = next(line for line in out.splitlines() if line.rstrip().endswith("VC105:packer"))
    assert row.split()[:8] == ["1", "0.515", "0.250", "0.500", "1.000", "0.000", "0.800", "0.600"]


def test_help_documents_the_part_names(cli) -> None:
    out = cli("leverage", "--help").stdout
    for name in LEVERAGE_PARTS:
        assert name in out
    assert "--assume" in out and "--explain" in out


def test_explain_shows_the_arithmetic(cli) -> None:
    out = cli("leverage", DIAMOND, "--explain", "VC105:packer").stdout
    assert "Rank 1 of 5, score 0.515" in out
    assert "score = 0.3 × 0.250 + 0.2 × 0.500 + 0.2 × 1.000" in out
    assert "relieved, the chain could deliver 75 instead of 70 boxes/wk" in out
    result = cli("leverage", DIAMOND, "--explain", "VC105:packr", expect=2)
    assert "did you mean VC105:packer" in result.stderr


def test_assume_shows_how_ranking_and_shortfall_move(cli) -> None:
    out = cli("leverage", DIAMOND, "--assume", "VC105:packer").stdout
    assert "Deliverable: 70 -> 75 of 90 boxes/wk (shortfall 20 -> 15)" in out
    assert "move" in out
    data = json.loads(cli("leverage", TOMATO, "-f", "json", "-a", "bus-driver-startup-loan").stdout)
    assert data["assumptions"] == [
        {"id": "bus-driver-startup-loan", "addresses": ["no-school-delivery"]}
    ]
    assert data["shortfall"]["before"]["shortfall"] == 32000
    assert "no-school-delivery" not in {p["id"] for p in data["leverage_points"]}
    assert all("previous_rank" in p for p in data["leverage_points"])
    result = cli("leverage", TOMATO, "--assume", "nothing-like-this", expect=2)
    assert "nothing-like-this" in result.stderr


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
