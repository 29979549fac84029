"""The file rules that make a chain unusable (unknown ids, duplicate flow ids, keys of
another partner type), run on data about to be imported, each error with its data path.

`vchain validate` runs the same rules on a loaded file and places each finding by line
and column; an import places it by sheet, row and column instead, so it needs the path
of the node each finding is about, which :class:`_Recording` keeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vchain.findings import Finding, Kind, Severity
from vchain.loading.loader import ChainDocument

if TYPE_CHECKING:
    from vchain.model import Chain


@dataclass
class _Recording(ChainDocument):
    """A document with no text that remembers the data path of the last finding made."""

    last_path: tuple[Any, ...] = field(default=())

    def make(
        self,
        rule: str,
        severity: Severity,
        kind: Kind,
        message: str,
        path: tuple[Any, ...],
        *,
        key: bool = False,
        subject: tuple[str, str | int] | None = None,
        **extra: Any,
    ) -> Finding:
        self.last_path = path
        return super().make(rule, severity, kind, message, path, key=key, subject=subject, **extra)


def reference_errors(
    chain: Chain, data: dict[str, Any], file: str
) -> list[tuple[tuple[Any, ...], str]]:
    """(data path, message) of every error of the reference rules on ``chain`` (the
    model of ``data``), in the file's order."""
    from vchain.rules.references import FILE_REFERENCE_RULES

    for index, flow in enumerate(chain.flows):
        if flow.index < 0:
            flow._index = index
    doc = _Recording(path=file, data=data, chain=chain)
    out: list[tuple[tuple[Any, ...], str]] = []
    for rule in FILE_REFERENCE_RULES:
        assert rule.check is not None
        for finding in rule.check(doc):
            if finding.severity == "error":
                hint = f" ({finding.hint})" if finding.hint else ""
                out.append((doc.last_path, finding.message + hint))
    return out
