"""Every id a chain file points at must exist, in the right section."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from vchain.findings import Finding
from vchain.rules.base import rule

if TYPE_CHECKING:
    from vchain.loading.loader import ChainDocument

_SECTION_OF = {
    "partner": "partners",
    "function": "functions",
    "flow": "flows",
    "resource": "resources",
    "opportunity": "opportunities",
}


def _targets(doc: ChainDocument, what: str) -> set[Any]:
    chain = doc.chain
    assert chain is not None
    if what == "flow":
        return {f.id for f in chain.flows if f.id is not None}
    return set(getattr(chain, _SECTION_OF[what]))


def _references(  # noqa: PLR0912 - one branch per kind of reference, in file order
    doc: ChainDocument,
) -> Iterator[tuple[str, Any, tuple[Any, ...], str]]:
    """(what it names, the id, the path of the id, where it stands) for every reference."""
    chain = doc.chain
    assert chain is not None
    if chain.chain.coordinator:
        yield "partner", chain.chain.coordinator, ("chain", "coordinator"), "chain.coordinator"
    for pid, p in chain.partners.items():
        for i, fid in enumerate(p.performs):
            yield "function", fid, ("partners", pid, "performs", i), f"partner {pid} performs"
        for i, other in enumerate(p.supports):
            yield "partner", other, ("partners", pid, "supports", i), f"partner {pid} supports"
    for flow in chain.flows:
        for end in ("from", "to"):
            target = flow.from_ if end == "from" else flow.to
            if target is not None:
                where = f"flow {flow.key} `{end}`"
                yield "partner", target, ("flows", flow.index, end), where
    for i, interest in enumerate(chain.interests):
        for j, pid in enumerate(interest.partners):
            yield "partner", pid, ("interests", i, "partners", j), f"interest {i} partners"
    for rid, res in chain.resources.items():
        if res.owner:
            yield "partner", res.owner, ("resources", rid, "owner"), f"resource {rid} owner"
        for i, pid in enumerate(res.used_by):
            yield "partner", pid, ("resources", rid, "used_by", i), f"resource {rid} used_by"
        for i, pid in enumerate(res.could_serve):
            where = f"resource {rid} could_serve"
            yield "partner", pid, ("resources", rid, "could_serve", i), where
    for oid, opp in chain.opportunities.items():
        if opp.at is not None:
            what, target = opp.at.target
            yield what, target, ("opportunities", oid, "at", what), f"opportunity {oid} at"
    for iid, inv in chain.investments.items():
        for i, pid in enumerate(inv.by):
            yield "partner", pid, ("investments", iid, "by", i), f"investment {iid} by"
        for i, oid in enumerate(inv.addresses):
            where = f"investment {iid} addresses"
            yield "opportunity", oid, ("investments", iid, "addresses", i), where


@rule("VC020", "unknown-reference", "error", "reference")
def unknown_reference(doc: ChainDocument) -> Iterator[Finding]:
    """Every id the file points at exists in the right section.

    The coordinator, `performs`, `supports`, flow `from` and `to`, opportunity `at`,
    resource `owner`, `used_by` and `could_serve`, investment `by` and `addresses`, and the
    `partners` of an interest all name ids defined elsewhere in the file.

    Passing::

        flows:
          - {from: grower, to: buyer, kind: product}

    Failing::

        flows:
          - {from: grower, to: byuer, kind: product}
    """
    cache: dict[str, set[Any]] = {}
    for what, target, path, where in _references(doc):
        if what not in cache:
            cache[what] = _targets(doc, what)
        known = cache[what]
        if target in known or doc.exists(_SECTION_OF[what], target):
            continue
        close = difflib.get_close_matches(str(target), sorted(map(str, known)), n=1, cutoff=0.6)
        yield unknown_reference.finding(
            doc,
            f"{where} names {what} `{target}`, which is not defined",
            path,
            hint=f"did you mean `{close[0]}`?" if close else None,
        )


@rule("VC021", "duplicate-flow-id", "error", "reference")
def duplicate_flow_id(doc: ChainDocument) -> Iterator[Finding]:
    """Flow ids are unique, so that opportunities can point at one flow.

    Passing::

        flows:
          - {id: to-kitchen, from: grower, to: buyer, kind: product}

    Failing::

        flows:
          - {id: to-kitchen, from: grower, to: buyer, kind: product}
          - {id: to-kitchen, from: buyer, to: grower, kind: money}
    """
    assert doc.chain is not None
    seen: dict[str, int] = {}
    for flow in doc.chain.flows:
        if flow.id is None:
            continue
        if flow.id in seen:
            yield duplicate_flow_id.finding(
                doc,
                f"flow id `{flow.id}` is used again (first by flow {seen[flow.id]})",
                ("flows", flow.index, "id"),
                subject=("flow", flow.index),
            )
        else:
            seen[flow.id] = flow.index


_TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "performs": ("transactional",),
    "capacity": ("transactional",),
    "output": ("transactional",),
    "services": ("support",),
    "supports": ("support",),
    "demand": ("demand",),
    "needs": ("transactional", "demand"),
}


@rule("VC022", "key-not-for-partner-type", "error", "schema")
def key_not_for_type(doc: ChainDocument) -> Iterator[Finding]:
    """Each partner type has its own keys.

    `performs`, `capacity` and `output` are for transactional partners; `services` and
    `supports` for support partners; `demand` for demand partners; `needs` for
    transactional and demand partners.

    Passing::

        partners:
          bank: {name: Bank, type: support, services: [financing], supports: [grower]}

    Failing::

        partners:
          bank: {name: Bank, type: support, performs: [grow]}
    """
    assert doc.chain is not None
    for pid, partner in doc.chain.partners.items():
        for key, types in _TYPE_KEYS.items():
            value = getattr(partner, key)
            if value in (None, []) or partner.type in types:
                continue
            allowed = " and ".join(types)
            yield key_not_for_type.finding(
                doc,
                f"`{key}` is for {allowed} partners; {pid} is a {partner.type} partner",
                ("partners", pid, key),
                key=True,
            )


@rule("VC023", "flow-to-itself", "warning", "reference")
def flow_to_itself(doc: ChainDocument) -> Iterator[Finding]:
    """A flow goes from one partner to another, not back to the same one.

    Passing::

        flows:
          - {from: grower, to: buyer, kind: product}

    Failing::

        flows:
          - {from: grower, to: grower, kind: product}
    """
    assert doc.chain is not None
    for flow in doc.chain.flows:
        if flow.to is not None and flow.to == flow.from_:
            yield flow_to_itself.finding(
                doc,
                f"flow {flow.key} goes from {flow.from_} to itself",
                ("flows", flow.index, "to"),
            )


FILE_REFERENCE_RULES = (unknown_reference, duplicate_flow_id, key_not_for_type, flow_to_itself)
