"""What the detections of one document share: the chain, its index, flow and dominators."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vchain.analysis.flow import FlowModel, FlowSummary, build_model, summarize
from vchain.analysis.graph import ChainIndex, index_chain, reachable_from_origins
from vchain.analysis.structure import Dominance, dominance

if TYPE_CHECKING:
    from vchain.loading.loader import ChainDocument
    from vchain.model import Chain


@dataclass
class Context:
    """One document under analysis; the costly parts are computed once, when first asked."""

    doc: ChainDocument
    chain: Chain
    index: ChainIndex
    _model: FlowModel | None = None
    _model_built: bool = False
    _summary: FlowSummary | None = None
    _dominance: Dominance | None = None
    _reached: set[str] | None = None

    @classmethod
    def of(cls, doc: ChainDocument) -> Context:
        assert doc.chain is not None
        return cls(doc, doc.chain, index_chain(doc.chain))

    @property
    def model(self) -> FlowModel | None:
        if not self._model_built:
            self._model = build_model(self.index)
            self._model_built = True
        return self._model

    @property
    def summary(self) -> FlowSummary | None:
        if self._summary is None and self.model is not None:
            self._summary = summarize(self.model)
        return self._summary

    @property
    def dominance(self) -> Dominance:
        if self._dominance is None:
            self._dominance = dominance(self.index)
        return self._dominance

    @property
    def reached(self) -> set[str]:
        """Partners some product path from an origin reaches."""
        if self._reached is None:
            self._reached = reachable_from_origins(self.index)
        return self._reached
