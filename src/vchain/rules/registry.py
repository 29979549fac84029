"""The static list of every rule, and running the file rules on a document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vchain.rules.analysis_rules import ANALYSIS_RULES
from vchain.rules.base import Rule
from vchain.rules.indicators import INDICATOR_RULES
from vchain.rules.loader_rules import LOADER_RULES
from vchain.rules.references import FILE_REFERENCE_RULES
from vchain.rules.wealthworks import WEALTHWORKS_RULES

if TYPE_CHECKING:
    from vchain.loading.loader import ChainDocument

FILE_RULES: tuple[Rule, ...] = (*FILE_REFERENCE_RULES, *WEALTHWORKS_RULES, *INDICATOR_RULES)
ALL_RULES: tuple[Rule, ...] = (*LOADER_RULES, *FILE_RULES, *ANALYSIS_RULES)
RULES: dict[str, Rule] = {r.id: r for r in ALL_RULES}
if len(RULES) != len(ALL_RULES):  # pragma: no cover - a programming error
    raise RuntimeError("two rules share an id")


def check_document(doc: ChainDocument) -> None:
    """Run every file rule on a document with a (whole or salvaged) model."""
    if doc.chain is None:
        return
    for rule in FILE_RULES:
        assert rule.check is not None
        doc.findings.extend(rule.check(doc))
