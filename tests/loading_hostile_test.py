"""Hostile and broken files are refused with exit 2, a position, and bounded time and memory.

Each case runs `vchain validate` in a subprocess under an address-space limit of 1 GiB and
a time limit; the bound is a guard against a hang or an explosion, not a speed goal.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

TIME_BOUND = 60  # seconds: far above the normal sub-second refusal
MEMORY_BOUND = 1024 * 1024 * 1024


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BOUND, MEMORY_BOUND))


def run_bounded(path: Path) -> tuple[int, dict[str, object], str]:
    proc = subprocess.run(
        [sys.executable, "-m", "vchain.cli.main", "validate", str(path), "-f", "json"],
        capture_output=True,
        text=True,
        timeout=TIME_BOUND,
        preexec_fn=_limit,
        check=False,
    )
    return proc.returncode, json.loads(proc.stdout or "{}"), proc.stderr


def billion_laughs() -> bytes:
    lines = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 10)}]")
    return ("vchain: 1\n" + "\n".join(lines) + "\n").encode()


def deep_block() -> bytes:
    return ("vchain: 1\n" + "".join(" " * i + f"k{i}:\n" for i in range(5000))).encode()


CASES: dict[str, tuple[bytes, str]] = {
    "alias-bomb": (billion_laughs(), "alias bomb"),
    "deep-flow": (b"vchain: 1\nx: " + b"[" * 200_000 + b"]" * 200_000 + b"\n", "nesting deeper"),
    "deep-block": (deep_block(), "nesting deeper"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
    "latin-1": ("vchain: 1\nchain:\n  name: Caf\u00e9\n".encode("latin-1"), "not UTF-8"),
    "utf-16": ("vchain: 1\n".encode("utf-16"), "UTF-16"),
    "empty": (b"", "empty"),
    "only-comments": (b"# nothing here\n\n", "empty"),
    "huge": (b"vchain: 1\nnotes: '" + b"x" * (17 * 1024 * 1024) + b"'\n", "larger than 16 MiB"),
    "many-nodes": (b"vchain: 1\nx: [" + b"1," * 1_000_001 + b"1]\n", "more than 1,000,000"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_is_refused(tmp_path: Path, name: str) -> None:
    content, words = CASES[name]
    path = tmp_path / f"{name}.chain.yaml"
    path.write_bytes(content)
    code, data, stderr = run_bounded(path)
    assert code == 2, stderr
    assert "Traceback" not in stderr
    (finding,) = data["findings"]  # type: ignore[misc]
    assert finding["rule"] in ("VC001", "VC003")
    assert words in finding["message"]
    assert finding["line"] >= 1 and finding["column"] >= 1
    assert data["files"] == [{"path": str(path), "valid": False}]


def test_bad_bytes_are_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.chain.yaml"
    path.write_bytes("vchain: 1\nchain:\n  name: Caf\u00e9\n".encode("latin-1"))
    code, data, _ = run_bounded(path)
    (finding,) = data["findings"]  # type: ignore[misc]
    assert (code, finding["line"], finding["column"]) == (2, 3, 12)


def test_missing_file_and_folder_exit_2(cli, tmp_path: Path) -> None:
    missing = cli("validate", tmp_path / "nope.chain.yaml", "-f", "json", expect=2)
    assert "cannot read the file" in json.loads(missing.stdout)["findings"][0]["message"]
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    result = cli("validate", empty_dir, expect=2)
    assert "no chain files" in result.stderr


def test_a_large_honest_chain_still_loads(tmp_path: Path) -> None:
    """10,000 partners (about 115,000 lines) are well within the limits."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import generate

    path = tmp_path / "big.chain.yaml"
    path.write_text(generate(10_000))
    code, data, stderr = run_bounded(path)
    assert code == 0, stderr
    assert data["summary"] == {"error": 0, "warning": 0, "info": 0}


def test_flow_nesting_is_measured_by_vchain_not_by_the_parser() -> None:
    """The words are vchain's whichever parser stops first: brackets are counted here."""
    from vchain.loading.yamlfast import flow_nesting_beyond

    assert flow_nesting_beyond("x: [[[1]]]\n", 3) is None
    assert flow_nesting_beyond("x: [[[[1]]]]\n", 3) == (1, 7)
    assert flow_nesting_beyond("a: '[[[[' # {{{{\nb: \"{{{{\"\n", 3) is None
    assert flow_nesting_beyond("a: 1\nb: {c: [[[[x]]]]}\n", 4) == (2, 11)
