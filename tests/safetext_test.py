"""Text from a file is shown with its control characters and line breaks visible."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from vchain.safetext import (
    LONGEST_WORD,
    UNSAFE,
    no_commands,
    one_line,
    shorten_words,
    visible,
    visible_lines,
)


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


def test_the_legacy_workflow_command_is_escaped_anywhere() -> None:
    assert visible("a ##[error]x ###[b") == "a #\\x23[error]x ##\\x23[b"
    assert visible(visible("##[set-output]")) == visible("##[set-output]")


def test_no_line_starts_a_workflow_command() -> None:
    text = "ok ::fine\n::error::x\n  \t::warning file=a::b\n\u3000::notice::c\n"
    assert no_commands(text) == (
        "ok ::fine\n\\x3a:error::x\n  \t\\x3a:warning file=a::b\n\u3000\\x3a:notice::c\n"
    )


def test_visible_lines_keeps_lines_and_tabs() -> None:
    assert visible_lines("+a\tb\u202e\r\n-c\x1b\n") == "+a\tb\\u202e\r\n-c\\x1b\n"


@given(st.text())
def test_no_line_of_any_text_starts_a_command(text: str) -> None:
    shown = no_commands(visible_lines(text))
    assert not any(line.lstrip().startswith("::") for line in shown.split("\n"))
    assert "##[" not in shown


def test_shorten_words_cuts_only_words_longer_than_any_id() -> None:
    text = "unknown key `" + "k" * 500 + "` in partner " + "p" * LONGEST_WORD
    shown = shorten_words(text)
    word = 502  # the key and its backticks
    assert shown.startswith("unknown key `" + "k" * 59 + f"…({word - 80} more)…")
    assert shown.endswith("k" * 19 + "` in partner " + "p" * LONGEST_WORD)
    plain = "a " * 400
    assert shorten_words(plain) is plain


def test_a_long_key_is_shown_cut_in_every_finding(cli, tmp_path) -> None:
    path = tmp_path / "long.chain.yaml"
    path.write_text("vchain: 1\nchain: {name: x, " + "z" * 900 + ": 1}\n")
    found = json.loads(cli("validate", path, "-f", "json", expect=1).stdout)["findings"]
    assert found and all(len(f["message"]) < 300 for f in found)
    assert any(f"({902 - 80} more)" in f["message"] for f in found)
