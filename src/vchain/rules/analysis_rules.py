"""The analysis rules (scope "analysis"), documented; their checks live in vchain.analysis.

This module stays light (no networkx) so that `vchain rules` starts fast. Each entry is
made with :func:`vchain.rules.base.described`; the analysis modules look rules up here
by id to make findings (``rule.finding(doc, message, path, ...)``).
"""

from __future__ import annotations

from vchain.rules.base import Rule

ANALYSIS_RULES: tuple[Rule, ...] = ()
