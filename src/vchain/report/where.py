"""Where something sits, in the partners' words: names, not ids."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vchain.model import format_amount

if TYPE_CHECKING:
    from vchain.model import Chain, Flow, Quantity

Subject = tuple[str, str | int]


def partner_name(chain: Chain, pid: str) -> str:
    partner = chain.partners.get(pid)
    return " ".join(partner.name.split()) if partner is not None else pid


def flow_of(chain: Chain, ident: str | int) -> Flow | None:
    """A flow by its id, or by its index (also ``flow#3``, the analysis's label)."""
    if isinstance(ident, str) and ident.startswith("flow#") and ident[5:].isdigit():
        ident = int(ident[5:])
    if isinstance(ident, int):
        return chain.flows[ident] if 0 <= ident < len(chain.flows) else None
    return next((f for f in chain.flows if f.id == ident), None)


def flow_words(chain: Chain, flow: Flow) -> str:
    """``Vegetable growers → Valley Vegetable Aggregator (tomatoes)``."""
    head = partner_name(chain, flow.to) if flow.to else "nobody yet"
    what = f" ({' '.join(flow.what.split())})" if flow.what else ""
    return f"{partner_name(chain, flow.from_)} → {head}{what}"


def constraint_words(chain: Chain, label: str) -> str:
    """What binds (a partner id, a flow id or index, ``flow#3``) or a gap to fill
    (``buyer:ID``, ``function:ID``), in words."""
    if label in chain.partners:
        return partner_name(chain, label)
    what, sep, ident = label.partition(":")
    if sep and what == "buyer" and ident in chain.partners:
        return f"a product path to {partner_name(chain, ident)}"
    if sep and what == "function" and ident in chain.functions:
        return f"a partner to {' '.join(chain.functions[ident].name.split())}"
    flow = flow_of(chain, int(label) if label.isdigit() else label)
    if flow is not None:
        return f"the flow {flow_words(chain, flow)}"
    return label


def subject_words(chain: Chain, subject: Subject) -> str:
    """``partner Vegetable growers``, ``function Grow tomatoes…``, ``the whole chain``."""
    what, ident = subject
    key = str(ident)
    if what == "partner":
        return f"partner {partner_name(chain, key)}"
    if what == "function" and key in chain.functions:
        return f"function {' '.join(chain.functions[key].name.split())}"
    if what == "resource" and key in chain.resources:
        return f"resource {' '.join(chain.resources[key].name.split())}"
    if what == "flow":
        flow = flow_of(chain, ident)
        return f"flow {flow_words(chain, flow)}" if flow is not None else f"flow {key}"
    if what == "opportunity" and key in chain.opportunities:
        at = chain.opportunities[key].at
        return subject_words(chain, at.target) if at is not None else "the whole chain"
    if what == "chain":
        return "the whole chain"
    return f"{what} {key}"


def subject_partner(chain: Chain, subject: Subject) -> str | None:
    """The partner a subject sits on, if it sits on one partner."""
    what, ident = subject
    if what == "partner" and str(ident) in chain.partners:
        return str(ident)
    if what == "opportunity" and str(ident) in chain.opportunities:
        at = chain.opportunities[str(ident)].at
        return subject_partner(chain, at.target) if at is not None else None
    return None


def quantity(value: Quantity | None) -> str | None:
    return None if value is None else f"{format_amount(value.amount)} {value.unit}"
