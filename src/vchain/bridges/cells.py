"""One value in one spreadsheet cell, written so that reading it back gives it exactly.

- **Text** keeps every character: characters a workbook cannot hold (C0 controls, a
  carriage return that XML would turn into a line feed, non-characters) are written as
  OOXML's own escape ``_xHHHH_`` (as Excel does), and an underscore that would start such
  an escape as ``_x005F_``.  The empty text is the cell ``""``; an empty cell is "not
  given".  Reading decodes only the escapes writing makes (and ``_x0022_``, a quote).
- **Lists** are joined by ``" | "`` (Kumu's separator); a ``|`` inside an item is written
  ``\\|``.  Items are trimmed when read, so ``a|b`` and ``a | b`` are the same list.  A
  list that would not survive that (an item with outer spaces, an empty item, a text that
  looks like JSON) is written as a JSON array, which is read back as such.
- In csv files only, a text that a spreadsheet would run as a formula (starting with
  ``=``, ``+``, ``-`` or ``@``) gets a leading ``'``, which is dropped when read.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from typing import Any

EMPTY_TEXT = '""'
SEPARATOR = " | "

_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")
_STARTS_ESCAPE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
_UNESCAPED_BAR = re.compile(r"(?<!\\)\|")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_INTEGER = re.compile(r"^[-+]?\d+$")
_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")


class CellError(ValueError):
    """A cell that does not hold what its column needs; the message says what it holds."""


# -- text ---------------------------------------------------------------------------


def _is_unsafe_code(code: int) -> bool:
    return code in (0x22, 0x5F) or _UNSAFE.fullmatch(chr(code)) is not None


def encode_text(text: str) -> str:
    """Text as a cell holds it (workbook-safe, reversible)."""
    if "_x" in text:
        text = _STARTS_ESCAPE.sub("_x005F_", text)
    if _UNSAFE.search(text):
        text = _UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text


def decode_text(cell: str) -> str:
    """The text a cell written by :func:`encode_text` holds."""
    if "_x" not in cell:
        return cell

    def one(match: re.Match[str]) -> str:
        code = int(match.group(1), 16)
        return chr(code) if _is_unsafe_code(code) else match.group()

    return _ESCAPED.sub(one, cell)


def guard_formula(text: str) -> str:
    """A csv cell that no spreadsheet runs as a formula."""
    if text.lstrip("'").startswith(_FORMULA_START):
        return "'" + text
    return text


def unguard_formula(cell: str) -> str:
    if cell.startswith("'") and cell.lstrip("'").startswith(_FORMULA_START):
        return cell[1:]
    return cell


def text_cell(value: str) -> str:
    """The cell of a text: ``""`` for the empty text (and ``_x0022_"`` for the text ``""``)."""
    if value == EMPTY_TEXT:
        return '_x0022_"'
    return EMPTY_TEXT if value == "" else encode_text(value)


def read_text(cell: Any) -> str | None:
    """The text of a cell (numbers and dates a spreadsheet made of it, as written)."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, int | float):
        return number_text(cell)
    if isinstance(cell, datetime):
        return cell.date().isoformat() if _midnight(cell) else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    text = str(cell)
    if text == "":
        return None
    if text == EMPTY_TEXT:
        return ""
    return decode_text(text)


def _midnight(moment: datetime) -> bool:
    return (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0)


def read_word(cell: Any) -> str | None:
    """An id or a value from a fixed list: trimmed and lowercased, as the format writes it."""
    text = read_text(cell)
    if text is None:
        return None
    return text.strip().lower() or None


# -- lists --------------------------------------------------------------------------


def split_list(cell: str) -> list[str]:
    """``a | b`` -> ["a", "b"]; a JSON array of texts is read as that list."""
    stripped = cell.strip()
    if stripped.startswith("["):
        try:
            loaded = json.loads(stripped)
        except ValueError:
            loaded = None
        if isinstance(loaded, list) and all(isinstance(i, str) for i in loaded):
            return loaded
    items = (part.replace("\\|", "|").strip() for part in _UNESCAPED_BAR.split(cell))
    return [item for item in items if item]


def join_list(items: list[str]) -> str | None:
    """The cell of a list: ``a | b``, or a JSON array where that would not read back."""
    if not items:
        return None
    plain = encode_text(SEPARATOR.join(i.replace("|", "\\|") for i in items))
    if read_list(plain) == items:
        return plain
    return encode_text(json.dumps(items, ensure_ascii=False))


def read_list(cell: Any) -> list[str]:
    text = read_text(cell)
    return split_list(text) if text else []


def text_or_list_cell(value: str | list[str]) -> str:
    """A cell that holds a text or a list (`beneficiaries`), each read back as itself."""
    if isinstance(value, list):
        plain = SEPARATOR.join(i.replace("|", "\\|") for i in value)
        candidates = [plain, plain + " |", json.dumps(value, ensure_ascii=False)]
    else:
        candidates = [value.replace("|", "\\|"), json.dumps(value, ensure_ascii=False)]
    for candidate in candidates:
        cell = EMPTY_TEXT if candidate == "" else encode_text(candidate)
        if read_text_or_list(cell) == value:
            return cell
    return candidates[-1]  # pragma: no cover - JSON always reads back


def read_text_or_list(cell: Any) -> str | list[str] | None:
    """A text, or a list where the cell holds an unescaped ``|`` or a JSON array."""
    text = read_text(cell)
    if not text:
        return text
    stripped = text.strip()
    if stripped.startswith(('"', "[")):
        try:
            loaded = json.loads(stripped)
        except ValueError:
            loaded = None
        if isinstance(loaded, str):
            return loaded
        if isinstance(loaded, list) and all(isinstance(i, str) for i in loaded):
            return loaded
    if _UNESCAPED_BAR.search(text):
        return split_list(text)
    return text.replace("\\|", "|")


# -- numbers, booleans, dates ---------------------------------------------------------

_TRUE = frozenset({"true", "yes", "y", "1", "x", "✓", "✔", "wahr", "vrai", "sí", "si"})
_FALSE = frozenset({"false", "no", "n", "0", "", "falsch", "faux"})


def read_bool(cell: Any) -> bool | None:
    if cell is None:
        return None
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    text = str(cell).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE and text:
        return False
    if not text:
        return None
    raise CellError(f"{_shown(cell)} is not true or false (write true, false, yes or no)")


def number_text(value: float) -> str:
    """A number as text that reads back as the same number: 25, 0.1, 1e-07."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    number = float(value)
    if math.isfinite(number) and number.is_integer() and abs(number) < 1e16:
        return str(int(number))
    return repr(number)


def read_number(cell: Any) -> int | float | None:
    """A finite number; whole numbers come back as int (``25``, not ``25.0``)."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise CellError(f"{_shown(cell)} is not a number")
    if isinstance(cell, int | float):
        value: float = cell
    else:
        text = str(cell).strip().replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        if _INTEGER.match(text):
            return int(text)
        try:
            value = float(text)
        except ValueError:
            raise CellError(f"{_shown(cell)} is not a number") from None
    if not math.isfinite(value):
        raise CellError(f"{_shown(cell)} is not a finite number")
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e16):
        return int(value)
    return value


def read_date(cell: Any) -> date | None:
    if cell is None:
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = str(cell).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10] if len(text) > 10 and text[10] in " T" else text)
    except ValueError:
        raise CellError(f"{_shown(cell)} is not a date (write YYYY-MM-DD)") from None


def _shown(cell: Any) -> str:
    from vchain.safetext import visible

    text = visible(str(cell))
    return repr(text if len(text) <= 60 else text[:57] + "...")
