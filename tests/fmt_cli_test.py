"""`vchain fmt` on files: --check, atomic replacement, refusals, stdin, --upgrade."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, EXAMPLES

MESSY = DATA / "git" / "messy.chain.yaml"
FORMATTED = DATA / "git" / "messy.formatted.yaml"


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    target = tmp_path / "messy.chain.yaml"
    target.write_bytes(MESSY.read_bytes())
    return target


def test_fmt_rewrites_in_place(cli, messy: Path) -> None:
    result = cli("fmt", messy)
    assert messy.read_text(encoding="utf-8") == FORMATTED.read_text(encoding="utf-8")
    assert "reformatted" in result.stderr
    assert result.stdout == ""
    again = cli("fmt", messy)
    assert "1 file already formatted" in again.stderr


def test_check_changes_nothing_and_prints_a_diff(cli, messy: Path) -> None:
    before = messy.read_bytes()
    result = cli("fmt", "--check", messy, expect=1)
    assert messy.read_bytes() == before
    assert result.stdout.startswith(f"--- {messy}")
    assert "\n+  name: Messy\n" in result.stdout
    assert "would reformat" in result.stderr


def test_check_passes_on_a_formatted_file(cli, tmp_path: Path) -> None:
    target = tmp_path / "chain.yaml"
    target.write_bytes(FORMATTED.read_bytes())
    result = cli("fmt", "--check", target)
    assert result.stdout == ""


def test_check_on_a_folder_reports_each_file(cli, tmp_path: Path) -> None:
    (tmp_path / "a.chain.yaml").write_bytes(MESSY.read_bytes())
    (tmp_path / "b.chain.yaml").write_bytes(FORMATTED.read_bytes())
    result = cli("fmt", "--check", tmp_path, expect=1)
    assert "1 file would be reformatted, 1 file already formatted" in result.stderr


def test_file_mode_and_symlink_are_kept(cli, messy: Path, tmp_path: Path) -> None:
    messy.chmod(0o640)
    link = tmp_path / "link.chain.yaml"
    link.symlink_to(messy.name)
    cli("fmt", link)
    assert link.is_symlink()
    assert stat.S_IMODE(messy.stat().st_mode) == 0o640
    assert messy.read_text(encoding="utf-8") == FORMATTED.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.chain.yaml", "messy.chain.yaml"]


def test_a_failed_rename_leaves_the_original(cli, messy: Path, monkeypatch) -> None:
    before = messy.read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    result = cli("fmt", messy, expect=2)
    assert messy.read_bytes() == before
    assert "No space left on device" in result.stderr
    assert [p.name for p in messy.parent.iterdir()] == [messy.name]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"vchain: 1\nchain: [unclosed\n", "YAML"),
        (b"vchain: 1\nvchain: 1\n", "duplicate"),
        (b"\xff\xfe v\x00", "UTF-16"),
        (b"", "empty"),
    ],
)
def test_unreadable_files_are_refused(cli, tmp_path: Path, content: bytes, message: str) -> None:
    target = tmp_path / "chain.yaml"
    target.write_bytes(content)
    result = cli("fmt", target, expect=2)
    assert target.read_bytes() == content
    assert message.lower() in result.stderr.lower()
    assert "not formatted" in result.stderr


def test_missing_file_is_exit_2(cli, tmp_path: Path) -> None:
    cli("fmt", tmp_path / "nope.chain.yaml", expect=2)


def test_schema_errors_do_not_stop_formatting(cli, tmp_path: Path) -> None:
    target = tmp_path / "chain.yaml"
    target.write_text("vchain: 1\nchain:\n  colour: red\n  name: x\n", encoding="utf-8")
    cli("fmt", target)
    assert target.read_text(encoding="utf-8") == "vchain: 1\nchain:\n  name: x\n  colour: red\n"


def test_crlf_and_byte_order_mark_are_normalized(cli, tmp_path: Path) -> None:
    target = tmp_path / "chain.yaml"
    target.write_bytes(b"\xef\xbb\xbfvchain: 1\r\nchain:\r\n  name: x\r\n")
    cli("fmt", "--check", target, expect=1)
    cli("fmt", target)
    assert target.read_bytes() == b"vchain: 1\nchain:\n  name: x\n"


def test_stdin_to_stdout(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vchain.cli.main", "fmt", "-"],
        input=MESSY.read_bytes(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == FORMATTED.read_bytes()


def test_upgrade_says_format_1_is_current(cli, messy: Path, tmp_path: Path) -> None:
    result = cli("fmt", "--upgrade", messy)
    assert "format 1 is the current format" in result.stderr
    future = tmp_path / "future.chain.yaml"
    future.write_text("vchain: 2\nchain: {name: x}\n", encoding="utf-8")
    result = cli("fmt", "--upgrade", future, expect=2)
    assert "cannot upgrade from format 2" in result.stderr


def test_fmt_keeps_the_examples_valid(cli, tmp_path: Path) -> None:
    for example in EXAMPLES:
        target = tmp_path / example.name
        target.write_bytes(example.read_bytes())
    cli("fmt", tmp_path)
    result = cli("validate", tmp_path, "--fail-on", "info")
    assert "No problems in 3 files." in result.stdout
    cli("fmt", "--check", tmp_path)
