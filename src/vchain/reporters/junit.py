"""``--format junit``: JUnit XML, a test case per finding (or a passing one per file).

Names, paths and messages go through :func:`vchain.safetext.visible`, which escapes
every character XML 1.0 cannot hold (NUL, ESC, VT, U+FFFE, lone surrogates ...), so
the document is well-formed whatever the file's names hold.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from vchain.findings import Report
from vchain.safetext import visible


class JunitReporter:
    def __init__(self, fail_on: str = "error") -> None:
        self.fail_on = fail_on

    def render(self, report: Report, *, color: bool = False) -> str:
        from vchain.findings import SEVERITY_RANK

        threshold = SEVERITY_RANK[self.fail_on]
        root = ET.Element("testsuites", name=f"vchain {report.command}")
        total = failures = 0
        for result in report.files:
            path = visible(result.path)
            suite = ET.SubElement(root, "testsuite", name=path)
            findings = sorted(result.findings, key=lambda f: f.sort_key())
            failed = 0
            for f in findings:
                case = ET.SubElement(
                    suite,
                    "testcase",
                    classname=path,
                    name=visible(f"{f.rule} {f.subject[0]} {f.subject[1]} ({f.line}:{f.column})"),
                    file=f.file,
                    line=str(f.line),
                )
                text = f"{f.file}:{f.line}:{f.column}: {f.severity} {f.rule}: {f.message}"
                if SEVERITY_RANK[f.severity] >= threshold:
                    failure = ET.SubElement(case, "failure", message=f.message, type=f.severity)
                    failure.text = text
                    failed += 1
                else:
                    ET.SubElement(case, "system-out").text = text
            if not findings:
                ET.SubElement(suite, "testcase", classname=path, name="valid")
            count = max(len(findings), 1)
            suite.set("tests", str(count))
            suite.set("failures", str(failed))
            suite.set("errors", "0")
            total += count
            failures += failed
        root.set("tests", str(total))
        root.set("failures", str(failures))
        root.set("errors", "0")
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
