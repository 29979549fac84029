"""The report as GitHub-flavoured Markdown, for a pull request comment or a wiki page.

Sections 1 and 3 to 7 of the HTML report, as tables (the map is linked when its file is
given; partner briefs and the money are in the HTML report).  Every cell passes
:func:`vchain.reporters.markdown.cell` after :func:`vchain.safetext.visible`, so that no
text from the chain makes a link, an image, a mention or HTML.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from vchain.model import CAPITALS, LEVERAGE_PARTS
from vchain.report import words
from vchain.report.html import PART_LABELS, num, pct, signed
from vchain.reporters.markdown import cell
from vchain.safetext import visible

if TYPE_CHECKING:
    from vchain.report.data import Numbers, ReportFacts

KIND_LABELS = {
    "gap": "Gaps",
    "bottleneck": "Bottlenecks",
    "risk": "Risks: single points of failure",
    "underutilized": "Underutilized resources",
}


def c(text: object) -> str:
    """A cell: visible, then escaped for Markdown."""
    return cell(visible(str(text)))


def table(head: list[str], rows: list[list[str]], right: set[int] | None = None) -> list[str]:
    """A GitHub table; ``right`` are the columns of numbers."""
    right = right or set()
    align = ["---:" if i in right else "---" for i in range(len(head))]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def render_markdown(facts: ReportFacts, *, map_link: str | None = None, version: str) -> str:
    """The Markdown report."""
    out: list[str] = [f"# {c(facts.glance.name)}: value chain report", ""]
    out += _glance(facts)
    out += ["## 2. The map", ""]
    if map_link is not None:
        out += [f"[The value chain map]({_destination(map_link)})", ""]
    else:
        out += ["The map is in the HTML report (`vchain report -o report.html`).", ""]
    out += _leverage(facts)
    out += _opportunities(facts)
    out += _investments(facts)
    out += _capitals(facts)
    out += _indicators(facts)
    out += [
        (
            "Partner briefs and where the money goes are in the HTML report "
            "(`vchain report -o report.html`)."
        ),
        "",
        f"Made by vchain {version} from `{c(facts.file)}` for {facts.glance.today.isoformat()}.",
    ]
    return "\n".join(out).rstrip("\n") + "\n"


def _destination(path: str) -> str:
    """A link destination for a file name given on the command line: <...>, escaped."""
    return "<" + re.sub(r"[<>\\\s]", lambda m: f"%{ord(m.group()):02X}", visible(path)) + ">"


def _glance(facts: ReportFacts) -> list[str]:
    g = facts.glance
    if g.reviewed is None or g.reviewed_days is None:
        reviewed = "never (no `chain.reviewed`)"
    elif g.reviewed_days < 0:
        reviewed = f"{g.reviewed.isoformat()} ({words.age(g.reviewed_days)}, {g.today.isoformat()})"
    else:
        reviewed = f"{g.reviewed.isoformat()} ({g.reviewed_days} days before {g.today.isoformat()})"
    rows = [
        ["Region", c(g.region)],
        ["Market opportunity", c(g.market_opportunity)],
        ["Coordinator", c(g.coordinator)],
        ["Map last reviewed", reviewed],
        [
            "Partners",
            (
                f"{g.counts['partners']} ({g.counts['demand']} demand, "
                f"{g.counts['transactional']} transactional, {g.counts['support']} support)"
            ),
        ],
        [
            "Checks of the file",
            ", ".join(
                _count(g.checks[k], word)
                for k, word in (("error", "error"), ("warning", "warning"), ("info", "note"))
            ),
        ],
    ]
    out = ["## 1. The chain at a glance", "", *table(["", c(g.name)], rows)]
    if facts.numbers is None:
        return [*out, facts.flow_note or "", ""]  # vchain's own words, not the file's
    return out + _numbers(facts.numbers, facts.assumed)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _numbers(n: Numbers, assumed: list[str]) -> list[str]:
    unknown = "not known"
    rows = [
        ["Wanted", num(n.wanted)],
        ["Deliverable", unknown if n.no_capacity else num(n.deliverable)],
        ["Delivered now", num(n.delivered_now) if n.delivered_now is not None else unknown],
        ["Capacity shortfall", unknown if n.no_capacity else num(n.shortfall)],
        ["Blocked demand", num(n.blocked) if n.blocked is not None else unknown],
        ["Unmet now", num(n.unmet_now) if n.unmet_now is not None else unknown],
    ]
    out = table(["Number", c(n.unit)], rows, {1})
    if assumed:
        out = [f"Assuming addressed: {c(', '.join(assumed))}.", "", *out]
    lines = words.binds_lines(n)
    if lines:
        out += ["**What binds, in order:**", ""]
        out += [f"{i}. {c(line)}" for i, line in enumerate(lines, start=1)]
        out.append("")
    else:
        out += [f"**What binds:** {c(words.binds_note(n) or '')}", ""]
    out += [f"**{c(words.scale_line(n))}**", ""]
    notes = words.capacity_notes(n)
    return out + ([*(c(note) for note in notes), ""] if notes else [])


def _fence(lines: list[str]) -> list[str]:
    """A fenced block no line of the text can close (a fence longer than any run of `)."""
    runs = [len(m.group()) for line in lines for m in re.finditer(r"`+", line)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    return [fence, *lines, fence]


def _leverage(facts: ReportFacts) -> list[str]:
    out = ["## 3. Leverage points", ""]
    if not facts.points:
        return [*out, "No open opportunity to rank.", ""]
    head = ["Rank", "Opportunity", "Kind", "Source", "Where", "Score"]
    head += [PART_LABELS[p] for p in LEVERAGE_PARTS]
    rows = [
        [
            str(p.rank),
            f"{c(p.text)} (`{c(p.id)}`)",
            p.kind,
            p.source,
            c(p.where),
            f"{p.score:.3f}",
            *(f"{p.parts[name]:.3f}" for name in LEVERAGE_PARTS),
        ]
        for p in facts.points
    ]
    out += table(head, rows, {0, 5, *range(6, 6 + len(LEVERAGE_PARTS))})
    for p in facts.points:
        text = [visible("".join(t for t, _ in line)) for line in p.explain]
        out += [f"<details><summary>{p.rank}. {c(p.id)}: how the score was counted</summary>", ""]
        out += [*_fence(text), "", "</details>", ""]
    return out


def _opportunities(facts: ReportFacts) -> list[str]:
    out = ["## 4. Gaps, bottlenecks and underutilized resources", ""]
    for kind, title in KIND_LABELS.items():
        rows = [o for o in facts.opportunities if o.kind == kind and o.status == "open"]
        out += [f"### {title} ({len(rows)})", ""]
        if not rows:
            out += ["None.", ""]
            continue
        out += table(
            ["What", "Where it sits", "Source", "Rule", "Line"],
            [[c(o.text), c(o.where), o.source, o.rule, str(o.line)] for o in rows],
            {4},
        )
    return out


def _investments(facts: ReportFacts) -> list[str]:
    out = ["## 5. The wealth-building investment table", ""]
    if not facts.investments:
        out += ["No investments yet.", ""]
    else:
        head = [
            "Partner or potential partner",
            'Motivating interest or "pain point"',
            "Wealth-building opportunity",
            "Wealth-building investment",
            "Form",
            "Status",
            "Amount",
        ]
        rows = [
            [
                c(", ".join(r.partners)),
                c("; ".join(r.interests) or "not stated"),
                c("; ".join(r.opportunities) or "aimed at no opportunity"),
                f"{c(r.investment or 'not described')} (`{c(r.id)}`)",
                r.form,
                r.status,
                c(r.amount or "—"),
            ]
            for r in facts.investments
        ]
        out += table(head, rows, {6})
    no_investment = ", ".join(f"`{c(o)}`" for o in facts.unaddressed) or "none"
    aimless = ", ".join(f"`{c(i)}`" for i in facts.aimless) or "none"
    return [
        *out,
        f"Opportunities no investment is aimed at: {no_investment}.",
        "",
        f"Investments aimed at nothing: {aimless}.",
        "",
    ]


def _effect(value: int | None) -> str:
    if value is None:
        return "·"
    return f"{signed(value)} harms" if value < 0 else signed(value)


def _capitals(facts: ReportFacts) -> list[str]:
    sc = facts.scorecard
    out = ["## 6. The eight capitals scorecard", ""]
    if sc.rows:
        rows = [[f"`{c(r.id)}`", *(_effect(r.capitals.get(k)) for k in CAPITALS)] for r in sc.rows]
        rows.append(["**Total**", *(signed(sc.totals[k]) for k in CAPITALS)])
        out += table(["Investment", *CAPITALS], rows, set(range(1, 9)))
    else:
        out += ["No investments, so no capital is built yet.", ""]
    harmed = "; ".join(f"{k} (by {c(', '.join(v))})" for k, v in sc.harmed.items()) or "none"
    return [
        *out,
        f"- Harmed capitals: {harmed}",
        f"- Capitals no investment builds: {', '.join(sc.unbuilt) or 'none'}",
        f"- Capitals no indicator measures: {', '.join(sc.unmeasured) or 'none'}",
        "",
    ]


def _indicators(facts: ReportFacts) -> list[str]:
    out = ["## 7. Indicators", ""]
    if not facts.indicators:
        out += ["No indicators yet.", ""]
    else:
        head = ["Indicator", "Capital", "Baseline", "Actual", "Target", "Of the way"]
        head += ["As of", "Due", "Status"]
        rows = [
            [
                f"{c(i.name)} (`{c(i.id)}`)",
                i.capital,
                num(i.baseline),
                num(i.actual),
                f"{num(i.target)} {c(i.unit)}".strip(),
                pct(i.share),
                f"{i.as_of.isoformat()} ({words.age(i.age_days)})" if i.as_of else "—",
                i.due.isoformat() if i.due else "—",
                c("; ".join([i.status, *i.findings])),
            ]
            for i in facts.indicators
        ]
        out += table(head, rows, {2, 3, 4, 5})
    notes = [f"- {c(note)}" for note in facts.indicator_findings]
    return out + ([*notes, ""] if notes else [])
