"""Bad and hostile sources for `vchain import`: each refused with exit 2 and a message that
names the file (and the sheet and row, or the JSON path), nothing written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES
from vchain.bridges.limits import MIB, Limits

BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + ']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    "</sheetData></worksheet>"
)


def _refused(cli, source: Path | str, tmp_path: Path, *words: str) -> str:
    out = tmp_path / "never.chain.yaml"
    result = cli("import", source, "-o", out, expect=2)
    assert not out.exists()
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    return result.stderr


@pytest.fixture
def workbook(cli, tmp_path: Path) -> Path:
    path = tmp_path / "chain.xlsx"
    cli("export", EXAMPLES[0], "-o", path)
    return path


def test_a_text_file_named_xlsx_is_not_a_workbook(cli, tmp_path: Path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("Label,Type\nA,demand\n", "utf-8")
    _refused(cli, fake, tmp_path, "fake.xlsx", "not an Excel workbook")


def test_an_old_xls_workbook_is_named_as_such(cli, tmp_path: Path):
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    _refused(cli, old, tmp_path, "old.xls", "Excel 97-2003", "save it as .xlsx")


def test_a_broken_zip_is_refused(cli, tmp_path: Path, workbook: Path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(workbook.read_bytes()[:2000])
    _refused(cli, broken, tmp_path, "broken.xlsx", "not a readable .xlsx workbook")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(cli, tmp_path: Path):
    bomb = tmp_path / "bomb.xlsx"
    chunk = bytes(MIB)
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(Limits().max_unpacked_bytes // MIB + 1):
            member.write(chunk)
    assert bomb.stat().st_size < 2 * MIB
    _refused(cli, bomb, tmp_path, "bomb.xlsx", "would unpack to", "zip bomb")


def test_a_workbook_over_the_size_limit_is_refused_unread(cli, tmp_path: Path):
    huge = tmp_path / "huge.xlsx"
    with open(huge, "wb") as handle:
        handle.truncate(Limits().max_file_bytes + 1)  # sparse: costs no disk
    _refused(cli, huge, tmp_path, "huge.xlsx", "larger than the 64 MiB")


def test_an_xml_bomb_inside_a_workbook_is_refused(cli, tmp_path: Path, workbook: Path):
    hostile = tmp_path / "laughs.xlsx"
    with (
        zipfile.ZipFile(workbook) as source,
        zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = BOMB.encode()
            target.writestr(info.filename, data)
    _refused(cli, hostile, tmp_path, "laughs.xlsx", "declares entities", "XML bomb")


def test_defusedxml_is_what_openpyxl_parses_with() -> None:
    import openpyxl
    from openpyxl.xml.functions import fromstring

    assert openpyxl.DEFUSEDXML is True
    from defusedxml import EntitiesForbidden

    with pytest.raises(EntitiesForbidden):
        fromstring(BOMB)


def test_a_sheet_of_100000_rows_is_refused(cli, tmp_path: Path):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Elements")
    sheet.append(["Label", "Type"])
    for number in range(100_000):
        sheet.append([f"element {number}", "demand"])
    path = tmp_path / "long.xlsx"
    book.save(path)
    _refused(cli, path, tmp_path, "long.xlsx, sheet Elements", "more than 50,000 rows")


def test_a_csv_of_100000_rows_is_refused(cli, tmp_path: Path):
    path = tmp_path / "long.csv"
    path.write_text("Label,Type\n" + "x,demand\n" * 100_000, "utf-8")
    _refused(cli, path, tmp_path, "long.csv", "more than 50,000 rows")


def test_a_latin1_csv_is_refused_with_the_line_and_how_to_save_utf8(cli, tmp_path: Path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("Label,Type\nCafé,demand\n".encode("latin-1"))
    _refused(cli, path, tmp_path, "latin1.csv, row 2", "not UTF-8", "byte 0xe9", "CSV UTF-8")


def test_a_utf16_csv_is_refused(cli, tmp_path: Path):
    path = tmp_path / "utf16.csv"
    path.write_bytes("Label,Type\nA,demand\n".encode("utf-16"))
    _refused(cli, path, tmp_path, "utf16.csv", "UTF-16")


def test_a_csv_with_a_byte_order_mark_is_read(cli, tmp_path: Path):
    path = tmp_path / "bom.csv"
    path.write_bytes("Label,Type\nCafé,demand\n".encode("utf-8-sig"))
    out = tmp_path / "bom.chain.yaml"
    cli("import", path, "-o", out)
    assert "name: Café" in out.read_text("utf-8")


def test_a_vchain_csv_folder_with_a_bom_and_semicolons_is_read(cli, tmp_path: Path):
    folder = tmp_path / "tables"
    cli("export", EXAMPLES[0], "-o", f"{folder}/")
    partners = folder / "partners.csv"
    partners.write_bytes(b"\xef\xbb\xbf" + partners.read_bytes())
    out = tmp_path / "back.chain.yaml"
    cli("import", folder, "-o", out)
    cli("diff", EXAMPLES[0], out)


def test_a_blueprint_that_is_not_json_names_the_line(cli, tmp_path: Path):
    path = tmp_path / "map.json"
    path.write_text('{"elements": [\n  {"label": "A",}\n]}', "utf-8")
    _refused(cli, path, tmp_path, "map.json, row 2", "not JSON", "line 2")


def test_json_nested_too_deeply_is_refused(cli, tmp_path: Path):
    path = tmp_path / "deep.json"
    path.write_text('{"elements": ' + "[" * 100_000 + "]" * 100_000 + "}", "utf-8")
    _refused(cli, path, tmp_path, "deep.json", "nested too deeply")


def test_a_binary_file_is_not_imported(cli, tmp_path: Path):
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    _refused(cli, path, tmp_path, "photo.png", "not a file vchain imports")


def test_a_missing_source_is_named(cli, tmp_path: Path):
    _refused(cli, tmp_path / "nothing.json", tmp_path, "nothing.json", "no such file")


def test_problems_in_an_edited_workbook_name_sheet_row_and_column(cli, tmp_path: Path):
    from openpyxl import load_workbook

    path = tmp_path / "chain.xlsx"
    cli("export", EXAMPLES[0], "-o", path)
    book = load_workbook(path)
    partners = book["partners"]
    partners["C3"] = "buyer"  # type
    partners["L4"] = "lots"  # output.amount
    first = partners["A2"].value
    partners["A5"] = first  # the first row's id again
    book["flows"]["D2"] = "goods"
    book.save(path)
    stderr = _refused(cli, path, tmp_path)
    assert "chain.xlsx, sheet partners, row 3, column type: Input should be" in stderr
    assert f"sheet partners, row 5, column id: the id {first!r} is used again" in stderr
    assert "sheet flows, row 2, column kind" in stderr
    assert "row 4, column output.amount: 'lots' is not a number" in stderr


def test_an_unknown_column_is_refused_and_a_hash_column_is_skipped(cli, tmp_path: Path):
    from openpyxl import load_workbook

    path = tmp_path / "chain.xlsx"
    cli("export", EXAMPLES[0], "-o", path)
    book = load_workbook(path)
    book["functions"]["F1"] = "# my remarks"
    book["functions"]["F2"] = "check with Ana"
    book.save(path)
    out = tmp_path / "back.chain.yaml"
    cli("import", path, "-o", out)
    book["functions"]["G1"] = "stages"
    book.save(path)
    stderr = _refused(cli, path, tmp_path, "sheet functions, row 1, column stages")
    assert "did you mean 'stage'?" in stderr


def test_bounded_reading_stops_at_the_row_limit_without_reading_on() -> None:
    from vchain.bridges.csv import _rows
    from vchain.bridges.problems import BridgeError

    text = io.StringIO()
    text.write("a\n" * 20)
    with pytest.raises(BridgeError, match="more than 10 rows"):
        _rows(text.getvalue(), "t.csv", Limits(max_rows=10))


def test_a_zip_that_is_no_workbook_is_named_so_without_library_words(cli, tmp_path: Path):
    fake = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("photo.txt", "not a sheet")
    stderr = _refused(cli, fake, tmp_path, "photos.xlsx", "a zip archive but not an Excel workbook")
    assert "KeyError" not in stderr
    assert "[Content_Types]" not in stderr


def test_a_workbook_missing_a_part_is_refused_in_plain_words(cli, tmp_path: Path, workbook: Path):
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            if info.filename != "xl/workbook.xml":
                target.writestr(info, source.read(info.filename))
    stderr = _refused(cli, damaged, tmp_path, "damaged.xlsx", "the workbook cannot be read (")
    assert "Error" not in stderr  # no exception's name
    assert "save it again as .xlsx" in stderr


def test_openpyxl_warnings_about_a_workbook_are_not_shown(cli, tmp_path: Path):
    """A workbook whose styles have no named style (as some tools write them) makes
    openpyxl warn "Workbook contains no default style": nothing a person can act on (and
    an error under pytest).  (A chain without dates: their cell formats go too.)"""
    chain = tmp_path / "undated.chain.yaml"
    chain.write_text(
        "vchain: 1\nchain: {name: Soup, region: Valley, market_opportunity: soup, "
        "coordinator: hub}\nfunctions: {cook: {name: Cook}}\npartners:\n"
        "  hub: {name: Hub, type: support, supports: [kitchen]}\n"
        "  kitchen: {name: Kitchen, type: transactional, performs: [cook]}\n"
        "  school: {name: School, type: demand}\n"
        "flows:\n  - {from: kitchen, to: school, kind: product}\n",
        "utf-8",
    )
    workbook = tmp_path / "undated.xlsx"
    cli("export", chain, "-o", workbook)
    plain = tmp_path / "plain.xlsx"
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(plain, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, BARE_STYLES if info.filename == "xl/styles.xml" else data)
    out = tmp_path / "back.chain.yaml"
    result = cli("import", plain, "-o", out)
    assert "default style" not in result.stderr
    assert "Warning" not in result.stderr
    assert out.exists()


BARE_STYLES = (
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders><cellXfs count="40">' + "<xf/>" * 40 + "</cellXfs>"
    "</styleSheet>"
)
"""Cell formats and no named style: openpyxl warns "Workbook contains no default style"."""


def test_a_bad_id_is_told_in_words_not_as_a_pattern(cli, tmp_path: Path, workbook: Path):
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    book["partners"]["A2"] = "County School"
    book.save(workbook)
    stderr = _refused(cli, workbook, tmp_path, "sheet partners, row 2, column id:")
    assert "'county school' is not a valid id; ids are lowercase slugs" in stderr
    assert "^[" not in stderr and "pattern" not in stderr
