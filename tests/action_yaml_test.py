"""The composite GitHub Action: its definition, its documentation, and its check step run."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DATA, ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = {step["name"]: step for step in ACTION["runs"]["steps"]}
DOCS = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
SMALL = DATA / "git" / "small.chain.yaml"


def test_a_composite_action_with_its_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {
        "paths", "fail-on", "baseline", "sarif-file", "upload-sarif", "python-version"
    }  # fmt: skip
    assert ACTION["inputs"]["fail-on"]["default"] == "error"
    assert list(STEPS) == [
        "Set up Python",
        "Install vchain",
        "Run vchain check",
        "Upload SARIF to code scanning",
        "Fail on findings",
    ]
    assert STEPS["Set up Python"]["uses"].startswith("actions/setup-python@")
    assert "${{ github.action_path }}" in STEPS["Install vchain"]["env"].values()
    upload = STEPS["Upload SARIF to code scanning"]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    assert upload["if"].startswith("always()")
    run = STEPS["Run vchain check"]["run"]
    assert "--format sarif --output" in run and "check" in run


def test_inputs_are_never_spliced_into_scripts() -> None:
    """Inputs reach the shell only through environment variables (no script injection)."""
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]


def test_the_documentation_names_every_input_output_and_step() -> None:
    for name in [*ACTION["inputs"], *ACTION["outputs"]]:
        assert re.search(rf"^\| `{re.escape(name)}` \|", DOCS, re.MULTILINE), name
    for name in STEPS:
        assert f"**{name}**" in DOCS, name


def _run_check_step(tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    outputs = tmp_path / "github_output"
    outputs.write_text("", encoding="utf-8")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "VCHAIN_PATHS": inputs.get("paths", "."),
        "VCHAIN_FAIL_ON": inputs.get("fail-on", "error"),
        "VCHAIN_BASELINE": inputs.get("baseline", ""),
        "VCHAIN_SARIF": inputs.get("sarif-file", "vchain.sarif"),
        "VCHAIN_TODAY": "2026-11-22",
        "NO_COLOR": "1",
    }
    done = subprocess.run(
        ["bash", "-c", STEPS["Run vchain check"]["run"]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done, outputs


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "chains").mkdir()
    (tmp_path / "chains" / "small.chain.yaml").write_bytes(SMALL.read_bytes())
    return tmp_path


def test_the_check_step_writes_sarif_and_the_exit_code(workspace: Path) -> None:
    done, outputs = _run_check_step(workspace, paths="chains", **{"fail-on": "warning"})
    assert done.returncode == 0, done.stderr  # the step itself passes: the upload comes next
    assert outputs.read_text(encoding="utf-8") == "exit-code=1\n"
    sarif = json.loads((workspace / "vchain.sarif").read_text(encoding="utf-8"))
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == {
        "VC050",
        "VC056",
        "VC101",
        "VC105",
    }
    assert "::warning file=chains/small.chain.yaml" in done.stdout
    assert "### vchain check" in (workspace / "summary.md").read_text(encoding="utf-8")


def test_the_check_step_with_a_baseline(workspace: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "vchain.cli.main", "check", "chains",
         "--baseline", "base.json", "--write-baseline"],
        cwd=workspace, check=True, capture_output=True,
    )  # fmt: skip
    done, outputs = _run_check_step(
        workspace, paths="chains", baseline="base.json", **{"fail-on": "info"}
    )
    assert outputs.read_text(encoding="utf-8") == "exit-code=0\n", done.stderr
