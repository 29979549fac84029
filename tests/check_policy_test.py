"""`vchain check`: findings of validate and analyze under a .vchain.yaml policy and comments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATA

SMALL = DATA / "git" / "small.chain.yaml"


def _rules(result) -> list[str]:
    return sorted(f["rule"] for f in json.loads(result.stdout)["findings"])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository root with the small chain in a subfolder."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "chains").mkdir()
    (tmp_path / "chains" / "small.chain.yaml").write_bytes(SMALL.read_bytes())
    return tmp_path


def test_check_reports_file_rules_and_analysis(cli, project: Path) -> None:
    chain = project / "chains" / "small.chain.yaml"
    result = cli("check", chain, "-f", "json")
    assert _rules(result) == ["VC050", "VC056", "VC101", "VC105"]
    data = json.loads(result.stdout)
    assert data["summary"] == {"error": 0, "warning": 3, "info": 1}
    assert data["files"] == [{"path": chain.as_posix(), "valid": True}]
    assert {f["kind"] for f in data["findings"]} == {"rule", "gap", "bottleneck"}
    cli("check", chain, "--fail-on", "warning", expect=1)


def test_policy_switches_rules_off_and_changes_severities(cli, project: Path) -> None:
    (project / ".vchain.yaml").write_text(
        "fail_on: warning\nrules:\n  VC050: off\n  stale-review: off\n  VC056: error\n",
        encoding="utf-8",
    )
    result = cli("check", project / "chains", "-f", "json", expect=1)
    findings = json.loads(result.stdout)["findings"]
    assert sorted(f["rule"] for f in findings) == ["VC056", "VC101", "VC105"]
    assert next(f for f in findings if f["rule"] == "VC056")["severity"] == "error"


def test_policy_fail_on_is_the_default_and_the_flag_wins(cli, project: Path) -> None:
    (project / ".vchain.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    cli("check", project / "chains", expect=1)
    cli("check", project / "chains", "--fail-on", "error", expect=0)


def test_overrides_apply_by_glob(cli, project: Path) -> None:
    (project / "drafts").mkdir()
    (project / "drafts" / "draft.chain.yaml").write_bytes(SMALL.read_bytes())
    (project / ".vchain.yaml").write_text(
        "rules:\n  VC101: error\noverrides:\n"
        "  - files: ['drafts/**']\n    rules: {VC101: off, partner-without-interests: info}\n",
        encoding="utf-8",
    )
    result = cli("check", project, "-f", "json", expect=1)
    by_file: dict[str, dict[str, str]] = {}
    for f in json.loads(result.stdout)["findings"]:
        by_file.setdefault(Path(f["file"]).parent.name, {})[f["rule"]] = f["severity"]
    assert by_file["chains"]["VC101"] == "error"
    assert "VC101" not in by_file["drafts"]
    assert by_file["drafts"]["VC050"] == "info"


def test_policy_is_found_only_up_to_the_git_root(cli, project: Path) -> None:
    (project.parent / ".vchain.yaml").write_text("rules: {VC050: off}\n", encoding="utf-8")
    try:
        assert "VC050" in _rules(cli("check", project / "chains", "-f", "json"))
    finally:
        (project.parent / ".vchain.yaml").unlink()


def test_explicit_policy_and_no_policy(cli, project: Path, tmp_path: Path) -> None:
    (project / ".vchain.yaml").write_text("rules: {VC050: off}\n", encoding="utf-8")
    other = tmp_path / "strict.yaml"
    other.write_text("rules: {VC101: off}\n", encoding="utf-8")
    chains = project / "chains"
    assert "VC050" not in _rules(cli("check", chains, "-f", "json"))
    assert "VC050" in _rules(cli("check", chains, "-f", "json", "--no-policy"))
    explicit = _rules(cli("check", chains, "-f", "json", "--policy", other))
    assert "VC050" in explicit and "VC101" not in explicit


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ("rules: {partner-without-interest: off}\n", "did you mean `partner-without-interests`"),
        ("rules: {VC050: loud}\n", "use off, error, warning or info"),
        ("rule: {VC050: off}\n", "did you mean `rules`"),
        ("fail_on: sometimes\n", "fail_on is one of"),
        ("overrides: [{rules: {VC050: off}}]\n", "files is a glob"),
        ("rules: [unclosed\n", ".vchain.yaml:"),
    ],
)
def test_a_bad_policy_is_a_usage_error(cli, project: Path, policy: str, message: str) -> None:
    (project / ".vchain.yaml").write_text(policy, encoding="utf-8")
    result = cli("check", project / "chains", expect=2)
    assert message in result.stderr


def _with_comments(project: Path, edits: dict[str, str]) -> Path:
    chain = project / "chains" / "small.chain.yaml"
    text = chain.read_text(encoding="utf-8")
    for old, new in edits.items():
        assert old in text
        text = text.replace(old, new)
    chain.write_text(text, encoding="utf-8")
    return chain


def test_a_comment_above_an_element_suppresses_its_findings(cli, project: Path) -> None:
    chain = _with_comments(project, {"  kitchen:\n": "  # vchain: ignore VC050\n  kitchen:\n"})
    result = cli("check", chain, "-f", "json")
    assert _rules(result) == ["VC056", "VC101", "VC105"]
    assert json.loads(result.stdout)["suppressed"] == 1


def test_ignore_without_rules_covers_every_finding_of_the_element(cli, project: Path) -> None:
    chain = _with_comments(project, {"  kitchen:\n": "  kitchen:   # vchain: ignore\n"})
    assert _rules(cli("check", chain, "-f", "json")) == ["VC056", "VC101"]


def test_line_comments_names_and_ignore_file(cli, project: Path) -> None:
    chain = _with_comments(
        project,
        {
            "distribute}\n": "distribute}  # vchain: ignore function-not-performed\n",
            "vchain: 1\n": "vchain: 1\n# vchain: ignore-file VC056\n",
        },
    )
    assert _rules(cli("check", chain, "-f", "json")) == ["VC050", "VC105"]


def test_a_blank_line_ends_what_a_comment_applies_to(cli, project: Path) -> None:
    chain = _with_comments(project, {"  kitchen:\n": "  # vchain: ignore VC050\n\n  kitchen:\n"})
    assert "VC050" in _rules(cli("check", chain, "-f", "json"))


def test_unreadable_and_invalid_files(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.chain.yaml"
    bad.write_text("vchain: 1\nchain: [\n", encoding="utf-8")
    cli("check", bad, expect=2)
    invalid = tmp_path / "invalid.chain.yaml"
    invalid.write_text(SMALL.read_text(encoding="utf-8").replace("type: demand", "type: buyer"))
    result = cli("check", invalid, expect=1)
    assert "not analyzed" in result.stderr


def test_valid_is_the_files_own_whatever_the_policy(cli, project: Path) -> None:
    chain = project / "chains" / "small.chain.yaml"
    chain.write_text(SMALL.read_text(encoding="utf-8").replace("type: demand", "type: buyer"))
    (project / ".vchain.yaml").write_text("rules: {VC012: off}\n", encoding="utf-8")
    data = json.loads(cli("check", chain, "-f", "json").stdout)
    assert data["files"] == [{"path": chain.as_posix(), "valid": False}]
    assert "VC012" not in [f["rule"] for f in data["findings"]]
