"""What every benchmark shares: synthetic chain files and a timer for whole commands."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
SIZES = (100, 1_000, 10_000)


def vchain_exe() -> str:
    return str(Path(sys.executable).with_name("vchain"))


def chain_file(n: int) -> Path:
    """benchmarks/out/chain-N.chain.yaml, generated once."""
    sys.path.insert(0, str(HERE))
    from generate import generate

    OUT.mkdir(exist_ok=True)
    path = OUT / f"chain-{n}.chain.yaml"
    if not path.exists():
        path.write_text(generate(n), encoding="utf-8")
    return path


def run_once(args: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak resident MiB and exit code of one run of a command."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, proc.returncode


def best_of(args: list[str], repeat: int = 3) -> tuple[float, float, int]:
    """The fastest of ``repeat`` runs (and the largest peak memory seen)."""
    runs = [run_once(args) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2]


def row(name: str, n: int, wall: float, rss: float, code: int, *, target: str = "") -> str:
    return f"{name:<22} {n:>7,} {wall:>8.3f} s {rss:>8.1f} MiB  exit {code}  {target}"


HEADER = f"{'command':<22} {'partners':>7} {'wall':>10} {'peak':>12}"
