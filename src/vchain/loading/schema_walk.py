"""Which keys and values the model allows at a place in the file (for "did you mean")."""

from __future__ import annotations

import types
import typing
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from vchain.model import Chain


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types behind Annotated, Optional and unions."""
    origin = get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(get_args(tp)[0])
    if origin in (Union, types.UnionType):
        out: list[Any] = []
        for arg in get_args(tp):
            if arg is not type(None):
                out.extend(_unwrap(arg))
        return out
    return [tp]


def _field_type(model: type[BaseModel], name: Any) -> Any:
    for fname, info in model.model_fields.items():
        if name in (fname, info.alias):
            return info.annotation
    return None


def _step(tp: Any, segment: Any) -> tuple[Any, bool]:
    """The type one segment further; whether the segment was consumed."""
    for candidate in _unwrap(tp):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            found = _field_type(candidate, segment)
            if found is not None:
                return found, True
        origin = get_origin(candidate)
        if origin is dict:
            return get_args(candidate)[1], True
        if origin is list:
            return get_args(candidate)[0], True
    return tp, False


def type_at(path: tuple[Any, ...]) -> Any:
    tp: Any = Chain
    for segment in path:
        tp, _ = _step(tp, segment)
    return tp


def allowed_keys(path: tuple[Any, ...]) -> list[str]:
    """The keys the model allows in the mapping at ``path`` (data path)."""
    for candidate in _unwrap(type_at(path)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return [info.alias or name for name, info in candidate.model_fields.items()]
    return []


def allowed_values(loc: tuple[Any, ...]) -> list[str]:
    """The literal values allowed at a pydantic error ``loc``."""
    tp: Any = Chain
    for segment in loc:
        if segment == "[key]":
            for candidate in _unwrap(tp):
                if get_origin(candidate) is dict:
                    tp = get_args(candidate)[0]
            break
        tp, _ = _step(tp, segment)
    values: list[str] = []
    for candidate in _unwrap(tp):
        if get_origin(candidate) is Literal:
            values.extend(str(v) for v in get_args(candidate))
    return values
