"""vchain as a library: `vchain.load(path)`."""

from __future__ import annotations

from pathlib import Path

import pytest

import vchain
from conftest import EXAMPLES

CASES = Path(__file__).parent / "cases"


def test_load_returns_the_model() -> None:
    chain = vchain.load(EXAMPLES[0])
    assert chain.vchain == 1
    assert chain.chain.coordinator in chain.partners
    assert all(flow.index == i for i, flow in enumerate(chain.flows))


def test_load_accepts_warnings_but_not_errors() -> None:
    chain = vchain.load(CASES / "valid" / "minimal.chain.yaml")  # has warnings
    assert list(chain.partners) == ["coord"]
    with pytest.raises(vchain.ChainLoadError) as info:
        vchain.load(CASES / "invalid" / "references.chain.yaml")
    assert len(info.value.problems) == 14
    assert "references.chain.yaml:6:16: chain.coordinator names partner" in str(info.value)


def test_load_refuses_unreadable_files(tmp_path: Path) -> None:
    path = tmp_path / "x.chain.yaml"
    path.write_bytes(b"\x00\x01")
    with pytest.raises(vchain.ChainLoadError) as info:
        vchain.load(path)
    assert "binary" in str(info.value)


def test_quantities_are_normalised() -> None:
    chain = vchain.load(CASES / "valid" / "both-quantity-forms.chain.yaml")
    schools = chain.partners["schools"].demand
    growers = chain.partners["growers"]
    assert schools is not None and (schools.amount, schools.unit) == (40000, "cans/yr")
    assert growers.capacity is not None and growers.capacity.amount == 45000
    assert growers.output is not None and growers.output.amount == 12500.5
    assert str(growers.output) == "12,500.5 cans/yr"
    assert chain.flows[0].amount is not None and chain.flows[0].amount.amount == 15000
