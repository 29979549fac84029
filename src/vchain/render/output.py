"""Formats of the map, and running Graphviz's ``dot`` for the drawn ones."""

from __future__ import annotations

import re
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


def draw(dot_source: str, fmt: str) -> bytes:
    """Run ``dot`` on the source; the drawing's bytes.

    ``DotMissing`` without ``dot``; ``DotFailed`` when it fails.  The whole source goes
    in at once (``graphviz.pipe``): feeding it line by line, as ``Source.pipe`` does,
    dies of a broken pipe when ``dot`` stops early.
    """
    import graphviz

    try:
        data: bytes = graphviz.pipe("dot", fmt, dot_source.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound as exc:
        raise DotMissing(INSTALL_HINT) from exc
    except graphviz.CalledProcessError as exc:
        said = (exc.stderr or b"").decode("utf-8", "replace").strip()[:2000]
        raise DotFailed(f"Graphviz's dot failed (exit {exc.returncode}): {said}") from exc
    if fmt == "pdf":
        data = _fixed_creation_date(data)
    return data


_PDF_DATE = re.compile(rb"/CreationDate \(D:\d{14}Z\)")


def _fixed_creation_date(pdf: bytes) -> bytes:
    """The same input gives the same PDF: cairo stamps the time of drawing, which is
    replaced by a fixed date of the same length (so the cross-reference offsets hold)."""
    return _PDF_DATE.sub(b"/CreationDate (D:20000101000000Z)", pdf, count=1)
