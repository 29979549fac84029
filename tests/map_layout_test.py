"""The layout: columns follow the functions, big chains are grouped, `dot` never fails.

`dot` 2.4x stops with "trouble in init_rank", loses edges or crashes on some
combinations of clusters, rank sets and flat edges; random chains of every shape
check that the map avoids all of them.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from map_support_test import classes, groups, parse_svg
from vchain.loading.loader import load_document
from vchain.render.map import MapOptions, build, source
from vchain.render.marks import Marks, unperformed
from vchain.rules.registry import check_document

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate

TOMATO = ROOT / "examples" / "tomato-soup.chain.yaml"
STAGES = ["supply", "produce", "process", "aggregate", "distribute", "other", None]
KINDS = ["product", "money", "information", "service", "by-product"]


def scene_of(text: str, **options: object):
    doc = load_document("test.chain.yaml", text=text)
    assert doc.chain is not None, doc.findings
    check_document(doc)
    return doc, build(doc, MapOptions(**options))  # type: ignore[arg-type]


def test_columns_follow_the_stages_in_file_order() -> None:
    _, scene = scene_of(TOMATO.read_text(encoding="utf-8"), analysis=False)
    titles = [c.title for c in scene.columns]
    assert titles == ["Supply", "Produce", "Aggregate", "Process", "Distribute", "Buyers"]
    column = {n.key: n.column for n in scene.nodes}
    assert column["partner-seed-catalog"] == 0
    assert column["partner-vegetable-grower"] == 1
    assert column["partner-trucking-firm"] == column["partner-vegetable-aggregator"] == 2
    assert column["partner-soup-processor"] == 3
    assert column["gap-package-cups-no-cup-packaging"] == 3
    assert column["partner-distributor-co-op"] == 4
    assert column["partner-school-district"] == 5
    assert column["partner-valley-cdfi"] == 2  # the coordinator at the centre
    assert column["partner-local-food-certifier"] == 1  # beside the growers it supports


def test_other_stages_get_their_own_column() -> None:
    text = _chain(
        functions={"grow": "produce", "rate": "other", "sell": None},
        partners={"a": ["grow"], "b": ["rate"], "c": ["sell"]},
    )
    _, scene = scene_of(text)
    assert [c.title for c in scene.columns] == ["Produce", "Rate", "Sell", "Buyers"]


def test_big_chains_are_grouped_and_every_partner_counted() -> None:
    text = generate(300)
    doc, scene = scene_of(text)
    assert scene.grouped
    partners = [n for n in scene.nodes if n.role in ("partner", "group")]
    assert len(partners) < 20
    assert sum(len(n.members) for n in partners) == 300
    assert {n.text for n in partners if n.role == "group"} >= {"30 buyers"}
    merged = [e for e in scene.edges if e.count > 1]
    assert merged
    assert sum(e.count for e in scene.edges if e.kind != "supports") <= len(doc.chain.flows)
    _, flat = scene_of(text, aggregate="off")
    assert not flat.grouped
    assert len([n for n in flat.nodes if n.role == "partner"]) == 300


def test_grouping_thresholds(cli, tmp_path: Path) -> None:
    chain = tmp_path / "big.chain.yaml"
    chain.write_text(generate(70), encoding="utf-8")
    assert "g_transactional__" in cli("map", chain).stdout
    assert "g_transactional__" not in cli("map", chain, "--aggregate-above", "100").stdout
    assert "g_transactional__" not in cli("map", chain, "--aggregate", "off").stdout
    assert "g_transactional__supply" in cli("map", TOMATO, "--aggregate", "on").stdout


def test_a_grouped_big_chain_draws(cli, tmp_path: Path) -> None:
    chain = tmp_path / "big.chain.yaml"
    chain.write_text(generate(300), encoding="utf-8")
    cli("map", chain, "--out", tmp_path / "map.svg", "--leverage", "3")
    found = groups(parse_svg((tmp_path / "map.svg").read_bytes()))
    grouped = [g for g in found.values() if "group" in classes(g)]
    assert len(grouped) >= 5
    assert any("grouped" in classes(g) for g in found.values())


# -- random chains of every shape ---------------------------------------------------------


def _chain(functions: dict[str, str | None], partners: dict[str, list[str]]) -> str:
    data = {
        "vchain": 1,
        "chain": {"name": "T", "region": "R", "market_opportunity": "m", "coordinator": "hub"},
        "functions": {
            f: {"name": f.title(), **({"stage": s} if s else {})} for f, s in functions.items()
        },
        "partners": {"hub": {"name": "Hub", "type": "support"}},
    }
    for pid, performs in partners.items():
        data["partners"][pid] = {"name": pid.upper(), "type": "transactional", "performs": performs}
    return yaml.safe_dump(data, sort_keys=False)


def random_chain(seed: int) -> str:
    rng = random.Random(seed)
    n = rng.randint(2, 30)
    functions = {}
    for i in range(rng.randint(1, 6)):
        stage = rng.choice(STAGES)
        functions[f"f{i}"] = {"name": f"Function {i}", **({"stage": stage} if stage else {})}
    partners: dict[str, dict[str, object]] = {}
    for i in range(n):
        kind = rng.choice(["demand", "transactional", "transactional", "support"])
        partner: dict[str, object] = {
            "name": f"Partner {i}" + rng.choice(["", " <x> long"]),
            "type": kind,
        }
        if kind == "transactional" and rng.random() < 0.9:
            partner["performs"] = rng.sample(
                sorted(functions), rng.randint(1, min(2, len(functions)))
            )
        partners[f"{kind[0]}{i}"] = partner
    ids = sorted(partners)
    for pid, partner in partners.items():
        if partner["type"] == "support":
            partner["supports"] = sorted(set(rng.sample(ids, min(rng.randint(0, 4), n))) - {pid})
    flows = []
    for _ in range(rng.randint(0, 2 * n)):
        tail, head = rng.sample(ids, 2)
        flow = {
            "from": tail,
            "to": head,
            "kind": rng.choice(KINDS),
            "what": rng.choice(["x", "a long flow label"]),
        }
        if flow["kind"] == "by-product" and rng.random() < 0.5:
            del flow["to"]
        flows.append(flow)
    opportunities = {}
    for i in range(rng.randint(0, 4)):
        kind = rng.choice(["gap", "bottleneck", "underutilized"])
        at = rng.choice([{"function": rng.choice(sorted(functions))}, {"partner": rng.choice(ids)}])
        opportunities[f"o{i}"] = {
            "kind": kind,
            "text": f"opportunity {i}",
            "at": at,
            "cause": "capacity",
        }
        if kind != "bottleneck":
            del opportunities[f"o{i}"]["cause"]
    head = {"name": "Random", "region": "R", "market_opportunity": "m"}
    data = {
        "vchain": 1,
        "chain": {**head, "coordinator": rng.choice(ids)},
        "functions": functions,
        "partners": partners,
        "flows": flows,
        "opportunities": opportunities,
    }
    return yaml.safe_dump(data, sort_keys=False)


@pytest.mark.parametrize("seed", [0, 3, 6, 13, 18, 22, 27, 36, 40, 53])
def test_dot_lays_out_random_chains(seed: int) -> None:
    """Random chains of every shape, both directions, with and without a legend: `dot`
    lays every one out and loses no flow."""
    text = random_chain(seed)
    for direction, legend in (("LR", True), ("TB", seed % 2 == 0)):
        options = MapOptions(fmt="svg", direction=direction, leverage=seed % 4, legend=legend)
        doc = load_document("random.chain.yaml", text=text)
        assert doc.chain is not None
        check_document(doc)
        dot = source(build(doc, options), options)
        run = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, check=False)
        assert run.returncode == 0, run.stderr.decode()[:500]
        assert b"Error" not in run.stderr, run.stderr.decode()[:500]
        drawn = groups(parse_svg(run.stdout))
        for index in range(len(doc.chain.flows)):
            assert f"flow-{index}" in drawn, (seed, direction, index)


@pytest.mark.parametrize("hub_type", ["demand", "transactional"])
def test_a_coordinator_that_is_not_a_support_partner_keeps_its_place(hub_type: str) -> None:
    data = yaml.safe_load(_chain(functions={"grow": "produce"}, partners={"t": ["grow"]}))
    data["partners"]["d"] = {"name": "Buyer", "type": "demand"}
    data["chain"]["coordinator"] = "d" if hub_type == "demand" else "t"
    data["flows"] = [{"from": "t", "to": "d", "kind": "product"}]
    _, scene = scene_of(yaml.safe_dump(data, sort_keys=False), analysis=False)
    hub = next(n for n in scene.nodes if n.hub)
    assert hub.band == hub_type
    expected = scene.demand_column if hub_type == "demand" else 0
    assert hub.column == expected
    dot = source(scene, MapOptions())
    lane = dot.split(f"subgraph cluster_{hub_type} {{")[1].split("\n\t}")[0]
    assert f"{hub.name} [label=" in lane


def test_an_essential_function_nobody_performs_gets_a_placeholder() -> None:
    text = _chain(
        functions={"grow": "produce", "pack": "process", "extra": "other"},
        partners={"t": ["grow"]},
    )
    data = yaml.safe_load(text)
    data["functions"]["extra"]["essential"] = False
    _, scene = scene_of(yaml.safe_dump(data, sort_keys=False))
    gaps = [n for n in scene.nodes if n.role == "gap"]
    assert len(gaps) == 1  # the analysis's finding or ours, drawn once
    assert gaps[0].key.startswith("gap-pack-")
    assert gaps[0].column == 1
    doc, declared = scene_of(yaml.safe_dump(data, sort_keys=False), analysis=False)
    assert not [n for n in declared.nodes if n.role == "gap"]
    marks = Marks()
    unperformed(doc.chain, marks)
    assert [m.text for m in marks.gaps["pack"]] == ["Nobody performs: Pack"]
    assert set(marks.gaps) == {"pack"}
