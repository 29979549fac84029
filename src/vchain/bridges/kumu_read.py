"""Kumu maps as they come: JSON blueprints, project exports, Excel and csv sheets.

Read liberally, into one neutral shape (:class:`KumuMap`):

- a blueprint (``{"elements": [{"label": ...}], "connections": [{"from", "to"}]}``) or a
  project export (elements with ``_id`` and ``attributes: {"label", "element type"}``,
  connections whose ``from``/``to`` are ``_id``\\s);
- a workbook or csv files whose sheets have a header row: ``Label`` (elements) or
  ``From`` and ``To`` (connections), in any column, any case, with an optional ``ID``;
  sheets named ``... (ignore)`` are skipped, and two blank rows start a new table
  within a sheet, as Kumu's import guide says.  Several values in one cell are
  separated by ``|``; several labels in a ``To`` cell make one connection each.

Field names are compared without case, spaces, ``_`` or ``-``; values are kept as given
(the importer decides what they mean).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from vchain.bridges import cells
from vchain.bridges.limits import DEFAULT, Limits, read_bounded
from vchain.bridges.problems import Collector, Place, refuse
from vchain.bridges.tables import RawSheet

ID_KEYS = ("id", "_id")
LABEL_KEYS = ("label", "name", "title")
TYPE_KEYS = ("type", "element type", "connection type")
SKIPPED_KEYS = frozenset(
    {"x", "y", "position", "style", "created", "updated", "created at", "updated at"}
)


def norm(name: str) -> str:
    """A field name or type as compared: ``"Element_Type"`` -> ``"element type"``."""
    return " ".join(name.replace("_", " ").replace("-", " ").lower().split())


@dataclass
class Item:
    """An element or a connection: where it was found, and its fields by normal name."""

    place: Place
    fields: dict[str, Any]
    names: dict[str, str] = field(default_factory=dict)
    """normal name -> the name as the source wrote it."""

    def get(self, *keys: str) -> Any:
        for key in keys:
            value = self.fields.get(key)
            if value is not None and value != "":
                return value
        return None

    def text(self, *keys: str) -> str | None:
        value = self.get(*keys)
        if value is None:
            return None
        if isinstance(value, list):
            return " | ".join(str(v) for v in value)
        return cells.read_text(value) if not isinstance(value, str) else value

    @property
    def id(self) -> str | None:
        ident = self.text(*ID_KEYS)
        return ident.strip() if ident else None

    @property
    def type(self) -> str:
        return (self.text(*TYPE_KEYS) or "").strip()


@dataclass
class KumuMap:
    """Elements and connections as read, and the map's name if the source has one."""

    source: str
    kind: str
    elements: list[Item] = field(default_factory=list)
    connections: list[Item] = field(default_factory=list)
    name: str | None = None
    loops: list[str] = field(default_factory=list)
    """A project export's loops, each in a line (they have no place in the format)."""


# -- JSON ---------------------------------------------------------------------------------


def read_blueprint(
    path: str | os.PathLike[str], shown: str, limits: Limits = DEFAULT, raw: bytes | None = None
) -> KumuMap:
    """A Kumu JSON blueprint or project export (``raw``: its bytes, already read);
    raises BridgeError."""
    if raw is None:
        raw = read_bounded(path, shown, limits.max_file_bytes)
    data = _load_json(raw, shown)
    root = Place(shown, path="$")
    if not isinstance(data, dict):
        raise refuse(root, "a Kumu blueprint is a JSON object with `elements` and `connections`")
    problems = Collector()
    project = any(key in data for key in ("maps", "project", "loops"))
    kind = "a Kumu project export" if project else "a Kumu JSON blueprint"
    out = KumuMap(shown, kind, name=_map_name(data), loops=_loops(data))
    for key, target in (("elements", out.elements), ("connections", out.connections)):
        block = data.get(key, [])
        if not isinstance(block, list):
            problems.add(root.child(key), f"`{key}` is a list; here it is {_json_type(block)}")
            continue
        if len(block) > limits.max_items:
            raise refuse(root.child(key), f"more than {limits.max_items:,} {key}")
        for index, entry in enumerate(block):
            place = root.child(key).child(index)
            if not isinstance(entry, dict):
                problems.add(
                    place, f"an item of `{key}` is an object; here it is {_json_type(entry)}"
                )
                continue
            target.append(_json_item(entry, place))
    if not out.elements and "elements" not in data:
        problems.add(root, "no `elements`: this is not a Kumu blueprint")
    problems.check()
    return out


def _load_json(raw: bytes, shown: str) -> Any:
    place = Place(shown)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(place, f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = place.at(row=exc.lineno)
        raise refuse(
            where, f"not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise refuse(place, "the JSON is nested too deeply to be a Kumu blueprint") from None


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a text", bool: "true or false"}
    return names.get(type(value), "a number" if isinstance(value, int | float) else "null")


def _map_name(data: dict[str, Any]) -> str | None:
    for key in ("name", "title"):
        if isinstance(data.get(key), str) and data[key].strip():
            return str(data[key]).strip()
    project = data.get("project")
    if isinstance(project, dict) and isinstance(project.get("name"), str):
        return str(project["name"]).strip() or None
    maps = data.get("maps")
    first = maps[0] if isinstance(maps, list) and maps else None
    if isinstance(first, dict) and isinstance(first.get("name"), str):
        return str(first["name"]).strip() or None
    return None


def _loops(data: dict[str, Any]) -> list[str]:
    """A project export's loops in words: ``Quality loop (reinforcing): description``."""
    loops = data.get("loops")
    if not isinstance(loops, list):
        return []
    out = []
    for loop in loops[:1000]:
        if not isinstance(loop, dict):
            continue
        fields = {**loop, **(loop.get("attributes") or {})}
        label = str(fields.get("label") or fields.get("name") or "a loop").strip()
        kind = str(fields.get("loop type") or fields.get("type") or "").strip()
        text = str(fields.get("description") or "").strip()
        out.append(label + (f" ({kind})" if kind else "") + (f": {text}" if text else ""))
    return out


def _json_item(entry: dict[str, Any], place: Place) -> Item:
    item = Item(place, {})
    merged = dict(entry)
    attributes = merged.pop("attributes", None)
    if isinstance(attributes, dict):
        merged = {**attributes, **{k: v for k, v in merged.items() if k not in attributes}}
    for key, value in merged.items():
        name = norm(str(key)) if key not in ID_KEYS else str(key)
        if name in SKIPPED_KEYS or name in item.fields:
            continue
        item.fields[name] = value
        item.names[name] = str(key)
    return item


# -- sheets -------------------------------------------------------------------------------


def map_from_sheets(sheets: list[RawSheet], shown: str, kind: str) -> KumuMap:
    """Elements and connections from the sheets of a Kumu workbook or csv files."""
    out = KumuMap(shown, kind)
    for sheet in sheets:
        if "(ignore)" in sheet.name.lower():
            continue
        for block in _blocks(sheet.rows):
            _read_block(sheet, block, shown, out)
    if not out.elements:
        raise refuse(
            Place(shown),
            "no elements: Kumu's import format has a sheet (or csv file) whose first row "
            "names the columns, `Label` among them, and one with `From` and `To` for the "
            "connections (for csv files, give the folder that holds both)",
        )
    return out


def _blocks(rows: list[tuple[int, list[Any]]]) -> list[list[tuple[int, list[Any]]]]:
    """The tables of a sheet: two or more blank rows end one (Kumu's single-sheet form)."""
    blocks: list[list[tuple[int, list[Any]]]] = [[]]
    blank = 0
    for number, row in rows:
        if not any(c not in (None, "") for c in row):
            blank += 1
            continue
        if blank >= 2 and blocks[-1]:
            blocks.append([])
        blank = 0
        blocks[-1].append((number, row))
    return [b for b in blocks if b]


def _read_block(
    sheet: RawSheet, block: list[tuple[int, list[Any]]], shown: str, out: KumuMap
) -> None:
    header_row = block[0][1]
    header = [norm(cells.read_text(c) or "") for c in header_row]
    names = [cells.read_text(c) or "" for c in header_row]
    if "from" in header and "to" in header:
        target = out.connections
    elif "label" in header:
        target = out.elements
    else:
        return
    for row_number, row in block[1:]:
        item = Item(sheet.place(shown, row_number), {})
        for index, name in enumerate(header):
            if not name or name in item.fields:
                continue
            value = row[index] if index < len(row) else None
            if value is None or value == "":
                continue
            item.fields["id" if name == "id" else name] = value
            item.names[name] = names[index]
        if target is out.connections and "to" in item.fields:
            target.extend(_split_targets(item))
        else:
            target.append(item)


def _split_targets(item: Item) -> list[Item]:
    """A connection whose `To` cell names several elements (``A|B``) is one per element."""
    text = item.text("to") or ""
    targets = [t.strip() for t in text.split("|") if t.strip()]
    if len(targets) <= 1:
        return [item]
    return [Item(item.place, {**item.fields, "to": t}, item.names) for t in targets]


def is_kumu_sheets(sheets: list[RawSheet]) -> bool:
    """Whether sheets look like Kumu's import format rather than vchain's own tables."""
    names = {s.name.strip().lower() for s in sheets}
    if "chain" in names and "partners" in names:
        return False
    for sheet in sheets:
        for block in _blocks(sheet.rows):
            header = {norm(cells.read_text(c) or "") for c in block[0][1]}
            if "label" in header or {"from", "to"} <= header:
                return True
    return False
