"""Output formats: each reporter turns a :class:`vchain.findings.Report` into text."""

from __future__ import annotations

from vchain.reporters.base import REPORTERS, Reporter, get_reporter

__all__ = ["REPORTERS", "Reporter", "get_reporter"]
