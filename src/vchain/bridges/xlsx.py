"""Tables as an Excel workbook (.xlsx), and workbooks read back within limits.

Writing: one sheet a table, a bold frozen header row with filters, columns as wide as
their content (within reason), dates as dates, read-only tables protected; the bytes are
the same for the same chain (fixed timestamps inside the zip and the document
properties).

Reading: the file is checked before openpyxl opens it: its size, that it is a zip (an
``.xls`` or a renamed text file is named as such), the number of members and their
uncompressed size (a zip bomb stops here); openpyxl parses the XML through defusedxml,
which refuses entity declarations (XML bombs).  Each sheet stops at a row limit.
"""

from __future__ import annotations

import contextlib
import io
import os
import warnings
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from vchain.bridges.limits import DEFAULT, MIB, Limits, read_bounded
from vchain.bridges.problems import Place, refuse
from vchain.bridges.source import OLE_MAGIC, ZIP_MAGIC
from vchain.bridges.tables import RawSheet, Table

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
MAX_WIDTH = 60
HEADER_FILL = "DDEBF7"
READ_ONLY_FILL = "EDEDED"
EXCEL_CELL_LIMIT = 32_767


# -- writing -----------------------------------------------------------------------------


def workbook_bytes(tables: list[Table], about: list[str], created: date | None) -> bytes:
    """The tables as the bytes of an .xlsx file, the same bytes for the same input."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook(write_only=True)
    if about:
        _about_sheet(book, about)
    for table in tables:
        _sheet(book, table)
    moment = datetime.combine(created or date(1980, 1, 1), datetime.min.time())
    book.properties.creator = "vchain"
    book.properties.created = moment
    book.properties.modified = moment
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every member's timestamp fixed (zip stamps the current time)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def _about_sheet(book: Workbook, lines: list[str]) -> None:
    from openpyxl.styles import Font

    sheet = book.create_sheet("about")
    sheet.column_dimensions["A"].width = 100
    sheet.protection.sheet = True
    for index, line in enumerate(lines):
        sheet.append([_text_cell(sheet, line, bold=index == 0, font=Font)])


def _sheet(book: Workbook, table: Table) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(table.name)
    for index, width in enumerate(_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    last = get_column_letter(max(len(table.header), 1))
    sheet.freeze_panes = "B2" if table.header[:1] == ["id"] else "A2"
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    fill = PatternFill("solid", fgColor=READ_ONLY_FILL if table.read_only else HEADER_FILL)
    header = []
    for name in table.header:
        cell = _text_cell(sheet, name, bold=True, font=Font)
        cell.fill = fill
        header.append(cell)
    sheet.append(header)
    for number, row in enumerate(table.rows, start=2):
        sheet.append([_value(sheet, table, number, v) for v in row])
    if table.read_only:
        sheet.protection.sheet = True


def _text_cell(sheet: WriteOnlyWorksheet, text: str, *, bold: bool = False, font: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    if bold:
        cell.font = font(bold=True)
    return cell


def _value(sheet: WriteOnlyWorksheet, table: Table, number: int, value: Any) -> Any:
    if isinstance(value, float) and float(f"{value:.16g}") != value:
        return repr(value)  # openpyxl writes 16 digits; the 17th needs the exact text
    if isinstance(value, str):
        if len(value) > EXCEL_CELL_LIMIT:
            raise refuse(
                Place(table.name, table.name, number),
                f"a text of {len(value):,} characters is longer than the {EXCEL_CELL_LIMIT:,} "
                "an Excel cell holds; export this chain as csv",
            )
        if value.startswith(("=", "@", "+", "-")):
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            return cell
    return value


def _widths(table: Table) -> list[float]:
    """Each column as wide as its header and first rows, between 8 and 60 characters."""
    out = []
    for index, name in enumerate(table.header):
        longest = len(name)
        for row in table.rows[:200]:
            value = row[index] if index < len(row) else None
            if value is not None:
                longest = max(longest, len(str(value)))
        out.append(float(min(max(longest + 2, 8), MAX_WIDTH)))
    return out


# -- reading ------------------------------------------------------------------------------


def read_workbook(
    path: str | os.PathLike[str], shown: str, limits: Limits = DEFAULT
) -> list[RawSheet]:
    """Every sheet of a workbook file, row by row; raises BridgeError for what cannot be
    read."""
    return workbook_sheets(read_bounded(path, shown, limits.max_file_bytes), shown, limits)


def workbook_sheets(raw: bytes, shown: str, limits: Limits = DEFAULT) -> list[RawSheet]:
    """Every sheet of a workbook's bytes, row by row (as :func:`read_workbook`)."""
    if len(raw) > limits.max_file_bytes:
        limit = limits.max_file_bytes // MIB
        raise refuse(Place(shown), f"the file is larger than the {limit} MiB vchain reads")
    _check_container(raw, shown, limits)
    book = _open(raw, shown)
    try:
        with _quiet():
            return [RawSheet(ws.title, list(_rows(ws, shown, limits))) for ws in book.worksheets]
    except refuse_types() as exc:
        raise refuse(Place(shown), _why(exc)) from None
    finally:
        book.close()


def _check_container(raw: bytes, shown: str, limits: Limits) -> None:
    place = Place(shown)
    magic = raw[:8]
    if magic.startswith(OLE_MAGIC):
        raise refuse(
            place, "this is an old Excel 97-2003 workbook (.xls); save it as .xlsx and try again"
        )
    if not magic.startswith(ZIP_MAGIC):
        raise refuse(place, "this is not an Excel workbook (.xlsx files are zip archives)")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise refuse(place, f"this is not a readable .xlsx workbook ({exc})") from None
    if len(members) > limits.max_members:
        raise refuse(place, f"the workbook holds {len(members):,} files; too many for a workbook")
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_unpacked_bytes:
        raise refuse(
            place,
            f"the workbook would unpack to {unpacked / MIB:,.0f} MiB, more than the "
            f"{limits.max_unpacked_bytes // MIB} MiB vchain reads (a zip bomb?)",
        )
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise refuse(
            place,
            "this is a zip archive but not an Excel workbook (it has no workbook inside); "
            "save the sheet from Excel or LibreOffice as .xlsx",
        )


def refuse_types() -> tuple[type[BaseException], ...]:
    """What openpyxl and the XML parsers raise for a broken or hostile workbook."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from openpyxl.utils.exceptions import InvalidFileException

    return (
        DefusedXmlException,
        InvalidFileException,
        ParseError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        TypeError,
        EOFError,
        zipfile.LargeZipFile,
    )


def _why(exc: BaseException) -> str:
    from defusedxml import DefusedXmlException

    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__
    if cause is not None:
        return (
            "the workbook's XML declares entities or a DTD, which a spreadsheet never needs: "
            "refused (an XML bomb?)"
        )
    from xml.etree.ElementTree import ParseError

    if isinstance(exc, KeyError):
        detail = "a part of the workbook is missing"
    elif isinstance(exc, ParseError):
        detail = "its XML is not well-formed"
    else:
        detail = "it is damaged, or not laid out as Excel lays out a workbook"
    return (
        f"the workbook cannot be read ({detail}); open it in Excel or LibreOffice and save "
        "it again as .xlsx"
    )


def _open(raw: bytes, shown: str) -> Any:
    from openpyxl import load_workbook

    try:
        with _quiet():
            return load_workbook(io.BytesIO(raw), read_only=True, data_only=True, keep_links=False)
    except refuse_types() as exc:
        raise refuse(Place(shown), _why(exc)) from None


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """openpyxl's warnings about a workbook (no default style, an unknown extension, data
    validation it drops) say nothing a person importing a chain can act on: not shown."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _rows(sheet: Any, shown: str, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells without trailing empties) up to the row limit."""
    sheet.reset_dimensions()  # the stored dimension may lie; read what is there
    place = Place(shown, sheet.title)
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > limits.max_rows:
            raise refuse(
                place,
                f"more than {limits.max_rows:,} rows; vchain reads at most that many a sheet",
            )
        cells = list(row)
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        if len(cells) > limits.max_columns:
            raise refuse(place.at(row=number), f"more than {limits.max_columns:,} columns")
        yield number, cells
