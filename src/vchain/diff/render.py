"""`vchain diff` output: text for a terminal, Markdown for a pull-request comment, JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vchain.analysis.flow import flow_numbers
from vchain.model import format_amount
from vchain.safetext import visible

if TYPE_CHECKING:
    from vchain.analysis.flow import FlowSummary
    from vchain.diff.comparison import Comparison, RankMove, SideResult
    from vchain.diff.structure import ElementChange, FieldChange
    from vchain.findings import Finding

MARK = {"added": "+", "removed": "-", "changed": "~"}
MOVES_SHOWN = 10


# -- shared pieces -----------------------------------------------------------------------------


def counts(changes: list[ElementChange]) -> dict[str, dict[str, int]]:
    """Per section: how many elements were added, removed and changed (sections in order)."""
    out: dict[str, dict[str, int]] = {}
    for change in changes:
        section = out.setdefault(change.section, {"added": 0, "removed": 0, "changed": 0})
        section[change.change] += 1
    return out


def count_line(section: dict[str, int]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in section.items() if n)


def value_text(value: Any) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, list):
        return "[" + ", ".join(visible(str(v)) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return visible(str(value))


def field_text(fc: FieldChange) -> str:
    if fc.added or fc.removed:
        parts = [f"+ {x}" for x in fc.added] + [f"- {x}" for x in fc.removed]
        return visible(f"{fc.key}: {', '.join(str(p) for p in parts)}")
    return f"{visible(str(fc.key))}: {value_text(fc.old)} → {value_text(fc.new)}"


def element_text(change: ElementChange) -> str:
    name = f" ({change.name})" if change.name else ""
    return visible(f"{change.id}{name}")


def move_text(move: RankMove) -> str:
    return visible(_move_text(move))


def _move_text(move: RankMove) -> str:
    if move.new_rank is None:
        return f"{move.id}: no longer ranked (was #{move.old_rank})"
    if move.old_rank is None:
        return f"#{move.new_rank} {move.id}: new"
    arrow = "up" if move.new_rank < move.old_rank else "down"
    return f"#{move.new_rank} {move.id}: {arrow} from #{move.old_rank}"


def flow_text(old: FlowSummary | None, new: FlowSummary | None) -> str | None:
    if old is None and new is None:
        return None

    def one(s: FlowSummary | None) -> str:
        if s is None:
            return "not comparable"
        now = "" if s.delivered_now is None else f", delivered now {format_amount(s.delivered_now)}"
        return (
            f"wanted {format_amount(s.wanted)}, deliverable {format_amount(s.deliverable)}{now}, "
            f"shortfall {format_amount(s.shortfall)} {visible(s.unit)}"
        )

    if old is not None and new is not None and flow_numbers(old) == flow_numbers(new):
        return f"unchanged: {one(new)}"
    return f"{one(old)} → {one(new)}"


def finding_line(f: Finding) -> str:
    return f"{f.file}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}"


# -- text --------------------------------------------------------------------------------------


def render_text(c: Comparison) -> str:
    lines = [f"vchain diff {visible(c.old.side.spec)} → {visible(c.new.side.spec)}"]
    lines += [f"note: {visible(n)}" for n in c.notes]
    if c.story:
        lines += ["", "In plain words:"] + [f"  - {visible(s)}" for s in c.story]
    lines += _text_changes(c.changes)
    lines += _text_findings(c)
    lines += _text_moves(c.moves)
    demand = flow_text(c.old.flow, c.new.flow)
    if demand:
        lines += ["", f"Demand: {demand}"]
    if not (c.changes or c.introduced or c.resolved or c.changed_findings or c.moves):
        lines += ["", "No changes to partners, functions, flows or findings."]
    return "\n".join(lines) + "\n"


def _text_changes(changes: list[ElementChange]) -> list[str]:
    lines: list[str] = []
    for section, n in counts(changes).items():
        lines += ["", f"{section.capitalize()}: {count_line(n)}"]
        for change in (c for c in changes if c.section == section):
            lines.append(f"  {MARK[change.change]} {element_text(change)}")
            lines += [f"      {field_text(fc)}" for fc in change.fields]
    return lines


def _text_findings(c: Comparison) -> list[str]:
    n = (len(c.introduced), len(c.resolved), len(c.changed_findings))
    if not any(n):
        return []
    lines = ["", f"Findings: {n[0]} introduced, {n[1]} resolved, {n[2]} changed"]
    lines += [f"  + {finding_line(f)}" for f in c.introduced]
    lines += [f"  - {finding_line(f)}" for f in c.resolved]
    for pair in c.changed_findings:
        lines.append(f"  ~ {finding_line(pair.new)}")
        lines.append(f"      was: {visible(pair.old.message)}")
    return lines


def _text_moves(moves: list[RankMove]) -> list[str]:
    if not moves:
        return []
    lines = ["", "Leverage ranking:"] + [f"  {move_text(m)}" for m in moves[:MOVES_SHOWN]]
    if len(moves) > MOVES_SHOWN:
        lines.append(f"  and {len(moves) - MOVES_SHOWN} more moves")
    return lines


# -- markdown ------------------------------------------------------------------------------------


def render_markdown(c: Comparison) -> str:
    from vchain.reporters.markdown import cell, code

    lines = [f"### vchain diff: {code(c.old.side.spec)} → {code(c.new.side.spec)}", ""]
    lines += [f"> {cell(n)}" for n in c.notes] + ([""] if c.notes else [])
    if c.story:
        lines += [f"- {cell(s)}" for s in c.story] + [""]
    if c.changes:
        lines += ["| | Section | Element | Change |", "|---|---|---|---|"]
        for change in c.changes:
            detail = "<br>".join(cell(field_text(fc)) for fc in change.fields)
            lines.append(
                f"| {MARK[change.change]} | {change.section} | {code(change.id)}"
                f"{' ' + cell(change.name) if change.name else ''} | {change.change}"
                f"{': ' + detail if detail else ''} |"
            )
        lines.append("")
    lines += _markdown_findings(c)
    lines += _markdown_moves(c.moves)
    demand = flow_text(c.old.flow, c.new.flow)
    if demand:
        lines += [f"**Demand:** {cell(demand)}", ""]
    if not (c.changes or c.introduced or c.resolved or c.changed_findings or c.moves):
        lines += ["No changes to partners, functions, flows or findings.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _markdown_findings(c: Comparison) -> list[str]:
    from vchain.reporters.markdown import ICON, cell, code

    rows = [("introduced", f) for f in c.introduced] + [("resolved", f) for f in c.resolved]
    rows += [("changed", p.new) for p in c.changed_findings]
    if not rows:
        return []
    lines = ["| Finding | | Where | Rule | Message |", "|---|---|---|---|---|"]
    for state, f in rows:
        lines.append(
            f"| {state} | {ICON[f.severity]} | {code(f'{f.file}:{f.line}')} | {f.rule} "
            f"| {cell(f.message)} |"
        )
    return [*lines, ""]


def _markdown_moves(moves: list[RankMove]) -> list[str]:
    from vchain.reporters.markdown import cell

    if not moves:
        return []
    lines = ["**Leverage ranking**", ""] + [f"- {cell(move_text(m))}" for m in moves[:MOVES_SHOWN]]
    if len(moves) > MOVES_SHOWN:
        lines.append(f"- and {len(moves) - MOVES_SHOWN} more moves")
    return [*lines, ""]


# -- json ------------------------------------------------------------------------------------------


def _side(result: SideResult) -> dict[str, Any]:
    side = result.side
    return {
        "spec": side.spec,
        "path": side.path,
        "revision": side.revision,
        "exists": side.exists,
        "valid": result.doc is not None and result.analyzed,
    }


def comparison_data(c: Comparison) -> dict[str, Any]:
    from vchain import __version__

    return {
        "vchain": __version__,
        "old": _side(c.old),
        "new": _side(c.new),
        "notes": list(c.notes),
        "summary": list(c.story),
        "counts": counts(c.changes),
        "changes": [change.to_json() for change in c.changes],
        "findings": {
            "introduced": [f.to_json() for f in c.introduced],
            "resolved": [f.to_json() for f in c.resolved],
            "changed": [
                {"old": p.old.to_json(), "new": p.new.to_json()} for p in c.changed_findings
            ],
            "counts": {
                "introduced": len(c.introduced),
                "resolved": len(c.resolved),
                "changed": len(c.changed_findings),
            },
        },
        "leverage": [m.to_json() for m in c.moves],
        "flow": {"old": flow_numbers(c.old.flow), "new": flow_numbers(c.new.flow)},
    }


def render_json(c: Comparison) -> str:
    from vchain.reporters.json_format import dumps

    return dumps(comparison_data(c))


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}
