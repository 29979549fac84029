"""Invariants of the ranking: scores within 0..1, the same ranking whatever the file order."""

from __future__ import annotations

import random
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from vchain.analysis.leverage import rank_document
from vchain.loading.loader import load_document
from vchain.model import LEVERAGE_PARTS

INTERESTS = ["increases income", "saves cost", "fulfills mission", "uses abandoned facility"]


def random_chain(seed: int) -> dict[str, Any]:
    """A chain with a bit of everything the analysis looks at."""
    rng = random.Random(seed)
    partners: dict[str, Any] = {}
    stages = [[f"p{i}x{j}" for j in range(rng.randint(1, 3))] for i in range(rng.randint(1, 3))]
    for i, stage in enumerate(stages):
        for pid in stage:
            partner: dict[str, Any] = {
                "name": pid,
                "type": "transactional",
                "performs": ["grow" if i == 0 else "make"],
                "local": rng.random() < 0.6,
                "margins": rng.random() < 0.3,
                "interests": rng.sample(INTERESTS, rng.randint(0, 2)),
            }
            if rng.random() < 0.7:
                partner["capacity"] = f"{rng.randint(1, 9)} u"
                partner["output"] = f"{rng.randint(0, 9)} u"
            if rng.random() < 0.3:
                partner["needs"] = ["financing"]
            partners[pid] = partner
    buyers = [f"d{j}" for j in range(rng.randint(1, 3))]
    for pid in buyers:
        partners[pid] = {"name": pid, "type": "demand", "demand": f"{rng.randint(1, 9)} u"}
    transactional = [p for stage in stages for p in stage]
    partners["help"] = {
        "name": "Help",
        "type": "support",
        "services": ["financing"],
        "supports": rng.sample(transactional, rng.randint(0, len(transactional))),
    }
    flows = []
    for upper, lower in zip(stages, [*stages[1:], buyers], strict=False):
        for src in upper:
            for dst in lower:
                if rng.random() < 0.7:
                    flow = {"id": f"f{len(flows)}", "from": src, "to": dst, "kind": "product"}
                    if rng.random() < 0.3:
                        flow["capacity"] = f"{rng.randint(0, 9)} u"
                    flows.append(flow)
    flows.append({"id": "waste", "from": transactional[0], "kind": "by-product"})
    target = rng.choice(transactional)
    return {
        "vchain": 1,
        "chain": {"name": "R", "region": "R", "market_opportunity": "M", "coordinator": "help"},
        "functions": {"grow": {"name": "Grow", "stage": "produce"}, "make": {"name": "Make"}},
        "partners": partners,
        "flows": flows,
        "resources": {"barn": {"name": "Barn", "capital": "built"}},
        "opportunities": {
            "slow": {
                "kind": "bottleneck",
                "cause": "skills",
                "text": "Slow",
                "at": {"partner": target},
            }
        },
        "investments": {
            "course": {
                "by": ["help"],
                "addresses": ["slow"],
                "form": "training",
                "capitals": {"individual": rng.randint(-3, 3), "social": rng.randint(-3, 3)},
            }
        },
        "leverage": {name: rng.randint(0, 5) for name in LEVERAGE_PARTS},
    }


def ranking(data: dict[str, Any], assume: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
    doc = load_document("r.chain.yaml", text=yaml.safe_dump(data, sort_keys=False))
    assert not [f for f in doc.findings if f.severity == "error"], doc.findings
    result = rank_document(doc, assume)
    return [(p.rank, p.id, p.score, tuple(p.parts.items())) for p in result.points]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 100_000))
def test_scores_and_parts_stay_within_0_and_1(seed: int) -> None:
    for _rank, _id, score, parts in ranking(random_chain(seed)):
        assert 0 <= score <= 1
        assert all(0 <= value <= 1 for _, value in parts)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 100_000), st.randoms(use_true_random=False))
def test_ranking_is_stable_under_reordering_the_file(seed: int, rng: random.Random) -> None:
    data = random_chain(seed)
    before = ranking(data)
    items = list(data["partners"].items())
    rng.shuffle(items)
    data["partners"] = dict(items)
    rng.shuffle(data["flows"])
    assert ranking(data) == before


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 100_000))
def test_assuming_the_best_point_never_lowers_what_is_delivered(seed: int) -> None:
    data = random_chain(seed)
    doc = load_document("r.chain.yaml", text=yaml.safe_dump(data, sort_keys=False))
    result = rank_document(doc)
    if not result.points or result.flow is None:
        return
    after = rank_document(doc, [result.points[0].id])
    assert after.flow is not None
    assert after.flow.deliverable >= result.flow.deliverable
    assert result.points[0].id not in {p.id for p in after.points}
