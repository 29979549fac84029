"""`vchain validate` on synthetic chains; targets from issue 2.

Targets on a 2-core machine: 30 partners under 250 ms wall; 10,000 partners under 3 s
and 400 MB peak.
"""

from __future__ import annotations

from common import HEADER, best_of, chain_file, row, vchain_exe

TARGETS = {30: "target < 0.25 s", 10_000: "target < 3 s, < 400 MB"}


def main() -> None:
    print(HEADER)
    for n in (30, 100, 1_000, 10_000):
        path = chain_file(n)
        wall, rss, code = best_of([vchain_exe(), "validate", str(path)])
        print(row("validate", n, wall, rss, code, target=TARGETS.get(n, "")), flush=True)


if __name__ == "__main__":
    main()
