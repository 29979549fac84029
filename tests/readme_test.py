"""The README shows real output: every block that starts with `$ vchain …` is run again."""

from __future__ import annotations

import re
import shlex

import pytest

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = [
    block
    for block in re.findall(r"```text\n(.*?)```", README, flags=re.DOTALL)
    if block.startswith("$ vchain ")
]


def test_readme_has_runnable_examples() -> None:
    assert len(BLOCKS) >= 2
    assert README.index("make demo") < README.index("make test") < README.index("## What")


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.splitlines()[0][2:60])
def test_readme_output_is_real(cli, block: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    command, *shown = block.rstrip("\n").splitlines()
    args = shlex.split(command)[2:]  # after "$ vchain"
    result = cli(*args, expect=0)
    produced = {line.rstrip() for line in result.stdout.splitlines()}
    for line in shown:
        if line.strip() in ("", "…") or line.strip().startswith("…"):
            continue
        assert line.rstrip() in produced, f"README line not in `{command}` output:\n{line}"
