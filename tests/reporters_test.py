"""Every output format, read back by the tools that consume it."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from conftest import DATA, EXAMPLES, FINDING_KEYS

CASES = Path(__file__).parent / "cases"
BROKEN = CASES / "invalid" / "references.chain.yaml"
SCHEMA_PROBLEMS = CASES / "invalid" / "schema.chain.yaml"


def test_json_has_the_contract_shape(cli) -> None:
    data = json.loads(cli("validate", BROKEN, "-f", "json", expect=1).stdout)
    assert set(data) >= {"vchain", "files", "findings", "summary"}
    assert data["files"] == [{"path": BROKEN.as_posix(), "valid": False}]
    for finding in data["findings"]:
        assert set(finding) >= FINDING_KEYS
        assert len(finding["subject"]) == 1
        assert finding["severity"] in ("error", "warning", "info")
        assert finding["kind"] in ("schema", "reference", "rule")
        assert finding["line"] >= 1 and finding["column"] >= 1
    counts = {s: sum(f["severity"] == s for f in data["findings"]) for s in data["summary"]}
    assert counts == data["summary"]


def test_json_is_byte_identical_across_runs(cli) -> None:
    first = cli("validate", SCHEMA_PROBLEMS, "-f", "json", expect=1).stdout
    second = cli("validate", SCHEMA_PROBLEMS, "-f", "json", expect=1).stdout
    assert first == second


def test_flow_without_id_has_its_index_as_subject(cli) -> None:
    data = json.loads(cli("validate", BROKEN, "-f", "json", expect=1).stdout)
    to_itself = [f for f in data["findings"] if f["rule"] == "VC023"]
    assert [f["subject"] for f in to_itself] == [{"flow": 2}]


@pytest.mark.parametrize("case", [BROKEN, SCHEMA_PROBLEMS, *EXAMPLES], ids=lambda p: p.name)
def test_sarif_is_valid_against_the_oasis_schema(cli, case: Path) -> None:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text())
    result = cli("validate", case, "-f", "sarif", expect=None)
    sarif = json.loads(result.stdout)
    jsonschema.validate(sarif, schema, cls=jsonschema.Draft4Validator)
    run = sarif["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for res in run["results"]:
        assert rule_ids[res["ruleIndex"]] == res["ruleId"]
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_sarif_results_match_json_findings(cli) -> None:
    findings = json.loads(cli("validate", BROKEN, "-f", "json", expect=1).stdout)["findings"]
    sarif = json.loads(cli("validate", BROKEN, "-f", "sarif", expect=1).stdout)
    results = sarif["runs"][0]["results"]
    assert [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results
    ] == [(f["rule"], f["line"]) for f in findings]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    assert [r["level"] for r in results] == [levels[f["severity"]] for f in findings]


def test_junit_parses_and_counts_failures(cli) -> None:
    result = cli("validate", BROKEN, EXAMPLES[0], "-f", "junit", expect=1)
    root = ET.fromstring(result.stdout.encode())
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    broken = suites[BROKEN.as_posix()]
    failures = broken.findall("testcase/failure")
    assert (
        int(broken.get("failures", "0")) == len(failures) == 14
    )  # the 14 errors; 1 warning passes
    clean = suites[EXAMPLES[0].as_posix()]
    assert clean.get("failures") == "0"
    assert [c.get("name") for c in clean.findall("testcase")] == ["valid"]


def test_junit_fail_on_warning_fails_warnings_too(cli) -> None:
    result = cli("validate", BROKEN, "-f", "junit", "--fail-on", "warning", expect=1)
    root = ET.fromstring(result.stdout.encode())
    assert root.get("failures") == "15"


def test_github_annotations_escape_and_locate(cli, tmp_path: Path) -> None:
    path = tmp_path / "odd, name%.chain.yaml"
    path.write_text(BROKEN.read_text())
    out = cli("validate", path, "-f", "github", expect=1).stdout.splitlines()
    assert out and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in out)
    first = out[0]
    assert "odd%2C name%25.chain.yaml" in first
    assert ",line=6,col=16," in first
    assert "title=VC020 reference::" in first


def test_text_under_github_actions_also_annotates(cli) -> None:
    result = cli("validate", BROKEN, expect=1, env={"GITHUB_ACTIONS": "true"})
    assert "::error file=" in result.stdout
    assert f"{BROKEN.as_posix()}:6:16: error VC020" in result.stdout


def test_markdown_table_escapes_cells(cli, tmp_path: Path) -> None:
    path = tmp_path / "x.chain.yaml"
    path.write_text(BROKEN.read_text().replace("cordinator", "a|b<c>"))
    result = cli("validate", path, "-f", "markdown", expect=1)
    errors = json.loads(cli("validate", path, "-f", "json", expect=1).stdout)["summary"]["error"]
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ❌")]
    assert len(rows) == errors == 15  # the bad id is also not a valid slug
    assert all(line.count("|") - line.count("\\|") == 6 for line in rows)
    assert "a\\|b&lt;c&gt;" in result.stdout
    assert "<c>" not in result.stdout


def test_text_shows_the_line_and_a_caret(cli) -> None:
    out = cli("validate", BROKEN, expect=1).stdout.splitlines()
    i = out.index(
        f"{BROKEN.as_posix()}:6:16: error VC020 chain.coordinator names partner "
        "`cordinator`, which is not defined"
    )
    assert out[i + 1] == " 6 |   coordinator: cordinator"
    assert out[i + 2] == "   |                ^"
    assert out[-1] == "14 errors, 1 warning, 0 info in 1 file."


def test_colour_only_when_asked(cli) -> None:
    plain = cli("validate", BROKEN, expect=1).stdout
    assert "\x1b[" not in plain
    forced = cli("validate", BROKEN, expect=1, env={"FORCE_COLOR": "1", "NO_COLOR": ""}).stdout
    assert "\x1b[" in forced
    both = cli("validate", BROKEN, expect=1, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert "\x1b[" not in both


def test_output_file_instead_of_stdout(cli, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.sarif"
    result = cli("validate", BROKEN, "-f", "sarif", "-o", target, expect=1)
    assert result.stdout == ""
    assert json.loads(target.read_text())["version"] == "2.1.0"
