"""Kumu fields onto the keys of the format, read from the model's own fields.

A field of an element whose name is a key of its kind of item (compared without case,
``_`` or ``-``: "Pain Point" is ``pain_point``, "Value Proposition" is
``value.proposition``) becomes that key when its value fits it: yes/no for a boolean, a
word of the key's list (``engagement``), ``"25 t/yr"`` for a quantity, ``|``-separated
items for a list (services and needs as slugs: "Technical assistance" is
``technical-assistance``).  A value that does not fit, and every other field, is kept
in the item's ``notes`` as ``Field: value``, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from vchain.bridges import cells
from vchain.bridges.columns import (
    BOOL,
    DATE,
    INT,
    LIST,
    NUMBER,
    TEXT,
    WORD,
    WORDS,
    scalar_kind,
    unwrap,
)
from vchain.bridges.kumu_read import norm
from vchain.bridges.mapping import slugify
from vchain.bridges.quantities import parse as parse_quantity
from vchain.model import Quantity
from vchain.rules.references import _TYPE_KEYS

QUANTITY = "quantity"
SYNONYMS = {
    "pain": "pain point",
    "self interests": "interests",
    "self interest": "interests",
    "motivators": "interests",
    "margin": "margins",
    "on the margins": "margins",
    "locally owned": "local",
}
FOR_TYPES: dict[str, tuple[str, ...]] = _TYPE_KEYS
"""Partner keys that only some partner types take: rule VC022's own table."""


@dataclass(frozen=True)
class Target:
    """A key of the format a Kumu field can fill."""

    path: tuple[str, ...]
    kind: str
    choices: tuple[str, ...] = ()


def targets(model: type[BaseModel], skip: frozenset[str]) -> dict[str, Target]:
    """{normal field name: key} for the keys of a model, nested models flattened."""
    out: dict[str, Target] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key in skip or name in skip:
            continue
        tp, metadata = unwrap(info.annotation, list(info.metadata))
        if isinstance(tp, type) and issubclass(tp, Quantity):
            out[norm(key)] = Target((key,), QUANTITY)
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            for inner, target in targets(tp, frozenset()).items():
                out[f"{norm(key)} {inner}"] = Target((key, *target.path), target.kind)
        else:
            kind, choices = scalar_kind(tp, metadata)
            out[norm(key)] = Target((key,), kind, choices)
    return out


def lookup(found: dict[str, Target], name: str) -> Target | None:
    return found.get(name) or found.get(SYNONYMS.get(name, ""))


class Unfit(ValueError):  # noqa: N818 - a value that does not fit its key
    """A value that does not fit the key its field names."""


def convert(target: Target, value: Any) -> Any:
    """The value for the key; raises :class:`Unfit`."""
    if target.kind == QUANTITY:
        quantity = parse_quantity(_text(value)) if not isinstance(value, bool) else None
        if quantity is None:
            raise Unfit("not a quantity with a unit")
        return _quantity_text(quantity)
    if target.kind in (LIST, WORDS):
        items = _items(value)
        if target.kind == WORDS:
            items = [s for s in (slugify(i) for i in items) if s]
        if not items:
            raise Unfit("empty")
        return items
    try:
        return _scalar(target, value)
    except cells.CellError as exc:
        raise Unfit(str(exc)) from None


def _scalar(target: Target, value: Any) -> Any:
    if target.kind == BOOL:
        flag = cells.read_bool(_text(value) if isinstance(value, list) else value)
        if flag is None:
            raise Unfit("empty")
        return flag
    if target.kind in (NUMBER, INT):
        number = cells.read_number(value)
        if number is None or (target.kind == INT and isinstance(number, float)):
            raise Unfit("not a number")
        return number
    if target.kind == DATE:
        return cells.read_date(value)
    if target.kind == WORD:
        word = _text(value).strip().lower()
        if target.choices and word not in target.choices:
            raise Unfit(f"not one of {', '.join(target.choices)}")
        if not target.choices and word != slugify(word):
            raise Unfit("not an id")
        return word
    if target.kind == TEXT:
        text = _text(value)
        if not text.strip():
            raise Unfit("empty")
        return text
    raise Unfit("no place for it")


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, str):
        return value
    return cells.read_text(value) or ""


def _items(value: Any) -> list[str]:
    raw = [_text(v) for v in value] if isinstance(value, list) else cells.split_list(_text(value))
    return [item.strip() for item in raw if item.strip()]


def _quantity_text(quantity: Quantity) -> str:
    from vchain.bridges.quantities import text_of

    return text_of(quantity)


def shown(value: Any) -> str:
    """A value as a line of notes: lists joined by commas, on one line."""
    text = _text(value) if not isinstance(value, dict) else str(value)
    return " ".join(text.split())
