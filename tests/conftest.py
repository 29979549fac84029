"""Shared test helpers: one CLI runner that shows the output when a test fails."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import settings

from vchain.cli.main import main

# The same examples on every run (CI must not fail by luck); HYPOTHESIS_PROFILE=explore
# draws new ones when hunting for bugs.
settings.register_profile("vchain", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "vchain"))

ROOT = Path(__file__).resolve().parent.parent
FINDING_KEYS = frozenset(
    {"rule", "severity", "kind", "message", "file", "line", "column", "subject", "source"}
)
"""The keys every finding has in JSON (cli-contract.md)."""
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_SYSTEM": os.devnull,
    "GIT_AUTHOR_NAME": "Chain Keeper",
    "GIT_AUTHOR_EMAIL": "keeper@example.org",
    "GIT_COMMITTER_NAME": "Chain Keeper",
    "GIT_COMMITTER_EMAIL": "keeper@example.org",
}
"""git in tests: no user or system configuration, a fixed author."""
EXAMPLES = sorted((ROOT / "examples").glob("*.chain.yaml"))
DATA = Path(__file__).resolve().parent / "data"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    args: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"vchain {' '.join(self.args)} -> exit {self.code}\n"
            f"--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"
        )


def run_cli(*args: str | os.PathLike[str], env: dict[str, str] | None = None) -> Run:
    """Run `vchain ARGS` in this process, capturing both streams and the exit code."""
    runner = CliRunner()
    argv = [str(a) for a in args]
    base = {"NO_COLOR": "1", "GITHUB_ACTIONS": "", "FORCE_COLOR": ""}
    base.update(env or {})
    with runner.isolation(env=base) as (out, err, *_):
        code = main(argv)
        stdout = out.getvalue().decode()
        stderr = err.getvalue().decode() if err is not None else ""
    return Run(code, stdout, stderr, tuple(argv))


@pytest.fixture
def cli():
    """`cli("validate", path, expect=1)` runs vchain and checks the exit code."""

    def call(*args: str | os.PathLike[str], expect: int | None = 0, **kw: object) -> Run:
        result = run_cli(*args, **kw)  # type: ignore[arg-type]
        if expect is not None:
            assert result.code == expect, str(result)
        return result

    return call


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rules that depend on today's date see the same day in every run."""
    monkeypatch.setenv("VCHAIN_TODAY", "2026-11-22")


def merge_fragment(base: str, fragment: str) -> dict[str, Any]:
    """A base chain with a rule example laid over it: mappings updated key by key (an
    empty one empties its section),
    everything else (lists, scalars) replaced."""
    data: dict[str, Any] = yaml.safe_load(base)
    for key, value in (yaml.safe_load(fragment) or {}).items():
        if isinstance(value, dict) and value and isinstance(data.get(key), dict):  # {}: empty
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return data
