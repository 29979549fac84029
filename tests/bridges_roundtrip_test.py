"""Every example chain and init template out to xlsx, csv and Kumu and back, through the
real commands: `vchain diff` finds nothing changed, the model is the same, the file is
formatted; the same chain exports to the same bytes."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from conftest import EXAMPLES
from vchain.loading.loader import load_document
from vchain.model import Chain

TEMPLATES = sorted(Path(str(p)) for p in (resources.files("vchain.init") / "templates").iterdir())
CHAINS = [*EXAMPLES, *TEMPLATES]


def _chain(path: Path) -> Chain:
    doc = load_document(path)
    assert doc.chain is not None, doc.findings
    return doc.chain


def _no_changes(cli, old: Path, new: Path) -> None:
    result = cli("diff", old, new, "--format", "json")
    data = json.loads(result.stdout)
    assert data["changes"] == [], data["changes"]
    text = cli("diff", old, new).stdout
    assert "No changes to partners, functions, flows or findings." in text


@pytest.mark.parametrize("source", CHAINS, ids=lambda p: p.name)
@pytest.mark.parametrize("target", ["chain.xlsx", "tables/"])
def test_xlsx_and_csv_bring_back_the_same_chain(cli, tmp_path: Path, source: Path, target: str):
    chain = tmp_path / "chain.yaml"
    chain.write_text(source.read_text("utf-8"), "utf-8")
    exported = f"{tmp_path}/{target}"  # a trailing / asks for the csv folder
    cli("export", chain, "-o", exported)
    back = tmp_path / "back.chain.yaml"
    result = cli("import", exported, "-o", back)
    assert f"{back} written from vchain's own" in result.stderr
    _no_changes(cli, chain, back)
    assert _chain(back).model_dump() == _chain(chain).model_dump()
    cli("fmt", "--check", back)
    assert back.read_text("utf-8").startswith("# Imported by vchain")


@pytest.mark.parametrize("source", CHAINS, ids=lambda p: p.name)
def test_kumu_brings_back_partners_types_flows_kinds_and_names(cli, tmp_path: Path, source):
    blueprint = tmp_path / "map.json"
    cli("export", source, "-o", blueprint)
    back = tmp_path / "back.chain.yaml"
    cli("import", blueprint, "-o", back)
    before, after = _chain(source), _chain(back)
    assert list(after.partners) == list(before.partners)
    for pid, partner in before.partners.items():
        got = after.partners[pid]
        assert (got.name, got.type) == (partner.name, partner.type)
        assert got.performs == partner.performs
        assert got.supports == partner.supports
        assert (got.local, got.margins, got.engagement) == (
            partner.local,
            partner.margins,
            partner.engagement,
        )
        assert (got.demand, got.capacity, got.output) == (
            partner.demand,
            partner.capacity,
            partner.output,
        )
        assert got.interests == partner.interests
        assert (got.needs, got.services) == (partner.needs, partner.services)
    flows = [(f.from_, f.to, f.kind, f.what, f.amount, f.capacity, f.id) for f in before.flows]
    assert [(f.from_, f.to, f.kind, f.what, f.amount, f.capacity, f.id) for f in after.flows] == (
        flows
    )
    assert list(after.functions) == list(before.functions)
    assert [f.name for f in after.functions.values()] == [f.name for f in before.functions.values()]

    def links(chain: Chain) -> dict[str, tuple[object, ...]]:
        keys = ("owner", "used_by", "could_serve")  # could_serve: where the model has it
        return {
            r: (x.name, x.capital, x.amount, *(getattr(x, k, None) for k in keys))
            for r, x in chain.resources.items()
        }

    assert links(after) == links(before)
    assert after.chain.coordinator == before.chain.coordinator
    cli("fmt", "--check", back)
    errors = cli("validate", back, "--format", "json", expect=None)
    kinds = {f["kind"] for f in json.loads(errors.stdout)["findings"] if f["severity"] == "error"}
    assert not kinds & {"schema", "reference"}


@pytest.mark.parametrize("fmt", ["chain.xlsx", "map.json", "net.graphml", "net.gexf"])
def test_the_same_chain_exports_to_the_same_bytes(cli, tmp_path: Path, fmt: str):
    source = EXAMPLES[0]
    first, second = tmp_path / "a" / fmt, tmp_path / "b" / fmt
    cli("export", source, "-o", first)
    cli("export", source, "-o", second)
    assert first.read_bytes() == second.read_bytes()


def test_the_csv_folder_is_the_same_every_time(cli, tmp_path: Path):
    source = EXAMPLES[0]
    cli("export", source, "-o", f"{tmp_path}/a/")
    cli("export", source, "-o", f"{tmp_path}/b/")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert "partners.csv" in names
    assert "findings.csv" in names
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
