"""A chain as tables, one per section, and the tables back as a chain: losslessly.

The one mapping that the xlsx workbook and the csv folder share.  Each section of the
format is a table named after it (``chain``, ``functions``, ``partners``, ``flows``,
``interests``, ``resources``, ``opportunities``, ``investments``, ``indicators``); one row
an item, in the file's order; keyed sections start with an ``id`` column; the columns
come from the model (:mod:`vchain.bridges.columns`).  Optional settings sections
(``leverage``, ``analysis``) are rows of a ``settings`` table: ``leverage.capitals | 0.2``.
A key that the file leaves out is an empty cell, and an empty cell is a key left out, so
defaults stay defaults.

Read back, every problem names its sheet, row and column; the chain is checked against
the model before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from vchain.bridges import cells
from vchain.bridges.columns import (
    KEYED,
    LISTED,
    SETTING,
    SINGLE,
    Column,
    Section,
    get_path,
    sections,
    set_path,
)
from vchain.bridges.problems import Collector, Place
from vchain.model import FORMAT_VERSION, Chain
from vchain.safetext import visible

SETTINGS = "settings"
FINDINGS = "findings"
LEVERAGE_POINTS = "leverage points"
ABOUT = "about"
READ_ONLY = (FINDINGS, LEVERAGE_POINTS, ABOUT)
"""Tables written for people that import ignores."""
SETTING_HEADER = ["setting", "value"]
IGNORED_COLUMN_START = ("#", "(")
"""A column whose header starts so is a person's own: import skips it."""


@dataclass
class Table:
    """A sheet or a csv file: a name, a header row and rows of cell values."""

    name: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    read_only: bool = False


@dataclass
class RawSheet:
    """A sheet as read: its name and its rows with their 1-based row numbers.

    ``file`` is set for a sheet that is a file of its own (a csv file): problems then
    name that file and no sheet."""

    name: str
    rows: list[tuple[int, list[Any]]]
    file: str | None = None

    def place(self, workbook: str, row: int | None = None, column: str | None = None) -> Place:
        if self.file is not None:
            return Place(self.file, None, row, column)
        return Place(workbook, self.name, row, column)


# -- chain -> tables ----------------------------------------------------------------


def chain_tables(chain: Chain) -> list[Table]:
    """Every section of the chain as a table (and the settings as one)."""
    data = chain.model_dump(by_alias=True, exclude_unset=True)
    out: list[Table] = []
    settings = Table(SETTINGS, list(SETTING_HEADER))
    for section in sections():
        if section.shape == SETTING:
            settings.rows.extend(_setting_rows(section, data.get(section.key)))
        else:
            out.append(_section_table(section, data.get(section.key)))
    out.append(settings)
    return out


def _section_table(section: Section, block: Any) -> Table:
    columns = section.columns
    table = Table(section.key, [c.name for c in columns])
    for item in _items(section, block):
        table.rows.append([c.cell(get_path(item, c.path)) for c in columns])
    return table


def _items(section: Section, block: Any) -> Iterable[dict[str, Any]]:
    if block is None:
        return []
    if section.shape == KEYED:
        return ({"id": key, **value} for key, value in block.items())
    if section.shape == LISTED:
        return list(block)
    return [block]


def _setting_rows(section: Section, block: Any) -> list[list[Any]]:
    if block is None:
        return []
    rows = [
        [f"{section.key}.{c.name}", c.cell(get_path(block, c.path))]
        for c in section.columns
        if get_path(block, c.path) is not None
    ]
    return rows or [[section.key, None]]


# -- tables -> chain ------------------------------------------------------------------


@dataclass
class ReadResult:
    """The chain's data read from tables, the row of every item, and what was ignored."""

    data: dict[str, Any]
    rows: dict[tuple[str, Any], tuple[RawSheet, int]]
    ignored: list[str]


def chain_data(sheets: list[RawSheet], file: str) -> ReadResult:
    """The chain's data (as its YAML would hold it) from tables; raises BridgeError."""
    problems = Collector()
    by_name: dict[str, RawSheet] = {}
    ignored: list[str] = []
    known = {s.key for s in sections() if s.shape != SETTING} | {SETTINGS}
    for sheet in sheets:
        name = sheet.name.strip().lower()
        if name in known and name not in by_name:
            by_name[name] = sheet
        elif name not in READ_ONLY:
            ignored.append(sheet.name)
    if "chain" not in by_name:
        names = ", ".join(repr(visible(s.name)) for s in sheets) or "none"
        problems.add(Place(file), f"no sheet named `chain` (sheets: {names})")
        problems.check(_HINT)
    _whole_set(sheets, by_name, file, problems)
    reader = _Reader(file, problems)
    data: dict[str, Any] = {"vchain": FORMAT_VERSION}
    for section in sections():
        if section.shape == SETTING:
            continue
        found = by_name.get(section.key)
        block = reader.section(section, found) if found is not None else None
        if block or (block is not None and section.required):
            data[section.key] = block  # an optional section with no rows stays out
        elif section.required:
            data[section.key] = {} if section.shape == KEYED else []
    if SETTINGS in by_name:
        data.update(reader.settings(by_name[SETTINGS]))
    chain = _validate(data, reader, problems)
    problems.check(_HINT)
    assert chain is not None  # no problem, so the data made a chain
    _check_references(chain, data, reader, problems)
    problems.check(_HINT)
    return ReadResult(data, reader.rows, ignored)


_HINT = (
    "A vchain workbook (or csv folder) has a sheet per section (chain, functions, "
    "partners, flows, ...), as `vchain export --format xlsx` writes it."
)


def _whole_set(
    sheets: list[RawSheet], by_name: dict[str, RawSheet], file: str, problems: Collector
) -> None:
    """Every table of an export there, each with its header row: a folder that lost a
    file (or a file cut short) would otherwise come back as a chain with pieces missing."""
    wanted = [s.key for s in sections() if s.shape != SETTING] + [SETTINGS]
    missing = [name for name in wanted if name not in by_name]
    folder = bool(sheets) and all(s.file is not None for s in sheets)
    if missing:
        listed = ", ".join(f"{n}.csv" if folder else n for n in missing)
        what = "the folder has no file" if folder else "the workbook has no sheet"
        problems.add(
            Place(file),
            f"{what} {listed}: a vchain export has one for every section (an empty section "
            "is one with its header row only), so this one is incomplete; export the chain "
            "again, or add what is missing",
        )
    for name in wanted:
        sheet = by_name.get(name)
        if sheet is not None and not sheet.rows:
            problems.add(
                sheet.place(file),
                "empty: not even the header row (a file cut short?); export the chain again",
            )
    problems.check(_HINT)


class _Reader:
    def __init__(self, file: str, problems: Collector) -> None:
        self.file = file
        self.problems = problems
        self.rows: dict[tuple[str, Any], tuple[RawSheet, int]] = {}

    def _header(self, section: Section, sheet: RawSheet) -> list[tuple[int, Column]] | None:
        """(cell index, column) of every column the header names."""
        if not sheet.rows:
            return []
        number, header = sheet.rows[0]
        columns = {c.name: c for c in section.columns}
        out: list[tuple[int, Column]] = []
        seen: set[str] = set()
        place = sheet.place(self.file, number)
        ok = True
        for index, cell in enumerate(header):
            name = (cells.read_text(cell) or "").strip().lower()
            if not name or name.startswith(IGNORED_COLUMN_START):
                continue
            if name in seen:
                self.problems.add(place.at(row=number, column=name), "this column is given twice")
                ok = False
            elif name not in columns:
                self.problems.add(place.at(column=name), _unknown_column(name, columns))
                ok = False
            else:
                seen.add(name)
                out.append((index, columns[name]))
        return out if ok else None

    def _item(
        self, sheet: RawSheet, number: int, row: list[Any], header: list[tuple[int, Column]]
    ) -> dict[str, Any]:
        item: dict[str, Any] = {}
        for index, column in header:
            cell = row[index] if index < len(row) else None
            try:
                value = column.value(cell)
            except cells.CellError as exc:
                self.problems.add(sheet.place(self.file, number, column.name), str(exc))
                continue
            if value is not None:
                set_path(item, column.path, value)
        return _quantities_as_text(item)

    def section(self, section: Section, sheet: RawSheet) -> Any:
        header = self._header(section, sheet)
        if header is None:
            return {} if section.shape == KEYED else []
        keyed: dict[str, Any] = {}
        listed: list[Any] = []
        for number, row in sheet.rows[1:]:
            if all(c is None or c == "" for c in row):
                continue
            item = self._item(sheet, number, row, header)
            if section.shape == KEYED:
                self._keyed(section, sheet, number, item, keyed)
            else:
                self.rows[(section.key, len(listed))] = (sheet, number)
                listed.append(item)
        if section.shape == SINGLE:
            return self._single(sheet, listed)
        return keyed if section.shape == KEYED else listed

    def _keyed(
        self, section: Section, sheet: RawSheet, number: int, item: dict[str, Any], out: Any
    ) -> None:
        key = item.pop("id", None)
        place = sheet.place(self.file, number, "id")
        if key is None:
            self.problems.add(place, "the id is empty; every row of this sheet needs one")
        elif key in out:
            first = self.rows[(section.key, key)][1]
            self.problems.add(place, f"the id {key!r} is used again (first in row {first})")
        else:
            out[key] = item
            self.rows[(section.key, key)] = (sheet, number)

    def _single(self, sheet: RawSheet, items: list[Any]) -> Any:
        if len(items) > 1:
            number = self.rows[("chain", 1)][1]
            self.problems.add(
                sheet.place(self.file, number), "the chain sheet holds one row: one chain"
            )
        if items:
            self.rows[("chain", None)] = self.rows.pop(("chain", 0))
        return items[0] if items else {}

    def settings(self, sheet: RawSheet) -> dict[str, Any]:
        sections_by_key = {s.key: s for s in sections() if s.shape == SETTING}
        out: dict[str, Any] = {}
        for number, row in sheet.rows[1:]:
            name = (cells.read_text(row[0] if row else None) or "").strip().lower()
            if not name or name.startswith(IGNORED_COLUMN_START):
                continue
            key, _, rest = name.partition(".")
            place = sheet.place(self.file, number, "setting")
            section = sections_by_key.get(key)
            if section is None:
                known = ", ".join(sorted(sections_by_key))
                self.problems.add(place, f"unknown setting {name!r}; settings are of {known}")
                continue
            block = out.setdefault(key, {})
            self.rows[(key, rest or None)] = (sheet, number)
            if rest:
                self._setting(section, rest, row, place, block)
        return out

    def _setting(
        self, section: Section, name: str, row: list[Any], place: Place, block: dict[str, Any]
    ) -> None:
        column = next((c for c in section.columns if c.name == name), None)
        if column is None:
            self.problems.add(place, _unknown_column(name, {c.name: c for c in section.columns}))
            return
        try:
            value = column.value(row[1] if len(row) > 1 else None)
        except cells.CellError as exc:
            self.problems.add(place.at(row=place.row, column="value"), str(exc))
            return
        if value is not None:
            set_path(block, column.path, value)


def _unknown_column(name: str, columns: dict[str, Column]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(columns), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else "columns: " + ", ".join(columns)
    return f"unknown column {name!r}: {hint} (a column of your own: start its header with #)"


def _quantities_as_text(item: dict[str, Any]) -> dict[str, Any]:
    """``{amount: 25, unit: t/yr}`` as ``"25 t/yr"`` where that reads back the same."""
    from vchain.bridges.quantities import as_text

    for key, value in item.items():
        if isinstance(value, dict):
            if set(value) == {"amount", "unit"}:
                item[key] = as_text(value)
            else:
                _quantities_as_text(value)
    return item


# -- checking against the model ----------------------------------------------------------


def _validate(data: dict[str, Any], reader: _Reader, problems: Collector) -> Chain | None:
    try:
        return Chain.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            place, message = _where(error, reader)
            problems.add(place, message)
    return None


def _where(error: Any, reader: _Reader) -> tuple[Place, str]:
    loc = [p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
    message = _message(error)
    section = loc[0] if loc else "chain"
    by_key = {s.key: s for s in sections()}
    shape = by_key[section].shape if section in by_key else SINGLE
    if shape == SINGLE:
        key, rest = None, loc[1:]
    elif shape == SETTING:
        key, rest = (loc[1] if len(loc) > 1 else None), []
        message = f"{'.'.join(map(str, loc))}: {message}"
    else:
        key, rest = (loc[1] if len(loc) > 1 else None), loc[2:]
    column = "id" if rest[-1:] == ["[key]"] else _column(by_key.get(section), rest)
    found = reader.rows.get((section, key))
    if found is None:
        return Place(reader.file, SETTINGS if shape == SETTING else section, None, column), message
    sheet, row = found
    return sheet.place(reader.file, row, column), message


def _column(section: Section | None, rest: list[Any]) -> str | None:
    if section is None or not rest:
        return None
    names = [c.name for c in section.columns]
    parts = [str(p) for p in rest if not isinstance(p, int)]
    while parts:
        name = ".".join(parts)
        match = next((n for n in names if n == name or n.startswith(name + ".")), None)
        if match is not None:
            return name if name in names else match
        parts.pop()
    return None


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "empty, and it is required"
    if kind == "string_pattern_mismatch":  # never the pattern itself: words
        from vchain.loading.schema_errors import ID_HINT

        return f"{visible(str(error.get('input')))!r} is not a valid id; {ID_HINT}"
    return str(error["msg"]).removeprefix("Value error, ")


def _check_references(
    chain: Chain, data: dict[str, Any], reader: _Reader, problems: Collector
) -> None:
    """The errors `vchain validate` would find in the references (a flow to a partner
    that is not there, an investment by nobody known, a key for another partner type),
    each at its sheet, row and column: imported, the chain would not analyze."""
    from vchain.bridges.refcheck import reference_errors

    for path, message in reference_errors(chain, data, reader.file):
        place, _ = _where({"loc": path, "type": "reference", "msg": message}, reader)
        problems.add(place, message)
