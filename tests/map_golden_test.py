"""Golden DOT and Mermaid files, and the same input giving the same bytes.

The goldens use `--declared-only`, so they change when the renderer or the examples
change, not when the analysis does.  To accept a deliberate change of the output:

    VCHAIN_UPDATE_GOLDEN=1 .venv/bin/pytest tests/map_golden_test.py

and review the diff of `tests/golden/` before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import vchain
from conftest import ROOT
from map_support_test import GOLDEN, MAP_DATA, mermaid_unescape, parse_mermaid

UPDATE = os.environ.get("VCHAIN_UPDATE_GOLDEN") == "1"
TOMATO = ROOT / "examples" / "tomato-soup.chain.yaml"

#: golden file -> (chain file, extra options)
CASES: dict[str, tuple[Path, tuple[str, ...]]] = {
    "tomato-soup.dot": (TOMATO, ("--leverage", "3")),
    "tomato-soup.mmd": (TOMATO, ()),
    "laundry-services-tb.dot": (ROOT / "examples" / "laundry-services.chain.yaml", ("-d", "TB")),
    "green-housing-product.dot": (
        ROOT / "examples" / "green-housing.chain.yaml",
        ("--kinds", "product", "--no-supports"),
    ),
    "escaping.dot": (MAP_DATA / "escaping.chain.yaml", ("--leverage", "2")),
    "escaping.mmd": (MAP_DATA / "escaping.chain.yaml", ()),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(cli, tmp_path: Path, name: str) -> None:
    chain, extra = CASES[name]
    out = tmp_path / name
    cli("map", chain, "--declared-only", *extra, "--out", out)
    golden = GOLDEN / name
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(out.read_bytes())
    assert golden.exists(), f"no golden {golden}; run with VCHAIN_UPDATE_GOLDEN=1"
    assert out.read_bytes() == golden.read_bytes(), (
        f"{name} differs from its golden; if the change is meant, update it with "
        "VCHAIN_UPDATE_GOLDEN=1 and review the diff"
    )


def test_same_input_same_dot_and_svg(cli, tmp_path: Path) -> None:
    for run in ("a", "b"):
        cli("map", TOMATO, "--leverage", "3", "--out", tmp_path / f"{run}.svg")
        cli("map", TOMATO, "--leverage", "3", "--out", tmp_path / f"{run}.dot")
    assert (tmp_path / "a.dot").read_bytes() == (tmp_path / "b.dot").read_bytes()
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


def test_same_input_same_pdf(cli, tmp_path: Path) -> None:
    """cairo stamps the drawing time into a PDF; vchain fixes it."""
    small = ROOT / "examples" / "green-housing.chain.yaml"
    for run in ("a", "b"):
        cli("map", small, "--out", tmp_path / f"{run}.pdf")
    first = (tmp_path / "a.pdf").read_bytes()
    assert first.startswith(b"%PDF")
    assert b"/CreationDate (D:20000101000000Z)" in first
    assert first == (tmp_path / "b.pdf").read_bytes()


def test_mermaid_reads_back_with_every_partner_and_flow() -> None:
    chain = vchain.load(TOMATO)
    parsed = parse_mermaid((GOLDEN / "tomato-soup.mmd").read_text(encoding="utf-8"))
    labels = {node: mermaid_unescape(text) for node, text in parsed.nodes.items()}
    for pid, partner in chain.partners.items():
        node = next(n for n in labels if n.endswith(f"_partner_{pid.replace('-', '_')}"))
        assert " ".join(partner.name.split()) in labels[node]
        assert partner.type in parsed.classes[node]
        band = f"band_{partner.type}"
        assert node in parsed.subgraphs[band]
    arrows = {"product": "==>", "money": "-.->", "information": "-.->", "service": "-->"}
    flows = [e for e in parsed.edges if e[1] != "-.-"]
    assert len(flows) == len(chain.flows)
    for flow, (tail, arrow, label, head) in zip(chain.flows, flows, strict=True):
        assert tail.endswith(flow.from_.replace("-", "_"))
        if flow.to is not None:
            assert head.endswith(flow.to.replace("-", "_"))
        else:
            assert labels[head] == "unused"
        assert arrow == arrows.get(flow.kind, "--o")
        if flow.what and flow.kind in ("product", "by-product"):
            assert flow.what.split()[0] in mermaid_unescape(label)
        elif flow.kind == "money":
            assert mermaid_unescape(label) == "$"  # --flow-labels product: the rest untold
    hub = next(n for n in labels if n.endswith(chain.chain.coordinator.replace("-", "_")))
    assert "coordinator" in parsed.classes[hub]
    supports = [e for e in parsed.edges if e[1] == "-.-"]
    assert supports
    assert all(labels[tail] for tail, *_ in supports)
