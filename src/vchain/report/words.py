"""Sentences the HTML and the Markdown report share: what binds, step by step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vchain.model import format_amount

if TYPE_CHECKING:
    from vchain.report.data import Numbers, Step


def and_list(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def amount(value: float) -> str:
    return format_amount(float(value))


def step_line(step: Step, last: bool, n: Numbers) -> str:
    """``Vegetable growers and … bind: relieved, the chain could deliver 40,000``."""
    if step.kind == "fill":
        what = f"fill the gaps ({and_list(step.binds)})"
    else:
        what = and_list(step.binds)
    text = f"{what}: then {amount(step.deliverable)} {n.unit}"
    if last:
        text += ", demand met" if n.met else ", and nothing more binds"
    return text


def binds_lines(n: Numbers) -> list[str]:
    """What binds, in order (an empty list: a sentence from :func:`binds_note` says why)."""
    return [step_line(s, i == len(n.steps) - 1, n) for i, s in enumerate(n.steps)]


def binds_note(n: Numbers) -> str | None:
    """Why nothing is listed as binding, if nothing is."""
    if n.steps:
        return None
    if n.no_capacity:
        return (
            f"No capacity in {n.unit} is written on the product path, so vchain cannot tell "
            "what would bind: write the capacity of the partners (or flows) that limit the chain."
        )
    if n.shortfall > 0:
        return "Nothing that relieving a stated capacity would raise."
    return "Nothing: the chain can deliver what the buyers want."


def scale_line(n: Numbers) -> str:
    """What binds at K times the demand."""
    head = f"At {amount(n.scale)}× demand"
    if n.no_capacity and n.wanted_at_scale is not None:
        head += f" ({amount(n.wanted_at_scale)} {n.unit} wanted)"
    elif n.wanted_at_scale is not None and n.deliverable_at_scale is not None:
        head += (
            f" ({amount(n.wanted_at_scale)} {n.unit} wanted, "
            f"{amount(n.deliverable_at_scale)} deliverable)"
        )
    if n.no_capacity:
        return f"{head}: no capacity is stated on the product path, so nothing stated binds."
    if not n.steps_at_scale:
        short = (
            n.wanted_at_scale is not None
            and n.deliverable_at_scale is not None
            and n.deliverable_at_scale < n.wanted_at_scale
        )
        if short:
            return f"{head}: nothing that relieving a stated capacity would raise."
        return f"{head}: nothing binds; the chain can deliver it."
    return f"{head}: " + "; then ".join(_step_words(s) for s in n.steps_at_scale) + "."


def _step_words(step: Step) -> str:
    if step.kind == "fill":
        return f"fill the gaps ({and_list(step.binds)})"
    return and_list(step.binds)


def capacity_notes(n: Numbers) -> list[str]:
    """What the numbers leave out or cannot tell."""
    out = []
    if n.unbounded and not n.no_capacity:
        out.append(
            f"No capacity in {n.unit} is stated on some product path to {and_list(n.unbounded)}."
        )
    if n.unknown and n.delivered_now is not None:
        verb = "gets" if len(n.unknown) == 1 else "get"
        out.append(f"Nothing says what {and_list(n.unknown)} {verb} now.")
    if n.other_units:
        out.append(f"Demand in other units, left out of the sums: {and_list(n.other_units)}.")
    return out


def age(days: int | None) -> str:
    """How long before the report's date: "today", "1 day ago", "30 days ago"; a date
    after it (``days`` below 0) is said to be so, never as negative days."""
    if days is None:
        return ""
    if days == 0:
        return "today"
    if days < 0:
        later = -days
        return f"{later} day{'' if later == 1 else 's'} after the report's date: check it"
    return f"{days} day{'' if days == 1 else 's'} ago"
