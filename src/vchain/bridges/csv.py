"""Tables as a folder of csv files (UTF-8, a header row), and csv files read back.

One file a table: ``chain.csv``, ``functions.csv``, ..., ``settings.csv``, and the
read-only ``findings.csv`` and ``leverage-points.csv``.  Written as UTF-8 without a
byte-order mark, comma-separated, ``\\n`` line ends, fields quoted where needed; a text
that a spreadsheet would run as a formula is guarded (:mod:`vchain.bridges.cells`).

Read: UTF-8 with or without a byte-order mark.  Other encodings are refused with the
place of the first byte that is not UTF-8 and how to save the file as UTF-8: guessing
between Latin-1, Windows-1252 and the others would silently change names.  The
separator is a comma, or the semicolon or tab that the header row uses (as Excel writes
csv in many European locales).
"""

from __future__ import annotations

import csv
import io
import os
from datetime import date
from pathlib import Path
from typing import Any

from vchain.bridges.cells import guard_formula, number_text, unguard_formula
from vchain.bridges.limits import DEFAULT, Limits, read_bounded
from vchain.bridges.problems import Place, refuse
from vchain.bridges.tables import RawSheet, Table

FIELD_LIMIT = 16 * 1024 * 1024
SAVE_AS_UTF8 = (
    "save it as UTF-8: in Excel, File > Save As > 'CSV UTF-8 (Comma delimited)'; "
    "in LibreOffice, tick 'Edit filter settings' and choose 'Unicode (UTF-8)'"
)


def file_name(table: str) -> str:
    """``leverage points`` -> ``leverage-points.csv``."""
    return table.replace(" ", "-") + ".csv"


def table_name(path: Path) -> str:
    return path.stem.replace("-", " ").strip().lower()


# -- writing ------------------------------------------------------------------------------


def csv_text(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([guard_formula(h) for h in table.header])
    for row in table.rows:
        writer.writerow([_field(v) for v in row])
    return out.getvalue()


def _field(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return guard_formula(str(value))


def own_files() -> frozenset[str]:
    """Every file a csv export may write: one a section, the settings, the read-only two."""
    from vchain.bridges.columns import SETTING, sections
    from vchain.bridges.tables import READ_ONLY, SETTINGS

    tables = [s.key for s in sections() if s.shape != SETTING] + [SETTINGS, *READ_ONLY]
    return frozenset(file_name(t) for t in tables)


def write_folder(tables: list[Table], folder: Path) -> list[Path]:
    """Write each table as FOLDER/NAME.csv, the folder replaced whole and atomically
    (:mod:`vchain.bridges.folder`): a failed write leaves the old folder as it was."""
    from vchain.bridges.folder import write_folder_atomically

    files = [(file_name(t.name), csv_text(t).encode("utf-8")) for t in tables]
    write_folder_atomically(files, folder, own_files(), folder.as_posix())
    return [folder / name for name, _ in files]


# -- reading ------------------------------------------------------------------------------


def read_csv(
    path: str | os.PathLike[str], shown: str, limits: Limits = DEFAULT, raw: bytes | None = None
) -> RawSheet:
    """One csv file as a sheet named after the file (``raw``: its bytes, already read);
    raises BridgeError."""
    if raw is None:
        raw = read_bounded(path, shown, limits.max_file_bytes)
    text = _decode(raw, shown)
    return RawSheet(Path(path).stem, _rows(text, shown, limits), file=shown)


def _decode(raw: bytes, shown: str) -> str:
    place = Place(shown)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refuse(place, f"the file is UTF-16 (Excel's 'Unicode Text'); {SAVE_AS_UTF8}")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise refuse(place.at(row=raw[:nul].count(b"\n") + 1), "this is a binary file, not csv")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start]
        raise refuse(
            place.at(row=line),
            f"the file is not UTF-8 (byte 0x{byte:02x} on line {line}; it looks like "
            f"Latin-1 or Windows-1252); {SAVE_AS_UTF8}",
        ) from None


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 and counts[","] == 0 else ","


def _rows(text: str, shown: str, limits: Limits) -> list[tuple[int, list[Any]]]:
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    delimiter = _delimiter(text)
    if text.count('"') % 2 and _ends_inside_quotes(text, delimiter):
        raise refuse(
            Place(shown, row=text.count("\n") + 1),
            "the file ends inside a quoted text: it was cut short, or a closing quote is "
            "missing; export the chain again (or close the quote)",
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows: list[tuple[int, list[Any]]] = []
    try:
        for number, row in enumerate(reader, start=1):
            if number > limits.max_rows:
                raise refuse(
                    Place(shown),
                    f"more than {limits.max_rows:,} rows; vchain reads at most that many a file",
                )
            if len(row) > limits.max_columns:
                raise refuse(Place(shown, row=number), f"more than {limits.max_columns:,} columns")
            cells: list[Any] = [unguard_formula(c) for c in row]
            while cells and cells[-1] == "":
                cells.pop()
            rows.append((number, cells))
    except csv.Error as exc:
        raise refuse(Place(shown, row=reader.line_num), f"not valid csv: {exc}") from None
    return rows


def _ends_inside_quotes(text: str, delimiter: str) -> bool:
    """Whether the text stops in the middle of a quoted field (a lenient reader would
    take the rest of the file as that field's text and say nothing)."""
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def read_folder(folder: Path, shown: str, limits: Limits = DEFAULT) -> list[RawSheet]:
    """Every ``*.csv`` file of a folder as a sheet named after the file."""
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
    if not files:
        raise refuse(Place(shown), "this folder holds no .csv files")
    if len(files) > 100:
        raise refuse(Place(shown), f"this folder holds {len(files)} csv files; too many")
    out = []
    for path in files:
        sheet = read_csv(path, f"{shown.rstrip('/')}/{path.name}", limits)
        out.append(RawSheet(table_name(path), sheet.rows, sheet.file))
    return out
