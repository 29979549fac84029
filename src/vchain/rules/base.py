"""What a rule is: a stable id, a severity, a kind, and a documented check."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vchain.findings import Finding, Kind, Severity

if TYPE_CHECKING:
    from vchain.loading.loader import ChainDocument

Check = Callable[["ChainDocument"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A named rule. ``check`` is None for rules the loader itself applies (YAML, schema)."""

    id: str
    name: str
    severity: Severity
    kind: Kind
    summary: str
    doc: str
    check: Check | None = None
    scope: str = "file"
    """``file`` rules run in validate; ``analysis`` rules in analyze, leverage and check."""

    @property
    def passing_example(self) -> str | None:
        return _example(self.doc, "Passing")

    @property
    def failing_example(self) -> str | None:
        return _example(self.doc, "Failing")

    def doc_markdown(self) -> str:
        """The documentation with its examples as fenced YAML blocks."""
        out: list[str] = []
        in_block = False
        for line in self.doc.splitlines():
            if line.strip().endswith("::") and line.strip()[:-2] in ("Passing", "Failing"):
                if in_block:
                    while out and not out[-1].strip():
                        out.pop()
                    out += ["```", ""]
                out += [f"{line.strip()[:-2]}:", "", "```yaml"]
                in_block = True
                continue
            if in_block and line.strip() and not line.startswith("    "):
                out += ["```", ""]
                in_block = False
            if in_block:
                if line.strip():
                    out.append(line[4:])
                continue
            out.append(line)
        if in_block:
            while out and not out[-1].strip():
                out.pop()
            out.append("```")
        return "\n".join(out)

    def finding(
        self,
        doc: ChainDocument,
        message: str,
        path: tuple[Any, ...],
        *,
        key: bool = False,
        subject: tuple[str, str | int] | None = None,
        **extra: Any,
    ) -> Finding:
        """A finding of this rule at the node ``path`` of ``doc``."""
        return doc.make(
            self.id, self.severity, self.kind, message, path, key=key, subject=subject, **extra
        )


def _example(doc: str, label: str) -> str | None:
    """The indented block after ``Passing::`` or ``Failing::`` in a docstring."""
    lines = doc.splitlines()
    for i, line in enumerate(lines):
        if line.strip() == f"{label}::":
            block: list[str] = []
            for follow in lines[i + 1 :]:
                if follow.strip() and not follow.startswith("    "):
                    break
                block.append(follow[4:] if follow.startswith("    ") else "")
            return "\n".join(block).strip("\n") + "\n"
    return None


def rule(
    rule_id: str, name: str, severity: Severity, kind: Kind, *, scope: str = "file"
) -> Callable[[Check], Rule]:
    """Make a :class:`Rule` of a check function; its docstring is the documentation."""

    def wrap(func: Check) -> Rule:
        doc = inspect.cleandoc(func.__doc__ or "")
        summary = doc.splitlines()[0] if doc else name
        return Rule(rule_id, name, severity, kind, summary, doc, func, scope)

    return wrap


def described(
    rule_id: str, name: str, severity: Severity, kind: Kind, doc: str, *, scope: str = "file"
) -> Rule:
    """A rule applied elsewhere (by the loader, or the analysis), documented here."""
    text = inspect.cleandoc(doc)
    return Rule(rule_id, name, severity, kind, text.splitlines()[0], text, None, scope)
