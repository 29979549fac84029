"""`vchain export` (every format) and `vchain import` (its own xlsx and csv, and the Kumu
blueprint it wrote) on synthetic chains (issue 10).

No targets were set; export includes the analysis (findings and leverage ranks), as by
default, and import includes formatting, the read-back check and the validation summary.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import HEADER, OUT, best_of, chain_file, row, vchain_exe

FORMATS = (("xlsx", "chain.xlsx"), ("csv", "tables/"), ("kumu", "map.json"))
GRAPHS = (("graphml", "net.graphml"), ("gexf", "net.gexf"))


def main() -> None:
    print(HEADER)
    for n in (1_000, 10_000):
        path = str(chain_file(n))
        work = OUT / f"bridges-{n}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        repeat = 1 if n >= 10_000 else 3
        for fmt, name in (*FORMATS, *GRAPHS):
            target = f"{work}/{name}"
            wall, rss, code = best_of([vchain_exe(), "export", path, "-o", target], repeat)
            print(row(f"export {fmt}", n, wall, rss, code), flush=True)
        wall, rss, code = best_of(
            [vchain_exe(), "export", path, "-o", f"{work}/plain.xlsx", "--no-analysis"], repeat
        )
        print(row("export xlsx, plain", n, wall, rss, code), flush=True)
        for fmt, name in FORMATS:
            source = f"{work}/{name}"
            args = [vchain_exe(), "import", source, "-o", f"{work}/{fmt}.chain.yaml", "--force"]
            wall, rss, code = best_of(args, repeat)
            print(row(f"import {fmt}", n, wall, rss, code), flush=True)


if __name__ == "__main__":
    main()
