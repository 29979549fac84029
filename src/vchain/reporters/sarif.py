"""``--format sarif``: SARIF 2.1.0 for code scanning, with rule metadata and regions."""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import quote

from vchain import __version__
from vchain.findings import Finding, Report
from vchain.reporters.json_format import dumps
from vchain.safetext import visible

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
HELP_URI = "https://github.com/vchain-dev/vchain/blob/main/docs/rules.md"


def _rules() -> list[Any]:
    from vchain.rules.registry import ALL_RULES

    return list(ALL_RULES)


def rule_descriptor(rule: Any) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "helpUri": f"{HELP_URI}#{rule.id.lower()}",
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": [rule.kind, rule.scope]},
    }


_UNDECODED = re.compile(r"\\udc([89a-f][0-9a-f])")
"""A byte of a file name that is not UTF-8, as :func:`vchain.safetext.visible` shows it."""


def uri(path: str) -> str:
    """A path as a SARIF artifact URI: percent-encoded UTF-8, with the bytes of a name
    that is not UTF-8 (``caf\\udce9`` as shown) percent-encoded as themselves (``caf%E9``)."""
    raw = bytearray()
    done = 0
    for match in _UNDECODED.finditer(path):
        raw += path[done : match.start()].encode("utf-8", "backslashreplace")
        raw.append(int(match[1], 16))
        done = match.end()
    raw += path[done:].encode("utf-8", "backslashreplace")
    return quote(bytes(raw))


def result(f: Finding, index: dict[str, int]) -> dict[str, Any]:
    message = f.message + (f" ({f.hint})" if f.hint else "")
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "level": LEVEL[f.severity],
        "kind": "fail",
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri(f.file)},
                    "region": {"startLine": f.line, "startColumn": f.column},
                },
                "logicalLocations": [
                    {"name": visible(str(f.subject[1])), "kind": f.subject[0]},
                ],
            }
        ],
        "partialFingerprints": {
            "vchainFinding/v1": hashlib.sha256(f.fingerprint.encode()).hexdigest()[:32]
        },
        "properties": {"kind": f.kind, "source": f.source},
    }
    if f.rule in index:
        out["ruleIndex"] = index[f.rule]
    return out


class SarifReporter:
    def render(self, report: Report, *, color: bool = False) -> str:
        rules = _rules()
        index = {r.id: i for i, r in enumerate(rules)}
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "vchain",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "informationUri": "https://github.com/vchain-dev/vchain",
                    "rules": [rule_descriptor(r) for r in rules],
                }
            },
            "columnKind": "unicodeCodePoints",
            "artifacts": [{"location": {"uri": uri(r.path)}} for r in report.files],
            "results": [result(f, index) for f in report.findings],
        }
        return dumps({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]})
