"""What the report shows, checked against the chain by hand: money, indicators, cards."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import vchain
from conftest import ROOT
from vchain.model import CAPITALS

TOMATO = ROOT / "examples" / "tomato-soup.chain.yaml"
DATA = Path(__file__).parent / "data" / "report"


def facts_of(path: Path, **options: object):
    from vchain.cli.common import load_checked
    from vchain.report.facts import gather

    return gather(load_checked(path), **options)  # type: ignore[arg-type]


def write(tmp_path: Path, data: dict[str, object]) -> Path:
    path = tmp_path / "chain.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tomato():
    return facts_of(TOMATO)


def test_the_buyers_money_is_followed_down_the_chain(tomato) -> None:
    """Buyers pay the co-op 120,000; each partner keeps what it does not pay on.  The
    only partner owned outside the region that buyers' money reaches is the seed catalog
    (4,000 from the growers); the small farms (on the margins) keep the 5,000 the
    aggregator pays them (the CDFI's loans to them are not buyers' money)."""
    chain = vchain.load(TOMATO)
    money = tomato.money
    buyers = {pid for pid, p in chain.partners.items() if p.type == "demand"}
    paid = sum(
        f.amount.amount
        for f in chain.flows
        if f.kind == "money" and f.from_ in buyers and f.amount is not None
    )
    assert money.buyers_pay == paid == 120_000
    assert money.kept["not local"] == round(4_000 / paid, 4)
    assert money.kept["local"] == round(1 - 4_000 / paid, 4)
    assert money.kept["on the margins"] == round(5_000 / paid, 4)
    rows = {r.id: r for r in money.rows}
    assert rows["distributor-co-op"].money_in == paid
    assert rows["valley-cdfi"].money_in == 60_000  # the foundation's grant


def test_money_that_goes_round_a_loop_is_counted_once(tmp_path: Path) -> None:
    data = yaml.safe_load((DATA / "sparse.chain.yaml").read_text(encoding="utf-8"))
    data["flows"] += [
        {"from": "schools", "to": "farm", "kind": "money", "amount": "100 USD/yr"},
        {"from": "farm", "to": "extension", "kind": "money", "amount": "60 USD/yr"},
        {"from": "extension", "to": "farm", "kind": "money", "amount": "60 USD/yr"},
        {"from": "farm", "to": "schools", "kind": "money"},
    ]
    data["partners"]["farm"]["local"] = True
    money = facts_of(write(tmp_path, data)).money
    assert money.unpriced == 1
    assert money.buyers_pay == 100
    shares = money.kept
    whole = shares["local"] + shares["not local"] + shares["not stated"]
    assert whole == pytest.approx(1, abs=1e-3)
    assert shares["local"] > 0.5  # the farm keeps what the loop brings back


def test_indicators_tell_the_share_of_the_way_either_way(tmp_path: Path) -> None:
    data = yaml.safe_load((DATA / "sparse.chain.yaml").read_text(encoding="utf-8"))
    data["indicators"] = {
        "up": {"name": "Up", "capital": "social", "baseline": 10, "target": 30, "actual": 15},
        "down": {
            "name": "Down",
            "capital": "natural",
            "baseline": 0.45,
            "target": 0.3,
            "actual": 0.42,
            "due": "2026-01-01",
        },
        "open": {"name": "Open", "capital": "built", "target": 5},
    }
    rows = {r.id: r for r in facts_of(write(tmp_path, data)).indicators}
    assert rows["up"].share == 0.25
    assert rows["up"].status == "on its way"
    assert rows["down"].share == pytest.approx(0.2, abs=1e-3)
    assert rows["down"].status == "behind, past due"
    assert any("VC059" in f for f in rows["down"].findings)
    assert rows["open"].share is None
    assert rows["open"].status == "not measured"


def test_an_indicator_moving_away_from_its_target_is_never_on_its_way(tmp_path: Path) -> None:
    """A value on the far side of the baseline from the target (either way up) moves
    away from it; one that has not moved says so; without a baseline, only "short"."""
    data = yaml.safe_load((DATA / "sparse.chain.yaml").read_text(encoding="utf-8"))
    ind = {"capital": "social", "baseline": 10, "target": 30}
    data["indicators"] = {
        "fell": {"name": "Fell", **ind, "actual": 8},
        "fell-late": {"name": "Fell late", **ind, "actual": 8, "due": "2026-01-01"},
        "rose": {
            "name": "Rose",
            "capital": "natural",
            "baseline": 0.4,
            "target": 0.3,
            "actual": 0.5,
        },
        "still": {"name": "Still", **ind, "actual": 10},
        "no-base": {"name": "No base", "capital": "social", "target": 30, "actual": 12},
        "over": {"name": "Over", "capital": "social", "target": 30, "actual": 31},
    }
    rows = {r.id: r for r in facts_of(write(tmp_path, data)).indicators}
    assert rows["fell"].share == -0.1
    assert rows["fell"].status == "moving away from its target"
    assert rows["fell"].attention
    assert rows["fell-late"].status == "moving away, past due"
    assert rows["rose"].status == "moving away from its target"
    assert rows["still"].status == "not moved from its baseline"
    assert rows["no-base"].status == "short of its target"
    assert rows["over"].status == "reached"
    assert not any(r.status == "on its way" for r in rows.values())


def test_a_date_after_the_reports_is_flagged_not_a_negative_age(cli, tmp_path: Path) -> None:
    data = yaml.safe_load((DATA / "sparse.chain.yaml").read_text(encoding="utf-8"))
    data["chain"]["reviewed"] = "2027-01-31"
    data["indicators"] = {
        "later": {
            "name": "Later",
            "capital": "social",
            "baseline": 1,
            "target": 3,
            "actual": 2,
            "as_of": "2026-12-02",
        }
    }
    path = write(tmp_path, data)
    row = facts_of(path).indicators[0]
    assert row.age_days == -10  # VCHAIN_TODAY is 2026-11-22
    assert row.attention
    assert "as_of 2026-12-02 is after the report's date, 2026-11-22" in " ".join(row.findings)
    text = cli("report", path).stdout
    assert "2026-12-02 (10 days after the report's date: check it)" in text
    assert "2027-01-31 (70 days after the report's date: check it, 2026-11-22)" in text
    assert "-10 days" not in text and "-70 days" not in text
    page = tmp_path / "r.html"
    cli("report", path, "-o", page)
    html = page.read_text("utf-8")
    assert "10 days after the report&#39;s date: check it" in html
    assert "-10 days" not in html and "-70 day" not in html


def test_the_scorecard_adds_up_the_effects(tomato) -> None:
    chain = vchain.load(TOMATO)
    sc = tomato.scorecard
    for capital in CAPITALS:
        expected = sum(inv.capitals.get(capital, 0) for inv in chain.investments.values())
        assert sc.totals[capital] == expected
    assert sc.harmed == {}
    assert [r.id for r in sc.rows] == list(chain.investments)
    assert sc.unmeasured == []  # the example measures every capital it invests in


def test_every_partner_has_a_card_that_answers_whats_in_it_for_me(tomato) -> None:
    chain = vchain.load(TOMATO)
    cards = {b.id: b for b in tomato.briefs}
    assert list(cards) == list(chain.partners)
    grower = cards["vegetable-grower"]
    assert grower.answer.startswith("Vegetable growers: increases income")
    assert ("insurance", []) in grower.needs  # nobody provides it: unmet
    assert any("Valley Bank" in name for need, by in grower.needs for name in by)
    assert "gap-training" in cards["small-farm-growers"].investments_for
    assert "bus-driver-startup-loan" in cards["valley-cdfi"].open_investments
    assert cards["valley-cdfi"].coordinator
    ranks = sorted(r for b in tomato.briefs for r in b.leverage)
    on_partners = sorted(p.rank for p in tomato.points if p.partner)
    assert ranks == on_partners


def test_a_support_partner_sees_the_needs_it_could_meet(tmp_path: Path) -> None:
    data = yaml.safe_load((DATA / "sparse.chain.yaml").read_text(encoding="utf-8"))
    data["partners"]["farm"]["needs"] = ["financing"]
    data["partners"]["bank"] = {"name": "Bank", "type": "support", "services": ["financing"]}
    cards = {b.id: b for b in facts_of(write(tmp_path, data)).briefs}
    assert cards["bank"].could_meet == ["Hillside farm needs financing"]
    assert cards["farm"].needs == [("financing", [])]


def test_numbers_come_from_the_analysis_and_scale(tomato) -> None:
    from fractions import Fraction

    from vchain.analysis.context import Context
    from vchain.cli.common import load_checked

    summary = Context.of(load_checked(TOMATO)).summary
    n = tomato.numbers
    assert (n.wanted, n.deliverable, n.shortfall) == (
        summary.wanted,
        summary.deliverable,
        summary.shortfall,
    )
    assert n.delivered_now == summary.delivered_now
    assert n.blocked == summary.blocked
    assert n.unmet_now == n.wanted - n.delivered_now
    assert n.steps[0].binds == ["New small-farm producers", "Vegetable growers"]
    assert n.scale == 2
    tripled = facts_of(TOMATO, scale=Fraction(3)).numbers
    assert tripled.scale == 3
    assert tripled.wanted_at_scale == 3 * n.wanted


def test_assumptions_move_the_numbers(tomato) -> None:
    after = facts_of(TOMATO, assume=["VC105:vegetable-grower=40000"])
    assert after.assumed
    assert after.numbers.deliverable >= tomato.numbers.deliverable
    assert all(p.id != "VC105:vegetable-grower" for p in after.points)


def test_an_unknown_assumption_is_a_report_problem() -> None:
    from vchain.report.facts import ReportProblem

    with pytest.raises(ReportProblem, match="no-such-thing"):
        facts_of(TOMATO, assume=["no-such-thing"])


@pytest.mark.parametrize("name", ["sparse", "nobuyer"])
def test_a_sparse_chain_has_facts_for_every_section(name: str) -> None:
    facts = facts_of(DATA / f"{name}.chain.yaml")
    assert facts.numbers is None
    assert facts.flow_note
    assert facts.investments == []
    assert facts.indicators == []
    assert facts.money.rows == []
    assert all(b.answer.startswith("Not written down yet") for b in facts.briefs)
