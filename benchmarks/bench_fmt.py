"""`vchain fmt --check`, `vchain check` and `vchain diff` on synthetic chains (issue 5).

No targets were set for these; the numbers show what a CI job on a large chain costs.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import HEADER, best_of, chain_file, row, vchain_exe


def main() -> None:
    print(HEADER)
    for n in (1_000, 10_000):
        path = str(chain_file(n))
        runs = {
            "fmt --check": [vchain_exe(), "fmt", "--check", path],
            "check": [vchain_exe(), "check", path, "--no-policy", "--format", "json"],
            "diff (same file)": [vchain_exe(), "diff", path, path, "--format", "json"],
        }
        for name, args in runs.items():
            wall, rss, code = best_of(args, repeat=1 if n >= 10_000 else 3)
            print(row(name, n, wall, rss, code), flush=True)


if __name__ == "__main__":
    main()
