"""`vchain init`: a new chain file from a template; never overwrites."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vchain.cli.common import UsageProblem, chatter

if TYPE_CHECKING:
    from vchain.init.create import Answers


class Template(enum.StrEnum):
    food = "food"
    housing = "housing"
    services = "services"
    blank = "blank"


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def init(
    path: Annotated[
        Path,
        typer.Argument(help="Where to write the new chain file.", show_default=True),
    ] = Path("chain.yaml"),
    *,
    template: Annotated[
        Template,
        typer.Option("--template", "-t", help="What to start from.", case_sensitive=False),
    ] = Template.blank,
    name: Annotated[
        str | None, typer.Option("--name", help="The chain's name.", show_default=False)
    ] = None,
    region: Annotated[
        str | None,
        typer.Option("--region", help="The region where wealth should stick.", show_default=False),
    ] = None,
    market: Annotated[
        str | None,
        typer.Option(
            "--market",
            help="The market opportunity: who wants what.",
            show_default=False,
        ),
    ] = None,
    coordinator: Annotated[
        str | None,
        typer.Option(
            "--coordinator",
            help='The coordinator\'s name; its id is made from it ("Valley CDFI" -> valley-cdfi).',
            show_default=False,
        ),
    ] = None,
) -> None:
    """Create a new chain file from a template (food, housing, services or blank).

    On a terminal, vchain asks for the chain's name, region, market opportunity and
    coordinator (press Enter to keep the template's); in scripts, give them as options.
    The new file validates, and an existing file is never overwritten.

    Exit 0 when the file was written, 2 when it exists or the answers cannot be used.
    """
    from vchain.init.create import Answers, InitError, create, render
    from vchain.rules.wealthworks import today

    answers = Answers(name, region, market, coordinator)
    if path.exists():
        raise UsageProblem(f"{path} already exists; vchain init never overwrites a file")
    try:
        if stdin_is_terminal():
            answers = _ask(template.value, answers)
        text = render(template.value, answers, today())
        create(path, text)
    except InitError as exc:
        raise UsageProblem(str(exc)) from None
    except FileExistsError:
        raise UsageProblem(f"{path} already exists; vchain init never overwrites a file") from None
    _next_steps(path, template.value)


def _ask(template: str, answers: Answers) -> Answers:
    from vchain.init.create import Answers, defaults

    offered = defaults(template)

    def ask(given: str | None, label: str, default: str | None) -> str:
        if given is not None:
            return given
        return str(typer.prompt(label, default=default))

    return Answers(
        ask(answers.name, "Name of the chain", offered.name),
        ask(answers.region, "Region where wealth should stick", offered.region),
        ask(answers.market, "Market opportunity (who wants what)", offered.market),
        ask(answers.coordinator, "Coordinator (who weaves the chain)", offered.coordinator),
    )


def _next_steps(path: Path, template: str) -> None:
    chatter(f"created {path} from the {template} template")
    if not (path.name == "chain.yaml" or path.name.endswith(".chain.yaml")):
        chatter(
            "note: name it chain.yaml or *.chain.yaml so that vchain and the pre-commit "
            "hooks find it"
        )
    chatter(f"next: edit it, then run `vchain validate {path}` and `vchain analyze {path}`")
