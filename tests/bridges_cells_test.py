"""One value in one cell, and back: texts, lists, numbers, yes/no, the csv formula guard."""

from __future__ import annotations

import pytest

from vchain.bridges import cells


@pytest.mark.parametrize(
    "text",
    ["plain", "", '""', "tab\there", "bell\x07", "cr\r\nlf", "_x0007_", "_x005F_", "a|b", "∑ ü"],
)
def test_texts_come_back_exactly(text: str) -> None:
    assert cells.read_text(cells.text_cell(text)) == text


def test_workbook_unsafe_characters_are_written_as_excel_escapes() -> None:
    assert cells.encode_text("a\x07b\rc") == "a_x0007_b_x000D_c"
    assert cells.decode_text("_x0041_") == "_x0041_"  # only the escapes writing makes


@pytest.mark.parametrize(
    "items",
    [["a", "b"], ["a | b", "c"], ["back\\|slash"], [" padded "], [""], ['["json"]'], ["x"]],
)
def test_lists_come_back_exactly(items: list[str]) -> None:
    assert cells.read_list(cells.join_list(items)) == items


def test_a_person_types_lists_loosely() -> None:
    assert cells.read_list("financing|training | ") == ["financing", "training"]
    assert cells.join_list(["a", "b"]) == "a | b"


@pytest.mark.parametrize("value", ["text", "a | b", '"quoted"', ["one"], ["a", "b"], [], ""])
def test_a_text_or_a_list_stays_what_it_is(value: str | list[str]) -> None:
    assert cells.read_text_or_list(cells.text_or_list_cell(value)) == value


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-3 kg", "@home", "'=quoted", "'plain"])
def test_the_formula_guard_is_undone_on_reading(text: str) -> None:
    guarded = cells.guard_formula(text)
    assert not guarded.lstrip("'").startswith(("=", "+", "-", "@")) or guarded.startswith("'")
    assert cells.unguard_formula(guarded) == text


@pytest.mark.parametrize(
    ("cell", "value"),
    [("25", 25), (25.0, 25), ("0.1", 0.1), ("1e-07", 1e-07), ("40,000", 40000), ("", None)],
)
def test_numbers(cell: object, value: object) -> None:
    assert cells.read_number(cell) == value


@pytest.mark.parametrize("cell", ["lots", "1,5", True, "nan", "inf"])
def test_what_is_not_a_number(cell: object) -> None:
    with pytest.raises(cells.CellError):
        cells.read_number(cell)


@pytest.mark.parametrize(
    ("cell", "value"), [("Yes", True), ("no", False), (True, True), (0, False), ("", None)]
)
def test_yes_and_no(cell: object, value: object) -> None:
    assert cells.read_bool(cell) is value


def test_a_number_prints_as_the_same_number() -> None:
    for number in (25, 0.1, 1e-07, 12345678901234567, 2.9433571682100844e-34):
        assert cells.read_number(cells.number_text(number)) == number
