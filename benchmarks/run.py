"""`make bench`: every benchmark under benchmarks/, one after another.

Byte-compiles the package first so that start-up is measured as users see it after an
install (pip compiles on install), not with the compiler in the loop.
"""

from __future__ import annotations

import compileall
import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = (
    "bench_validate",
    "bench_analysis",
    "bench_map",
    "bench_report",
    "bench_fmt",
    "bench_bridges",
)


def main() -> None:
    sys.path.insert(0, str(HERE))
    compileall.compile_dir(str(HERE.parent / "src"), quiet=1)
    for name in ORDER:
        script = HERE / f"{name}.py"
        if script.exists():
            print(f"\n== {name}", flush=True)
            runpy.run_path(str(script), run_name="__main__")


if __name__ == "__main__":
    main()
