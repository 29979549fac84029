"""`vchain validate` as users run it: discovery, many inputs, exit codes, the edge."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

CASES = Path(__file__).parent / "cases"
GOOD = CASES / "valid" / "both-quantity-forms.chain.yaml"
BAD = CASES / "invalid" / "references.chain.yaml"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_discovers_chain_yaml_first(cli, workdir: Path) -> None:
    shutil.copy(GOOD, workdir / "chain.yaml")
    shutil.copy(BAD, workdir / "other.chain.yaml")
    data = json.loads(cli("validate", "-f", "json").stdout)
    assert data["files"] == [{"path": "chain.yaml", "valid": True}]


def test_discovers_the_only_chain_file(cli, workdir: Path) -> None:
    shutil.copy(BAD, workdir / "soup.chain.yaml")
    data = json.loads(cli("validate", "-f", "json", expect=1).stdout)
    assert data["files"] == [{"path": "soup.chain.yaml", "valid": False}]


def test_no_chain_file_here_is_a_usage_error(cli, workdir: Path) -> None:
    result = cli("validate", expect=2)
    assert "looked for chain.yaml and *.chain.yaml" in result.stderr


def test_several_chain_files_here_are_named(cli, workdir: Path) -> None:
    shutil.copy(GOOD, workdir / "a.chain.yaml")
    shutil.copy(GOOD, workdir / "b.chain.yaml")
    result = cli("validate", expect=2)
    assert "a.chain.yaml, b.chain.yaml" in result.stderr


def test_folders_globs_and_files_together(cli, workdir: Path) -> None:
    (workdir / "chains" / "deep").mkdir(parents=True)
    shutil.copy(GOOD, workdir / "chains" / "deep" / "chain.yaml")
    shutil.copy(GOOD, workdir / "chains" / "one.chain.yaml")
    (workdir / "chains" / "notes.yaml").write_text("not: a chain\n")
    shutil.copy(BAD, workdir / "x.chain.yaml")
    result = cli("validate", "chains", "x.*.yaml", "chains/one.chain.yaml", "-f", "json", expect=1)
    paths = [f["path"] for f in json.loads(result.stdout)["files"]]
    assert paths == ["chains/one.chain.yaml", "chains/deep/chain.yaml", "x.chain.yaml"]


def test_glob_matching_nothing_is_a_usage_error(cli, workdir: Path) -> None:
    assert "no file matches" in cli("validate", "*.chain.yaml", expect=2).stderr


def test_unreadable_file_wins_over_findings(cli, workdir: Path) -> None:
    shutil.copy(BAD, workdir / "bad.chain.yaml")
    (workdir / "broken.chain.yaml").write_text("vchain: [1\n")
    result = cli("validate", "bad.chain.yaml", "broken.chain.yaml", "-f", "json", expect=2)
    assert [f["valid"] for f in json.loads(result.stdout)["files"]] == [False, False]


@pytest.mark.parametrize(
    ("fail_on", "code"), [("error", 0), ("warning", 1), ("info", 1), ("never", 0)]
)
def test_fail_on_levels(cli, fail_on: str, code: int) -> None:
    minimal = CASES / "valid" / "minimal.chain.yaml"  # warnings and an info, no errors
    cli("validate", minimal, "--fail-on", fail_on, expect=code)


def test_fail_on_never_still_reports(cli) -> None:
    result = cli("validate", BAD, "--fail-on", "never", expect=0)
    assert "14 errors" in result.stdout


def test_bad_option_is_a_usage_error(cli) -> None:
    result = cli("validate", GOOD, "--format", "yaml", expect=2)
    assert "yaml" in result.stderr


def test_internal_error_is_one_message_and_exit_3(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from vchain.rules import registry

    def boom(doc: object) -> list[object]:
        raise ZeroDivisionError("simulated bug")

    broken = registry.FILE_RULES[0].__class__(
        "VC999", "boom", "error", "rule", "Boom.", "Boom.", boom
    )
    monkeypatch.setattr(registry, "FILE_RULES", (broken,))
    result = cli("validate", GOOD, expect=3)
    assert "internal error: ZeroDivisionError: simulated bug" in result.stderr
    assert "Please report it" in result.stderr
    assert "Traceback" not in result.stderr


def test_interrupt_exits_130(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import vchain.cli.validate as command

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(command, "resolve_inputs", interrupted)
    assert "interrupted" in cli("validate", GOOD, expect=130).stderr


def test_validate_never_writes_to_the_chain_file(cli, tmp_path: Path) -> None:
    path = tmp_path / "x.chain.yaml"
    shutil.copy(BAD, path)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    for fmt in ("text", "json", "sarif", "github", "junit", "markdown"):
        cli("validate", path, "-f", fmt, expect=1)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_every_example_validates_with_no_findings(cli) -> None:
    data = json.loads(cli("validate", *EXAMPLES, "-f", "json", "--fail-on", "info").stdout)
    assert data["findings"] == []
    assert len(data["files"]) == len(EXAMPLES) >= 3


def test_rules_lists_every_rule_and_shows_one(cli) -> None:
    listing = cli("rules").stdout.splitlines()
    ids = [line.split()[0] for line in listing]
    assert ids == sorted(set(ids), key=ids.index)  # no id twice
    assert {"VC001", "VC010", "VC020", "VC050", "VC057"} <= set(ids)
    one = cli("rules", "vc050").stdout
    assert one.startswith("VC050 partner-without-interests (warning, rule, file)")
    assert "Passing::" in one and "Failing::" in one
    assert "no rule" in cli("rules", "VC999", expect=2).stderr
    data = json.loads(cli("rules", "-f", "json").stdout)
    assert [r["id"] for r in data] == ids


def test_version(cli) -> None:
    assert cli("--version").stdout.startswith("vchain 0.1.0")


def test_console_script_runs_as_a_program(tmp_path: Path) -> None:
    """The installed entry point, in a real process (exit code and streams)."""
    exe = Path(sys.executable).with_name("vchain")
    proc = subprocess.run([str(exe), "validate", str(BAD)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "VC020" in proc.stdout
    assert proc.stderr == ""
    proc = subprocess.run([str(exe), "validate"], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2
    assert "no chain file given" in proc.stderr
    assert (ROOT / "pyproject.toml").exists()


def test_rules_reference_in_docs_is_current(cli) -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert cli("rules", "--format", "markdown").stdout == committed, "run `make docs`"
