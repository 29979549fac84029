"""The `vchain` command: one module per command, errors turned into exit codes once."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from vchain import __version__

app = typer.Typer(
    name="vchain",
    help="WealthWorks value chains as version-controlled YAML files: check them, find the "
    "gaps, bottlenecks and underutilized resources, rank the leverage points, draw the map.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# (command name, module, function), in the order people use them; every module is
# light, heavy imports live inside the commands.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("init", "vchain.cli.init", "init"),
    ("validate", "vchain.cli.validate", "validate"),
    ("analyze", "vchain.cli.analyze", "analyze"),
    ("leverage", "vchain.cli.leverage", "leverage"),
    ("map", "vchain.cli.map_cmd", "map_command"),
    ("report", "vchain.cli.report", "report"),
    ("export", "vchain.cli.export", "export"),
    ("import", "vchain.cli.import_cmd", "import_command"),
    ("check", "vchain.cli.check", "check"),
    ("diff", "vchain.cli.diff", "diff"),
    ("fmt", "vchain.cli.fmt", "fmt"),
    ("rules", "vchain.cli.rules_cmd", "rules"),
    ("schema", "vchain.cli.schema_cmd", "schema"),
)


def _version(value: bool) -> None:
    if value:
        from vchain.cli.output import write_output

        write_output(f"vchain {__version__}\n", None)
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """WealthWorks value chains as version-controlled YAML files."""


def _register() -> None:
    for name, module_name, func_name in COMMANDS:
        module = importlib.import_module(module_name)
        app.command(name)(getattr(module, func_name))


_register()
