"""`vchain fmt` on the files of issue 11's red team: every comment kept, no crash on a
file `validate` reads, and the file system treated with care (permissions, owners,
hard links, killed runs, standard input)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA

MESSY = DATA / "git" / "messy.chain.yaml"
FORMATTED = DATA / "git" / "messy.formatted.yaml"
BASE = """\
vchain: 1
chain:
  name: Coord
  region: R
  market_opportunity: soup
  coordinator: c
functions:
  grow: {name: Grow, stage: produce}
partners:
  c:
    name: Coordinator
    type: support
    services: [coordination]
"""


def _write(tmp_path: Path, text: str, name: str = "chain.yaml") -> Path:
    target = tmp_path / name
    target.write_bytes(text.encode("utf-8"))
    return target


def _comments(text: str) -> list[str]:
    return re.findall(r"# c\d+", text)


def _vchain(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # type: ignore[call-overload,no-any-return]
        [sys.executable, "-m", "vchain.cli.main", *args],
        capture_output=True,
        timeout=120,
        check=False,
        **kwargs,
    )


COMMENTED = {
    "CR line breaks": BASE.replace("region: R", "region: R # c1").replace("\n", "\r"),
    "mixed line breaks": BASE.replace("region: R\n", "region: R # c1\r\n").replace(
        "coordinator: c\n", "coordinator: c # c2\r"
    ),
    "multi-line flow mapping": BASE.replace(
        "{name: Grow, stage: produce}", "{\n    name: Grow, # c1\n    stage: produce # c2\n  }"
    ),
    "multi-line flow sequence": BASE.replace(
        "[coordination]", "[ # c1\n      coordination, # c2\n    ]"
    ),
    "anchored scalar": BASE.replace("region: R", "region: &r R # c1").replace(
        "market_opportunity: soup", "market_opportunity: *r # c2"
    ),
    "anchored mapping": BASE.replace("  c:\n", "  c: &c # c1\n"),
    "between key and value": BASE.replace("region: R", "region: # c1\n    # c2\n    R # c3"),
    "around document markers": "# c1\n%YAML 1.2\n--- # c2\n" + BASE + "... # c3\n# c4\n",
}


@pytest.mark.parametrize("text", COMMENTED.values(), ids=COMMENTED.keys())
def test_every_comment_is_kept_in_order(cli, tmp_path: Path, text: str) -> None:
    target = _write(tmp_path, text)
    cli("validate", target)
    cli("fmt", target)
    out = target.read_text(encoding="utf-8")
    assert _comments(out) == _comments(text.replace("\r", "\n")), out
    assert "\r" not in out
    cli("fmt", "--check", target)
    assert cli("validate", target, "-f", "json").stdout == cli(
        "validate", _write(tmp_path, text, "again.yaml"), "-f", "json"
    ).stdout.replace("again.yaml", "chain.yaml")


ODD = {
    "trailing tab": BASE.replace("name: Coord", "name: Coord\t"),
    "tab before a comment": BASE.replace("name: Coord", "name: Coord\t# c1"),
    "tab after the colon": BASE.replace("name: Coord", "name:\tCoord"),
    "tab after a block indicator": BASE.replace(
        "market_opportunity: soup", "market_opportunity: |\t\n    soup"
    ),
    "non-specific tag": BASE.replace("name: Coord", "name: ! 123"),
    "YAML 1.1 directive with an anchor": "%YAML 1.1\n---\n"
    + BASE.replace("region: R", "region: &a yes"),
    "explicit key in a flow sequence": BASE.replace("[coordination]", "[? a]"),
}


@pytest.mark.parametrize("text", ODD.values(), ids=ODD.keys())
def test_files_validate_reads_are_formatted_not_crashed_on(cli, tmp_path: Path, text: str) -> None:
    target = _write(tmp_path, text)
    before = cli("validate", target, "-f", "json", expect=None)
    assert before.code in (0, 1), before
    cli("fmt", target)
    first = target.read_text(encoding="utf-8")
    cli("fmt", "--check", target)  # idempotent
    after = cli("validate", target, "-f", "json", expect=None)
    assert after.stdout == before.stdout, first
    assert _comments(first) == _comments(text)


def test_a_tagged_number_stays_a_string(cli, tmp_path: Path) -> None:
    target = _write(tmp_path, ODD["non-specific tag"])
    cli("fmt", target)
    assert "name: ! 123\n" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_yaml_1_1_line_breaks_are_characters(cli, tmp_path: Path, separator: str) -> None:
    """U+2028, U+2029 and U+0085 break no line in YAML 1.2: in a comment or a value they
    are characters, and every line keeps its number."""
    text = BASE.replace("region: R", f"region: R{separator}S # c1{separator}more").replace(
        "type: support", "type: supporter"
    )
    target = _write(tmp_path, text)
    import json

    report = json.loads(cli("validate", target, "-f", "json", expect=1).stdout)
    (finding,) = [f for f in report["findings"] if f["kind"] == "schema"]
    assert finding["line"] == 12, finding  # the line of `type: supporter`
    from vchain.loading.loader import load_document

    assert load_document(target).data["chain"]["region"] == f"R{separator}S"
    cli("fmt", target)
    out = target.read_text(encoding="utf-8")
    assert f"region: R{separator}S # c1{separator}more\n" in out
    cli("fmt", "--check", target)


def test_byte_order_mark_shows_in_the_diff(cli, tmp_path: Path) -> None:
    target = tmp_path / "chain.yaml"
    target.write_bytes(b"\xef\xbb\xbf" + FORMATTED.read_bytes())
    result = cli("fmt", "--check", target, expect=1)
    assert result.stdout.startswith(f"--- {target}")
    # shown, not hidden: the diff writes the invisible mark as an escape
    assert "-\\ufeff# header of the file\n+# header of the file\n" in result.stdout
    assert "byte-order mark" in result.stderr
    cli("fmt", target)
    assert target.read_bytes() == FORMATTED.read_bytes()


def test_crlf_is_named_in_the_check(cli, tmp_path: Path) -> None:
    target = tmp_path / "chain.yaml"
    target.write_bytes(FORMATTED.read_bytes().replace(b"\n", b"\r\n"))
    result = cli("fmt", "--check", target, expect=1)
    assert "line breaks become LF (they were CRLF)" in result.stderr
    assert result.stdout.count("\n-") > 10


def test_read_only_files_are_refused(cli, tmp_path: Path) -> None:
    target = _write(tmp_path, MESSY.read_text(encoding="utf-8"))
    target.chmod(0o444)
    result = cli("fmt", target, expect=2)
    assert "read-only" in result.stderr
    assert target.read_bytes() == MESSY.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["chain.yaml"]
    cli("fmt", "--check", target, expect=1)  # looking is fine


def test_hard_links_stay_linked(cli, tmp_path: Path) -> None:
    target = _write(tmp_path, MESSY.read_text(encoding="utf-8"))
    other = tmp_path / "linked.yaml"
    os.link(target, other)
    inode = target.stat().st_ino
    cli("fmt", target)
    assert target.stat().st_ino == inode
    assert other.read_bytes() == FORMATTED.read_bytes() == target.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chain.yaml", "linked.yaml"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_owner_and_group_are_kept(cli, tmp_path: Path) -> None:
    target = _write(tmp_path, MESSY.read_text(encoding="utf-8"))
    os.chown(target, 65534, 65534)
    cli("fmt", target)
    assert (target.stat().st_uid, target.stat().st_gid) == (65534, 65534)
    assert target.read_bytes() == FORMATTED.read_bytes()


def test_a_file_whose_owner_cannot_be_kept_is_written_in_place(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user who may write a file of someone else's (a shared folder) may not give a new
    file its owner: the kernel refuses chown, and fmt writes the file in place instead."""
    target = _write(tmp_path, MESSY.read_text(encoding="utf-8"))
    if os.geteuid() == 0:
        os.chown(target, 65534, 65534)

    def refused(*args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chown", refused)
    inode, owner = target.stat().st_ino, target.stat().st_uid
    if owner == os.geteuid():  # not root: a file of our own would need no chown
        pytest.skip("needs a file of another owner (run as root)")
    cli("fmt", target)
    assert (target.stat().st_ino, target.stat().st_uid) == (inode, owner)
    assert target.read_bytes() == FORMATTED.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["chain.yaml"]


def _signalled_at_the_rename(target: Path, sent: int) -> subprocess.CompletedProcess[bytes]:
    """`vchain fmt TARGET` in a process that gets ``sent`` between writing the temporary
    file and renaming it over the original."""
    script = (
        "import os, sys\n"
        f"os.replace = lambda *a, **k: os.kill(os.getpid(), {int(sent)})\n"
        "from vchain.cli.main import main\n"
        "sys.exit(main(['fmt', sys.argv[1]]))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script, str(target)], capture_output=True, timeout=60, check=False
    )


def test_a_killed_run_leaves_a_temporary_file_that_the_next_run_removes(tmp_path: Path) -> None:
    target = _write(tmp_path, MESSY.read_text(encoding="utf-8"))
    done = _signalled_at_the_rename(target, signal.SIGKILL)
    assert done.returncode == -signal.SIGKILL
    assert target.read_bytes() == MESSY.read_bytes()
    (leftover,) = [p for p in tmp_path.iterdir() if p != target]
    assert leftover.name.endswith(".vchain-tmp")
    assert leftover.read_bytes() == FORMATTED.read_bytes()
    again = _vchain("fmt", str(target))
    assert again.returncode == 0, again.stderr
    assert f"removed {leftover.name}" in again.stderr.decode()
    assert [p.name for p in tmp_path.iterdir()] == ["chain.yaml"]
    assert target.read_bytes() == FORMATTED.read_bytes()


def test_sigterm_while_writing_cleans_up(tmp_path: Path) -> None:
    target = _write(tmp_path, MESSY.read_text(encoding="utf-8"))
    done = _signalled_at_the_rename(target, signal.SIGTERM)
    assert done.returncode == 143, done.stderr
    assert b"terminated" in done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["chain.yaml"]
    assert target.read_bytes() == MESSY.read_bytes()


def test_a_live_run_keeps_its_temporary_file(tmp_path: Path) -> None:
    """Only files of processes that are gone are removed."""
    from vchain.fmt.atomic import remove_stale_temps

    target = _write(tmp_path, BASE)
    live = tmp_path / f".chain.yaml.{os.getpid()}.abcd1234.vchain-tmp"
    dead = tmp_path / ".chain.yaml.999999999.abcd1234.vchain-tmp"
    other = tmp_path / ".chain.yaml.x.vchain-tmp.bak"
    for path in (live, dead, other):
        path.write_text("x", encoding="utf-8")
    assert remove_stale_temps(target) == [dead.name]
    assert live.exists() and other.exists()


def test_stdin_that_is_not_utf8_is_exit_2() -> None:
    done = _vchain("fmt", "-", input=b"vchain: 1\nchain:\n  name: caf\xe9\n")
    assert done.returncode == 2, done.stderr
    assert b"not UTF-8" in done.stderr
    assert b"internal error" not in done.stderr


def test_closed_stdin_is_exit_2() -> None:
    done = _vchain("fmt", "-", stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0))
    assert done.returncode == 2, done.stderr
    assert b"standard input is closed" in done.stderr


def test_stdin_with_crlf_and_a_byte_order_mark() -> None:
    done = _vchain("fmt", "-", input=b"\xef\xbb\xbf" + MESSY.read_bytes().replace(b"\n", b"\r\n"))
    assert done.returncode == 0, done.stderr
    assert done.stdout == FORMATTED.read_bytes()


def test_a_file_no_layout_keeps_is_refused_with_the_reason(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When no way keeps every comment (here both are made to drop one), the file stays
    as it is: exit 2 with where and why, never an internal error."""
    from vchain.fmt import formatter

    text = BASE.replace("region: R", "region: R # c1")
    target = _write(tmp_path, text)
    fast, round_trip = formatter._fast, formatter.round_trip_format
    monkeypatch.setattr(formatter, "_fast", lambda t: fast(t).replace(" # c1", ""))
    monkeypatch.setattr(
        formatter, "round_trip_format", lambda t: round_trip(t).replace(" # c1", "")
    )
    result = cli("fmt", target, expect=2)
    assert "chain.yaml:4:13: error VC001 not formatted: its layout would lose" in result.stderr
    assert "'# c1'" in result.stderr
    assert "internal error" not in result.stderr
    assert target.read_text(encoding="utf-8") == text
