"""Quantities as a person writes them (``25 t/yr``), exactly, and from loose text."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from vchain.bridges.cells import number_text
from vchain.model import Quantity, QuantityField


@cache
def _adapter() -> TypeAdapter[Quantity]:
    return TypeAdapter(QuantityField)


def parse(text: str) -> Quantity | None:
    """``"25 t/yr"`` (or ``"40,000 cans/yr"``) as a quantity; None when it is not one."""
    try:
        return _adapter().validate_python(text)
    except ValidationError:
        return None


def as_text(value: dict[str, Any]) -> Any:
    """``{amount: 25, unit: t/yr}`` as ``"25 t/yr"`` when that text reads back the same
    (the mapping itself otherwise, or when it is not a valid quantity)."""
    amount, unit = value.get("amount"), value.get("unit")
    if isinstance(amount, bool) or not isinstance(amount, int | float) or amount < 0:
        return value
    if not isinstance(unit, str):
        return value
    try:
        exact = _adapter().validate_python(value)
    except ValidationError:
        return value
    text = f"{number_text(amount)} {unit}"
    return text if parse(text) == exact else value


def text_of(quantity: Quantity) -> str:
    """A quantity as exact text (no rounding, no thousands separators)."""
    return f"{number_text(quantity.amount)} {quantity.unit}"
