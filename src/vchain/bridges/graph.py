"""A chain as a network for Gephi and yEd: GraphML and GEXF through networkx's writers.

Partners are nodes (id: the partner's id) with their attributes: ``label`` (the name),
``type``, ``local``, ``margins``, ``engagement``, ``coordinator``, lists joined by ``|``
(``performs``, ``services``, ``needs``, ``supports``, ``interests``), quantities as text
and as ``*_amount``/``*_unit`` so that a tool can size by them, and the analysis's
``finding_kinds``, ``leverage_rank`` and ``leverage_score``.  Flows are edges (keyed
``flow-N`` by their place in the file) with ``kind``, ``what``, ``amount`` and ``capacity``;
a by-product that nobody takes is counted on its partner (``unused_by_products``).  Texts
are shown safely (control characters escaped: XML cannot hold them).  The same chain
gives the same bytes (GEXF's date is the chain's `reviewed` date, or none).
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

from vchain.bridges.quantities import text_of
from vchain.model import Quantity
from vchain.safetext import visible

if TYPE_CHECKING:
    from datetime import date

    from vchain.bridges.derived import Derived
    from vchain.model import Chain, Flow, Partner

LIST_KEYS = ("performs", "services", "needs", "supports", "interests")
QUANTITY_KEYS = ("demand", "capacity", "output")
FLAG_KEYS = ("local", "margins")


def network(chain: Chain, derived: Derived | None) -> Any:
    """The chain as a networkx MultiDiGraph."""
    import networkx as nx

    graph = nx.MultiDiGraph(name=visible(chain.chain.name))
    for pid, partner in chain.partners.items():
        graph.add_node(pid, **_node(pid, partner, chain, derived))
    for index, flow in enumerate(chain.flows):
        if flow.to is None:
            node = graph.nodes[flow.from_]
            node["unused_by_products"] = node.get("unused_by_products", 0) + 1
            continue
        graph.add_edge(flow.from_, flow.to, key=f"flow-{index}", **_edge(index, flow, derived))
    return graph


def _node(pid: str, partner: Partner, chain: Chain, derived: Derived | None) -> dict[str, Any]:
    attrs: dict[str, Any] = {"label": visible(partner.name), "type": partner.type}
    for key in FLAG_KEYS:
        value = getattr(partner, key)
        if value is not None:
            attrs[key] = bool(value)
    if partner.engagement:
        attrs["engagement"] = partner.engagement
    attrs["coordinator"] = pid == chain.chain.coordinator
    for key in LIST_KEYS:
        items = getattr(partner, key)
        if items:
            attrs[key] = visible(" | ".join(items))
    for key in QUANTITY_KEYS:
        attrs.update(_quantity(key, getattr(partner, key)))
    if partner.pain_point:
        attrs["pain_point"] = visible(partner.pain_point)
    attrs.update(_marks(derived, "partner", pid))
    return attrs


def _edge(index: int, flow: Flow, derived: Derived | None) -> dict[str, Any]:
    attrs: dict[str, Any] = {"kind": flow.kind}
    if flow.id:
        attrs["flow_id"] = flow.id
    if flow.what:
        attrs["what"] = visible(flow.what)
        attrs["label"] = visible(flow.what)
    attrs.update(_quantity("amount", flow.amount))
    attrs.update(_quantity("capacity", flow.capacity))
    attrs.update(_marks(derived, "flow", index))
    return attrs


def _quantity(key: str, value: Quantity | None) -> dict[str, Any]:
    if value is None:
        return {}
    return {
        key: visible(text_of(value)),
        f"{key}_amount": float(value.amount),
        f"{key}_unit": visible(value.unit),
    }


def _marks(derived: Derived | None, what: str, ident: str | int) -> dict[str, Any]:
    if derived is None:
        return {}
    marks = derived.of(what, ident)
    out: dict[str, Any] = {}
    if marks.kinds:
        out["finding_kinds"] = " | ".join(marks.kinds)
        out["findings"] = len(marks.findings)
    if marks.rank is not None:
        out["leverage_rank"] = marks.rank
        out["leverage_score"] = float(marks.score or 0.0)
    return out


def graphml_text(chain: Chain, derived: Derived | None) -> str:
    import networkx as nx

    out = io.BytesIO()
    nx.write_graphml(network(chain, derived), out, encoding="utf-8", named_key_ids=True)
    return out.getvalue().decode("utf-8")


def gexf_text(chain: Chain, derived: Derived | None) -> str:
    import networkx as nx

    out = io.BytesIO()
    nx.write_gexf(network(chain, derived), out, encoding="utf-8")
    return undated(out.getvalue().decode("utf-8"), chain.chain.reviewed)


def undated(text: str, reviewed: date | None) -> str:
    """GEXF with the date networkx stamps (today's) replaced by ``reviewed``, or none."""
    stamp = f'lastmodifieddate="{reviewed.isoformat()}"' if reviewed else ""
    return re.sub(r'\s?lastmodifieddate="[^"]*"', f" {stamp}" if stamp else "", text, count=1)
