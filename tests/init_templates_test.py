"""`vchain init`: new chain files from templates that validate; never overwrites."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from vchain.init.create import TEMPLATES, slugify

TEMPLATE_DIR = ROOT / "src" / "vchain" / "init" / "templates"


def test_the_templates_on_disk_are_the_ones_offered() -> None:
    assert sorted(p.stem for p in TEMPLATE_DIR.glob("*.yaml")) == sorted(TEMPLATES)


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_template_makes_a_valid_formatted_chain(cli, tmp_path: Path, template: str) -> None:
    target = tmp_path / f"{template}.chain.yaml"
    result = cli("init", target, "--template", template)
    assert f"created {target} from the {template} template" in result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# A WealthWorks value chain")
    assert "reviewed: 2026-11-22" in text  # today (VCHAIN_TODAY in the tests)
    checked = cli("validate", target, "--fail-on", "info")
    assert "No problems in 1 file." in checked.stdout
    cli("fmt", "--check", target)
    cli("check", target)  # analysis findings may be warnings, never errors


def test_answers_from_options(cli, tmp_path: Path) -> None:
    target = tmp_path / "chain.yaml"
    cli(
        "init", target, "--template", "food", "--name", "Organic tomato soup",
        "--region", "River Valley", "--market", "Schools want soup",
        "--coordinator", "Valley CDFI",
    )  # fmt: skip
    text = target.read_text(encoding="utf-8")
    assert "  name: Organic tomato soup\n  region: River Valley\n" in text
    assert "  market_opportunity: Schools want soup\n  coordinator: valley-cdfi\n" in text
    assert "  valley-cdfi:\n    # The coordinator" in text
    assert "    name: Valley CDFI\n" in text
    assert "food-hub" not in text
    assert "supports: [growers, valley-cdfi]" in text
    assert "No problems" in cli("validate", target, "--fail-on", "info").stdout


def test_default_path_and_refusing_to_overwrite(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    cli("init")
    original = (tmp_path / "chain.yaml").read_bytes()
    result = cli("init", "--template", "food", expect=2)
    assert "already exists" in result.stderr
    assert (tmp_path / "chain.yaml").read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chain.yaml"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--name", "   "), "cannot be empty"),
        (("--coordinator", "!!!"), "cannot make an id"),
        (("--coordinator", "Producers", "--template", "blank"), "already has a partner"),
        (("--template", "fishing"), "Invalid value"),
    ],
)
def test_answers_that_cannot_be_used(cli, tmp_path: Path, args, message: str) -> None:
    target = tmp_path / "chain.yaml"
    result = cli("init", target, *args, expect=2)
    assert message in result.stderr
    assert not target.exists()


def test_a_name_that_discovery_would_miss_gets_a_note(cli, tmp_path: Path) -> None:
    result = cli("init", tmp_path / "map.yaml")
    assert "name it chain.yaml or *.chain.yaml" in result.stderr


def test_prompts_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vchain.cli import init as init_module
    from vchain.cli.main import main

    monkeypatch.setattr(init_module, "stdin_is_terminal", lambda: True)
    target = tmp_path / "chain.yaml"
    answers = "Laundry chain\n\nHotels want clean linen\nLake Coop Center\n"
    with CliRunner().isolation(input=answers, env={"NO_COLOR": "1"}) as (out, _err, *_):
        code = main(["init", str(target), "--template", "services"])
        shown = out.getvalue().decode()
    assert code == 0, shown
    assert "Name of the chain [Home care" in shown
    text = target.read_text(encoding="utf-8")
    assert "  name: Laundry chain\n  region: Our region\n" in text  # Enter keeps the default
    assert "coordinator: lake-coop-center" in text


def test_slugs() -> None:
    assert slugify("Valley CDFI") == "valley-cdfi"
    assert slugify("  Äpfel & Birnen, Inc. ") == "pfel-birnen-inc"
    assert len(slugify("x" * 100)) == 64
