"""`vchain map` as users run it: formats, options, discovery, exit codes, a missing `dot`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

TOMATO = ROOT / "examples" / "tomato-soup.chain.yaml"
LAUNDRY = ROOT / "examples" / "laundry-services.chain.yaml"
BAD = Path(__file__).parent / "cases" / "invalid" / "references.chain.yaml"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- formats and where they go ---------------------------------------------------------------


def test_without_out_dot_goes_to_standard_output(cli) -> None:
    plain = cli("map", LAUNDRY).stdout
    assert plain.startswith("digraph vchain {")
    assert cli("map", LAUNDRY, "--out", "-").stdout == plain
    assert cli("map", LAUNDRY, "-f", "gv").stdout == plain


def test_format_mmd_and_svg_to_standard_output(cli) -> None:
    assert cli("map", LAUNDRY, "--format", "mmd").stdout.startswith("---\ntitle: ")
    assert "<svg" in cli("map", LAUNDRY, "-f", "svg", "-o", "-").stdout


def test_png_to_a_pipe_is_binary(tmp_path: Path) -> None:
    code = "from vchain.cli.main import run; run()"
    out = subprocess.run(
        [sys.executable, "-c", code, "map", str(LAUNDRY), "-f", "png"],
        capture_output=True,
        check=True,
    )
    assert out.stdout.startswith(b"\x89PNG\r\n\x1a\n")


def test_extension_decides_and_output_option_aliases(cli, tmp_path: Path) -> None:
    result = cli("map", LAUNDRY, "--output", tmp_path / "deep" / "map.MMD")
    assert (tmp_path / "deep" / "map.MMD").read_text(encoding="utf-8").startswith("---")
    assert "written to" in result.stderr
    assert result.stdout == ""


def test_unknown_extension_is_a_usage_error(cli, tmp_path: Path) -> None:
    result = cli("map", LAUNDRY, "--out", tmp_path / "map.jpeg", expect=2)
    assert ".svg" in result.stderr
    assert not (tmp_path / "map.jpeg").exists()
    cli("map", LAUNDRY, "--out", tmp_path / "map.txt", "-f", "mmd")


def test_format_contradicting_the_extension_is_a_usage_error(cli, tmp_path: Path) -> None:
    result = cli("map", LAUNDRY, "--out", tmp_path / "map.svg", "--format", "png", expect=2)
    assert "does not match" in result.stderr


# -- Graphviz missing ------------------------------------------------------------------------


def test_missing_dot_names_the_package_and_text_formats_still_work(cli, tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {"PATH": str(empty)}
    result = cli("map", LAUNDRY, "--out", tmp_path / "map.svg", expect=2, env=env)
    assert "graphviz" in result.stderr.lower()
    assert "apt-get install graphviz" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "map.svg").exists()
    cli("map", LAUNDRY, "--out", tmp_path / "map.dot", env=env)
    cli("map", LAUNDRY, "--out", tmp_path / "map.mmd", env=env)
    assert (tmp_path / "map.dot").stat().st_size > 1000


# -- files -----------------------------------------------------------------------------------


def test_discovers_the_only_chain_file(cli, workdir: Path) -> None:
    shutil.copy(LAUNDRY, workdir / "laundry.chain.yaml")
    cli("map", "--out", "map.dot")
    assert (workdir / "map.dot").read_text(encoding="utf-8").startswith("digraph")


def test_no_chain_file_is_a_usage_error(cli, workdir: Path) -> None:
    result = cli("map", "--out", "map.svg", expect=2)
    assert "chain.yaml" in result.stderr


def test_never_writes_over_the_chain_file(cli, tmp_path: Path) -> None:
    chain = tmp_path / "chain.dot"
    shutil.copy(LAUNDRY, chain)
    before = chain.read_bytes()
    result = cli("map", chain, "--out", chain, expect=2)
    assert "chain file itself" in result.stderr
    assert chain.read_bytes() == before


def test_a_chain_with_errors_is_not_drawn(cli, tmp_path: Path) -> None:
    result = cli("map", BAD, "--out", tmp_path / "map.svg", expect=1)
    assert "vchain validate" in result.stderr
    assert not (tmp_path / "map.svg").exists()


def test_an_unreadable_file_is_a_usage_error(cli, tmp_path: Path) -> None:
    cli("map", tmp_path / "missing.chain.yaml", expect=2)


# -- options ---------------------------------------------------------------------------------


def test_kinds_choose_the_flows_drawn(cli) -> None:
    dot = cli("map", TOMATO, "--kinds", "product,by-product").stdout
    assert 'class="flow product' in dot
    assert 'class="flow by-product' in dot
    assert 'class="flow money' not in dot
    assert "class=supports" in dot
    every = cli("map", TOMATO, "--kinds", "all").stdout
    assert 'class="flow money' in every
    assert every == cli("map", TOMATO).stdout


def test_unknown_kind_is_a_usage_error(cli) -> None:
    result = cli("map", TOMATO, "--kinds", "product,gossip", expect=2)
    assert "gossip" in result.stderr


def test_direction(cli) -> None:
    assert "rankdir=LR" in cli("map", LAUNDRY).stdout
    assert "rankdir=TB" in cli("map", LAUNDRY, "--direction", "TB").stdout
    assert "rankdir=TB" in cli("map", LAUNDRY, "-d", "tb").stdout


def test_leverage_numbers_the_top_points(cli) -> None:
    plain = cli("map", TOMATO).stdout
    assert "legend_leverage" not in plain
    dot = cli("map", TOMATO, "--leverage", "2").stdout
    table = next(line for line in dot.splitlines() if "legend_leverage [" in line)
    assert table.count('BGCOLOR="#6a1b9a"') == 2
    assert "leverage" in dot.split("cluster_legend")[0]


def test_legend_and_support_ties_can_be_left_out(cli) -> None:
    dot = cli("map", TOMATO, "--no-legend", "--no-supports").stdout
    assert "cluster_legend" not in dot
    assert "class=supports" not in dot


def test_declared_only_leaves_out_detected_findings(cli) -> None:
    declared = cli("map", TOMATO, "--declared-only").stdout
    everything = cli("map", TOMATO).stdout
    assert declared.count("BOTTLENECK") <= everything.count("BOTTLENECK")


def test_max_label_shortens_names(cli) -> None:
    dot = cli("map", TOMATO, "--max-label", "12").stdout
    assert "River Valle…" in dot
    assert "River Valley Community Development Fund" not in dot.replace("<BR/>", " ")


def test_help_documents_the_defaults(cli) -> None:
    text = cli("map", "--help").stdout
    for word in ("--kinds", "--aggregate", "--leverage", "--direction", "--max-label", ".mmd"):
        assert word in text


def test_a_failing_dot_is_an_internal_error_with_its_words(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vchain.render.map

    monkeypatch.setattr(vchain.render.map, "source", lambda scene, options, **kw: "digraph {")
    result = cli("map", LAUNDRY, "--out", tmp_path / "map.svg", expect=3)
    assert "dot failed" in result.stderr
    assert "syntax error" in result.stderr
    assert not (tmp_path / "map.svg").exists()
