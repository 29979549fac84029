"""`vchain check` refuses a baseline or policy it cannot trust, and never writes a baseline
over another file (exit 2, with where and why; never an internal error)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATA

SMALL = DATA / "git" / "small.chain.yaml"


@pytest.fixture
def chain(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the policy search stops here
    target = tmp_path / "small.chain.yaml"
    target.write_bytes(SMALL.read_bytes())
    return target


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"vchain_baseline": 2, "findings": []}', "baseline format 2 is not one"),
        ('{"vchain_baseline": "1", "findings": []}', "baseline format '1' is not one"),
        ('{"vchain_baseline": true, "findings": []}', "baseline format True is not one"),
        ('{"findings": []}', "no `vchain_baseline` key"),
        ('{"vchain_baseline": 1, "findings": [{"rule": "VC050"}]}', "no list of findings"),
        ("\udcff", "not a vchain baseline (not UTF-8 text)"),
        (
            '{\n  "vchain_baseline": 1,\n  "findings": [,]\n}',
            ":3:16: not a vchain baseline (not JSON",
        ),
    ],
    ids=["deep", "newer", "text", "bool", "no-version", "no-fingerprint", "not-utf8", "not-json"],
)
def test_a_baseline_that_cannot_be_trusted_is_exit_2(
    cli, chain: Path, tmp_path: Path, content: str, message: str
) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_bytes(content.encode("utf-8", "surrogateescape"))
    result = cli("check", chain, "--baseline", baseline, expect=2)
    assert message in result.stderr, result
    assert "internal error" not in result.stderr


def test_write_baseline_never_overwrites_the_chain_file(cli, chain: Path) -> None:
    before = chain.read_bytes()
    result = cli("check", chain, "--baseline", chain, "--write-baseline", expect=2)
    assert "overwrites only a baseline" in result.stderr
    assert chain.read_bytes() == before


def test_write_baseline_never_overwrites_another_file(cli, chain: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.json"
    notes.write_text('{"todo": ["call the co-op"]}\n', encoding="utf-8")
    cli("check", chain, "--baseline", notes, "--write-baseline", expect=2)
    assert json.loads(notes.read_text(encoding="utf-8")) == {"todo": ["call the co-op"]}
    folder = tmp_path / "ci"
    folder.mkdir()
    assert (
        "is a folder"
        in cli("check", chain, "--baseline", folder, "--write-baseline", expect=2).stderr
    )


def test_write_baseline_replaces_a_baseline_and_fills_an_empty_file(
    cli, chain: Path, tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text("", encoding="utf-8")
    cli("check", chain, "--baseline", baseline, "--write-baseline")
    first = json.loads(baseline.read_text(encoding="utf-8"))
    assert first["vchain_baseline"] == 1 and len(first["findings"]) == 4
    cli("check", chain, "--baseline", baseline, "--write-baseline")
    assert json.loads(baseline.read_text(encoding="utf-8")) == first
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".git",
        "baseline.json",
        "small.chain.yaml",
    ]


@pytest.mark.parametrize(
    ("policy", "where"),
    [
        ("fail_on: warning\nfail_on: never\n", ":2:1: duplicate key 'fail_on'"),
        ("rules:\n  VC050: off\n  VC050: error\n", ":3:3: duplicate key 'VC050'"),
    ],
)
def test_duplicate_keys_in_the_policy_are_exit_2_with_a_position(
    cli, chain: Path, policy: str, where: str
) -> None:
    path = chain.parent / ".vchain.yaml"
    path.write_text(policy, encoding="utf-8")
    result = cli("check", chain, expect=2)
    assert f"{path}{where}" in result.stderr, result
    assert "write each key once" in result.stderr
