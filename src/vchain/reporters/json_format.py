"""``--format json``: the contract's shape, byte-identical for the same input."""

from __future__ import annotations

import json
import re
from typing import Any

from vchain import __version__
from vchain.findings import Report
from vchain.safetext import UNSAFE

_RAW = re.compile(f"(?!\\n){UNSAFE.pattern}|##\\[")
"""What json.dumps leaves raw inside strings that a terminal, a log or a strict UTF-8
reader should not get: C1 and bidi controls, line separators, lone surrogates, and the
legacy workflow command ``##[`` (its ``[`` written ``\\u005b``)."""


def _escaped(match: re.Match[str]) -> str:
    text = match.group()
    if text == "##[":
        return "##\\u005b"
    return f"\\u{ord(text):04x}"


def dumps(data: Any) -> str:
    """JSON as every vchain command writes it: indented, UTF-8, a final newline.

    Strings keep their value; characters that are unsafe to show raw are written as
    JSON escapes (``\\u2028``), so the text is plain, printable UTF-8.
    """
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    if _RAW.search(text) is not None:
        text = _RAW.sub(_escaped, text)
    return text + "\n"


def report_data(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = {
        "vchain": __version__,
        "files": [{"path": r.path, "valid": r.valid} for r in report.files],
        "findings": [f.to_json() for f in report.findings],
        "summary": report.summary(),
    }
    data.update(report.extra)
    return data


class JsonReporter:
    def render(self, report: Report, *, color: bool = False) -> str:
        return dumps(report_data(report))
