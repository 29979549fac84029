"""Text from a file is shown with its control characters and line breaks visible."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vchain.safetext import UNSAFE, one_line, visible


def test_workflow_commands_and_terminal_escapes_are_made_visible() -> None:
    evil = "Evil\n::error file=forged.yaml,line=1::FORGED\n::stop-commands::x"
    assert visible(evil) == "Evil\\n::error file=forged.yaml,line=1::FORGED\\n::stop-commands::x"
    assert visible("\x1b]0;title\x07\x1b[2J") == "\\x1b]0;title\\x07\\x1b[2J"
    assert visible("a\u2028b\x85c\ufffe\u202e") == "a\\u2028b\\x85c\\ufffe\\u202e"
    assert visible("Café, 40,000 cans/yr") == "Café, 40,000 cans/yr"


def test_one_line_folds_whitespace_and_escapes_the_rest() -> None:
    assert one_line("  two\n  lines\t here ") == "two lines here"
    assert one_line("bell\x07") == "bell\\x07"


@given(st.text())
def test_nothing_unsafe_survives(text: str) -> None:
    shown = visible(text)
    assert UNSAFE.search(shown) is None
    assert "\n" not in one_line(text)
