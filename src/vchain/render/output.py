"""Formats of the map, and running Graphviz's ``dot`` for the drawn ones."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

#: extension -> format
EXTENSIONS: dict[str, str] = {
    ".svg": "svg",
    ".png": "png",
    ".pdf": "pdf",
    ".dot": "dot",
    ".gv": "dot",
    ".mmd": "mmd",
    ".mermaid": "mmd",
}
FORMATS: tuple[str, ...] = ("svg", "png", "pdf", "dot", "mmd")
TEXT_FORMATS: frozenset[str] = frozenset({"svg", "dot", "mmd"})
DRAWN_FORMATS: frozenset[str] = frozenset({"svg", "png", "pdf"})
INSTALL_HINT = (
    "Graphviz's `dot` program is needed to draw svg, png and pdf maps and was not found "
    "on PATH. Install the Graphviz package: `sudo apt-get install graphviz` (Debian, "
    "Ubuntu), `sudo dnf install graphviz` (Fedora), `brew install graphviz` (macOS), "
    "`choco install graphviz` (Windows) or see https://graphviz.org/download/. "
    "Without it, `--out map.dot` and `--out map.mmd` still work."
)


class FormatProblem(ValueError):  # noqa: N818 - a user's problem, not a bug
    """The format asked for is unknown or contradicts the file name (a usage problem)."""


class DotMissing(RuntimeError):  # noqa: N818 - a state of the machine, told to the user
    """Graphviz's ``dot`` is not installed."""


class DotFailed(RuntimeError):  # noqa: N818 - reported as an internal error (exit 3)
    """``dot`` refused the source or crashed: a bug of the map, with dot's own words."""


def choose_format(out: str | None, fmt: str | None) -> str:
    """The format from ``--format``, else from the extension of ``--out``, else DOT."""
    if fmt is not None:
        fmt = fmt.lower().lstrip(".")
        fmt = {"gv": "dot", "mermaid": "mmd"}.get(fmt, fmt)
        if fmt not in FORMATS:
            raise FormatProblem(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    by_name = _from_extension(out)
    if fmt is not None and by_name is not None and by_name != fmt:
        raise FormatProblem(
            f"--format {fmt} does not match the extension of {out} ({by_name}); change one of them"
        )
    if fmt is not None:
        return fmt
    if by_name is not None:
        return by_name
    if out in (None, "-"):
        return "dot"
    known = ", ".join(sorted(EXTENSIONS))
    raise FormatProblem(
        f"cannot tell the format from {out!r}: name the file with one of {known}, or give --format"
    )


def _from_extension(out: str | None) -> str | None:
    if out in (None, "-"):
        return None
    return EXTENSIONS.get(Path(str(out)).suffix.lower())


def draw(dot_source: str, fmt: str, *, engine: str = "dot", extra: tuple[str, ...] = ()) -> bytes:
    """Run ``dot`` (or another Graphviz ``engine``, with ``extra`` arguments) on the
    source; the drawing's bytes.

    ``DotMissing`` without ``dot``; ``DotFailed`` when it fails.  The whole source goes
    in at once (feeding it line by line dies of a broken pipe when ``dot`` stops early).
    ``dot`` runs in a process group of its own, which ends with the command: whatever
    stops vchain (Ctrl-C, SIGTERM raised as an exception, a bug) stops ``dot`` and its
    children too, instead of leaving a layout of 10,000 boxes running for minutes.
    """
    executable = shutil.which(engine)
    if executable is None:
        raise DotMissing(INSTALL_HINT)
    process = subprocess.Popen(
        [executable, f"-T{fmt}", *extra],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        data, said = process.communicate(dot_source.encode("utf-8"))
    except BaseException:
        end_process_group(process)
        raise
    if process.returncode != 0:
        text = said.decode("utf-8", "replace").strip()[:2000]
        raise DotFailed(f"Graphviz's {engine} failed (exit {process.returncode}): {text}")
    if fmt == "pdf":
        data = _fixed_creation_date(data)
    return data


def end_process_group(process: subprocess.Popen[bytes], grace: float = 2.0) -> None:
    """End a child started in a session of its own, and everything it started."""
    if process.poll() is not None:
        return
    kill = getattr(os, "killpg", None)
    try:
        if kill is not None:
            kill(process.pid, signal.SIGTERM)
        else:  # pragma: no cover - Windows: no process groups to signal
            process.terminate()
        process.wait(timeout=grace)
    except ProcessLookupError:  # pragma: no cover - it ended a moment ago
        pass
    except subprocess.TimeoutExpired:
        if kill is not None:
            with contextlib.suppress(ProcessLookupError):
                kill(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            process.kill()
        process.wait()


_PDF_DATE = re.compile(rb"/CreationDate \(D:\d{14}Z\)")


def _fixed_creation_date(pdf: bytes) -> bytes:
    """The same input gives the same PDF: cairo stamps the time of drawing, which is
    replaced by a fixed date of the same length (so the cross-reference offsets hold)."""
    return _PDF_DATE.sub(b"/CreationDate (D:20000101000000Z)", pdf, count=1)
