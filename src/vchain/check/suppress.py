"""Suppressing a finding inside the chain file, with a YAML comment.

Format 1 has no key for it, and the model forbids unknown keys, so suppressions are
comments, which every YAML tool leaves alone:

    partners:
      # vchain: ignore VC050           <- the element below: every finding about it
      restaurant:                          of rule VC050 (or of any rule, without ids)
        name: Mabel's Diner
        local: true                    # vchain: ignore VC054   <- this line only

    # vchain: ignore-file VC055        <- anywhere: the whole file

A comment on a line of its own applies to the next line that is not a comment (a
blank line in between ends it); a comment at the end of a line applies to that line.
Where that line is the key of an element (a partner, a function, a flow, an
opportunity, an investment ...) or the `chain:` key, the suppression covers every
finding about that element, wherever in it the finding points.  Rules are named by id
or by name, separated by spaces or commas.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vchain.findings import Finding

if TYPE_CHECKING:
    from vchain.loading.loader import ChainDocument

ALL = frozenset({"*"})
_COMMENT = re.compile(r"(?:^|\s)#\s*vchain:\s*(ignore-file|ignore)(?![\w-])([^#]*)")
_SECTIONS = {
    "function": "functions",
    "partner": "partners",
    "resource": "resources",
    "opportunity": "opportunities",
    "investment": "investments",
    "indicator": "indicators",
}


@dataclass
class Suppressions:
    """Rules suppressed for the whole file and by line (1-based)."""

    file_rules: frozenset[str] = frozenset()
    lines: dict[int, frozenset[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.file_rules or self.lines)

    def covers(self, rule: str, line: int) -> bool:
        rules = self.lines.get(line)
        return rules is not None and _names(rules, rule)


def _names(rules: frozenset[str], rule: str) -> bool:
    from vchain.rules.registry import RULES

    if rules == ALL or rule in rules:
        return True
    known = RULES.get(rule)
    return known is not None and known.name in rules


def _rule_set(text: str) -> frozenset[str]:
    names = re.findall(r"[A-Za-z0-9_-]+", text)
    return frozenset(n.upper() if re.fullmatch(r"[A-Za-z]{2}\d+", n) else n for n in names) or ALL


def parse_suppressions(text: str) -> Suppressions:
    """Every `# vchain: ignore` comment of a file's text (real comments only)."""
    result = Suppressions()
    file_rules: set[str] = set()
    waiting: list[frozenset[str]] = []
    lines = text.splitlines()
    comments = real_comments(lines)
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        match = comments.get(number)
        if match and match[1] == "ignore-file":
            file_rules |= _rule_set(match[2])
        if not stripped:
            waiting = []  # a blank line ends what a comment above applies to
            continue
        if stripped.startswith("#") and (match is not None or not _COMMENT.search(line)):
            if match and match[1] == "ignore":
                waiting.append(_rule_set(match[2]))
            continue
        rules = [*waiting, _rule_set(match[2])] if match and match[1] == "ignore" else waiting
        if rules:
            result.lines[number] = _union(rules)
        waiting = []
    result.file_rules = ALL if "*" in file_rules else frozenset(file_rules)
    return result


def real_comments(lines: list[str]) -> dict[int, re.Match[str]]:
    """Line number -> the `# vchain:` comment on it, where that `#` is a YAML comment.

    The same words inside a quoted value or a block scalar are text, not a comment, and
    suppress nothing: a `#` counts only where no scalar of the file covers it.
    """
    found = {n: m for n, line in enumerate(lines, start=1) if (m := _COMMENT.search(line))}
    if not found:
        return {}
    spans = _scalar_spans("\n".join(lines))
    if spans is None:
        return {}
    starts = [start for start, _ in spans]
    out: dict[int, re.Match[str]] = {}
    for number, match in found.items():
        at = (number - 1, match.start() + (0 if match.group().startswith("#") else 1))
        i = bisect.bisect_right(starts, at) - 1
        if i < 0 or not spans[i][0] <= at < spans[i][1]:
            out[number] = match
    return out


Span = tuple[tuple[int, int], tuple[int, int]]


def _scalar_spans(text: str) -> list[Span] | None:
    """(start, end) as 0-based (line, column) of every scalar, in order; None if the
    text is not YAML (such a file has nothing to suppress)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    spans: list[Span] = []
    try:
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.StreamEndEvent):
                break
            a, b = event.start_mark, event.end_mark
            if isinstance(event, yaml.ScalarEvent) and a is not None and b is not None:
                spans.append(((a.line, a.column), (b.line, b.column)))
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    spans.sort()
    return spans


def _union(sets: list[frozenset[str]]) -> frozenset[str]:
    if any(s == ALL for s in sets):
        return ALL
    return frozenset().union(*sets)


def element_line(doc: ChainDocument, subject: tuple[str, Any]) -> int | None:
    """The line of the key (or the flow item) that starts the element a subject names."""
    from vchain.loading.yamlfast import MapPos

    root = doc.positions
    if not isinstance(root, MapPos):
        return None
    what, ident = subject
    if what == "chain":
        return root.keys.get("chain", (None, None))[0]
    if what == "flow":
        return _flow_line(doc, root, ident)
    section = root.values.get(_SECTIONS.get(what, ""))
    if isinstance(section, MapPos) and ident in section.keys:
        return section.keys[ident][0]
    return None


def _flow_line(doc: ChainDocument, root: Any, ident: Any) -> int | None:
    from vchain.loading.yamlfast import SeqPos

    flows = root.values.get("flows")
    data = doc.data.get("flows") if isinstance(doc.data, dict) else None
    if not isinstance(flows, SeqPos) or not isinstance(data, list):
        return None
    index = ident if isinstance(ident, int) else None
    if index is None:
        index = next(
            (i for i, f in enumerate(data) if isinstance(f, dict) and f.get("id") == ident), None
        )
    if index is None or not 0 <= index < len(flows.items):
        return None
    item = flows.items[index]
    return item[0] if isinstance(item, tuple) else item.line


def suppressed(doc: ChainDocument, finding: Finding, found: Suppressions) -> bool:
    """Whether a comment in the file suppresses this finding."""
    if finding.fatal:
        return False
    if found.file_rules and _names(found.file_rules, finding.rule):
        return True
    if found.covers(finding.rule, finding.line):
        return True
    line = element_line(doc, finding.subject)
    return line is not None and found.covers(finding.rule, line)


def apply_suppressions(doc: ChainDocument, findings: list[Finding]) -> tuple[list[Finding], int]:
    """(the findings no comment suppresses, how many were suppressed)."""
    if doc.text is None or "vchain:" not in doc.text:
        return findings, 0
    found = parse_suppressions(doc.text)
    if not found:
        return findings, 0
    kept = [f for f in findings if not suppressed(doc, f, found)]
    return kept, len(findings) - len(kept)
