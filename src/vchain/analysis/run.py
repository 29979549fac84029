"""Run every analysis rule on a document: the findings of `vchain analyze`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vchain.findings import Finding
    from vchain.loading.loader import ChainDocument


def analyze_document(doc: ChainDocument) -> list[Finding]:
    """The analysis findings of one document (declared and detected), sorted."""
    return []
