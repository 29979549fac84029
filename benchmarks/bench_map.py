"""`vchain map` on synthetic chains: wall time of the whole command (subprocess).

Rows: the default SVG (grouped above 60 partners), DOT only (no `dot` run), and SVG with
every partner drawn (`--aggregate off`), on chains of 100 and 1,000 partners.

    .venv/bin/python benchmarks/bench_map.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import HEADER, best_of, chain_file, row, vchain_exe

SIZES = (100, 1_000)
#: (row name, output file name, extra options)
CASES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("map --out x.svg", "x.svg", ()),
    ("map --out x.dot", "x.dot", ()),
    ("map x.svg --agg. off", "x.svg", ("--aggregate", "off")),
)


def main() -> None:
    print(HEADER)
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            path = chain_file(n)
            for name, out, extra in CASES:
                args = [vchain_exe(), "map", str(path), "--out", str(Path(tmp) / out), *extra]
                wall, rss, code = best_of(args)
                print(row(name, n, wall, rss, code), flush=True)


if __name__ == "__main__":
    main()
