"""Plain scalars under the YAML 1.2 core schema: null, booleans, numbers or text.

Whole numbers have at most :data:`MAX_DIGITS` digits: Python refuses to print integers
of more than 4,300 digits, and reading ever longer ones costs ever more time.
"""

from __future__ import annotations

import re
from typing import Any

_INT = re.compile(r"[-+]?[0-9]+$")
_OCT = re.compile(r"0o[0-7]+$")
_HEX = re.compile(r"0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
SPECIAL: dict[str, Any] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    ".inf": float("inf"),
    ".Inf": float("inf"),
    ".INF": float("inf"),
    "+.inf": float("inf"),
    "+.Inf": float("inf"),
    "+.INF": float("inf"),
    "-.inf": float("-inf"),
    "-.Inf": float("-inf"),
    "-.INF": float("-inf"),
    ".nan": float("nan"),
    ".NaN": float("nan"),
    ".NAN": float("nan"),
}
NO_KEY: Any = object()


NUMERIC_START = frozenset("0123456789-+.")
MAX_DIGITS = 100
"""The most digits a whole number may have (amounts stop at 10^15 anyway): longer ones
are refused, as Python itself refuses to print integers of more than 4,300 digits and
reading ever longer ones costs ever more time."""


class NumberTooLong(ValueError):  # noqa: N818 - a refusal of the file, not a bug
    """A whole number beyond :data:`MAX_DIGITS` (the reader places it in the file)."""

    def __init__(self, text: str) -> None:
        digits = len(text.lstrip("+-"))
        super().__init__(
            f"a whole number of {digits:,} digits: vchain reads numbers of at most "
            f"{MAX_DIGITS} digits (and amounts up to 10^15)"
        )


def _whole(text: str, digits: str, base: int) -> int:
    if len(digits) > MAX_DIGITS:
        raise NumberTooLong(text)
    return int(digits if base != 10 else text, base)


def resolve_plain(text: str) -> Any:
    """A plain scalar under the YAML 1.2 core schema."""
    special = SPECIAL.get(text, NO_KEY)
    if special is not NO_KEY:
        return special
    if not text or text[0] not in NUMERIC_START:
        return text
    if _INT.match(text):
        return _whole(text, text.lstrip("+-"), 10)
    if _FLOAT.match(text):
        return float(text)
    if _OCT.match(text):
        return _whole(text, text[2:], 8)
    if _HEX.match(text):
        return _whole(text, text[2:], 16)
    return text
