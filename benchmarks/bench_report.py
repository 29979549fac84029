"""`vchain report` on synthetic chains: wall time of the whole command (subprocess).

Rows: the HTML page (the analysis, the leverage ranking, the map drawn by Graphviz, every
partner's card) and the Markdown, on chains of 100 and 1,000 partners.

    .venv/bin/python benchmarks/bench_report.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import HEADER, best_of, chain_file, row, vchain_exe

SIZES = (100, 1_000)
#: (row name, output file name)
CASES: tuple[tuple[str, str], ...] = (
    ("report -o x.html", "x.html"),
    ("report -o x.md", "x.md"),
)


def main() -> None:
    print(HEADER)
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            path = chain_file(n)
            for name, out in CASES:
                target = Path(tmp) / out
                wall, rss, code = best_of([vchain_exe(), "report", str(path), "-o", str(target)])
                size = f"{target.stat().st_size / 1e6:.2f} MB" if target.exists() else ""
                print(row(name, n, wall, rss, code, target=size), flush=True)


if __name__ == "__main__":
    main()
