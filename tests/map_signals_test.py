"""`vchain map` stopped while Graphviz's `dot` draws: `dot` ends with it (real processes,
checked by pid), and a long map says what it is doing on standard error."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

VCHAIN = str(Path(sys.executable).with_name("vchain"))
pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="finds the dot child through /proc (Linux)"
)


def _generated(tmp_path: Path, partners: int) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    target = tmp_path / "big.chain.yaml"
    target.write_text(generate(partners), encoding="utf-8")
    return target


def _children(pid: int) -> list[tuple[int, str]]:
    """(pid, command name) of the live children of ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append((int(entry.name), name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2 :].split()[0] != "Z"


def _start_map(chain: Path, out: Path) -> tuple[subprocess.Popen[bytes], int]:
    """vchain map running with a dot child; (vchain, the dot pid)."""
    process = subprocess.Popen(
        [VCHAIN, "map", str(chain), "--aggregate", "off", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        dots = [pid for pid, name in _children(process.pid) if name == "dot"]
        if dots:
            return process, dots[0]
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    process.communicate()
    pytest.fail("vchain map never started dot")


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generated(tmp_path_factory.mktemp("big"), 3000)


@pytest.mark.parametrize(
    ("sent", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["SIGTERM", "SIGINT"]
)
def test_stopping_map_ends_dot(big: Path, tmp_path: Path, sent: int, code: int) -> None:
    out = tmp_path / "map.svg"
    process, dot = _start_map(big, out)
    time.sleep(0.3)
    assert _alive(dot)
    process.send_signal(sent)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == code, stderr
    assert b"internal error" not in stderr
    deadline = time.monotonic() + 5
    while _alive(dot) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(dot), f"dot {dot} survived vchain"
    assert not out.exists()


def test_a_long_map_tells_its_phases(big: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [VCHAIN, "map", str(big), "--aggregate", "off", "-o", str(tmp_path / "map.dot")],
        capture_output=True,
        timeout=300,
        check=False,
        env={**os.environ, "VCHAIN_PROGRESS_AFTER": "0"},
    )
    assert done.returncode == 0, done.stderr
    lines = done.stderr.decode().splitlines()
    assert lines[0] == f"vchain map: reading {big}..."
    assert lines[1] == "vchain map: analyzing and arranging 3,000 partners..."
    assert lines[2].startswith("vchain map: writing ")
    assert lines[3].startswith("vchain map: done in ")


def test_a_quick_map_says_nothing_but_where_it_went(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    done = subprocess.run(
        [VCHAIN, "map", str(ROOT / "examples" / "tomato-soup.chain.yaml"), "-o", str(out)],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (line,) = done.stderr.decode().splitlines()
    assert line.startswith("Map of ") and line.endswith(f"partners written to {tmp_path}/map.svg")
