"""The pre-commit hooks, run by the real `pre-commit try-repo` on a temporary repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DATA, EXAMPLES, GIT_ENV, ROOT

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_hook_definitions() -> None:
    by_id = {hook["id"]: hook for hook in HOOKS}
    assert by_id["vchain-validate"]["entry"] == "vchain validate"
    assert by_id["vchain-fmt"]["entry"] == "vchain fmt"
    assert by_id["vchain-check"]["entry"] == "vchain check"
    for hook in HOOKS:
        assert hook["language"] == "python"
        pattern = re.compile(hook["files"])
        for name in ("chain.yaml", "a/b/soup.chain.yaml", "x.chain.yaml"):
            assert pattern.search(name), name
        for name in ("chain.yml", "other.yaml", "chain.yaml.bak", "a/mychain.yaml"):
            assert not pattern.search(name), name


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store per test session: environments are reused between runs."""
    return tmp_path_factory.mktemp("pre-commit-home")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, check=True, capture_output=True
    )


@pytest.mark.slow
def test_pre_commit_try_repo_runs_the_hooks(tmp_path: Path, pre_commit_home: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    _git(project, "init", "-q")
    messy = project / "chain.yaml"
    messy.write_bytes((DATA / "git" / "messy.chain.yaml").read_bytes())
    soup = project / "soup.chain.yaml"
    soup.write_bytes(EXAMPLES[0].read_bytes())
    (project / "soup.chain.yaml").write_text(
        subprocess.run(
            [sys.executable, "-m", "vchain.cli.main", "fmt", "-"],
            input=EXAMPLES[0].read_text(encoding="utf-8"),
            capture_output=True,
            text=True,
            check=True,
        ).stdout,
        encoding="utf-8",
    )
    broken = project / "broken.chain.yaml"
    small = (DATA / "git" / "small.chain.yaml").read_text(encoding="utf-8")
    broken.write_text(small.replace("type: demand", "type: buyer"), encoding="utf-8")
    (project / "notes.yaml").write_text("not: [a chain\n", encoding="utf-8")
    _git(project, "add", "-A")
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "--all-files"],
        cwd=project,
        env={**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(pre_commit_home), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    results = dict(re.findall(r"^(vchain \w+)\.+(Passed|Failed)$", output, re.MULTILINE))
    assert results == {
        "vchain validate": "Failed",
        "vchain fmt": "Failed",
        "vchain check": "Failed",
    }, output
    assert "error VC012 `type` in partner schools" in output  # validate names the problem
    assert "files were modified by this hook" in output
    assert "notes.yaml" not in output  # not a chain file: the hooks never see it
    expected = (DATA / "git" / "messy.formatted.yaml").read_text(encoding="utf-8")
    assert messy.read_text(encoding="utf-8") == expected
