"""The analysis rules, documented; the checks themselves live in the analysis modules.

This module stays light (no networkx) so that `vchain rules` starts fast.
"""

from __future__ import annotations

from vchain.rules.base import Rule

ANALYSIS_RULES: tuple[Rule, ...] = ()
