"""Writing output at the edges: full disks, folders, closed and broken pipes, locales,
and never onto the chain file (cli-contract.md, Output; vchain.cli.output)."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, ROOT

TOMATO = ROOT / "examples" / "tomato-soup.chain.yaml"
BROKEN = ROOT / "tests" / "cases" / "invalid" / "references.chain.yaml"


def vchain(*args: str | os.PathLike[str], env: dict[str, str] | None = None, **kw: Any):
    """vchain in a process of its own (real descriptors, real encodings)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PYTHONIO"))}
    base.update({"NO_COLOR": "1", "VCHAIN_TODAY": "2026-11-22"}, **(env or {}))
    kw.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "vchain", *map(str, args)],
        env=base,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
        **kw,
    )


@pytest.fixture
def chain(tmp_path: Path) -> Path:
    path = tmp_path / "soup.chain.yaml"
    path.write_bytes(TOMATO.read_bytes())
    return path


# -- never onto the chain file ---


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "{chain}", "-o", "{chain}"],
        ["check", "{chain}", "-o", "{chain}"],
        ["check", "{folder}", "-f", "sarif", "-o", "{chain}"],
        ["analyze", "{chain}", "-f", "json", "-o", "{chain}"],
        ["leverage", "{chain}", "-o", "{chain}"],
        ["diff", "{chain}", "{chain}", "-o", "{chain}"],
        ["analyze", "{chain}", "-o", "{folder}/./soup.chain.yaml"],
    ],
    ids=" ".join,
)
def test_a_report_is_never_written_onto_the_chain_file(
    cli, chain: Path, command: list[str]
) -> None:
    before = chain.read_bytes()
    args = [a.format(chain=chain, folder=chain.parent) for a in command]
    result = cli(*args, expect=2)
    assert "is a chain file this command reads" in result.stderr
    assert chain.read_bytes() == before


def test_a_link_to_the_chain_file_is_refused_too(cli, chain: Path) -> None:
    link = chain.parent / "report.txt"
    link.symlink_to(chain)
    cli("validate", chain, "-o", link, expect=2)
    hard = chain.parent / "report.json"
    os.link(chain, hard)
    cli("analyze", chain, "-f", "json", "-o", hard, expect=2)
    assert chain.read_bytes() == TOMATO.read_bytes()


# -- folders and impossible paths ---


def test_a_folder_as_output_is_a_usage_error(cli, tmp_path: Path, chain: Path) -> None:
    folder = tmp_path / "adir"
    folder.mkdir()
    result = cli("validate", chain, "-o", folder, expect=2)
    assert "is a folder" in result.stderr
    result = cli("check", chain, "-o", f"{tmp_path}/new/", expect=2)
    assert "names a folder" in result.stderr
    assert not (tmp_path / "new").exists()
    result = cli("map", chain, "-f", "dot", "--out", f"{folder}/", expect=2)
    assert "is a folder" in result.stderr


def test_a_file_in_the_way_of_the_folder_is_exit_2(cli, tmp_path: Path, chain: Path) -> None:
    (tmp_path / "afile").write_text("x")
    result = cli("validate", chain, "-f", "json", "-o", tmp_path / "afile" / "x.json", expect=2)
    assert "afile is not a folder" in result.stderr


def test_a_read_only_report_is_not_replaced(cli, tmp_path: Path, chain: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text("kept\n")
    report.chmod(0o444)
    result = cli("validate", chain, "-f", "json", "-o", report, expect=2)
    assert "read-only" in result.stderr
    assert report.read_text() == "kept\n"


def test_human_text_in_a_wide_encoding_is_utf8(chain: Path) -> None:
    done = vchain("validate", chain, env={"PYTHONIOENCODING": "utf-16"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("utf-8").endswith("in 1 file.\n")


def test_dev_full_as_output_is_exit_2(cli, chain: Path) -> None:
    result = cli("analyze", chain, "-f", "json", "-o", "/dev/full", expect=2)
    assert "no space left on device" in result.stderr
    assert Path("/dev/full").is_char_device()


def test_standard_output_on_a_full_device_is_exit_2(chain: Path) -> None:
    with open("/dev/full", "wb") as full:
        done = vchain("check", chain, "-f", "sarif", stdout=full)
    assert done.returncode == 2, done.stderr
    assert done.stderr.decode().count("\n") == 1  # one message, no complaint at exit
    assert b"no space left on device" in done.stderr


@pytest.mark.parametrize("args", [["--help"], ["validate", "--help"], ["--version"]])
def test_help_onto_a_full_device_is_exit_2(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = vchain(*args, stdout=full)
    assert done.returncode == 2, done.stderr
    assert done.stderr == b"vchain: cannot write to standard output: no space left on device\n"


def test_a_closed_standard_output_is_exit_2(chain: Path) -> None:
    done = vchain("validate", chain, "-f", "json", stdout=subprocess.DEVNULL, close_fds=True,
                  preexec_fn=lambda: os.close(1))  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert b"standard output is closed" in done.stderr


def test_a_full_disk_leaves_the_previous_report_and_exits_2(tmp_path: Path, chain: Path) -> None:
    report = tmp_path / "report.sarif"
    report.write_text("previous report\n")

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    done = vchain("check", chain, "-f", "sarif", "-o", report, preexec_fn=small_disk)
    assert done.returncode == 2, done.stderr
    assert b"cannot write" in done.stderr
    assert report.read_text() == "previous report\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".vchain-tmp")] == []


def test_output_to_a_file_is_complete_and_keeps_no_temporary(cli, tmp_path: Path) -> None:
    report = tmp_path / "out" / "report.json"
    cli("analyze", TOMATO, "-f", "json", "-o", report)
    assert json.loads(report.read_text())["files"][0]["path"].endswith("tomato-soup.chain.yaml")
    assert sorted(p.name for p in report.parent.iterdir()) == ["report.json"]
    assert oct(report.stat().st_mode & 0o777) != oct(0o600)  # the umask's mode, not mkstemp's


# -- the step summary ---


@pytest.mark.parametrize("where", ["folder", "missing/summary.md", "/dev/full"])
def test_an_unwritable_step_summary_keeps_the_verdict(
    cli, tmp_path: Path, chain: Path, where: str
) -> None:
    target = {"folder": str(tmp_path)}.get(where, where)
    if not target.startswith("/"):
        target = str(tmp_path / target)
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": target}
    clean = cli("check", chain, "--fail-on", "never", env=env, expect=0)
    assert "no job summary" in clean.stderr
    failing = cli("check", BROKEN, env=env, expect=1)
    assert "no job summary" in failing.stderr
    assert "::error file=" in failing.stdout  # the annotations are all there


# -- a reader that goes away ---


@pytest.mark.parametrize("args", [["rules"], ["validate", str(TOMATO), "-f", "json"], ["schema"]])
def test_a_closed_pipe_ends_quietly_with_141(args: list[str]) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before vchain writes a byte
    try:
        done = vchain(*args, stdout=writer)
    finally:
        os.close(writer)
    assert done.returncode == 141
    assert done.stderr == b""


def test_a_pipe_closed_by_head_is_141_under_pipefail(tmp_path: Path) -> None:
    big = tmp_path / "big.chain.yaml"
    data = yaml.safe_load(TOMATO.read_text())
    for i in range(3000):
        data["partners"][f"extra-{i}"] = {"name": f"Extra {i}", "type": "demand"}
    big.write_text(yaml.safe_dump(data))
    script = f'set -o pipefail; "{sys.executable}" -m vchain validate "{big}" | head -1'
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, timeout=120, check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert done.returncode == 141, done.stderr
    assert done.stderr == b""
    assert done.stdout.count(b"\n") == 1


# -- machine formats on files with errors ---


@pytest.mark.parametrize(
    ("command", "fmt"),
    [("analyze", "json"), ("analyze", "sarif"), ("analyze", "junit"), ("check", "sarif"),
     ("leverage", "json"), ("leverage", "markdown"), ("check", "json")],
)  # fmt: skip
def test_a_file_with_errors_gets_its_errors_in_the_format(
    cli, tmp_path: Path, command: str, fmt: str
) -> None:
    report = tmp_path / f"report.{fmt}"
    report.write_text("stale report of yesterday\n")
    out = cli(command, BROKEN, "-f", fmt, expect=1).stdout
    cli(command, BROKEN, "-f", fmt, "-o", report, expect=1)
    assert report.read_text() == out
    if fmt in ("json", "sarif"):
        data = json.loads(out)
        text = json.dumps(data)
        assert "VC020" in text or "VC021" in text
    if command == "leverage" and fmt == "json":
        assert data["leverage_points"] == []
        assert data["file"] == BROKEN.as_posix()
        assert {f["severity"] for f in data["findings"]} >= {"error"}
    if fmt == "markdown":
        assert "| ❌ error |" in out


def test_an_unreadable_file_is_exit_2_with_its_report(cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.chain.yaml"
    path.write_text("vchain: 1\nchain: [\n")
    data = json.loads(cli("analyze", path, "-f", "json", expect=2).stdout)
    assert data["files"] == [{"path": path.as_posix(), "valid": False}]
    assert data["findings"][0]["rule"] == "VC001"


# -- encodings ---


@pytest.fixture
def accented(tmp_path: Path) -> Path:
    data = yaml.safe_load(TOMATO.read_text())
    first = next(iter(data["partners"]))
    data["partners"][first]["name"] = "Café Ünïcode €"
    data["functions"]["grow-fast"] = {"name": "Grow — vite €"}
    path = tmp_path / "café.chain.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
@pytest.mark.parametrize(
    "args",
    [
        ["validate", "{p}", "-f", "json"],
        ["check", "{p}", "-f", "sarif"],
        ["check", "{p}", "-f", "junit"],
        ["analyze", "{p}", "-f", "markdown"],
        ["leverage", "{p}", "-f", "json"],
        ["map", "{p}", "-f", "mmd"],
        ["map", "{p}", "-f", "dot"],
        ["diff", "{t}", "{p}"],
        ["diff", "{t}", "{p}", "-f", "markdown"],
        ["fmt", "--check", "{p}"],
    ],
    ids=lambda a: " ".join(a).replace("{p}", "").replace("{t}", "").strip()
    if isinstance(a, list) else a,
)  # fmt: skip
def test_machine_formats_are_utf8_whatever_the_locale(
    accented: Path, encoding: str, args: list[str]
) -> None:
    argv = [a.format(p=accented, t=TOMATO) for a in args]
    done = vchain(*argv, env={"PYTHONIOENCODING": encoding, "LC_ALL": "C"})
    assert done.returncode in (0, 1), done.stderr
    human = argv[0] == "diff" and "-f" not in argv  # text for a terminal: its encoding
    text = done.stdout.decode(encoding if human else "utf-8")  # strict
    if "-f" in argv and argv[argv.index("-f") + 1] in ("json", "sarif"):
        json.loads(text)
    if "junit" in argv:
        assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    names_shown = argv[0] in ("check", "analyze", "map") or "markdown" in argv
    if names_shown:
        assert "€" in text


def test_text_on_an_ascii_terminal_escapes_what_it_cannot_show(accented: Path) -> None:
    done = vchain("analyze", accented, env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode in (0, 1), done.stderr
    text = done.stdout.decode("ascii")  # every byte is ASCII
    assert "\\u20ac" in text or "\\xe9" in text


def test_examples_still_write_their_reports(cli, tmp_path: Path) -> None:
    for example in EXAMPLES:
        cli("check", example, "-f", "json", "-o", tmp_path / f"{example.stem}.json", expect=None)
        assert json.loads((tmp_path / f"{example.stem}.json").read_text())["files"]


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_a_device_as_output_is_written_never_replaced(cli, tmp_path: Path, device: str) -> None:
    for args in (
        ["validate", TOMATO, "-f", "json", "-o", device],
        ["export", TOMATO, "--format", "kumu", "-o", device],
        ["map", TOMATO, "-f", "dot", "--out", device],
    ):
        result = cli(*args, expect=None)
        assert result.code == (0 if device == "/dev/null" else 2), str(result)
        assert Path(device).is_char_device()
    kumu = tmp_path / "soup.json"
    cli("export", TOMATO, "--format", "kumu", "-o", kumu)
    result = cli("import", kumu, "-o", device, "--force", expect=2)
    assert "not a regular file" in result.stderr
    assert Path(device).is_char_device()
