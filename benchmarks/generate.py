"""Synthetic chain files for benchmarks and scale tests.

``generate(n)`` writes a valid chain of ``n`` partners: about ten lines and three flows a
partner, so 10,000 partners make about 100,000 lines.  The chain is layered like a real
one (suppliers, growers, processors, aggregators, distributors, buyers, supporters) and
deterministic: the same ``n`` and ``seed`` give the same text.

    python benchmarks/generate.py 1000 > /tmp/chain-1000.chain.yaml
"""

from __future__ import annotations

import itertools
import random
import sys

STAGES = ("supply", "produce", "process", "aggregate", "distribute")
SERVICES = ("technical-assistance", "financing", "certification", "training", "policy")
INTERESTS = (
    "increases income",
    "saves cost",
    "ensures reliable supply",
    "creates more jobs",
    "fulfills mission",
    "provides access to new markets",
)
UNIT = "cans/yr"


def _mix(n: int) -> tuple[int, int, int]:
    demand = max(1, n // 10)
    support = max(1, n // 5)
    return demand, n - demand - support, support


def generate(n_partners: int, seed: int = 7) -> str:
    """A valid chain file of ``n_partners`` partners as YAML text."""
    rng = random.Random(seed)
    n_demand, n_trans, n_support = _mix(max(n_partners, 3))
    out = [
        "# yaml-language-server: $schema=../schemas/chain.schema.json",
        "vchain: 1",
        "chain:",
        f"  name: Synthetic chain of {n_partners} partners",
        "  region: Benchmark County",
        "  market_opportunity: Buyers across the region want canned soup",
        "  coordinator: s0",
        "  reviewed: 2026-10-01",
        "functions:",
    ]
    out += [f"  {stage}: {{name: {stage.title()} step, stage: {stage}}}" for stage in STAGES]
    out.append("partners:")
    trans_by_stage: list[list[str]] = [[] for _ in STAGES]
    for i in range(n_trans):
        stage = min(i * len(STAGES) // n_trans, len(STAGES) - 1)
        pid = f"t{i}"
        trans_by_stage[stage].append(pid)
        capacity = rng.randrange(800, 2000) * 10
        out += [
            f"  {pid}:",
            f"    name: Transactional partner {i}",
            "    type: transactional",
            f"    performs: [{STAGES[stage]}]",
            f"    capacity: {capacity} {UNIT}",
            f"    output: {capacity * rng.randrange(30, 100) // 100} {UNIT}",
            f"    local: {'true' if rng.random() < 0.7 else 'false'}",
            f"    margins: {'true' if rng.random() < 0.3 else 'false'}",
            f"    interests: [{rng.choice(INTERESTS)}]",
            f"    notes: Partner {i} of the {STAGES[stage]} stage",
        ]
    demand_ids = [f"d{i}" for i in range(n_demand)]
    for i, pid in enumerate(demand_ids):
        out += [
            f"  {pid}:",
            f"    name: Buyer {i}",
            "    type: demand",
            f"    demand: {rng.randrange(20, 60) * 1000} {UNIT}",
            f"    needs: [{rng.choice(SERVICES)}]" if i % 7 == 0 else "    engagement: core",
            "    local: true",
            f"    interests: [{rng.choice(INTERESTS)}]",
            f"    pain_point: Buyer {i} cannot find local supply",
            "    notes: A synthetic buyer",
        ]
    all_trans = [p for stage in trans_by_stage for p in stage]
    for i in range(n_support):
        supported = sorted(set(rng.sample(all_trans, k=min(2, len(all_trans)))))
        out += [
            f"  s{i}:",
            f"    name: Support partner {i}",
            "    type: support",
            f"    services: [{SERVICES[i % len(SERVICES)]}, coordination]",
            f"    supports: [{', '.join(supported)}]",
            "    local: true",
            f"    interests: [{rng.choice(INTERESTS)}]",
            "    engagement: aware",
            "    notes: A synthetic supporter",
        ]
    out += _flows(rng, trans_by_stage, demand_ids, n_support)
    out += _extras(n_partners, all_trans)
    return "\n".join(out) + "\n"


def _flows(
    rng: random.Random, by_stage: list[list[str]], demand_ids: list[str], n_support: int
) -> list[str]:
    out = ["flows:"]
    count = 0
    stages = [s for s in by_stage if s]
    for upstream, downstream in itertools.pairwise(stages):
        for pid in upstream:
            for target in sorted(set(rng.sample(downstream, k=min(2, len(downstream))))):
                out.append(
                    f"  - {{from: {pid}, to: {target}, kind: product, what: soup inputs, "
                    f"amount: {rng.randrange(1, 50) * 100} {UNIT}}}"
                )
                count += 1
    last = stages[-1] if stages else []
    for i, buyer in enumerate(demand_ids):
        for seller in sorted(set(rng.sample(last, k=min(3, len(last))))):
            out.append(f"  - {{from: {seller}, to: {buyer}, kind: product, what: soup}}")
            out.append(f"  - {{from: {buyer}, to: {seller}, kind: money, what: payment}}")
            count += 2
        if i % 5 == 0 and n_support:
            out.append(
                f"  - {{from: s{i % n_support}, to: {buyer}, kind: information, what: news}}"
            )
    if last:
        out.append(f"  - {{id: peels, from: {last[0]}, kind: by-product, what: peels}}")
    return out


def _extras(n: int, all_trans: list[str]) -> list[str]:
    k = max(1, n // 100)
    out = ["resources:"]
    out += [f"  land-{i}: {{name: Idle plot {i}, capital: natural}}" for i in range(k)]
    out.append("opportunities:")
    out += [
        f"  gap-{i}: {{kind: gap, text: Nobody cans at scale {i}, at: {{function: process}}}}"
        for i in range(k)
    ]
    out.append("investments:")
    out += [
        f"  loan-{i}: {{by: [s0], addresses: [gap-{i}], form: financing, "
        "capitals: {financial: 2, built: 1}}"
        for i in range(k)
    ]
    out.append("indicators:")
    out.append("  income: {name: Income from the chain, capital: financial, target: 100}")
    out.append("  assets: {name: Productive assets owned locally, capital: built, target: 10}")
    if all_trans:
        out += [
            "interests:",
            f"  - {{kind: shared, text: Steady volume, partners: [{all_trans[0]}, s0]}}",
        ]
    return out


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
