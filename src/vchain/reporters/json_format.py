"""``--format json``: the contract's shape, byte-identical for the same input."""

from __future__ import annotations

import json
from typing import Any

from vchain import __version__
from vchain.findings import Report


def dumps(data: Any) -> str:
    """JSON as every vchain command writes it: indented, UTF-8, a final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


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
