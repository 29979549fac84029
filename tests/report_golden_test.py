"""Golden Markdown reports, and what Markdown must never carry from a chain file.

To accept a deliberate change of the output:

    VCHAIN_UPDATE_GOLDEN=1 .venv/bin/pytest tests/report_golden_test.py

and review the diff of `tests/golden/report-*.md` before committing it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import ROOT

UPDATE = os.environ.get("VCHAIN_UPDATE_GOLDEN") == "1"
GOLDEN = Path(__file__).parent / "golden"
DATA = Path(__file__).parent / "data" / "report"
CASES: dict[str, tuple[Path, tuple[str, ...]]] = {
    "report-tomato-soup.md": (ROOT / "examples" / "tomato-soup.chain.yaml", ("--map", "map.svg")),
    "report-green-housing.md": (ROOT / "examples" / "green-housing.chain.yaml", ()),
    "report-laundry-services.md": (ROOT / "examples" / "laundry-services.chain.yaml", ()),
    "report-hostile.md": (DATA / "hostile.chain.yaml", ()),
    "report-sparse.md": (DATA / "sparse.chain.yaml", ()),
    "report-nobuyer.md": (DATA / "nobuyer.chain.yaml", ()),
}


def _display(text: str) -> str:
    """The report names the file as given; goldens name it from the repository's root."""
    return text.replace(str(ROOT) + "/", "")


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(cli, name: str) -> None:
    chain, extra = CASES[name]
    text = _display(cli("report", chain, *extra).stdout)
    golden = GOLDEN / name
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden {golden}; run with VCHAIN_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{name} differs from its golden; if the change is meant, update it with "
        "VCHAIN_UPDATE_GOLDEN=1 and review the diff"
    )


def test_hostile_text_makes_no_html_and_breaks_no_table(cli) -> None:
    from vchain.reporters.markdown import cell
    from vchain.safetext import visible

    text = cli("report", DATA / "hostile.chain.yaml").stdout
    assert "\u2028" not in text and "\u202e" not in text and "\x1b" not in text
    outside, fences = _outside_fences(text)
    assert fences > 0 and fences % 2 == 0  # every fenced block is closed where it should be
    assert not re.search(r"<(?!details>|/details>|summary>|/summary>)[a-zA-Z/!]", outside)
    widths = {}
    for line in outside.splitlines():
        if line.startswith("|"):
            cells = len(re.findall(r"(?<!\\)\|", line))
            widths.setdefault(cells, 0)
            widths[cells] += 1
    assert widths, "the report has tables"
    # every text of the chain went through the Markdown cell escape
    assert cell(visible("</script><script>alert(1)</script>")) in text
    assert cell(visible("<img src=x onerror=alert(1)> loan")) in text


def _outside_fences(text: str) -> tuple[str, int]:
    """The text outside fenced code blocks (where Markdown is not code), and the fences."""
    out: list[str] = []
    fence: str | None = None
    count = 0
    for line in text.splitlines():
        run = re.match(r"^(`{3,})\s*$", line)
        if fence is None and run:
            fence, count = run.group(1), count + 1
        elif fence is not None and run and len(run.group(1)) >= len(fence):
            fence, count = None, count + 1
        elif fence is None:
            out.append(line)
    return "\n".join(out), count


def test_a_fence_is_longer_than_any_backtick_run_inside() -> None:
    from vchain.report.markdown import _fence

    block = _fence(["a ``` b", "````"])
    assert block[0] == block[-1] == "`````"
