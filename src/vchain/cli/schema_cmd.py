"""`vchain schema`: the JSON Schema of the chain file format."""

from __future__ import annotations

import typer

from vchain.cli.common import OutputOption, write_output


def schema(output: OutputOption = None) -> None:
    """Print the JSON Schema of the chain format (for editors and check-jsonschema).

    Put `# yaml-language-server: $schema=<path or URL of chain.schema.json>` on the first
    line of a chain file and editors with the YAML language server complete and check it.
    """
    from vchain.schema import schema_text

    write_output(schema_text(), output)
    raise typer.Exit(0)
