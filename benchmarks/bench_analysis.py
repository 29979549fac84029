"""`vchain analyze` and `vchain leverage` on synthetic chains; targets from issues 3 and 8.

    .venv/bin/python benchmarks/bench_analysis.py            # 100, 1,000, 10,000 partners

Each command runs in its own process (start-up, reading the file, the analysis and the
JSON output, as a user sees it), best of 3 runs.  Targets: 1,000 partners under 3 s,
10,000 under 30 s, and time growing no faster than about n log n from 1,000 to 10,000.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import HEADER, SIZES, best_of, chain_file, row, vchain_exe

TARGETS = {1_000: "target < 3 s", 10_000: "target < 30 s"}
COMMANDS = ("analyze", "leverage")
SERIAL_TARGETS = {"analyze": "target < 5 s", "leverage": "target < 10 s (0.1.0: 78 s)"}


def serial_file(k: int, length: int) -> Path:
    """benchmarks/out/serial-K-L.chain.yaml (the probes' serial chain), generated once."""
    from common import OUT
    from serial_chain import serial_chain

    OUT.mkdir(exist_ok=True)
    path = OUT / f"serial-{k}-{length}.chain.yaml"
    if not path.exists():
        path.write_text(serial_chain(k, length), encoding="utf-8")
    return path


def unreached_file(n: int) -> Path:
    """benchmarks/out/unreached-N.chain.yaml: N buyers that no product reaches, each paying
    the one distributor (a Kumu map of buyers and funders), generated once."""
    from common import OUT

    OUT.mkdir(exist_ok=True)
    path = OUT / f"unreached-{n}.chain.yaml"
    if not path.exists():
        lines = [
            "vchain: 1",
            "chain: {name: X, region: R, market_opportunity: M, coordinator: hub}",
            "functions:",
            "  grow: {name: Grow, stage: produce}",
            "  deliver: {name: Deliver, stage: distribute}",
            "partners:",
            "  hub: {name: Hub, type: support}",
            "  farm: {name: Farm, type: transactional, performs: [grow]}",
            "  dist: {name: Dist, type: transactional, performs: [deliver]}",
            *(f"  b{i}: {{name: B{i}, type: demand, demand: 10 u}}" for i in range(n)),
            "flows:",
            "  - {from: farm, to: dist, kind: product}",
            *(f"  - {{from: b{i}, to: dist, kind: money}}" for i in range(n)),
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    print(HEADER)
    walls: dict[tuple[str, int], float] = {}
    for n in SIZES:
        path = chain_file(n)
        for command in COMMANDS:
            wall, rss, code = best_of([vchain_exe(), command, str(path), "--format", "json"])
            walls[command, n] = wall
            print(row(command, n, wall, rss, code, target=TARGETS.get(n, "")), flush=True)
    low, high = 1_000, 10_000
    nlogn = high * math.log(high) / (low * math.log(low))
    for command in COMMANDS:
        growth = walls[command, high] / walls[command, low]
        print(f"{command}: {low:,} -> {high:,} partners took {growth:.1f}x (n log n: {nlogn:.1f}x)")
    serial = serial_file(4000, 4000)
    for command in COMMANDS:
        wall, rss, code = best_of([vchain_exe(), command, str(serial), "--format", "json"])
        name = f"{command} serial 4000+4000"
        print(row(name, 8002, wall, rss, code, target=SERIAL_TARGETS[command]), flush=True)
    unreached = unreached_file(3000)
    for command in COMMANDS:
        wall, rss, code = best_of([vchain_exe(), command, str(unreached), "--format", "json"])
        name = f"{command} 3000 unreached"
        print(row(name, 3003, wall, rss, code, target="(was 7 s / 11 s)"), flush=True)


if __name__ == "__main__":
    main()
