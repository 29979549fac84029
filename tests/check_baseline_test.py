"""`vchain check --baseline`: old findings pass, new ones fail; every output format; CI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import DATA

SMALL = DATA / "git" / "small.chain.yaml"
NEW_PARTNER = """\
  trucker:
    name: Valley trucking
    type: transactional
    performs: [deliver]
    local: true
"""


@pytest.fixture
def chain(tmp_path: Path) -> Path:
    target = tmp_path / "small.chain.yaml"
    target.write_bytes(SMALL.read_bytes())
    return target


def _add(chain: Path, before: str, text: str) -> None:
    content = chain.read_text(encoding="utf-8")
    assert before in content
    chain.write_text(content.replace(before, text + before), encoding="utf-8")


def test_baseline_excuses_old_findings_and_fails_new_ones(cli, chain: Path, tmp_path) -> None:
    baseline = tmp_path / "ci" / "vchain-baseline.json"
    written = cli("check", chain, "--baseline", baseline, "--write-baseline", "--fail-on", "info")
    assert "wrote 4 findings to the baseline" in written.stderr
    saved = json.loads(baseline.read_text(encoding="utf-8"))
    assert [e["rule"] for e in saved["findings"]] == ["VC050", "VC056", "VC101", "VC105"]
    assert {e["file"] for e in saved["findings"]} == {"../small.chain.yaml"}

    cli("check", chain, "--baseline", baseline, "--fail-on", "info")
    # lines move: a comment and blank lines at the top change nothing
    _add(chain, "vchain: 1\n", "# moved down\n\n\n")
    cli("check", chain, "--baseline", baseline, "--fail-on", "info")

    # a new partner without interests is a new finding; the old ones still pass
    _add(chain, "  hub:\n", NEW_PARTNER)
    result = cli(
        "check", chain, "--baseline", baseline, "--fail-on", "warning", "-f", "json", expect=1
    )
    data = json.loads(result.stdout)
    assert [(f["rule"], f["subject"]) for f in data["findings"]] == [
        ("VC050", {"partner": "trucker"}),
        ("VC113", {"partner": "trucker"}),  # no flows yet
    ]
    assert data["baselined"] >= 2


def test_baseline_works_from_another_folder(cli, chain: Path, tmp_path, monkeypatch) -> None:
    baseline = tmp_path / "baseline.json"
    cli("check", chain, "--baseline", baseline, "--write-baseline")
    elsewhere = tmp_path / "sub"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = cli("check", "../small.chain.yaml", "--baseline", "../baseline.json", "-f", "json")
    assert json.loads(result.stdout)["findings"] == []


def test_baseline_errors(cli, chain: Path, tmp_path: Path) -> None:
    result = cli("check", chain, "--baseline", tmp_path / "missing.json", expect=2)
    assert "--write-baseline" in result.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    cli("check", chain, "--baseline", broken, expect=2)
    result = cli("check", chain, "--write-baseline", expect=2)
    assert "needs --baseline" in result.stderr


def test_output_formats(cli, chain: Path) -> None:
    sarif = json.loads(cli("check", chain, "-f", "sarif").stdout)
    assert sarif["version"] == "2.1.0"
    assert len(sarif["runs"][0]["results"]) == 4
    junit = ET.fromstring(
        cli("check", chain, "-f", "junit", "--fail-on", "warning", expect=1).stdout
    )
    assert len(list(junit.iter("failure"))) == 3
    markdown = cli("check", chain, "-f", "markdown").stdout
    assert markdown.startswith("### vchain check") and "| VC101 |" in markdown.replace("] ", "")
    github = cli("check", chain, "-f", "github").stdout.splitlines()
    assert len(github) == 4 and all(line.startswith("::") for line in github)


def test_json_is_byte_identical_between_runs(cli, chain: Path) -> None:
    first = cli("check", chain, "-f", "json").stdout
    assert first == cli("check", chain, "-f", "json").stdout
    assert str(chain.parent) not in first.replace(str(chain), "")


def test_github_actions_annotations_and_step_summary(cli, chain: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    sarif = tmp_path / "out.sarif"
    result = cli("check", chain, "-f", "sarif", "-o", sarif, env=env)
    assert json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert "::warning file=" in result.stdout
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("# earlier step\n")
    assert "### vchain check" in written and "VC101" in written

    text = cli("check", chain, env=env).stdout
    assert "::warning file=" in text and "warning VC101" in text
    assert summary.read_text(encoding="utf-8").count("### vchain check") == 2
