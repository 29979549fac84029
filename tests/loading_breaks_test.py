"""U+0085, U+2028 and U+2029 are characters in YAML 1.2: the loader keeps them in values,
keys and comments, and every position stays where an editor shows it."""

from __future__ import annotations

import pytest

from vchain.loading.breaks import SEPARATORS, protect
from vchain.loading.yamlfast import read_yaml


@pytest.mark.parametrize("separator", list(SEPARATORS))
def test_values_and_keys_keep_the_character(separator: str) -> None:
    text = f"a{separator}b: x{separator}y  # note{separator}more\nc: 'q{separator}r'\nd: 1\n"
    loaded = read_yaml(text)
    assert loaded.data == {f"a{separator}b": f"x{separator}y", "c": f"q{separator}r", "d": 1}
    assert loaded.positions.keys["d"] == (3, 1)  # type: ignore[union-attr]


def test_placeholders_are_neither_in_the_text_nor_written_as_escapes() -> None:
    """A placeholder the file holds, raw or as a double-quoted escape, is never used."""
    text = 'a: "\\ue000 \\uE001"\nb: "\ue002"\nc: x\u2028y\n'
    protected = protect(text)
    assert "\u2028" not in protected.text
    used = {chr(code) for code in (protected.back or {})}
    assert used.isdisjoint({"\ue000", "\ue001", "\ue002"})
    assert protected.restore(protected.text) == text
    assert read_yaml(text).data == {"a": "\ue000 \ue001", "b": "\ue002", "c": "x\u2028y"}


def test_a_text_without_them_is_left_alone() -> None:
    protected = protect("a: 1\n")
    assert protected.back is None and protected.text == "a: 1\n"


def test_escapes_still_mean_what_they_mean() -> None:
    assert read_yaml('a: "x\\Ly\\Nz\\Pw"\n').data == {"a": "x\u2028y\x85z\u2029w"}
