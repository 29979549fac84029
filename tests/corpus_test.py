"""The corpus: every case's findings (rule, line, column) and exit code, stored beside it.

`tests/cases/valid/*.chain.yaml` exit 0; `tests/cases/invalid/*.chain.yaml` exit 1 or 2.
Each `NAME.expected.json` holds the `--fail-on` level, the exit code and the findings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"
ALL = sorted(CASES.glob("*/*.chain.yaml"))


def _expected(case: Path) -> dict[str, object]:
    return json.loads(
        case.with_name(case.name.replace(".chain.yaml", ".expected.json")).read_text()
    )


@pytest.mark.parametrize("case", ALL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_case_findings(cli, case: Path) -> None:
    expected = _expected(case)
    result = cli(
        "validate", case, "--format", "json", "--fail-on", expected["fail_on"], expect=None
    )
    assert result.code == expected["exit"], str(result)
    data = json.loads(result.stdout)
    got = [[f["rule"], f["line"], f["column"]] for f in data["findings"]]
    assert got == expected["findings"], str(result)
    if case.parent.name == "valid":
        assert result.code == 0
        assert not [f for f in data["findings"] if f["severity"] == "error"]
    else:
        assert result.code in (1, 2)


@pytest.mark.parametrize("case", ALL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_reference_positions_point_at_the_id(cli, case: Path) -> None:
    """Independently of the stored numbers: a broken reference's position shows the id."""
    result = cli("validate", case, "--format", "json", expect=None)
    lines = case.read_text(encoding="utf-8").splitlines()
    for f in json.loads(result.stdout)["findings"]:
        if f["rule"] != "VC020":
            continue
        named = re.search(r"`([^`]+)`, which is not defined", f["message"])
        assert named is not None, f
        text = lines[f["line"] - 1][f["column"] - 1 :]
        assert text.startswith(named.group(1)), (f, text)


def test_unknown_keys_point_at_the_key_and_suggest(cli) -> None:
    case = CASES / "invalid" / "schema.chain.yaml"
    data = json.loads(cli("validate", case, "-f", "json", expect=1).stdout)
    lines = case.read_text().splitlines()
    unknown = [f for f in data["findings"] if f["rule"] == "VC010"]
    assert {f["hint"] for f in unknown} == {"did you mean `reviewed`?", "did you mean `capacity`?"}
    for f in unknown:
        key = re.search(r"unknown key `([^`]+)`", f["message"]).group(1)  # type: ignore[union-attr]
        assert lines[f["line"] - 1][f["column"] - 1 :].startswith(key)


def test_missing_key_points_at_the_mapping_that_lacks_it(cli) -> None:
    case = CASES / "invalid" / "schema.chain.yaml"
    data = json.loads(cli("validate", case, "-f", "json", expect=1).stdout)
    (missing,) = [f for f in data["findings"] if f["rule"] == "VC011"]
    assert missing["subject"] == {"partner": "buyer"}
    lines = case.read_text().splitlines()
    assert lines[missing["line"] - 2].strip() == "buyer:"
    assert lines[missing["line"] - 1].strip() == "type: demand"


def test_a_schema_error_does_not_hide_reference_errors(cli, tmp_path: Path) -> None:
    """All problems, not the first: a broken partner elsewhere still gets its references checked."""
    case = CASES / "invalid" / "schema.chain.yaml"
    path = tmp_path / "both.chain.yaml"
    path.write_text(case.read_text() + "resources:\n  land: {name: Land, owner: nobody-here}\n")
    data = json.loads(cli("validate", path, "-f", "json", expect=1).stdout)
    rules = {f["rule"] for f in data["findings"]}
    assert {"VC010", "VC011", "VC012", "VC020"} <= rules


def test_a_comma_in_a_flow_mapping_gets_a_quoting_hint(cli, tmp_path: Path) -> None:
    """chain-format.md's own example writes `{name: Grow tomatoes, onions and garlic, ...}`:
    YAML reads `onions and garlic` as a second key. The error says how to write it."""
    path = tmp_path / "comma.chain.yaml"
    path.write_text(
        (CASES / "valid" / "minimal.chain.yaml")
        .read_text()
        .replace("functions: {}", "functions:\n  grow: {name: Grow tomatoes, onions and garlic}")
    )
    data = json.loads(cli("validate", path, "-f", "json", expect=1).stdout)
    (unknown,) = [f for f in data["findings"] if f["rule"] == "VC010"]
    assert unknown["hint"] == (
        "a comma inside {...} starts a new key: quote the text, "
        'name: "Grow tomatoes, onions and garlic"'
    )
    line = path.read_text().splitlines()[unknown["line"] - 1]
    assert line[unknown["column"] - 1 :].startswith("onions and garlic}")
