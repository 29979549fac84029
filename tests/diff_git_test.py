"""`vchain diff` between git revisions, in real repositories made in temporary folders."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import DATA
from conftest import GIT_ENV as BASE_GIT_ENV

SMALL = (DATA / "git" / "small.chain.yaml").read_text(encoding="utf-8")
TRUCKER = """\
  trucker:
    name: Valley Trucking
    type: transactional
    performs: [deliver]
    local: true
    interests: [increases income]
"""
GIT_ENV = {
    **BASE_GIT_ENV,
    "GIT_AUTHOR_DATE": "2026-01-01T12:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-01-01T12:00:00+00:00",
}


class Repo:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=self.root,
            env={**os.environ, **GIT_ENV},
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return done.stdout

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)


def improved(text: str = SMALL) -> str:
    """The small chain with a trucker that delivers, and a bigger kitchen that says why."""
    text = text.replace(
        "    local: true\n  hub:", "    local: true\n    interests: [saves cost]\n  hub:"
    )
    text = text.replace("  hub:\n", TRUCKER + "  hub:\n")
    text = text.replace("capacity: 800 cans/yr", "capacity: 1000 cans/yr")
    return text + (
        "  - {id: to-trucker, from: kitchen, to: trucker, kind: product, what: soup}\n"
        "  - {id: delivery, from: trucker, to: schools, kind: product, what: soup}\n"
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    repository = Repo(tmp_path / "repo")
    monkeypatch.chdir(repository.root)
    repository.write("chain.yaml", SMALL)
    repository.write("sub/notes.md", "notes\n")
    repository.commit("first map")
    repository.write("chain.yaml", improved())
    repository.commit("a trucker delivers")
    return repository


def test_diff_between_revisions_tells_the_story(cli, repo: Repo) -> None:
    result = cli("diff", "HEAD~1:chain.yaml", "HEAD:chain.yaml")
    text = result.stdout
    assert text.startswith("vchain diff HEAD~1:chain.yaml → HEAD:chain.yaml\n")
    assert (
        "someone now performs function deliver: the new partner Valley Trucking (trucker) "
        "performs it" in text
    )
    assert "the capacity shortfall falls from 200 cans/yr to none" in text
    assert "Partners: 1 added, 1 changed" in text
    assert "capacity: 800 cans/yr → 1,000 cans/yr" in text
    assert "Flows: 2 added" in text


def test_json_of_a_diff(cli, repo: Repo) -> None:
    result = cli("diff", "HEAD~1:chain.yaml", "HEAD:chain.yaml", "-f", "json")
    assert result.stdout == cli("diff", "HEAD~1:chain.yaml", "HEAD:chain.yaml", "-f", "json").stdout
    assert str(repo.root) not in result.stdout
    data = json.loads(result.stdout)
    assert data["old"] == {
        "spec": "HEAD~1:chain.yaml",
        "path": "chain.yaml",
        "revision": "HEAD~1",
        "exists": True,
        "valid": True,
    }
    assert data["counts"]["partners"] == {"added": 1, "removed": 0, "changed": 1}
    kitchen = next(c for c in data["changes"] if c["id"] == "kitchen")
    assert {"field": "capacity", "old": "800 cans/yr", "new": "1,000 cans/yr"} in kitchen["fields"]
    assert {
        "field": "interests",
        "old": None,
        "new": ["saves cost"],
        "added": ["saves cost"],
        "removed": [],
    } in kitchen["fields"]
    assert [f["rule"] for f in data["findings"]["resolved"]] == ["VC101", "VC050", "VC105"]
    assert data["flow"]["old"] == {
        "unit": "cans/yr",
        "wanted": 1000,
        "demand": 1000,
        "deliverable": 800,
        "delivered_now": None,
        "shortfall": 200,
        "blocked": 0,
        "unmet_now": None,  # wanted - delivered now, and nothing says what is delivered
    }
    assert data["flow"]["new"]["shortfall"] == 0


def test_diff_git_compares_the_working_copy(cli, repo: Repo) -> None:
    result = cli("diff", "--git", "HEAD~1")
    assert result.stdout.startswith("vchain diff HEAD~1:chain.yaml → chain.yaml\n")
    assert "someone now performs function deliver" in result.stdout
    assert "No changes" in cli("diff", "--git", "HEAD", "chain.yaml").stdout


def test_a_revision_without_the_file_is_an_empty_chain(cli, repo: Repo) -> None:
    repo.write("other.chain.yaml", SMALL)
    repo.commit("a second chain")
    args = ("HEAD~1:other.chain.yaml", "HEAD:other.chain.yaml", "-f", "json", "--allow-missing")
    result = cli("diff", *args)
    data = json.loads(result.stdout)
    assert data["old"]["exists"] is False
    assert data["notes"] == ["other.chain.yaml did not exist at HEAD~1: compared as an empty chain"]
    assert data["counts"]["partners"] == {"added": 4, "removed": 0, "changed": 0}
    assert "did not exist at HEAD~1" in result.stderr
    text = cli("diff", "--git", "HEAD~1", "other.chain.yaml", "--allow-missing").stdout
    assert "note: other.chain.yaml did not exist at HEAD~1" in text


def test_renamed_files(cli, repo: Repo) -> None:
    repo.git("mv", "chain.yaml", "soup.chain.yaml")
    repo.commit("rename")
    same = cli("diff", "HEAD~1:chain.yaml", "HEAD:soup.chain.yaml", "-f", "json")
    data = json.loads(same.stdout)
    assert data["changes"] == [] and data["findings"]["introduced"] == []
    result = cli("diff", "--git", "HEAD~2", "soup.chain.yaml")
    assert "note: soup.chain.yaml was chain.yaml at HEAD~2" in result.stdout
    assert "someone now performs function deliver" in result.stdout


def test_the_index_and_fail_on_new(cli, repo: Repo) -> None:
    text = improved().replace(TRUCKER, TRUCKER.replace("    interests: [increases income]\n", ""))
    repo.write("chain.yaml", text)
    repo.git("add", "chain.yaml")
    result = cli("diff", "HEAD:chain.yaml", ":chain.yaml", "--fail-on-new", "warning", expect=1)
    assert "+ chain.yaml:" in result.stdout and "VC050 trucker states no interests" in result.stdout
    cli("diff", "HEAD:chain.yaml", ":chain.yaml", "--fail-on-new", "error")


def test_markdown_for_a_pull_request(cli, repo: Repo) -> None:
    markdown = cli("diff", "HEAD~1:chain.yaml", "HEAD:chain.yaml", "-f", "markdown").stdout
    assert markdown.startswith("### vchain diff: `HEAD~1:chain.yaml` → `HEAD:chain.yaml`\n")
    assert "| + | partners | `trucker` Valley Trucking | added |" in markdown
    assert "| resolved | ⚠️ warning | `chain.yaml:11` | VC101 |" in markdown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nope:chain.yaml", "chain.yaml"), "unknown revision 'nope'"),
        (("HEAD:missing.yaml", "HEAD:missing.yaml", "--allow-missing"), "neither"),
        (("HEAD:missing.yaml", "HEAD:chain.yaml"), "missing.yaml does not exist at HEAD"),
        (("HEAD~1:sub", "chain.yaml"), "is a folder"),
        (("HEAD~1:chain.yaml",), "give OLD and NEW"),
        (("--git", "HEAD", "a.yaml", "b.yaml"), "at most one FILE"),
        (("missing.chain.yaml", "chain.yaml"), "no such file"),
    ],
)
def test_bad_revisions_and_arguments_are_exit_2(cli, repo: Repo, args, message: str) -> None:
    result = cli("diff", *args, expect=2)
    assert message in result.stderr


def test_outside_a_repository(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "chain.yaml").write_text(SMALL, encoding="utf-8")
    result = cli("diff", "--git", "HEAD", expect=2)
    assert "not in a git repository" in result.stderr


def test_an_unreadable_revision_is_exit_2(cli, repo: Repo) -> None:
    repo.write("chain.yaml", "vchain: 1\nchain: [\n")
    repo.commit("broken")
    result = cli("diff", "HEAD~1:chain.yaml", "HEAD:chain.yaml", expect=2)
    assert "cannot be read" in result.stderr
