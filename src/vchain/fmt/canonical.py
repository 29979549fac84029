"""The canonical order of keys, taken from the model: the order of chain-format.md.

Top-level sections come in the order of the format's table; inside every element the
keys come in the order of its table (a partner: ``name``, ``type``, ``performs`` ...;
a flow: ``id``, ``from``, ``to``, ``kind``, ``what``, ``amount``, ``capacity``).  Keys
the model does not know keep their place relative to each other, after the known ones.
Mappings keyed by ids (``partners``, ``functions`` ...) keep the order they were
written in: that order is the author's (and for ``functions`` it means upstream first).
"""

from __future__ import annotations

import functools
import types
import typing
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from vchain.fmt.comments import (
    INDENT,
    is_block,
    merge_lines,
    shifted,
    split_header,
    strip_leading_blank_tokens,
)
from vchain.model import Chain


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types behind Annotated, Optional and unions."""
    origin = get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(get_args(tp)[0])
    if origin in (Union, types.UnionType):
        return [t for arg in get_args(tp) if arg is not type(None) for t in _unwrap(arg)]
    return [tp]


def model_of(tp: Any) -> type[BaseModel] | None:
    for candidate in _unwrap(tp):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def container_type(tp: Any, kind: type) -> Any:
    """The value type of a ``dict[...]`` or the item type of a ``list[...]`` in ``tp``."""
    for candidate in _unwrap(tp):
        if get_origin(candidate) is kind:
            return get_args(candidate)[-1]
    return None


@functools.cache
def key_order(model: type[BaseModel]) -> dict[str, tuple[int, Any]]:
    """Each key the model knows (aliases as written in files) -> (place, its type)."""
    return {
        info.alias or name: (place, info.annotation)
        for place, (name, info) in enumerate(model.model_fields.items())
    }


def canonical_keys(keys: list[Any], model: type[BaseModel]) -> list[Any]:
    """``keys`` in the model's order; unknown keys after them, as they were."""
    order = key_order(model)
    known = sorted((k for k in keys if k in order), key=lambda k: order[k][0])
    return known + [k for k in keys if k not in order]


def reorder(node: Any, tp: Any = Chain) -> None:
    """Put every mapping under ``node`` (of model type ``tp``) in canonical order, in place."""
    if isinstance(node, CommentedMap):
        model = model_of(tp)
        if model is not None:
            _reorder_model(node, model)
            return
        value_type = container_type(tp, dict)
        if value_type is not None:
            for value in node.values():
                reorder(value, value_type)
    elif isinstance(node, CommentedSeq):
        item_type = container_type(tp, list)
        if item_type is not None:
            for index, item in enumerate(node):
                reorder(item, item_type)
                _hoist(node, index)


def _hoist(sequence: CommentedSeq, index: int) -> None:
    """Comments above the first key of a mapping in a sequence go above its dash."""
    item = sequence[index]
    if not isinstance(item, CommentedMap) or not is_block(item):
        return
    first = item.ca.items.get(next(iter(item)))
    if not first or not first[1]:
        return
    slot = sequence.ca.items.setdefault(index, [None, None, None, None])
    moved = strip_leading_blank_tokens([shifted(token, -INDENT) for token in first[1]]) or []
    slot[1] = merge_lines(slot[1] or [], moved) or None
    first[1] = None


def _reorder_model(node: CommentedMap, model: type[BaseModel]) -> None:
    order = key_order(model)
    for key, value in node.items():
        if key in order:
            reorder(value, order[key][1])
    keys = list(node.keys())
    wanted = canonical_keys(keys, model)
    if wanted == keys or node.merge:
        return
    _keep_header(node, keys[0], wanted[0])
    for key in wanted:
        node.move_to_end(key)


def _keep_header(node: CommentedMap, old_first: Any, new_first: Any) -> None:
    """The comments that head the mapping stay at its head when its first key moves."""
    if old_first == new_first:
        return
    old_slot = node.ca.items.get(old_first)
    header: list[Any] = []
    if old_slot and old_slot[1]:
        header, own = split_header(old_slot[1])
        old_slot[1] = own or None
    new_slot = node.ca.items.setdefault(new_first, [None, None, None, None])
    new_slot[1] = strip_leading_blank_tokens(merge_lines(header, new_slot[1] or []))
