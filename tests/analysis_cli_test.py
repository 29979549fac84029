"""`vchain analyze`: formats, filters, exit codes and file discovery, as the contract says."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import DATA, EXAMPLES, FINDING_KEYS

TOMATO = next(p for p in EXAMPLES if p.name == "tomato-soup.chain.yaml")
DIAMOND = DATA / "analysis" / "diamond.chain.yaml"


def test_text_groups_by_kind_and_shows_the_numbers(cli) -> None:
    out = cli("analyze", TOMATO).stdout
    gaps, bottlenecks, underused = (
        out.index("Gaps ("),
        out.index("Bottlenecks ("),
        out.index("Underutilized resources ("),
    )
    assert gaps < bottlenecks < underused
    assert "wanted 68,000 cans/yr, deliverable 36,000, delivered now 30,000" in out
    assert "capacity shortfall 32,000 (68,000 - 36,000), blocked 6,000" in out
    assert "unmet now 38,000" in out
    assert "1. small-farm-growers and vegetable-grower: then 40,000" in out
    assert "4. soup-processor: then 68,000, demand met" in out
    assert "At 2× demand (136,000 wanted): small-farm-growers and vegetable-grower; then" in out
    assert "\x1b[" not in out  # no colour off a terminal


def test_json_has_the_contract_shape(cli) -> None:
    data = json.loads(cli("analyze", TOMATO, "--format", "json").stdout)
    assert data["vchain"] == "0.1.0"
    assert data["files"] == [{"path": TOMATO.as_posix(), "valid": True}]
    assert data["findings"]
    for finding in data["findings"]:
        assert set(finding) >= FINDING_KEYS
        assert finding["kind"] in ("gap", "bottleneck", "underutilized")
        assert finding["source"] in ("declared", "detected")
        assert len(finding["subject"]) == 1
    counts = {s: sum(1 for f in data["findings"] if f["severity"] == s) for s in data["summary"]}
    assert counts == data["summary"]
    assert data["flow"]["shortfall"] == 32000
    assert data["flow"]["cascade"][0] == ["coop-to-schools"]


def test_output_is_byte_identical(cli) -> None:
    for fmt in ("text", "json", "sarif", "markdown"):
        first = cli("analyze", TOMATO, "-f", fmt).stdout
        assert first == cli("analyze", TOMATO, "-f", fmt).stdout, fmt


def test_kind_filters(cli) -> None:
    data = json.loads(cli("analyze", TOMATO, "-f", "json", "--kind", "bottleneck").stdout)
    assert {f["kind"] for f in data["findings"]} == {"bottleneck"}
    two = json.loads(
        cli("analyze", TOMATO, "-f", "json", "-k", "gap", "-k", "underutilized").stdout
    )
    assert {f["kind"] for f in two["findings"]} == {"gap", "underutilized"}
    text = cli("analyze", TOMATO, "--kind", "gap").stdout
    assert "Gaps (" in text and "Bottlenecks (" not in text
    cli("analyze", TOMATO, "--kind", "nonsense", expect=2)


def test_exit_codes_follow_fail_on(cli) -> None:
    cli("analyze", TOMATO, expect=0)
    cli("analyze", TOMATO, "--fail-on", "warning", expect=1)
    cli("analyze", TOMATO, "--fail-on", "info", "--kind", "underutilized", expect=1)
    cli("analyze", TOMATO, "--fail-on", "warning", "--kind", "underutilized", expect=0)
    cli("analyze", TOMATO, "--fail-on", "never", expect=0)


def test_other_formats(cli) -> None:
    sarif = json.loads(cli("analyze", TOMATO, "-f", "sarif").stdout)
    assert sarif["version"] == "2.1.0"
    assert sarif["runs"][0]["results"]
    assert "::warning file=" in cli("analyze", TOMATO, "-f", "github").stdout
    assert "<testsuite" in cli("analyze", TOMATO, "-f", "junit").stdout
    assert "| VC105 |" in cli("analyze", TOMATO, "-f", "markdown").stdout


def test_github_actions_annotations_under_text(cli) -> None:
    out = cli("analyze", TOMATO, env={"GITHUB_ACTIONS": "true"}).stdout
    assert "Bottlenecks (" in out and "::warning file=" in out


def test_output_file(cli, tmp_path: Path) -> None:
    target = tmp_path / "out" / "analysis.json"
    result = cli("analyze", DIAMOND, "-f", "json", "-o", target)
    assert result.stdout == ""
    assert json.loads(target.read_text())["flow"]["deliverable"] == 70


def test_finds_the_chain_file_in_the_folder(cli, tmp_path: Path, monkeypatch) -> None:
    shutil.copy(DIAMOND, tmp_path / "boxes.chain.yaml")
    monkeypatch.chdir(tmp_path)
    assert "Bottlenecks (7)" in cli("analyze").stdout
    shutil.copy(DIAMOND, tmp_path / "other.chain.yaml")
    assert "boxes.chain.yaml" in cli("analyze", expect=2).stderr


def test_a_file_with_errors_is_not_analyzed(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.chain.yaml"
    bad.write_text(
        DIAMOND.read_text().replace("from: farm-a, to: packer", "from: farm-z, to: packer")
    )
    result = cli("analyze", bad, expect=1)
    assert "farm-z" in result.stderr and "fix these problems first" in result.stderr
    assert result.stdout == ""
    cli("analyze", tmp_path / "missing.chain.yaml", expect=2)


def test_an_empty_analysis_says_so(cli, tmp_path: Path) -> None:
    from vchain.rules.analysis_rules import EXAMPLE_BASE

    path = tmp_path / "quiet.chain.yaml"
    path.write_text(EXAMPLE_BASE)
    out = cli("analyze", path).stdout
    assert "No gaps, bottlenecks or underutilized resources" in out
    assert "wanted 50 cans/yr: the chain can deliver all of it; delivered now 50" in out
