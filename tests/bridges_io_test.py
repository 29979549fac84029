"""Where `vchain import` reads from and `vchain export`/`import` write to: a pipe,
standard input, a FIFO, `-o -`; a name whose extension says another format; the source
itself as the target."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, EXAMPLES

SOUP = next(p for p in EXAMPLES if p.name == "tomato-soup.chain.yaml")
BLUEPRINT = DATA / "bridges" / "heritage-grain.kumu.json"
KUMU_OPTIONS = (
    *("--type", "Buyer=demand", "--type", "Funder=support", "--type", "Note=ignore"),
    *("--type", "Processor=transactional", "--type", "Producer=transactional"),
    *("--kind", "Funds=money", "--kind", "Pays=money", "--kind", "Sells to=product"),
    *("--kind", "Technical assistance=service"),
)
ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NO_COLOR": "1"}


def _vchain(*args: str | Path, stdin: bytes | None = None, timeout: float = 60) -> Any:
    return subprocess.run(
        [sys.executable, "-m", "vchain", *map(str, args)],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        check=False,
        env={**ENV, "VCHAIN_TODAY": "2026-11-22"},
    )


@pytest.mark.parametrize("source", ["-", "/dev/stdin"])
def test_a_blueprint_piped_in_is_read_once(tmp_path: Path, source: str) -> None:
    out = tmp_path / "grain.chain.yaml"
    result = _vchain("import", source, "-o", out, *KUMU_OPTIONS, stdin=BLUEPRINT.read_bytes())
    assert result.returncode == 0, result.stderr.decode()
    assert "heritage" in out.read_text("utf-8").lower()


def test_a_workbook_piped_in_is_told_by_its_bytes(cli, tmp_path: Path) -> None:
    book = tmp_path / "soup.xlsx"
    cli("export", SOUP, "-o", book)
    out = tmp_path / "back.chain.yaml"
    result = _vchain("import", "-", "-o", out, stdin=book.read_bytes())
    assert result.returncode == 0, result.stderr.decode()
    assert "from standard input (vchain's own workbook)" in out.read_text("utf-8")
    assert _vchain("diff", SOUP, out, "--format", "json").returncode == 0


def test_a_fifo_is_read_once_and_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "map.fifo"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as writer:
            writer.write(BLUEPRINT.read_bytes())

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    out = tmp_path / "grain.chain.yaml"
    result = _vchain("import", fifo, "-o", out, *KUMU_OPTIONS, timeout=60)
    feeder.join(timeout=5)
    assert result.returncode == 0, result.stderr.decode()
    assert out.exists()


def test_empty_standard_input_is_refused() -> None:
    result = _vchain("import", "-", "-o", "-", stdin=b"")
    assert result.returncode == 2
    assert b"standard input is empty" in result.stderr


def test_import_to_standard_output_writes_no_file_named_dash(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("import", BLUEPRINT, "-o", "-", *KUMU_OPTIONS)
    assert not (tmp_path / "-").exists()
    assert result.stdout.startswith("# Imported by vchain")
    assert "partners:" in result.stdout
    assert "standard output written from" in result.stderr
    assert "partners:" not in result.stderr  # chatter stays on standard error
    chain = tmp_path / "grain.chain.yaml"
    chain.write_text(result.stdout, "utf-8")
    cli("fmt", "--check", chain)


@pytest.mark.parametrize(
    ("fmt", "name", "words"),
    [
        ("kumu", "k.xlsx", "k.xlsx is named as an Excel workbook, but --format kumu"),
        ("xlsx", "k.json", "name it k.xlsx"),
        ("graphml", "k.gexf", "--format graphml writes a GraphML file"),
        ("csv", "k.json", "name a folder for it"),
        ("kumu", "k.yaml", "is named as a chain file"),
    ],
)
def test_export_refuses_a_format_its_file_name_contradicts(
    cli, tmp_path: Path, fmt: str, name: str, words: str
) -> None:
    result = cli("export", SOUP, "-f", fmt, "-o", tmp_path / name, expect=2)
    assert words in result.stderr
    assert not (tmp_path / name).exists()


def test_export_takes_a_format_with_a_name_of_no_known_extension(cli, tmp_path: Path) -> None:
    cli("export", SOUP, "-f", "kumu", "-o", tmp_path / "blueprint.txt")
    assert json.loads((tmp_path / "blueprint.txt").read_text("utf-8"))["elements"]


def test_import_writes_only_a_yaml_name(cli, tmp_path: Path) -> None:
    result = cli("import", BLUEPRINT, "-o", tmp_path / "chain.json", *KUMU_OPTIONS, expect=2)
    assert "import writes a chain file, which is YAML" in result.stderr
    assert not (tmp_path / "chain.json").exists()


def test_import_never_replaces_its_own_source(cli, tmp_path: Path) -> None:
    source = tmp_path / "grain.json"
    source.write_bytes(BLUEPRINT.read_bytes())
    yaml_named = tmp_path / "grain.yaml"  # JSON is YAML: a blueprint may be named so
    yaml_named.write_bytes(BLUEPRINT.read_bytes())
    link = tmp_path / "link.yaml"
    link.symlink_to(yaml_named)
    hard = tmp_path / "hard.yaml"
    os.link(yaml_named, hard)
    for given, target in ((yaml_named, yaml_named), (link, yaml_named), (yaml_named, hard)):
        result = cli("import", given, "-o", target, "--force", *KUMU_OPTIONS, expect=2)
        assert "is the file being imported" in result.stderr
        assert yaml_named.read_bytes() == BLUEPRINT.read_bytes()


def test_counts_are_said_in_the_singular_for_one(cli, tmp_path: Path) -> None:
    one = tmp_path / "one.chain.yaml"
    one.write_text(
        "vchain: 1\nchain: {name: One, region: Here, market_opportunity: soup, "
        "coordinator: hub}\nfunctions: {}\npartners:\n  hub: {name: Hub, type: support}\n",
        "utf-8",
    )
    result = cli("export", one, "-o", tmp_path / "one.json")
    assert "1 partner exported as kumu" in result.stderr
    result = cli("report", one, "-o", tmp_path / "one.html")
    assert "Report on 1 partner written" in result.stderr
    result = cli(
        "import", tmp_path / "one.json", "-o", tmp_path / "back.yaml", "--type", "=support"
    )
    assert " errors," not in result.stderr.replace("0 errors,", "")
