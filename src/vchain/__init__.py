"""vchain: WealthWorks value chains as version-controlled YAML files, with tools."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from os import PathLike

    from vchain.findings import Finding
    from vchain.model import Chain

__all__ = ["__version__", "analyze", "load"]


class ChainLoadError(Exception):
    """A chain file could not be read or is not a valid chain."""

    def __init__(self, path: str, problems: list[Any]) -> None:
        self.path = path
        self.problems = problems
        lines = [f"{p.file}:{p.line}:{p.column}: {p.message}" for p in problems[:20]]
        super().__init__(f"{path} is not a valid chain file:\n" + "\n".join(lines))


def load(path: str | PathLike[str]) -> Chain:
    """Load and validate a chain file; raise :class:`ChainLoadError` with every problem.

    Only errors of the file itself (YAML, schema, references) stop the load; warnings of
    the WealthWorks rules do not.  ``vchain.loading.loader.load_document`` gives the
    whole picture, positions included.
    """
    from vchain.loading.loader import load_document
    from vchain.rules.registry import check_document

    doc = load_document(path)
    if doc.readable and doc.chain is not None:
        check_document(doc)
    errors = [f for f in doc.findings if f.severity == "error"]
    if errors or doc.chain is None:
        raise ChainLoadError(doc.path, errors)
    return doc.chain


def analyze(chain: Chain | str | PathLike[str]) -> list[Finding]:
    """The gaps, bottlenecks and underutilized resources of a chain, declared and detected.

    Give a :class:`~vchain.model.Chain` (findings then point at line 1), or a path (they
    point at the YAML node they are about; a file that is not a valid chain raises
    :class:`ChainLoadError`).  ``vchain.analysis.leverage.rank_document`` ranks them.
    """
    from vchain.analysis.run import analyze_document
    from vchain.loading.loader import ChainDocument, load_document
    from vchain.model import Chain as ChainModel
    from vchain.rules.registry import check_document

    if isinstance(chain, ChainModel):
        return analyze_document(ChainDocument(path="<chain>", chain=chain))
    doc = load_document(chain)
    check_document(doc)
    errors = [f for f in doc.findings if f.severity == "error"]
    if errors or doc.chain is None:
        raise ChainLoadError(doc.path, errors)
    return analyze_document(doc)
