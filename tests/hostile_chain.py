"""A valid chain whose names, texts and units a hostile author wrote, for the tests of
every output (injection_test, outputs_property_test).

The chain is valid, so the analysis and the ranking run and their findings quote the
names: an essential function nobody performs (VC101 names it), a resource nobody uses
(VC110), a partner with no flows (VC112), declared opportunities with free texts.
"""

from __future__ import annotations

from typing import Any

FORGED = "Evil\n::error file=forged.yaml,line=1::FORGED\n::stop-commands::x"
TERMINAL = "Title \x1b]0;owned\x07 clear \x1b[2J"
XML_BREAKERS = "nul \x00 esc \x1b vt \x0b nonchar \ufffe"
MARKDOWN = "[click](https://evil.example) ![img](https://evil.example/x.png) @team <b>x</b> | `c`"
LEGACY = "legacy ##[error]FORGED ##[stop-commands]tok"


def hostile_chain(names: dict[str, str] | None = None) -> dict[str, Any]:
    """The chain as data; ``names`` replaces texts by role (chain, partner, function,
    resource, opportunity, unit)."""
    n = {
        "chain": FORGED,
        "partner": TERMINAL,
        "function": XML_BREAKERS,
        "resource": MARKDOWN,
        "opportunity": LEGACY + "\n" + FORGED,
        "unit": "cans/yr",
        **(names or {}),
    }
    unit = n["unit"]
    return {
        "vchain": 1,
        "chain": {
            "name": n["chain"],
            "region": n["partner"],
            "market_opportunity": n["resource"],
            "coordinator": "coord",
            "reviewed": "2026-10-01",
        },
        "functions": {
            "grow": {"name": n["function"], "stage": "produce"},
            "cook": {"name": n["chain"], "stage": "process"},
        },
        "partners": {
            "coord": {
                "name": n["partner"],
                "type": "support",
                "services": ["coordination"],
                "supports": ["farm"],
                "interests": [n["opportunity"]],
            },
            "farm": {
                "name": n["resource"],
                "type": "transactional",
                "performs": ["grow"],
                "capacity": {"amount": 50, "unit": unit},
                "interests": [n["chain"]],
            },
            "idle": {
                "name": n["function"],
                "type": "transactional",
                "interests": ["increases income"],
            },
            "school": {
                "name": n["chain"],
                "type": "demand",
                "demand": {"amount": 80, "unit": unit},
                "interests": ["saves cost"],
            },
        },
        "flows": [{"id": "soup", "from": "farm", "to": "school", "kind": "product"}],
        "resources": {"land": {"name": n["resource"], "capital": "natural"}},
        "opportunities": {
            "gap-one": {"kind": "gap", "text": n["opportunity"], "at": {"function": "cook"}},
            "slow-coord": {
                "kind": "bottleneck",
                "cause": "skills",
                "text": n["opportunity"],
                "at": {"partner": "coord"},
            },
        },
    }
