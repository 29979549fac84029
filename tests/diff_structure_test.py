"""What `vchain diff` sees between two chains: elements, fields, flows, findings, words."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DATA, EXAMPLES
from vchain.diff.compare import match_findings
from vchain.diff.structure import diff_chains, match_flows
from vchain.findings import Finding
from vchain.loading.loader import load_document
from vchain.model import Chain

SMALL = (DATA / "git" / "small.chain.yaml").read_text(encoding="utf-8")


def chain(text: str) -> Chain:
    doc = load_document("chain.yaml", text=text)
    assert doc.chain is not None
    return doc.chain


def test_identical_chains_have_no_changes() -> None:
    for example in EXAMPLES:
        model = chain(example.read_text(encoding="utf-8"))
        assert diff_chains(model, model) == []


def test_fields_of_changed_elements() -> None:
    text = SMALL.replace("performs: [cook]", "performs: [cook, deliver]").replace(
        "name: Growers", "name: Valley growers"
    )
    changes = diff_chains(chain(SMALL), chain(text))
    assert [(c.section, c.id, c.change) for c in changes] == [
        ("partners", "growers", "changed"),
        ("partners", "kitchen", "changed"),
    ]
    growers, kitchen = changes
    assert [(f.key, f.old, f.new) for f in growers.fields] == [
        ("name", "Growers", "Valley growers")
    ]
    assert kitchen.fields[0].added == ["deliver"] and kitchen.fields[0].removed == []


def test_flows_match_by_id_then_by_route() -> None:
    old = chain(SMALL + "  - {from: schools, to: kitchen, kind: money, what: payment}\n")
    new = chain(
        SMALL.replace("{id: soup, from: kitchen", "{id: soup-run, from: kitchen").replace(
            "{id: tomatoes, from: growers, to: kitchen, kind: product, what: tomatoes}",
            "{id: tomatoes, from: growers, to: kitchen, kind: product, what: tomatoes, "
            "amount: 900 cans/yr}",
        )
        + "  - {from: schools, to: kitchen, kind: money, what: payment, amount: 5 USD}\n"
    )
    pairs, removed, added = match_flows(old.flows, new.flows)
    assert [(a.key, b.key) for a, b in pairs] == [
        ("tomatoes", "tomatoes"),
        ("soup", "soup-run"),
        (2, 2),
    ]
    assert removed == [] and added == []
    changes = diff_chains(old, new)
    labels = {c.id: [f.key for f in c.fields] for c in changes}
    assert labels == {
        "tomatoes": ["amount"],
        "soup-run": ["id"],
        "schools → kitchen (money: payment)": ["amount"],
    }


def _finding(rule: str, subject: tuple[str, str], message: str, **extra: object) -> Finding:
    return Finding(rule, "warning", "gap", message, "chain.yaml", 1, 1, subject, **extra)  # type: ignore[arg-type]


def test_findings_are_matched_without_lines_and_changes_are_paired() -> None:
    kept = _finding("VC050", ("partner", "a"), "a states no interests")
    moved = _finding("VC050", ("partner", "a"), "a states no interests")
    grown = _finding("VC105", ("partner", "k"), "k at 800")
    bigger = _finding("VC105", ("partner", "k"), "k at 1,000")
    detected = _finding("VC101", ("function", "f"), "nobody performs f", related="gap-f")
    declared = _finding("VC100", ("opportunity", "gap-f"), "declared gap", source="declared")
    gone = _finding("VC101", ("function", "g"), "nobody performs g")
    new = _finding("VC113", ("partner", "t"), "t has no flows")
    introduced, resolved, changed = match_findings(
        [kept, grown, detected, gone], [moved, bigger, declared, new]
    )
    assert introduced == [new]
    assert resolved == [gone]
    assert [(p.old.rule, p.new.rule) for p in changed] == [("VC105", "VC105"), ("VC101", "VC100")]


def test_file_to_file_diff_and_fail_on_new(cli, tmp_path: Path) -> None:
    old, new = tmp_path / "old.chain.yaml", tmp_path / "new.chain.yaml"
    old.write_text(SMALL, encoding="utf-8")
    new.write_text(SMALL.replace("    interests: [fulfills mission]\n", ""), encoding="utf-8")
    result = cli("diff", old, new, "--fail-on-new", "warning", "-f", "json", expect=1)
    data = json.loads(result.stdout)
    assert [f["rule"] for f in data["findings"]["introduced"]] == ["VC051"]  # the coordinator
    assert data["changes"] == [
        {
            "section": "partners",
            "id": "hub",
            "change": "changed",
            "name": "Food hub",
            "fields": [
                {
                    "field": "interests",
                    "old": ["fulfills mission"],
                    "new": None,
                    "added": [],
                    "removed": ["fulfills mission"],
                }
            ],
        }
    ]
    cli("diff", old, new, "--fail-on-new", "error")
    output = tmp_path / "diff.md"
    cli("diff", old, new, "-f", "markdown", "-o", output)
    assert output.read_text(encoding="utf-8").startswith("### vchain diff")


def test_diff_of_an_example_with_itself(cli) -> None:
    example = EXAMPLES[0]
    result = cli("diff", example, example)
    assert "No changes to partners, functions, flows or findings." in result.stdout
