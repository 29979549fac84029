"""The export of a chain file that cannot be exported: its problems, in the format asked.

`cli-contract.md`: a machine format is written whatever the findings; a file with
errors gets its errors in that format, never an empty output with text on standard
error.  So, for the text formats:

- ``kumu``: a JSON object with no ``elements`` and no ``connections`` (Kumu imports it
  as an empty map), and the problems as `vchain validate --format json` gives them
  (``vchain``, ``files``, ``findings``, ``summary``);
- ``graphml``, ``gexf``: a network whose nodes are the problems (``problem-1``, ...,
  with ``rule``, ``severity``, ``kind``, ``message``, ``file``, ``line``, ``column``) and
  no edges, named for what it is, so that a table in Gephi lists them.

The workbook and the csv folder have no such form: nothing is written for them.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from vchain.safetext import visible

if TYPE_CHECKING:
    from vchain.findings import Report


def problems_text(fmt: str, report: Report, file: str) -> str:
    """The problems of ``report`` (one file's) as a ``kumu``, ``graphml`` or ``gexf`` text."""
    if fmt == "kumu":
        from vchain.reporters.json_format import dumps, report_data

        return dumps({"elements": [], "connections": [], **report_data(report)})
    import networkx as nx

    errors = report.summary()["error"]
    graph = nx.MultiDiGraph(
        name=visible(
            f"{file}: not exported, {errors} error{'s' if errors != 1 else ''} to fix first"
        )
    )
    for number, finding in enumerate(report.findings, start=1):
        graph.add_node(f"problem-{number}", **_attributes(finding.to_json()))
    out = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, out, encoding="utf-8", named_key_ids=True)
        return out.getvalue().decode("utf-8")
    from vchain.bridges.graph import undated

    nx.write_gexf(graph, out, encoding="utf-8")
    return undated(out.getvalue().decode("utf-8"), None)


def _attributes(data: dict[str, Any]) -> dict[str, Any]:
    subject = data.get("subject") or {}
    attrs = {
        "label": visible(str(data["message"])),
        "rule": data["rule"],
        "severity": data["severity"],
        "kind": data["kind"],
        "message": visible(str(data["message"])),
        "file": visible(str(data["file"])),
        "line": int(data["line"]),
        "column": int(data["column"]),
    }
    for what, ident in subject.items():
        attrs["subject"] = visible(f"{what} {ident}")
    return attrs
