"""The reporter registry: a name to a reporter, one module each."""

from __future__ import annotations

import importlib
from typing import Any, Protocol

from vchain.findings import Report


class Reporter(Protocol):
    """Renders a report; ``color`` applies to terminal formats only."""

    def render(self, report: Report, *, color: bool = False) -> str: ...


REPORTERS: dict[str, str] = {
    "text": "vchain.reporters.text:TextReporter",
    "json": "vchain.reporters.json_format:JsonReporter",
    "github": "vchain.reporters.github:GithubReporter",
    "sarif": "vchain.reporters.sarif:SarifReporter",
    "junit": "vchain.reporters.junit:JunitReporter",
    "markdown": "vchain.reporters.markdown:MarkdownReporter",
}
"""Each name maps to ``module:Class``; a module is imported only when its format is used."""


def get_reporter(name: str, **options: Any) -> Reporter:
    module_name, _, cls_name = REPORTERS[name].partition(":")
    cls = getattr(importlib.import_module(module_name), cls_name)
    reporter: Reporter = cls(**options)
    return reporter
