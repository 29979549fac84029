"""Which file `vchain diff` reads for REV:PATH: from the current folder, never silently
nothing, with names of any bytes (real repositories in temporary folders)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA
from diff_git_test import GIT_ENV, Repo, improved

SMALL = (DATA / "git" / "small.chain.yaml").read_text(encoding="utf-8")


@pytest.fixture
def nested(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """A repository whose chain lives in chains/soup.chain.yaml, changed in the last commit;
    the test runs in chains/."""
    repository = Repo(tmp_path / "repo")
    repository.write("chains/soup.chain.yaml", SMALL)
    repository.write("README.md", "a repository\n")
    repository.commit("first map")
    repository.write("chains/soup.chain.yaml", improved())
    repository.commit("a trucker delivers")
    monkeypatch.chdir(repository.root / "chains")
    return repository


def test_a_revision_path_is_relative_to_the_current_folder(cli, nested: Repo) -> None:
    result = cli("diff", "HEAD~1:soup.chain.yaml", "soup.chain.yaml", "-f", "json")
    data = json.loads(result.stdout)
    assert data["old"]["exists"] is True
    assert data["old"]["path"] == "chains/soup.chain.yaml"
    assert data["counts"]["partners"] == {"added": 1, "removed": 0, "changed": 1}
    same = cli("diff", "HEAD~1:./soup.chain.yaml", "HEAD~1:soup.chain.yaml", "-f", "json")
    assert json.loads(same.stdout)["changes"] == []


def test_dot_dot_is_resolved_within_the_repository(cli, nested: Repo) -> None:
    result = cli("diff", "HEAD~1:../chains/soup.chain.yaml", "HEAD:soup.chain.yaml", "-f", "json")
    assert json.loads(result.stdout)["counts"]["partners"]["added"] == 1
    from_root = nested.root
    os.chdir(from_root)
    result = cli("diff", "HEAD~1:chains/x/../soup.chain.yaml", "chains/soup.chain.yaml")
    assert "someone now performs function deliver" in result.stdout


def test_a_path_outside_the_repository_is_exit_2(cli, nested: Repo) -> None:
    result = cli("diff", "HEAD:../../elsewhere.chain.yaml", "soup.chain.yaml", expect=2)
    assert "outside the git repository" in result.stderr


def test_a_missing_path_names_the_path_tried(cli, nested: Repo) -> None:
    result = cli("diff", "HEAD~1:chains/soup.chain.yaml", "soup.chain.yaml", expect=2)
    assert "chains/chains/soup.chain.yaml does not exist at HEAD~1" in result.stderr
    assert "--allow-missing" in result.stderr
    assert "is HEAD~1:soup.chain.yaml here" in result.stderr  # the way to say it


def test_allow_missing_compares_against_an_empty_chain(cli, nested: Repo) -> None:
    nested.write("chains/new.chain.yaml", SMALL)
    cli("diff", "HEAD:new.chain.yaml", "new.chain.yaml", expect=2)
    result = cli("diff", "HEAD:new.chain.yaml", "new.chain.yaml", "--allow-missing", "-f", "json")
    data = json.loads(result.stdout)
    assert data["old"]["exists"] is False
    assert data["counts"]["partners"] == {"added": 4, "removed": 0, "changed": 0}
    assert "chains/new.chain.yaml did not exist at HEAD" in result.stderr
    cli("diff", "--git", "HEAD", "new.chain.yaml", expect=2)
    cli("diff", "--git", "HEAD", "new.chain.yaml", "--allow-missing")


def test_the_index_outside_a_repository_is_exit_2(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "chain.yaml").write_text(SMALL, encoding="utf-8")
    for spec in (":chain.yaml", "HEAD:chain.yaml"):
        result = cli("diff", spec, "chain.yaml", expect=2)
        assert "not in a git repository" in result.stderr


def test_the_index_of_a_subfolder(cli, nested: Repo) -> None:
    nested.write("chains/soup.chain.yaml", SMALL)
    nested.git("add", "chains/soup.chain.yaml")
    result = cli("diff", "HEAD:soup.chain.yaml", ":soup.chain.yaml", "-f", "json")
    assert json.loads(result.stdout)["counts"]["partners"]["removed"] == 1


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes: Linux")
def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    """`diff --git` on café.chain.yaml saved in Latin-1: the name shows as caf\\xe9."""
    repository = Repo(tmp_path / "repo")
    raw = os.fsencode(repository.root) + b"/caf\xe9.chain.yaml"
    with open(raw, "wb") as handle:
        handle.write(SMALL.encode("utf-8"))
    repository.commit("first map")
    with open(raw, "wb") as handle:
        handle.write(improved().encode("utf-8"))
    for args in ([b"--git", b"HEAD", b"caf\xe9.chain.yaml"], [b"HEAD:caf\xe9.chain.yaml", raw]):
        for fmt in (b"text", b"json", b"markdown"):
            done = subprocess.run(
                [sys.executable.encode(), b"-m", b"vchain.cli.main", b"diff", *args, b"-f", fmt],
                cwd=repository.root,
                env={**os.environ, **GIT_ENV},
                capture_output=True,
                timeout=120,
                check=False,
            )
            assert done.returncode == 0, done.stderr
            out = done.stdout.decode("utf-8")
            if fmt == b"json":
                data = json.loads(out)
                assert data["new"]["path"].endswith("caf\\xe9.chain.yaml")
                assert data["counts"]["partners"]["added"] == 1
            else:
                assert "caf\\xe9.chain.yaml" in out
                assert "someone now performs function deliver" in out
