"""Pydantic's validation errors as findings, in the words of the format, with hints.

Each error's ``loc`` is resolved to a node of the file (its line and column); the
message names the field and the element, and a hint says how to write it right: the
closest known key or value, the form of an id, how to quote a text that a comma split.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Any

from vchain.loading.positions import resolve_path, source_lines
from vchain.loading.schema_walk import allowed_keys, allowed_values
from vchain.model import MAX_AMOUNT

if TYPE_CHECKING:
    from pydantic import ValidationError

    from vchain.findings import Finding
    from vchain.loading.loader import ChainDocument

SUBJECT_OF: dict[str, str] = {
    "functions": "function",
    "partners": "partner",
    "flows": "flow",
    "resources": "resource",
    "opportunities": "opportunity",
    "investments": "investment",
    "indicators": "indicator",
}


def schema_findings(doc: ChainDocument, exc: ValidationError) -> list[Finding]:
    out: list[Finding] = []
    for error in exc.errors(include_url=False):
        finding = _one_error(doc, error)
        if finding is not None:
            out.append(finding)
    return out


def _one_error(doc: ChainDocument, error: Any) -> Finding | None:
    loc = tuple(error["loc"])
    path = resolve_path(doc.data, loc)
    kind = error["type"]
    where = _where(path)
    if kind == "extra_forbidden":
        name = loc[-1]
        options = allowed_keys(path[:-1])
        close = difflib.get_close_matches(str(name), options, n=1, cutoff=0.6)
        hint = _split_by_comma(doc, path) or (
            f"did you mean `{close[0]}`?" if close else _known(options)
        )
        return doc.make(
            "VC010",
            "error",
            "schema",
            f"unknown key `{name}`{where}",
            path,
            key=True,
            hint=hint,
        )
    if kind == "missing":
        name = loc[-1]
        return doc.make(
            "VC011", "error", "schema", f"missing required key `{name}`{_where(path)}", path
        )
    if path[:1] == ("vchain",) and len(path) == 1:
        return doc.make(
            "VC013",
            "error",
            "schema",
            f"unsupported format version {doc.data.get('vchain')!r}: this vchain reads format 1",
            path,
            hint="write `vchain: 1`",
        )
    message, hint = _value_problem(doc, error, path, loc)
    field_name = _field_name(path, loc)
    if field_name:
        text = f"{field_name}{where}: {message}"
    elif where:
        text = f"{where.removeprefix(' in ')}: {message}"
    else:
        text = message
    return doc.make(
        "VC012",
        "error",
        "schema",
        text,
        path,
        key=kind in ("string_pattern_mismatch", "string_too_long") and _is_key(doc, path, loc),
        hint=hint,
    )


def _value_problem(
    doc: ChainDocument, error: Any, path: tuple[Any, ...], loc: tuple[Any, ...]
) -> tuple[str, str | None]:
    """The message and hint for a value of the wrong type or form."""
    kind = error["type"]
    value = error.get("input")
    if kind in ("literal_error", "enum"):
        close = difflib.get_close_matches(str(value), allowed_values(loc), n=1, cutoff=0.6)
        return str(error["msg"]), f"did you mean `{close[0]}`?" if close else None
    if kind == "string_pattern_mismatch" and _is_id(loc):
        return f"{value!r} is not a valid id", ID_HINT
    if kind == "string_too_long" and _is_id(loc):
        most = error.get("ctx", {}).get("max_length")
        return f"an id has at most {most} characters; this one has {len(value)}", ID_HINT
    if kind == "bool_type":
        return str(error["msg"]), "write true or false"
    if kind == "quantity_unit" and (split := _after_comma(doc, path)) is not None:
        message = "a comma inside {...} ended the quantity and began a new key"
        return message, f"quote the text: {split[0]}: {split[1]}"
    if kind == "quantity":
        return str(error["msg"]), _quantity_hint(value)
    if kind == "less_than_equal" and error.get("ctx", {}).get("le") == MAX_AMOUNT:
        return f"{value:g} is more than the largest amount vchain reads, 10^15", LARGER_UNIT
    if kind == "quantity_amount":
        return str(error["msg"]), LARGER_UNIT
    return str(error["msg"]), None


def _quantity_hint(value: Any) -> str | None:
    """For `output: about 3100 gal/yr`: the quantity as the format writes it."""
    found = _AMOUNT_IN_TEXT.search(value) if isinstance(value, str) else None
    if found is None or len(found[0]) > 60:
        return None
    return f'write the amount first, "{found[0]}" (words like "about" belong in `notes`)'


LARGER_UNIT = "write the quantity in a larger unit (t instead of kg, k$ instead of $)"
_AMOUNT_IN_TEXT = re.compile(r"\d[\d,]*(?:\.\d+)?\s+\S+")
ID_HINT = "ids are lowercase slugs: a-z, 0-9, '-' and '_', starting with a letter or digit"


def _split_by_comma(doc: ChainDocument, path: tuple[Any, ...]) -> str | None:
    """A hint for `{name: Grow tomatoes, onions and garlic}`: in a flow mapping a comma
    starts a new key, so the end of the text became a key with no value."""
    split = _comma_split(doc, path[:-1], path[-1])
    if split is None:
        return None
    return f"a comma inside {{...}} starts a new key: quote the text, {split[0]}: {split[1]}"


def _comma_split(doc: ChainDocument, parent_path: tuple[Any, ...], name: Any) -> Any:
    """(the key before ``name``, the whole text quoted) where ``name`` is a key with no
    value that follows a plain value on the same line: a comma split them; else None."""
    parent = doc.data
    for segment in parent_path:
        parent = parent[segment]
    if not isinstance(parent, dict) or name not in parent or parent[name] is not None:
        return None
    keys = list(parent)
    at = keys.index(name)
    before = keys[at - 1] if at else None
    value = parent.get(before) if before is not None else None
    if value is None or isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    line, column = doc.pos(*parent_path, before)
    key_line, key_column = doc.pos(*parent_path, name, key=True)
    if doc.pos(*parent_path, before, key=True)[0] != key_line or line != key_line:
        return None
    text = f"{value}, {name}"
    if doc.text is not None and isinstance(name, str):
        source = source_lines(doc.text)[line - 1]
        written = source[column - 1 : key_column - 1 + len(name)].strip()
        text = written if written.endswith(name) else text
    return before, '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _after_comma(doc: ChainDocument, path: tuple[Any, ...]) -> Any:
    """The comma split of the value at ``path`` (`capacity: 80,000 gal/yr` inside
    ``{...}`` reads as 80 and a key `000 gal/yr`), or None."""
    parent = doc.data
    for segment in path[:-1]:
        parent = parent[segment] if isinstance(parent, dict | list) else None
    if not isinstance(parent, dict) or path[-1] not in parent:
        return None
    keys = list(parent)
    at = keys.index(path[-1])
    return _comma_split(doc, path[:-1], keys[at + 1]) if at + 1 < len(keys) else None


def _is_id(loc: tuple[Any, ...]) -> bool:
    return "[key]" in loc or loc[-1] in ("id", "coordinator") or len(loc) >= 2


def _is_key(doc: ChainDocument, path: tuple[Any, ...], loc: tuple[Any, ...]) -> bool:
    return "[key]" in loc


def _field_name(path: tuple[Any, ...], loc: tuple[Any, ...]) -> str:
    tail = [p for p in path[2:] if isinstance(p, str)] if path[:1] != ("chain",) else list(path)
    if len(path) == 1:
        tail = [path[0]]
    return "`" + ".".join(str(p) for p in tail) + "`" if tail else ""


def _where(path: tuple[Any, ...]) -> str:
    if len(path) >= 2 and path[0] in SUBJECT_OF:
        return f" in {SUBJECT_OF[path[0]]} {path[1]}"
    if len(path) >= 2 and path[0] == "interests":
        return f" in interest {path[1]}"
    if path[:1] == ("chain",):
        return " in `chain`"
    if path[:1] in (("leverage",), ("analysis",)):
        return f" in `{path[0]}`"
    return ""


def _known(options: list[str]) -> str | None:
    if not options:
        return None
    return "known keys: " + ", ".join(options)
