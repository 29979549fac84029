"""The columns of a section's sheet, read from the model's own fields.

Nothing here names a field of the format: every column comes from the pydantic model of
the section (``vchain.model``), so a key the format gains (``resources.*.could_serve``)
gets its column with no change here.  A field becomes

- one column when it holds a text, an id, a word from a fixed list, a number, a yes/no or
  a date (its name: ``pain_point``);
- one column of ``|``-separated items when it holds a list (``performs``);
- an ``amount`` and a ``unit`` column when it holds a quantity (``capacity.amount``,
  ``capacity.unit``);
- one column per sub-key when it holds a mapping of fixed keys or a nested model
  (``value.proposition``, ``capitals.financial``, ``at.partner``);
- one column of JSON for anything else, so that nothing is ever dropped.
"""

from __future__ import annotations

import json
import types
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from vchain.bridges import cells
from vchain.model import SLUG_PATTERN, Quantity

TEXT = "text"
WORD = "word"
LIST = "list"
WORDS = "words"
TEXT_OR_LIST = "text-or-list"
BOOL = "bool"
INT = "int"
NUMBER = "number"
DATE = "date"
JSON = "json"


@dataclass(frozen=True)
class Column:
    """One column: its header, where its value sits in an item, and what it holds."""

    name: str
    path: tuple[str, ...]
    kind: str
    choices: tuple[str, ...] = ()
    quantity: bool = False

    def cell(self, value: Any) -> Any:
        """The cell for a value of the item (None: an empty cell)."""
        return write_cell(self.kind, value)

    def value(self, cell: Any) -> Any:
        """The value a cell holds; raises :class:`cells.CellError`."""
        return read_cell(self.kind, cell)


def write_cell(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind in (TEXT, WORD):
        return cells.text_cell(str(value))
    if kind in (LIST, WORDS):
        return cells.join_list([str(v) for v in value])
    if kind == TEXT_OR_LIST:
        return cells.text_or_list_cell(value)
    if kind in (BOOL, DATE):
        return value
    if kind in (INT, NUMBER):
        return cells.read_number(value)
    return cells.encode_text(json.dumps(value, ensure_ascii=False, default=str))


def read_cell(kind: str, cell: Any) -> Any:
    if kind == TEXT:
        return cells.read_text(cell)
    if kind == WORD:
        return cells.read_word(cell)
    if kind == LIST:
        return cells.read_list(cell) or None
    if kind == WORDS:
        return [item.lower() for item in cells.read_list(cell)] or None
    if kind == TEXT_OR_LIST:
        return cells.read_text_or_list(cell)
    if kind == BOOL:
        return cells.read_bool(cell)
    if kind == INT:
        number = cells.read_number(cell)
        if isinstance(number, float):
            raise cells.CellError(f"{cells.number_text(number)} is not a whole number")
        return number
    if kind == NUMBER:
        return cells.read_number(cell)
    if kind == DATE:
        return cells.read_date(cell)
    text = cells.read_text(cell)
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        raise cells.CellError("this column holds JSON; the cell is not JSON") from None


# -- from the model ------------------------------------------------------------------


def columns_of(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[Column]:
    """Every column of a model's fields, in the order of the fields."""
    out: list[Column] = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        out.extend(_columns(info.annotation, list(info.metadata), (*prefix, key)))
    return out


def _columns(annotation: Any, metadata: list[Any], path: tuple[str, ...]) -> list[Column]:
    tp, metadata = unwrap(annotation, metadata)
    name = ".".join(path)
    if isinstance(tp, type) and issubclass(tp, Quantity):
        return [
            Column(f"{name}.amount", (*path, "amount"), NUMBER, quantity=True),
            Column(f"{name}.unit", (*path, "unit"), TEXT, quantity=True),
        ]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return columns_of(tp, path)
    origin = get_origin(tp)
    if origin is dict:
        key_type, value_type = get_args(tp)
        keys = _literal_values(unwrap(key_type, [])[0])
        if keys:
            return [c for k in keys for c in _columns(value_type, [], (*path, k))]
        return [Column(name, path, JSON)]
    kind, choices = scalar_kind(tp, metadata)
    return [Column(name, path, kind, choices)]


def scalar_kind(tp: Any, metadata: list[Any]) -> tuple[str, tuple[str, ...]]:
    origin = get_origin(tp)
    if origin is Literal:
        return WORD, tuple(str(v) for v in get_args(tp))
    if origin is list:
        item, item_metadata = unwrap(get_args(tp)[0], [])
        slug = item is str and any(
            getattr(m, "pattern", None) == SLUG_PATTERN for m in item_metadata
        )
        return (WORDS if slug else LIST), ()
    if origin in (Union, types.UnionType):
        members = {unwrap(a, [])[0] for a in get_args(tp) if a is not type(None)}
        if members == {str, list[str]}:
            return TEXT_OR_LIST, ()
        return JSON, ()
    simple: dict[Any, str] = {bool: BOOL, int: INT, float: NUMBER, date: DATE}
    if tp in simple:
        return simple[tp], ()
    if tp is str:
        slug = any(getattr(m, "pattern", None) == SLUG_PATTERN for m in metadata)
        return (WORD if slug else TEXT), ()
    return JSON, ()


def unwrap(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """Strip ``Optional`` and ``Annotated`` (keeping the metadata of the layers)."""
    tp = annotation
    found = list(metadata)
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp, *extra = get_args(tp)
            found.extend(extra)
            continue
        if origin in (Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) == 1:
                tp = members[0]
                continue
        return tp, found


def _literal_values(tp: Any) -> tuple[str, ...]:
    if get_origin(tp) is Literal:
        return tuple(str(v) for v in get_args(tp))
    return ()


# -- the sections of a chain -----------------------------------------------------------

SINGLE = "single"
KEYED = "keyed"
LISTED = "listed"
SETTING = "setting"


@dataclass(frozen=True)
class Section:
    """A top-level key of the format and how its sheet holds it."""

    key: str
    shape: str
    model: type[BaseModel]
    required: bool

    @property
    def columns(self) -> list[Column]:
        cols = columns_of(self.model)
        if self.shape == KEYED:
            return [Column("id", ("id",), WORD), *cols]
        return cols


def sections() -> list[Section]:
    """The sections of :class:`vchain.model.Chain`, in the order of the format."""
    from vchain.model import Chain

    out: list[Section] = []
    for name, info in Chain.model_fields.items():
        key = info.alias or name
        tp, _ = unwrap(info.annotation, [])
        origin = get_origin(tp)
        if origin is dict:
            out.append(Section(key, KEYED, _model(get_args(tp)[1]), info.is_required()))
        elif origin is list:
            out.append(Section(key, LISTED, _model(get_args(tp)[0]), info.is_required()))
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            shape = SINGLE if info.is_required() else SETTING
            out.append(Section(key, shape, tp, info.is_required()))
    return out


def _model(tp: Any) -> type[BaseModel]:
    found, _ = unwrap(tp, [])
    assert isinstance(found, type), found
    assert issubclass(found, BaseModel), found
    return found


def get_path(item: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = item
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def set_path(item: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    target = item
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


__all__ = [
    "Column",
    "Section",
    "columns_of",
    "get_path",
    "sections",
    "set_path",
]
