"""The edge: user errors and internal errors become messages and exit codes here, once."""

from __future__ import annotations

import contextlib
import os
import sys
import traceback

ISSUES_URL = "https://github.com/vchain-dev/vchain/issues"


def _cli_exception_types() -> tuple[
    tuple[type[BaseException], ...], tuple[type[BaseException], ...]
]:
    """(usage errors, aborts) of the command-line library: typer's own, or click's."""
    usage: list[type[BaseException]] = []
    abort: list[type[BaseException]] = []
    try:  # typer >= 0.20 carries its own copy of click
        from typer._click.exceptions import ClickException
        from typer.exceptions import Abort

        usage.append(ClickException)
        abort.append(Abort)
    except ImportError:  # pragma: no cover - older typer, built on click
        import click

        usage.append(click.exceptions.ClickException)
        abort.append(click.exceptions.Abort)
    return tuple(usage), tuple(abort)


def main(argv: list[str] | None = None) -> int:
    """Run vchain; return the exit code (0, 1, 2, 3, 130 or 141), never a bare traceback.

    141 (128 + SIGPIPE) when the reader of standard output went away (`| head -1`):
    what the shell reports for git, cat or grep in the same place, said once, quietly.
    """
    from vchain.cli.common import UsageProblem
    from vchain.cli.output import PIPE_CLOSED_EXIT, OutputFailed, PipeClosed, forget_inputs

    usage_errors, aborts = _cli_exception_types()
    args = sys.argv[1:] if argv is None else argv
    forget_inputs()
    try:
        from vchain.cli.app import app

        result = app(args=args, prog_name="vchain", standalone_mode=False)
    except KeyboardInterrupt:
        result = 130
    except aborts:
        result = 130
    except usage_errors as exc:
        exc.show()  # type: ignore[attr-defined]
        return 2
    except (UsageProblem, OutputFailed) as exc:
        _say(f"vchain: {exc}\n")
        return 2
    except (PipeClosed, BrokenPipeError):
        _quiet_stdout()
        return PIPE_CLOSED_EXIT
    except OSError as exc:
        if not _in_echo(exc):
            return _internal_error(exc)
        _quiet_stdout()
        _say(f"vchain: cannot write to standard output: {(exc.strerror or str(exc)).lower()}\n")
        return 2
    except Exception as exc:  # noqa: BLE001 - the one place that catches everything
        return _internal_error(exc)
    code = int(result) if isinstance(result, int) else 0
    if code == 130:
        _say("vchain: interrupted\n")
    return code


def _say(text: str) -> None:
    """A message to standard error (one per run), safe to show; lost if it is closed."""
    from vchain.safetext import no_commands, visible

    if sys.stderr is None:
        return
    lines = text.rstrip("\n").split("\n")
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write("".join(no_commands(visible(line)) + "\n" for line in lines))
        sys.stderr.flush()


def _in_echo(exc: BaseException) -> bool:
    """Whether the error came from the command-line library printing (`--help` onto a full
    device): a failed write, not a bug."""
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and frames[-1].name == "echo" and "click" in frames[-1].filename


def _quiet_stdout() -> None:
    """After a closed pipe (`vchain rules | head`), do not complain again at exit."""
    from vchain.cli.output import silence

    if sys.stdout is not None:
        silence(sys.stdout)


def _internal_error(exc: BaseException) -> int:
    from vchain import __version__

    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    place = f" at {os.path.basename(where.filename)}:{where.lineno}" if where else ""
    _say(
        f"vchain: internal error: {type(exc).__name__}: {exc}{place}\n"
        f"This is a bug in vchain {__version__}, not in your file. Please report it at "
        f"{ISSUES_URL} with the command you ran and, if you can, the chain file.\n"
        "Set VCHAIN_DEBUG=1 to see the full traceback.\n"
    )
    if os.environ.get("VCHAIN_DEBUG"):
        traceback.print_exception(exc)
    return 3


def run() -> None:
    """The console script."""
    sys.exit(main())


if __name__ == "__main__":
    run()
